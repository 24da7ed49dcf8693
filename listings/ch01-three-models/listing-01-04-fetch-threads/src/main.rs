use std::collections::HashSet;
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
// The same 50 ms wait, blocking this OS thread while it waits.
fn fetch(record: u32) -> (u32, thread::ThreadId, u32) {
    thread::sleep(Duration::from_millis(50));
    (record, thread::current().id(), std::process::id())
}

fn main() {
    let start = Instant::now();
    // One OS thread per record, like one `threading.Thread` per record.
    let threads: Vec<_> = (0..100)
        .map(|record| thread::spawn(move || fetch(record)))
        .collect();

    let (mut records, mut thread_ids, mut processes) = (Vec::new(), HashSet::new(), HashSet::new());
    for thread in threads {
        let (record, thread_id, pid) = thread.join().expect("fetch does not panic");
        records.push(record);
        thread_ids.insert(thread_id);
        processes.insert(pid);
    }
    let elapsed_ms = start.elapsed().as_millis();

    let expected: Vec<u32> = (0..100).collect();
    assert_eq!(records, expected, "every record arrived, in order");
    println!("{} records fetched in {elapsed_ms} ms", records.len());
    println!("OS threads used: {}", thread_ids.len());
    println!("processes used:  {}", processes.len());
}
// ANCHOR_END: main
