use rayon::ThreadPoolBuilder;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::oneshot;

/// Counts how many callers are inside at once, and the most there ever were.
#[derive(Default)]
struct Gauge {
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl Gauge {
    fn enter(&self) {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
    }
    fn leave(&self) {
        self.now.fetch_sub(1, Ordering::SeqCst);
    }
}

// ANCHOR: blocking
/// A call from a library with no async API: it holds its thread while it waits.
fn blocking_lookup(id: u64, gauge: &Gauge) -> u64 {
    gauge.enter();
    std::thread::sleep(Duration::from_millis(100));
    gauge.leave();
    id * 10
}
// ANCHOR_END: blocking

const LOOKUPS: u64 = 6;

// ANCHOR: blocking_pool
/// Tokio's blocking pool adds a thread for each call that finds none free (up to 512).
async fn on_blocking_pool(gauge: &Arc<Gauge>) -> u64 {
    let mut handles = Vec::new();
    for id in 0..LOOKUPS {
        let gauge = Arc::clone(gauge);
        handles.push(tokio::task::spawn_blocking(move || {
            blocking_lookup(id, &gauge)
        }));
    }
    let mut total = 0;
    for handle in handles {
        total += handle.await.expect("the lookup did not panic");
    }
    total
}
// ANCHOR_END: blocking_pool

// ANCHOR: rayon_pool
/// A rayon pool has a fixed number of threads, sized for computing: here two.
async fn on_rayon_pool(gauge: &Arc<Gauge>) -> u64 {
    let pool = ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("pool builds");
    let mut answers = Vec::new();
    for id in 0..LOOKUPS {
        let (tx, rx) = oneshot::channel();
        let gauge = Arc::clone(gauge);
        pool.spawn(move || {
            let _ = tx.send(blocking_lookup(id, &gauge));
        });
        answers.push(rx);
    }
    let mut total = 0;
    for answer in answers {
        total += answer.await.expect("the lookup did not panic");
    }
    total
}
// ANCHOR_END: rayon_pool

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let gauge = Arc::new(Gauge::default());
    let total = on_blocking_pool(&gauge).await;
    let peak = gauge.peak.load(Ordering::SeqCst);
    println!("spawn_blocking: total {total}, at most {peak} lookups at once");
    assert_eq!(
        peak, LOOKUPS as usize,
        "every lookup had a thread of its own"
    );

    let gauge = Arc::new(Gauge::default());
    let total = on_rayon_pool(&gauge).await;
    let peak = gauge.peak.load(Ordering::SeqCst);
    println!("rayon, 2 threads: total {total}, at most {peak} lookups at once");
    assert_eq!(peak, 2, "two threads, two lookups at a time");
}
