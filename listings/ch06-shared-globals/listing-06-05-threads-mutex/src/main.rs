use std::sync::{Barrier, Mutex};
use std::thread;

static CURRENT_USER: Mutex<&str> = Mutex::new("nobody");

// ANCHOR: handle
fn handle_request(user: &'static str, both_have_written: &Barrier) -> &'static str {
    *CURRENT_USER
        .lock()
        .expect("no thread panicked holding the lock") = user;
    // Stands in for the notes' `await asyncio.sleep(1)`: wait until the other request has
    // written too, so the overwrite happens on every run, not just on unlucky ones.
    both_have_written.wait();
    let seen = *CURRENT_USER
        .lock()
        .expect("no thread panicked holding the lock");
    println!("Handled by: {seen}");
    seen
}
// ANCHOR_END: handle

// ANCHOR: main
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
    // Which thread wrote last is up to the OS; that one of them read the other's user is not.
    assert_eq!(alice, bob, "both threads read whoever wrote last");
}
// ANCHOR_END: main
