use std::time::Duration;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

// ANCHOR: worker
async fn worker(id: u32, job_takes: Duration, shutdown: CancellationToken) -> u32 {
    let mut done = 0;
    // Checked between jobs, never inside one: a job that has started always finishes.
    while !shutdown.is_cancelled() {
        println!("worker {id}: job {done} started");
        tokio::time::sleep(job_takes).await; // the job's work
        println!("worker {id}: job {done} done");
        done += 1;
    }
    println!("worker {id}: stopping (jobs done: {done})");
    done
}
// ANCHOR_END: worker

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let shutdown = CancellationToken::new();
    let mut workers = JoinSet::new();
    workers.spawn(worker(0, Duration::from_millis(100), shutdown.clone()));
    workers.spawn(worker(1, Duration::from_millis(300), shutdown.clone()));

    // Stands in for `tokio::signal::ctrl_c().await` or a shutdown request.
    tokio::time::sleep(Duration::from_millis(150)).await;
    println!("main: shutdown requested");
    shutdown.cancel();

    let jobs: u32 = workers.join_all().await.into_iter().sum();
    println!("main: every worker stopped, {jobs} jobs done");
}
// ANCHOR_END: main
