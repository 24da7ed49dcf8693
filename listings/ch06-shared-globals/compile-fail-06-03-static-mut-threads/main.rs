use std::thread;
use std::time::Duration;

// The notes' global, written the way Python writes it: one mutable variable for everyone.
static mut CURRENT_USER: &str = "nobody";

fn handle_request(user: &'static str) {
    CURRENT_USER = user;
    thread::sleep(Duration::from_millis(100));
    println!("Handled by: {CURRENT_USER}");
}

fn main() {
    let alice = thread::spawn(|| handle_request("Alice"));
    let bob = thread::spawn(|| handle_request("Bob"));
    alice.join().expect("Alice's thread finished");
    bob.join().expect("Bob's thread finished");
}
