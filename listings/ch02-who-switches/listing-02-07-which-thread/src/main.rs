use std::collections::HashSet;
use std::thread::{self, ThreadId};
use std::time::Duration;
use tokio::runtime::{Builder, Runtime};

// ANCHOR: where
// Each task reports the thread that polled it, before and after an .await.
async fn where_am_i() -> (String, ThreadId, ThreadId) {
    let before = thread::current();
    std::thread::sleep(Duration::from_millis(10)); // blocks on purpose, briefly: the other worker gets time to take a task
    tokio::task::yield_now().await;
    let name = before.name().unwrap_or("unnamed").to_string();
    (name, before.id(), thread::current().id())
}

/// The threads that polled the four tasks, and how many tasks resumed on another thread.
fn run_four_tasks(runtime: &Runtime) -> (HashSet<ThreadId>, usize) {
    let (mut seen, mut moved) = (HashSet::new(), 0);
    runtime.block_on(async {
        let tasks: Vec<_> = (0..4).map(|_| tokio::spawn(where_am_i())).collect();
        for (i, task) in tasks.into_iter().enumerate() {
            let (name, before, after) = task.await.expect("task finished");
            println!("  task {i} ran on {name:?} {before:?}, after .await on {after:?}");
            seen.extend([before, after]);
            moved += usize::from(before != after);
        }
    });
    (seen, moved)
}
// ANCHOR_END: where

// ANCHOR: main
fn main() {
    println!("main is {:?}", thread::current().id());

    println!("current_thread runtime:");
    let one = Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (seen, _) = run_four_tasks(&one);
    assert_eq!(
        seen,
        HashSet::from([thread::current().id()]),
        "only main's thread"
    );

    println!("multi_thread runtime, worker_threads(2):");
    let two = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (seen, moved) = run_four_tasks(&two);
    assert!(!seen.contains(&thread::current().id()), "workers only");
    println!("worker threads used: {}", seen.len());
    println!("tasks that resumed on another worker after .await: {moved}");
}
// ANCHOR_END: main
