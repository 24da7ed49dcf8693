use std::sync::Mutex;
use std::thread;

// ANCHOR: main
fn main() {
    // The Mutex owns the balance: lock() is the only way to reach it.
    let balance = Mutex::new(0);
    // A scope waits for the threads spawned in it, so they may borrow `balance`.
    thread::scope(|s| {
        for _ in 0..100 {
            s.spawn(|| {
                let mut guard = balance.lock().expect("no thread panicked holding the lock");
                *guard += 10;
                // `guard` is dropped here, at the end of its block, and that unlocks.
            });
        }
    });
    let total = *balance.lock().expect("no thread panicked holding the lock");
    println!("balance: {total}");
}
// ANCHOR_END: main
