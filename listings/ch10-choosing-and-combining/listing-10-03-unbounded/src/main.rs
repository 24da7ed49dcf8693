use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::task::JoinSet;

// ANCHOR: resource
/// Stands for a database or an API: it counts its users now, and the most it ever had.
#[derive(Default)]
struct Resource {
    users: AtomicUsize,
    peak: AtomicUsize,
}

impl Resource {
    async fn query(&self, id: u32) -> u32 {
        let users = self.users.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(users, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(1)).await; // the query's round trip
        self.users.fetch_sub(1, Ordering::SeqCst);
        id
    }
}
// ANCHOR_END: resource

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let db = Arc::new(Resource::default());
    let mut tasks = JoinSet::new();
    for id in 0..10_000 {
        let db = Arc::clone(&db);
        tasks.spawn(async move { db.query(id).await });
    }
    let served = tasks.join_all().await.len();
    let peak = db.peak.load(Ordering::SeqCst);
    println!("{served} queries served, at most {peak} at once");
}
// ANCHOR_END: main
