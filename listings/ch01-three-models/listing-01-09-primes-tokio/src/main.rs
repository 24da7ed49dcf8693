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
        "{label:<22}{answer:>6} primes {:>6} ms  {speedup:.1}x",
        time.as_millis()
    );
    (answer, time)
}

// ANCHOR: tasks
// Two tasks, each counting its share: CPU work with no `.await` inside.
async fn count_in_tasks() -> usize {
    let first = tokio::spawn(async { count_primes(0, 2) });
    let second = tokio::spawn(async { count_primes(1, 2) });
    first.await.expect("no panic") + second.await.expect("no panic")
}

// The same two shares on tokio's blocking pool, the place meant for CPU-heavy calls.
async fn count_on_blocking_pool() -> usize {
    let first = tokio::task::spawn_blocking(|| count_primes(0, 2));
    let second = tokio::task::spawn_blocking(|| count_primes(1, 2));
    first.await.expect("no panic") + second.await.expect("no panic")
}
// ANCHOR_END: tasks

// ANCHOR: main
fn main() {
    let (answer, sequential) = timed("sequential", None, || count_primes(0, 1));

    // One thread polls both tasks, so they run one after the other: asyncio's row.
    let one_thread = Builder::new_current_thread().build().expect("starts");
    let (current_thread, _) = timed("tokio current_thread", Some(sequential), || {
        one_thread.block_on(count_in_tasks())
    });

    // The default flavor: one worker per core, so the two tasks run at once.
    let workers = Builder::new_multi_thread().build().expect("starts");
    let (multi_thread, _) = timed("tokio multi_thread", Some(sequential), || {
        workers.block_on(count_in_tasks())
    });
    let (blocking_pool, _) = timed("  + spawn_blocking", Some(sequential), || {
        workers.block_on(count_on_blocking_pool())
    });

    let answers = [current_thread, multi_thread, blocking_pool];
    assert_eq!(answers, [answer; 3], "every way finds the same primes");
}
// ANCHOR_END: main
