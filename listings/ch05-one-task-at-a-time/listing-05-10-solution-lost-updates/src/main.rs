use std::sync::{Arc, Mutex};
use tokio::task::{JoinSet, yield_now};

// ANCHOR: solution
async fn add_one_badly(count: Arc<Mutex<u32>>) {
    let seen = *count.lock().expect("not poisoned");
    yield_now().await; // every other task reads the same `seen` meanwhile
    *count.lock().expect("not poisoned") = seen + 1;
}

async fn add_one(count: Arc<Mutex<u32>>) {
    yield_now().await; // the await is still there, just not between the read and the write
    *count.lock().expect("not poisoned") += 1;
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let badly = Arc::new(Mutex::new(0));
    let well = Arc::new(Mutex::new(0));
    let mut tasks = JoinSet::new();
    for _ in 0..100 {
        tasks.spawn(add_one_badly(Arc::clone(&badly)));
        tasks.spawn(add_one(Arc::clone(&well)));
    }
    tasks.join_all().await; // a JoinSet holds spawned tasks; join_all is its gather
    let badly = *badly.lock().expect("not poisoned");
    let well = *well.lock().expect("not poisoned");
    println!("read, await, write: {badly}");
    println!("await, then update: {well}");
    // ANCHOR_END: solution
    assert!(
        badly < 100,
        "a task wrote between another task's read and its write"
    );
    assert_eq!(well, 100, "no update was lost");
    // ANCHOR: solution
}
// ANCHOR_END: solution
