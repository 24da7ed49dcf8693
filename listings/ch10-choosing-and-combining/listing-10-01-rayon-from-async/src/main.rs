use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::oneshot;

// ANCHOR: cpu
/// CPU-bound work: counts primes below `limit` by trial division. No `.await` anywhere.
fn count_primes(limit: u64) -> usize {
    (2..limit)
        .filter(|&n| (2..).take_while(|d| d * d <= n).all(|d| n % d != 0))
        .count()
}
// ANCHOR_END: cpu

// ANCHOR: handoff
/// Runs `work` on rayon's pool; the task awaits the answer, the runtime thread stays free.
async fn on_rayon<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = oneshot::channel();
    rayon::spawn(move || {
        // An error here means the caller stopped waiting (it was cancelled): drop the answer.
        let _ = tx.send(work());
    });
    rx.await
        .expect("the job sent its answer (a panic in rayon::spawn aborts the process)")
}
// ANCHOR_END: handoff

// ANCHOR: handlers
static WAITING: AtomicUsize = AtomicUsize::new(0);

async fn count_request(limit: u64) -> String {
    WAITING.fetch_add(1, Ordering::SeqCst);
    let primes = on_rayon(move || count_primes(limit)).await;
    WAITING.fetch_sub(1, Ordering::SeqCst);
    format!("{primes} primes below {limit}")
}

async fn ping_request() -> String {
    let waiting = WAITING.load(Ordering::SeqCst);
    format!("pong, answered while {waiting} requests wait for rayon")
}

// One runtime thread, like asyncio's loop: it must not be the one counting primes.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (a, b, c, ping) = tokio::join!(
        biased; // polled in the order written: the ping last
        count_request(10_000),
        count_request(50_000),
        count_request(100_000),
        ping_request(),
    );
    println!("{ping}");
    for answer in [a, b, c] {
        println!("{answer}");
    }
}
// ANCHOR_END: handlers
