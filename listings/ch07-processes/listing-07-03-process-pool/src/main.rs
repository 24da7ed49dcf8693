use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Lines, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

const WORKERS: usize = 3;

// ANCHOR: worker
// One JSON object per line, each way: easy to write, to read, and to debug by eye.
#[derive(Clone, Serialize, Deserialize)]
struct Job {
    id: usize,
    from: u64,
    to: u64,
}

#[derive(Serialize, Deserialize)]
struct Reply {
    id: usize,
    primes: usize,
}

// The worker role: read a job, answer it, repeat until stdin closes.
fn worker() {
    let mut stdout = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let job: Job = serde_json::from_str(&line.expect("text")).expect("a job");
        let primes = count_primes(job.from, job.to);
        let json = serde_json::to_string(&Reply { id: job.id, primes }).expect("serializes");
        writeln!(stdout, "{json}").expect("the parent is reading");
    }
}
// ANCHOR_END: worker

fn count_primes(from: u64, to: u64) -> usize {
    (from..to).filter(|&n| is_prime(n)).count()
}

fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

// This program again, in the worker role, with pipes to its stdin and stdout (as in Listing 7-2).
fn start_worker(exe: &Path) -> (Child, ChildStdin, Lines<BufReader<ChildStdout>>) {
    let mut child = Command::new(exe)
        .arg("worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("our own binary starts");
    let to_child = child.stdin.take().expect("stdin was piped");
    let from_child = BufReader::new(child.stdout.take().expect("stdout was piped")).lines();
    (child, to_child, from_child)
}

// ANCHOR: drive
// One thread per worker process: it takes the next job, sends it, waits for the answer.
fn drive(exe: PathBuf, jobs: Arc<Mutex<std::vec::IntoIter<Job>>>, results: mpsc::Sender<Reply>) {
    let (mut child, mut to_child, mut from_child) = start_worker(&exe);
    loop {
        let next = jobs.lock().expect("no driver panicked").next(); // lock released here
        let Some(job) = next else { break };
        let line = serde_json::to_string(&job).expect("a job serializes");
        writeln!(to_child, "{line}").expect("the worker is alive");
        let answer = from_child
            .next()
            .expect("the worker answers")
            .expect("text");
        let reply = serde_json::from_str(&answer).expect("a reply");
        results.send(reply).expect("main waits");
    }
    drop(to_child); // EOF: the worker's loop ends and it exits
    let status = child.wait().expect("the worker was started"); // reaped: no zombie
    assert!(status.success(), "worker ended with {status}");
}
// ANCHOR_END: drive

fn main() {
    if std::env::args().nth(1).as_deref() == Some("worker") {
        return worker();
    }
    let jobs: Vec<Job> = (0..10)
        .map(|id| Job {
            id,
            from: id as u64 * 10_000,
            to: (id as u64 + 1) * 10_000,
        })
        .collect();
    // ANCHOR: main
    // Looked up once, before any worker starts: a later lookup could find the file rebuilt.
    let exe = std::env::current_exe().expect("a running program knows its path");
    let queue = Arc::new(Mutex::new(jobs.clone().into_iter()));
    let (results_tx, results_rx) = mpsc::channel();
    let drivers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (exe, queue, results) = (exe.clone(), Arc::clone(&queue), results_tx.clone());
            thread::spawn(move || drive(exe, queue, results))
        })
        .collect();
    drop(results_tx); // the channel closes when the last driver is done
    let mut replies: Vec<Reply> = results_rx.iter().collect();
    for driver in drivers {
        driver.join().expect("a driver thread panicked");
    }
    replies.sort_by_key(|reply| reply.id); // workers finish in any order; print in job order
    // ANCHOR_END: main

    assert_eq!(replies.len(), jobs.len(), "every job answered once");
    for (job, reply) in jobs.iter().zip(&replies) {
        assert_eq!(job.id, reply.id, "each reply matches its job");
        println!(
            "job {}: {} primes in [{}, {})",
            job.id, reply.primes, job.from, job.to
        );
    }
    let total: usize = replies.iter().map(|reply| reply.primes).sum();
    println!("total: {total} primes below {}", jobs[jobs.len() - 1].to);
    println!("children left: {}", children_left());
}

// Linux: count the processes whose parent is us, zombies included (they are in /proc too).
fn children_left() -> usize {
    let me = std::process::id().to_string();
    let entries = std::fs::read_dir("/proc").expect("this check reads Linux's /proc");
    entries
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path().join("stat")).ok())
        // stat is "pid (name) state ppid ...": the name may hold spaces, so split after ')'
        .filter(|stat| {
            stat.rsplit(')')
                .next()
                .and_then(|rest| rest.split_whitespace().nth(1))
                == Some(&me)
        })
        .count()
}
