use std::thread;

fn main() {
    let names = vec!["Alice", "Bob"];
    // The closure borrows `names`, but the thread may outlive main's stack frame.
    let handle = thread::spawn(|| {
        println!("{names:?}");
    });
    handle.join().expect("thread finished");
}
