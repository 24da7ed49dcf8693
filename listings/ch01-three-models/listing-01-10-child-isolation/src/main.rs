use std::env;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// `Some(job)` when this program was started as `<program> child <job>`.
fn child_argument() -> Option<String> {
    let args: Vec<String> = env::args().collect();
    match args.as_slice() {
        [_, role, job] if role == "child" => Some(job.clone()),
        [_] => None,
        _ => panic!("usage: <program> [child finish|abort|hang]"),
    }
}

/// Starts `<program> child <job>` and returns once the child has said "started", so the
/// parent's clock starts when the child runs, and a slow start is not taken for a hang.
fn start_child(job: &str) -> Child {
    let me = env::current_exe().expect("this program's path is known");
    let mut child = Command::new(me)
        .args(["child", job])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the child starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let mut started = String::new();
    stdout
        .read_line(&mut started)
        .expect("the child says it started");
    child
}

// ANCHOR: main
// The child's three jobs: one finishes, one crashes the whole process, one never ends.
fn child(job: &str) {
    println!("started"); // tells the parent it is running
    match job {
        "finish" => {}                    // returns from main: exit code 0
        "abort" => std::process::abort(), // no thread survives this: it ends the process
        "hang" => loop {
            thread::sleep(Duration::from_secs(1));
        },
        _ => panic!("unknown job {job}"),
    }
}

fn main() {
    if let Some(job) = child_argument() {
        return child(&job);
    }
    for job in ["finish", "abort", "hang"] {
        let mut child = start_child(job);
        let still_running = !ended_within(&mut child, Duration::from_secs(1));
        if still_running {
            child.kill().expect("the child can be killed"); // no thread can do this to a thread
        }
        let status = child.wait().expect("the child is reaped");
        println!("child {job:<6}: {}", describe(status, still_running));
    }
    println!("parent: still running, all three children accounted for");
}
// ANCHOR_END: main

/// Asks the child every 10 ms whether it has ended, for up to `limit`.
fn ended_within(child: &mut Child, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if child.try_wait().expect("the child can be asked").is_some() {
            return true;
        }
        thread::sleep(Duration::from_millis(10));
    }
    false
}

/// How the child ended, in words: its exit code, or the signal that ended it.
fn describe(status: ExitStatus, killed: bool) -> String {
    let how = match (status.code(), signal(status)) {
        (Some(code), _) => format!("exited with code {code}"),
        (None, Some(signal)) => format!("ended by signal {signal}"),
        (None, None) => "ended without an exit code".to_string(),
    };
    let killed = if killed { ", killed by the parent" } else { "" };
    format!("{how}{killed}")
}

// Which signal ended the child: a Unix notion, so other systems report none.
#[cfg(unix)]
fn signal(status: ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(&status)
}
#[cfg(not(unix))]
fn signal(_: ExitStatus) -> Option<i32> {
    None
}
