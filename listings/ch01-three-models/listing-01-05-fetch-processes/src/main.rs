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
// The child: the same 50 ms wait, then its record and process id on stdout for the parent.
fn child(record: u32) {
    thread::sleep(Duration::from_millis(50));
    println!("{record} {}", std::process::id());
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

/// Reads each child's "record pid" line, checks every record arrived from a child, and counts.
fn report(start: Instant, outputs: &[Output]) {
    let elapsed_ms = start.elapsed().as_millis();
    let (mut records, mut processes) = (Vec::new(), HashSet::new());
    for output in outputs {
        assert!(output.status.success(), "the child exits cleanly");
        let line = String::from_utf8_lossy(&output.stdout);
        let (record, pid) = line.trim().split_once(' ').expect("\"record pid\"");
        records.push(record.parse::<u32>().expect("record is a number"));
        processes.insert(pid.to_string());
    }

    let expected: Vec<u32> = (0..100).collect();
    assert_eq!(records, expected, "every record arrived, in order");
    let parent = std::process::id().to_string();
    assert!(!processes.contains(&parent), "the children did the work");
    let children = processes.len();
    println!("{} records fetched in {elapsed_ms} ms", records.len());
    println!("OS threads used: {children} (each child's main thread)");
    println!("processes used:  {children} children + this parent");
}
