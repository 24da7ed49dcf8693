use std::collections::HashSet;
use std::thread;
use std::time::{Duration, Instant};

// The same fetch as Listing 1-2, plus the name of the thread it ran on.
async fn fetch(record: u32) -> (u32, thread::ThreadId, String, u32) {
    tokio::time::sleep(Duration::from_millis(50)).await;
    let me = thread::current();
    let name = me.name().unwrap_or("unnamed").to_string();
    (record, me.id(), name, std::process::id())
}

// ANCHOR: main
// The default flavor: a pool of worker threads, one per core, sharing the tasks.
#[tokio::main]
async fn main() {
    let workers = tokio::runtime::Handle::current().metrics().num_workers();
    let cores = thread::available_parallelism()
        .expect("core count is known")
        .get();
    assert_eq!(workers, cores, "the default is one worker per core");

    let start = Instant::now();
    let tasks: Vec<_> = (0..100).map(|record| tokio::spawn(fetch(record))).collect();
    let (mut records, mut threads, mut names, mut processes) =
        (Vec::new(), HashSet::new(), HashSet::new(), HashSet::new());
    for task in tasks {
        let (record, thread, name, pid) = task.await.expect("fetch does not panic");
        records.push(record);
        threads.insert(thread);
        names.insert(name);
        processes.insert(pid);
    }
    let elapsed_ms = start.elapsed().as_millis();

    let expected: Vec<u32> = (0..100).collect();
    assert_eq!(records, expected, "every record arrived, in order");
    assert!(threads.len() <= workers, "tasks ran on the workers only");
    println!("{} records fetched in {elapsed_ms} ms", records.len());
    println!("runtime workers: {workers} (cores: {cores})");
    println!("OS threads used: {} {names:?}", threads.len());
    println!("processes used:  {}", processes.len());
}
// ANCHOR_END: main
