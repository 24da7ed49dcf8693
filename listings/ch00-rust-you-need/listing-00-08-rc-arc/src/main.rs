use std::rc::Rc;
use std::sync::Arc;
use std::thread;

fn main() {
    // ANCHOR: main
    let config = Rc::new(String::from("verbose"));
    let same = Rc::clone(&config); // copies the pointer and adds one to the count
    println!("{same}: {} owners", Rc::strong_count(&config));
    drop(same); // the count goes down; the String is freed when it reaches 0
    println!("after a drop: {} owner", Rc::strong_count(&config));

    // Arc: the same, with a count that threads can change safely.
    let numbers = Arc::new(vec![1, 2, 3]);
    let for_thread = Arc::clone(&numbers);
    println!("before the thread: {} owners", Arc::strong_count(&numbers));
    let handle = thread::spawn(move || for_thread.iter().sum::<i32>());
    let sum = handle.join().expect("the thread does not panic");
    let owners = Arc::strong_count(&numbers);
    println!("sum {sum}; after join: {owners} owner");
    // ANCHOR_END: main
}
