use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

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

// ANCHOR: main
const LIMIT: usize = 100;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let db = Arc::new(Resource::default());
    let permits = Arc::new(Semaphore::new(LIMIT));
    let mut tasks = JoinSet::new();
    let mut served = 0;
    for id in 0..10_000 {
        // Waits here while LIMIT tasks are out: the loop itself is slowed (back-pressure).
        let permit = Arc::clone(&permits)
            .acquire_owned()
            .await
            .expect("never closed");
        let db = Arc::clone(&db);
        tasks.spawn(async move {
            let answer = db.query(id).await;
            drop(permit); // the next task may start
            answer
        });
        // Collect what has finished, so finished tasks don't pile up in the set.
        while let Some(done) = tasks.try_join_next() {
            done.expect("no query panicked");
            served += 1;
        }
    }
    served += tasks.join_all().await.len();
    let peak = db.peak.load(Ordering::SeqCst);
    println!("{served} queries served, at most {peak} at once (limit {LIMIT})");
}
// ANCHOR_END: main
