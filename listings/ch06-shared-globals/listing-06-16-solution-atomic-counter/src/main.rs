use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

// ANCHOR: solution
// A global that *should* be shared: one count of every request, whichever task handles it.
static HANDLED: AtomicU64 = AtomicU64::new(0);

async fn handle_request() {
    tokio::time::sleep(Duration::from_millis(10)).await;
    // One indivisible read-modify-write: no `.await`, no other thread, can come in between.
    HANDLED.fetch_add(1, Ordering::Relaxed);
}

#[tokio::main]
async fn main() {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..1000 {
        tasks.spawn(handle_request());
    }
    tasks.join_all().await;
    println!("requests handled: {}", HANDLED.load(Ordering::Relaxed));
}
// ANCHOR_END: solution
