use rayon::prelude::*;
use std::thread;
use std::time::{Duration, Instant};

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

// ANCHOR: main
fn main() {
    let (answer, sequential) = timed("sequential", None, || count_primes(0, 1));

    // Two OS threads, each counting one share of two (`count_primes(share, of)`): no GIL.
    let (threads, _) = timed("2 std::threads", Some(sequential), || {
        let first = thread::spawn(|| count_primes(0, 2));
        let second = thread::spawn(|| count_primes(1, 2));
        first.join().expect("no panic") + second.join().expect("no panic")
    });

    // rayon splits the range over its pool: one thread per core.
    let (rayon, _) = timed("rayon", Some(sequential), || {
        (0..BELOW).into_par_iter().filter(|&n| is_prime(n)).count()
    });

    assert_eq!((threads, rayon), (answer, answer), "the same primes");
}
// ANCHOR_END: main
