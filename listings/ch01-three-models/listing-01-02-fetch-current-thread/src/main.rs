use std::collections::HashSet;
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

/// What one fetch brings back: the record, and the thread and process that fetched it.
struct Fetched {
    record: u32,
    thread: ThreadId,
    process: u32,
}

impl Fetched {
    fn here(record: u32) -> Self {
        let (thread, process) = (thread::current().id(), std::process::id());
        Fetched {
            record,
            thread,
            process,
        }
    }
}

// ANCHOR: main
// A stand-in for a network call: 50 ms of waiting, no CPU. It notes where it ran.
async fn fetch(record: u32) -> Fetched {
    tokio::time::sleep(Duration::from_millis(50)).await;
    Fetched::here(record)
}

// One OS thread runs every task, like asyncio's event loop.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let tasks: Vec<_> = (0..100).map(|record| tokio::spawn(fetch(record))).collect();

    let mut fetched = Vec::new();
    for task in tasks {
        fetched.push(task.await.expect("fetch does not panic"));
    }
    report(start, &fetched);
}
// ANCHOR_END: main

/// Counts the threads and processes that did the fetching, and checks every record arrived.
fn report(start: Instant, fetched: &[Fetched]) {
    let elapsed_ms = start.elapsed().as_millis();
    let records: Vec<u32> = fetched.iter().map(|f| f.record).collect();
    let threads: HashSet<ThreadId> = fetched.iter().map(|f| f.thread).collect();
    let processes: HashSet<u32> = fetched.iter().map(|f| f.process).collect();

    let expected: Vec<u32> = (0..100).collect();
    assert_eq!(records, expected, "every record arrived, in order");
    println!("{} records fetched in {elapsed_ms} ms", records.len());
    // `report` runs on the main thread: the one thread that fetched must be this one.
    let main_thread = thread::current();
    assert!(threads.contains(&main_thread.id()), "main's thread fetched");
    let name = main_thread.name().expect("the main thread is named");
    println!("OS threads used: {} ({name})", threads.len());
    println!("processes used:  {}", processes.len());
}
