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
        tasks.spawn(add_one_badly(badly.clone()));
        tasks.spawn(add_one(well.clone()));
    }
    tasks.join_all().await;
    println!(
        "read, await, write: {}",
        badly.lock().expect("not poisoned")
    );
    println!("await, then update: {}", well.lock().expect("not poisoned"));
}
// ANCHOR_END: solution
