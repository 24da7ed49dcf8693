use std::time::{Duration, Instant};
use tokio::runtime::Builder;

const BELOW: u64 = 150_000;

fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

// Numbers are dealt out in blocks of 1,000, round-robin, so each share gets small and large ones.
fn count_primes(share: u64, shares: u64) -> usize {
    (0..BELOW)
        .filter(|n| n / 1000 % shares == share)
        .filter(|&n| is_prime(n))
        .count()
}

// Runs `job`, prints its answer, time and speed-up over `baseline`, and returns both.
fn timed(
    label: &str,
    baseline: Option<Duration>,
    job: impl FnOnce() -> usize,
) -> (usize, Duration) {
    let start = Instant::now();
    let answer = job();
    let time = start.elapsed();
    let speedup = baseline.unwrap_or(time).as_secs_f64() / time.as_secs_f64();
    println!(
        "{label:<27}{answer:>6} primes {:>6} ms  {speedup:.1}x",
        time.as_millis()
    );
    (answer, time)
}

// ANCHOR: main
// Still one thread polling tasks; the counting goes to tokio's blocking pool,
// which every runtime flavor has, so the two shares run at once.
async fn count_on_blocking_pool() -> usize {
    let first = tokio::task::spawn_blocking(|| count_primes(0, 2));
    let second = tokio::task::spawn_blocking(|| count_primes(1, 2));
    first.await.expect("no panic") + second.await.expect("no panic")
}

fn main() {
    let (answer, sequential) = timed("sequential", None, || count_primes(0, 1));

    let one_thread = Builder::new_current_thread().build().expect("starts");
    let (blocking_pool, _) = timed("current_thread + blocking", Some(sequential), || {
        one_thread.block_on(count_on_blocking_pool())
    });

    assert_eq!(blocking_pool, answer, "both ways find the same primes");
}
// ANCHOR_END: main
