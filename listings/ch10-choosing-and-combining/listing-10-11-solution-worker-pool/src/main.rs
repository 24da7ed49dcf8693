use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::time::Duration;
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
const QUERIES: u32 = 10_000;
const WORKERS: usize = 100;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let db = Arc::new(Resource::default());
    let next_id = Arc::new(AtomicU32::new(0));
    let mut workers = JoinSet::new();
    for _ in 0..WORKERS {
        let (db, next_id) = (Arc::clone(&db), Arc::clone(&next_id));
        // A worker runs one query at a time, so WORKERS bounds the queries in flight.
        workers.spawn(async move {
            let mut served = 0;
            loop {
                let id = next_id.fetch_add(1, Ordering::SeqCst);
                if id >= QUERIES {
                    return served;
                }
                db.query(id).await;
                served += 1;
            }
        });
    }
    let served: u32 = workers.join_all().await.into_iter().sum();
    let peak = db.peak.load(Ordering::SeqCst);
    println!("{served} queries served by {WORKERS} workers, at most {peak} at once");
}
// ANCHOR_END: main
