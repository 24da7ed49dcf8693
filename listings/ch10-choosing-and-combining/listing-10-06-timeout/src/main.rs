use std::time::Duration;
use tokio::time::{sleep, timeout};

const PATIENCE: Duration = Duration::from_millis(30);

// ANCHOR: fetch
async fn fetch(name: &'static str, takes: Duration) -> &'static str {
    sleep(takes).await;
    println!("{name}: finished");
    name
}
// ANCHOR_END: fetch

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    // A future: on the deadline `timeout` drops it, and dropping a future cancels it.
    let fast = timeout(PATIENCE, fetch("fast", Duration::from_millis(5))).await;
    println!("fast: {fast:?}");
    let slow = timeout(PATIENCE, fetch("slow", Duration::from_secs(10))).await;
    println!("slow: {slow:?}");

    // A spawned task: the deadline drops only the JoinHandle, and the task runs on.
    let mut handle = tokio::spawn(fetch("spawned", Duration::from_millis(60)));
    if timeout(PATIENCE, &mut handle).await.is_err() {
        println!("spawned: stopped waiting");
    }
    sleep(Duration::from_millis(60)).await; // long enough to see it finish anyway

    // To stop the task too, abort it when the deadline passes.
    let mut handle = tokio::spawn(fetch("aborted", Duration::from_millis(60)));
    if timeout(PATIENCE, &mut handle).await.is_err() {
        handle.abort();
        let err = handle.await.expect_err("it was aborted before it finished");
        println!("aborted: cancelled = {}", err.is_cancelled());
    }
}
// ANCHOR_END: main
