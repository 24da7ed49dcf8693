use std::collections::HashSet;
use std::env;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
// The child: the same 50 ms wait, then its answer on stdout for the parent to read.
fn child(record: u32) {
    thread::sleep(Duration::from_millis(50));
    println!("{record} {}", std::process::id());
}

fn main() {
    // Started with `child <record>`, this program plays the child; without, the parent.
    let args: Vec<String> = env::args().collect();
    if let [_, role, record] = args.as_slice() {
        assert_eq!(role, "child", "usage: <program> [child <record>]");
        return child(record.parse().expect("record is a number"));
    }

    let start = Instant::now();
    let me = env::current_exe().expect("this program's path is known");
    // One child process per record: all started first, so their waits overlap.
    let children: Vec<_> = (0..100)
        .map(|record| {
            let mut command = Command::new(&me);
            command
                .args(["child", &record.to_string()])
                .stdout(Stdio::piped());
            command.spawn().expect("the child starts")
        })
        .collect();

    let (mut records, mut processes) = (Vec::new(), HashSet::new());
    for child in children {
        let output = child.wait_with_output().expect("the child runs");
        assert!(output.status.success(), "the child exits cleanly");
        let line = String::from_utf8(output.stdout).expect("the child writes text");
        let (record, pid) = line.trim().split_once(' ').expect("\"record pid\"");
        records.push(record.parse::<u32>().expect("record is a number"));
        processes.insert(pid.to_string());
    }
    let elapsed_ms = start.elapsed().as_millis();

    let expected: Vec<u32> = (0..100).collect();
    assert_eq!(records, expected, "every record arrived, in order");
    let parent = std::process::id().to_string();
    assert!(!processes.contains(&parent), "the children did the work");
    let children = processes.len();
    println!("{} records fetched in {elapsed_ms} ms", records.len());
    println!("OS threads used: {children} (each child's main thread)");
    println!("processes used:  {children} children + this parent");
}
// ANCHOR_END: main
