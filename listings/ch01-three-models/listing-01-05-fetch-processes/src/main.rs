use std::collections::HashSet;
use std::env;
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// `Some(record)` when this program was started as `<program> child <record>`.
fn child_argument() -> Option<u32> {
    let args: Vec<String> = env::args().collect();
    match args.as_slice() {
        [_, role, record] if role == "child" => Some(record.parse().expect("record is a number")),
        [_] => None,
        _ => panic!("usage: <program> [child <record>]"),
    }
}

// ANCHOR: main
// The child: the same 50 ms wait, then its record, process id and thread count for the parent.
fn child(record: u32) {
    thread::sleep(Duration::from_millis(50));
    let (pid, threads) = (std::process::id(), threads_in_this_process());
    println!("{record} {pid} {threads}");
}

fn main() {
    // Started as `child <record>`, this program plays the child; otherwise, the parent.
    if let Some(record) = child_argument() {
        return child(record);
    }
    let start = Instant::now();
    let me = env::current_exe().expect("this program's path is known");
    // One child process per record: all started first, so their waits overlap.
    let children: Vec<_> = (0..100)
        .map(|record| {
            Command::new(&me)
                .args(["child", &record.to_string()])
                .stdout(Stdio::piped())
                .spawn()
                .expect("the child starts")
        })
        .collect();

    let mut outputs = Vec::new();
    for child in children {
        outputs.push(child.wait_with_output().expect("the child runs"));
    }
    report(start, &outputs);
}
// ANCHOR_END: main

/// How many OS threads this process has: Linux lists them in /proc/self/task; "?" elsewhere.
fn threads_in_this_process() -> String {
    match std::fs::read_dir("/proc/self/task") {
        Ok(entries) => entries.count().to_string(),
        Err(_) => "?".to_string(),
    }
}

/// Reads each child's "record pid threads" line, checks every record arrived from a child, and counts.
fn report(start: Instant, outputs: &[Output]) {
    let elapsed_ms = start.elapsed().as_millis();
    let (mut records, mut processes) = (Vec::new(), HashSet::new());
    let mut threads = Some(0);
    for output in outputs {
        assert!(output.status.success(), "the child exits cleanly");
        let line = String::from_utf8_lossy(&output.stdout);
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [record, pid, child_threads] = fields[..] else {
            panic!("the child prints \"record pid threads\"");
        };
        records.push(record.parse::<u32>().expect("record is a number"));
        processes.insert(pid.to_string());
        let counted: Option<u32> = child_threads.parse().ok();
        threads = threads.zip(counted).map(|(sum, n)| sum + n);
    }

    let expected: Vec<u32> = (0..100).collect();
    assert_eq!(records, expected, "every record arrived, in order");
    let parent = std::process::id().to_string();
    assert!(!processes.contains(&parent), "the children did the work");
    let children = processes.len();
    println!("{} records fetched in {elapsed_ms} ms", records.len());
    match threads {
        Some(threads) => println!("OS threads used: {threads} (counted by the children)"),
        None => println!("OS threads used: not counted (no /proc on this OS)"),
    }
    println!("processes used:  {children} children + this parent");
}
