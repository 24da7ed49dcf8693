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

// ANCHOR: main
const LOOKUPS: u64 = 6;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // spawn_blocking: tokio's blocking pool adds threads as needed (up to 512 by default).
    let gauge = Arc::new(Gauge::default());
    let mut handles = Vec::new();
    for id in 0..LOOKUPS {
        let gauge = Arc::clone(&gauge);
        handles.push(tokio::task::spawn_blocking(move || {
            blocking_lookup(id, &gauge)
        }));
    }
    let mut total = 0;
    for handle in handles {
        total += handle.await.expect("the lookup did not panic");
    }
    let peak = gauge.peak.load(Ordering::SeqCst);
    println!("spawn_blocking: total {total}, at most {peak} lookups at once");

    // rayon: a fixed pool sized for CPU work; a thread that sleeps is a core left idle.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("pool builds");
    let gauge = Arc::new(Gauge::default());
    let mut answers = Vec::new();
    for id in 0..LOOKUPS {
        let (tx, rx) = oneshot::channel();
        let gauge = Arc::clone(&gauge);
        pool.spawn(move || {
            let _ = tx.send(blocking_lookup(id, &gauge));
        });
        answers.push(rx);
    }
    let mut total = 0;
    for answer in answers {
        total += answer.await.expect("the lookup did not panic");
    }
    let peak = gauge.peak.load(Ordering::SeqCst);
    println!("rayon, 2 threads: total {total}, at most {peak} lookups at once");
}
// ANCHOR_END: main
