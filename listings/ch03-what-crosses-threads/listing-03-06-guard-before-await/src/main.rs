use std::sync::Arc;
use std::time::Duration;

// ANCHOR: main
#[tokio::main]
async fn main() {
    // Fix 1: keep std's Mutex, but drop its guard before the .await.
    let count = Arc::new(std::sync::Mutex::new(0));
    let task = tokio::spawn({
        let count = Arc::clone(&count);
        async move {
            *count.lock().expect("no task panicked") += 1; // guard dropped at the `;`
            tokio::time::sleep(Duration::from_millis(10)).await;
            *count.lock().expect("no task panicked") += 1;
        }
    });
    task.await.expect("task finished");
    println!(
        "std::sync::Mutex, guard dropped before .await: {}",
        count.lock().expect("no task panicked")
    );

    // Fix 2: a lock that must stay held across the .await: tokio's Mutex, whose guard is Send.
    let count = Arc::new(tokio::sync::Mutex::new(0));
    let task = tokio::spawn({
        let count = Arc::clone(&count);
        async move {
            let mut guard = count.lock().await;
            *guard += 1;
            tokio::time::sleep(Duration::from_millis(10)).await;
            *guard += 1;
        }
    });
    task.await.expect("task finished");
    println!(
        "tokio::sync::Mutex, guard held across .await:  {}",
        count.lock().await
    );
}
// ANCHOR_END: main
