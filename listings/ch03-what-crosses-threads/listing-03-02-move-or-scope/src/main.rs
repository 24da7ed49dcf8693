use std::thread;

fn main() {
    // ANCHOR: move
    let names = vec!["Alice", "Bob"];
    // `move`: the thread owns `names` now, so it lives as long as the thread needs it.
    let handle = thread::spawn(move || {
        println!("moved into the thread: {names:?}");
        names.len()
    });
    let count = handle.join().expect("thread finished");
    println!("the thread counted {count} names");
    // ANCHOR_END: move

    // ANCHOR: scope
    let names = vec!["Alice", "Bob"];
    // A scope joins its threads before it returns, so they may borrow main's locals.
    thread::scope(|s| {
        s.spawn(|| println!("borrowed by a scoped thread: {names:?}"));
    });
    println!("main still has {names:?}");
    // ANCHOR_END: scope
}
