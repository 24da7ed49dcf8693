use std::collections::HashSet;
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
// A stand-in for a network call: 50 ms of waiting, no CPU. It reports where it ran.
async fn fetch(record: u32) -> (u32, thread::ThreadId, u32) {
    tokio::time::sleep(Duration::from_millis(50)).await;
    (record, thread::current().id(), std::process::id())
}

// One OS thread runs every task, like asyncio's event loop.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let tasks: Vec<_> = (0..100).map(|record| tokio::spawn(fetch(record))).collect();

    let (mut records, mut threads, mut processes) = (Vec::new(), HashSet::new(), HashSet::new());
    for task in tasks {
        let (record, thread, pid) = task.await.expect("fetch does not panic");
        records.push(record);
        threads.insert(thread);
        processes.insert(pid);
    }
    let elapsed_ms = start.elapsed().as_millis();

    let expected: Vec<u32> = (0..100).collect();
    assert_eq!(records, expected, "every record arrived, in order");
    println!("{} records fetched in {elapsed_ms} ms", records.len());
    let main_thread = thread::current();
    let name = main_thread.name().expect("the main thread is named");
    println!("OS threads used: {} ({name})", threads.len());
    println!("processes used:  {}", processes.len());
}
// ANCHOR_END: main
