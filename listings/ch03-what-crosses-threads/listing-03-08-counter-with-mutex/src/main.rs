use std::sync::Mutex;
use std::thread;

// ANCHOR: main
fn main() {
    // The Mutex owns the integer: the only way to reach it is through `lock()`.
    let count = Mutex::new(0);
    thread::scope(|s| {
        for _ in 0..2 {
            // Both threads borrow `count`: allowed, because `Mutex<i32>` is `Sync`.
            s.spawn(|| {
                for _ in 0..1000 {
                    *count.lock().expect("no thread panicked") += 1; // unlocked at the `;`
                }
            });
        }
    });
    let count = count.into_inner().expect("no thread panicked");
    println!("count = {count}");
    assert_eq!(count, 2000, "no update was lost");
}
// ANCHOR_END: main
