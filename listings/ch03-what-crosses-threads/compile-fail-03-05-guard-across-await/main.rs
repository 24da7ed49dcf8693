use std::sync::{Arc, Mutex};
use std::time::Duration;

#[tokio::main]
async fn main() {
    let count = Arc::new(Mutex::new(0));
    let task = tokio::spawn({
        let count = Arc::clone(&count);
        async move {
            let mut guard = count.lock().expect("no task panicked");
            *guard += 1;
            tokio::time::sleep(Duration::from_millis(10)).await; // the guard is still alive here
            *guard += 1;
        }
    });
    task.await.expect("task finished");
    println!("count = {}", count.lock().expect("no task panicked"));
}
