use std::env;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
// The child's three jobs: one finishes, one crashes the whole process, one never ends.
fn child(job: &str) {
    println!("started");
    match job {
        "finish" => println!("done"),
        "abort" => std::process::abort(), // no thread survives this: it ends the process
        "hang" => loop {
            thread::sleep(Duration::from_secs(1));
        },
        _ => panic!("unknown job {job}"),
    }
}

// Waits up to `deadline` for the child, then kills it: something no thread can do to a thread.
fn wait_or_kill(child: &mut Child, deadline: Duration) -> (ExitStatus, bool) {
    let start = Instant::now();
    while start.elapsed() < deadline {
        if let Some(status) = child.try_wait().expect("the child can be polled") {
            return (status, false);
        }
        thread::sleep(Duration::from_millis(10));
    }
    child.kill().expect("the child can be killed");
    (child.wait().expect("the child is reaped"), true)
}

fn main() {
    let args: Vec<String> = env::args().collect();
    if let [_, role, job] = args.as_slice() {
        assert_eq!(role, "child", "usage: <program> [child finish|abort|hang]");
        return child(job);
    }

    let me = env::current_exe().expect("this program's path is known");
    for job in ["finish", "abort", "hang"] {
        let mut command = Command::new(&me);
        command.args(["child", job]).stdout(Stdio::piped());
        let mut child = command.spawn().expect("the child starts");
        // The clock starts once the child speaks, so a slow start is not taken for a hang.
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let mut started = String::new();
        stdout
            .read_line(&mut started)
            .expect("the child says it started");
        let (status, killed) = wait_or_kill(&mut child, Duration::from_millis(300));
        let how = match (status.code(), signal(status)) {
            (Some(code), _) => format!("exited with code {code}"),
            (None, Some(signal)) => format!("ended by signal {signal}"),
            (None, None) => "ended without an exit code".to_string(),
        };
        let killed = if killed { ", killed by the parent" } else { "" };
        println!("child {job:<6}: {how}{killed}");
    }
    println!("parent: still running, all three children accounted for");
}
// ANCHOR_END: main

// Which signal ended the child: a Unix notion, so other systems report none.
#[cfg(unix)]
fn signal(status: ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(&status)
}
#[cfg(not(unix))]
fn signal(_: ExitStatus) -> Option<i32> {
    None
}
