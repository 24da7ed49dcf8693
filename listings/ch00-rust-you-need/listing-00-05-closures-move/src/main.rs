use std::thread;

fn main() {
    // ANCHOR: main
    let mut count = 0;
    // This closure borrows `count` mutably: it changes the caller's variable.
    let mut bump = || count += 1;
    bump();
    bump();
    println!("count after two bumps: {count}");

    let name = String::from("Ada");
    // `move`: the closure takes `name` with it and owns it, wherever it runs.
    let handle = thread::spawn(move || format!("hello from a thread, {name}"));
    let greeting = handle.join().expect("the thread does not panic");
    println!("{greeting}");
    // ANCHOR_END: main
}
