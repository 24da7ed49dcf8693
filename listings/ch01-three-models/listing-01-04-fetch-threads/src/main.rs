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
// The same 50 ms wait, blocking this OS thread while it waits.
fn fetch(record: u32) -> Fetched {
    thread::sleep(Duration::from_millis(50));
    Fetched::here(record)
}

fn main() {
    let start = Instant::now();
    // One OS thread per record, like one `threading.Thread` per record.
    let threads: Vec<_> = (0..100)
        .map(|record| thread::spawn(move || fetch(record)))
        .collect();

    let mut fetched = Vec::new();
    for thread in threads {
        fetched.push(thread.join().expect("fetch does not panic"));
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
    println!("OS threads used: {}", threads.len());
    println!("processes used:  {}", processes.len());
}
