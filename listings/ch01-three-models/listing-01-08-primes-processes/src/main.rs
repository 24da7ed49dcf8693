use std::env;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BELOW: u64 = 150_000;
const SHARES: u64 = 2;

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

/// `Some(share)` when this program was started as `<program> child <share>`.
fn child_argument() -> Option<u64> {
    let args: Vec<String> = env::args().collect();
    match args.as_slice() {
        [_, role, share] if role == "child" => Some(share.parse().expect("share is a number")),
        [_] => None,
        _ => panic!("usage: <program> [child <share>]"),
    }
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
    // Started as `child <share>`, this program counts one share and prints the count.
    if let Some(share) = child_argument() {
        return println!("{}", count_primes(share, SHARES));
    }
    let (answer, sequential) = timed("sequential", None, || count_primes(0, 1));

    // Two child processes, each counting its share; the parent adds up what they print.
    let me = env::current_exe().expect("this program's path is known");
    let (processes, _) = timed("2 child processes", Some(sequential), || {
        let children: Vec<_> = (0..SHARES)
            .map(|share| {
                Command::new(&me)
                    .args(["child", &share.to_string()])
                    .stdout(Stdio::piped())
                    .spawn()
                    .expect("the child starts")
            })
            .collect();
        children.into_iter().map(read_count).sum()
    });

    assert_eq!(processes, answer, "both ways find the same primes");
}
// ANCHOR_END: main

/// Waits for a child and reads the count it printed.
fn read_count(child: Child) -> usize {
    let output = child.wait_with_output().expect("the child runs");
    assert!(output.status.success(), "the child exits cleanly");
    let count = String::from_utf8_lossy(&output.stdout);
    count.trim().parse().expect("the child prints a count")
}
