use std::cell::Cell;
use std::sync::Barrier;
use std::thread;

// ANCHOR: thread_local
thread_local! {
    // Every thread gets its own `CURRENT_USER`, like Python's `threading.local()`.
    static CURRENT_USER: Cell<&'static str> = const { Cell::new("nobody") };
}

fn handle_request(user: &'static str, both_have_written: &Barrier) -> String {
    CURRENT_USER.set(user);
    both_have_written.wait(); // the same race as Listing 6-5: both write before either reads
    format!("Handled by: {}", CURRENT_USER.get())
}

fn main() {
    let barrier = Barrier::new(2);
    let (alice, bob) = thread::scope(|s| {
        let alice = s.spawn(|| handle_request("Alice", &barrier));
        let bob = s.spawn(|| handle_request("Bob", &barrier));
        (
            alice.join().expect("Alice's thread"),
            bob.join().expect("Bob's thread"),
        )
    });
    println!("{alice}\n{bob}"); // printed after both joined, so always in this order
}
// ANCHOR_END: thread_local
