use std::collections::HashSet;
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

/// What one fetch brings back: the record, and the thread and process that fetched it.
struct Fetched {
    record: u32,
    thread: ThreadId,
    thread_name: String,
    process: u32,
}

impl Fetched {
    fn here(record: u32) -> Self {
        let me = thread::current();
        Fetched {
            record,
            thread: me.id(),
            thread_name: me.name().unwrap_or("unnamed").to_string(),
            process: std::process::id(),
        }
    }
}

// The same fetch as Listing 1-2.
async fn fetch(record: u32) -> Fetched {
    tokio::time::sleep(Duration::from_millis(50)).await;
    Fetched::here(record)
}

// ANCHOR: main
// The default flavor: a pool of worker threads, one per core, sharing the tasks.
#[tokio::main]
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

/// Counts the threads and processes that did the fetching, and checks every record arrived
/// and that only the runtime's workers, one per core, did the fetching.
fn report(start: Instant, fetched: &[Fetched]) {
    let elapsed_ms = start.elapsed().as_millis();
    let workers = tokio::runtime::Handle::current().metrics().num_workers();
    let cores = thread::available_parallelism()
        .expect("core count is known")
        .get();
    assert_eq!(workers, cores, "the default is one worker per core");

    let records: Vec<u32> = fetched.iter().map(|f| f.record).collect();
    let threads: HashSet<ThreadId> = fetched.iter().map(|f| f.thread).collect();
    let names: HashSet<&str> = fetched.iter().map(|f| f.thread_name.as_str()).collect();
    let processes: HashSet<u32> = fetched.iter().map(|f| f.process).collect();

    let expected: Vec<u32> = (0..100).collect();
    assert_eq!(records, expected, "every record arrived, in order");
    assert!(threads.len() <= workers, "tasks ran on the workers only");
    println!("{} records fetched in {elapsed_ms} ms", records.len());
    println!("runtime workers: {workers} (cores: {cores})");
    println!("OS threads used: {} {names:?}", threads.len());
    println!("processes used:  {}", processes.len());
}
