// ANCHOR: solution
use std::time::Instant;

const TASKS: usize = 10_000;
const RUNS: usize = 5;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // A warm-up run: the first spawns also pay for the runtime's and allocator's first use.
    per_task(TASKS).await;
    let mut runs: Vec<f64> = Vec::new();
    for _ in 0..RUNS {
        runs.push(per_task(TASKS).await);
    }
    runs.sort_by(f64::total_cmp);
    let micros = |secs: f64| secs * 1e6;
    println!("{TASKS} tasks spawned, then joined; {RUNS} runs after a warm-up");
    println!("median per task: {:.2} µs", micros(runs[RUNS / 2]));
    println!(
        "fastest run: {:.2} µs, slowest: {:.2} µs",
        micros(runs[0]),
        micros(runs[RUNS - 1])
    );
}

/// Spawns `n` tasks that do nothing, awaits them all, and returns seconds per task.
async fn per_task(n: usize) -> f64 {
    let start = Instant::now();
    let handles: Vec<_> = (0..n).map(|i| tokio::spawn(async move { i })).collect();
    let mut sum = 0;
    for handle in handles {
        sum += handle.await.expect("a task panicked");
    }
    let secs = start.elapsed().as_secs_f64();
    // Every task ran and answered: the time is for real work, not for nothing.
    assert_eq!(sum, n * (n - 1) / 2);
    assert!(secs > 0.0);
    secs / n as f64
}
// ANCHOR_END: solution
