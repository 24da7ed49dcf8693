use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

const BELOW: u64 = 100_000;
const CHUNK: u64 = 5_000;

fn main() {
    if std::env::args().nth(1).as_deref() == Some("worker") {
        return worker();
    }
    // ANCHOR: main
    // 1. One thread: the baseline.
    let one_thread = count_primes(0, BELOW);

    // 2. rayon: threads in this process, splitting the range between them.
    let with_rayon = (0..BELOW).into_par_iter().filter(|&n| is_prime(n)).count();

    // 3. The process pool of Listing 7-3: the range cut into jobs, sent to worker processes.
    let jobs: Vec<Job> = (0..BELOW / CHUNK)
        .map(|i| Job {
            id: i as usize,
            from: i * CHUNK,
            to: (i + 1) * CHUNK,
        })
        .collect();
    let workers = thread::available_parallelism().map_or(2, |n| n.get());
    let replies = pool(jobs.clone(), workers);
    assert_eq!(replies.len(), jobs.len(), "every job answered once");
    let with_processes: usize = replies.iter().map(|reply| reply.primes).sum();
    // ANCHOR_END: main

    assert_eq!(with_rayon, one_thread, "rayon agrees with one thread");
    assert_eq!(
        with_processes, one_thread,
        "the process pool agrees with one thread"
    );
    println!("one thread:   {one_thread} primes below {BELOW}");
    println!("rayon:        {with_rayon} primes below {BELOW}");
    println!(
        "process pool: {with_processes} primes below {BELOW}, {} jobs",
        jobs.len()
    );
    println!("children left: {}", children_left());
}

// Everything below is Listing 7-3, with its `main` turned into `pool`.
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

fn count_primes(from: u64, to: u64) -> usize {
    (from..to).filter(|&n| is_prime(n)).count()
}

fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

fn worker() {
    let mut stdout = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let job: Job = serde_json::from_str(&line.expect("text")).expect("a job");
        let reply = Reply {
            id: job.id,
            primes: count_primes(job.from, job.to),
        };
        let json = serde_json::to_string(&reply).expect("a reply serializes");
        writeln!(stdout, "{json}").expect("the parent is reading");
    }
}

fn pool(jobs: Vec<Job>, workers: usize) -> Vec<Reply> {
    // Looked up once, before any worker starts: if the program's file is rebuilt or replaced
    // while we run, looking it up again later could name a different file, or none.
    let exe = std::env::current_exe().expect("a running program knows its path");
    let queue = Arc::new(Mutex::new(jobs.into_iter()));
    let (results_tx, results_rx) = mpsc::channel();
    let drivers: Vec<_> = (0..workers)
        .map(|_| {
            let (exe, queue, results) = (exe.clone(), Arc::clone(&queue), results_tx.clone());
            thread::spawn(move || drive(exe, queue, results))
        })
        .collect();
    drop(results_tx);
    let mut replies: Vec<Reply> = results_rx.iter().collect();
    for driver in drivers {
        driver.join().expect("a driver thread panicked");
    }
    replies.sort_by_key(|reply| reply.id);
    replies
}

fn drive(exe: PathBuf, jobs: Arc<Mutex<std::vec::IntoIter<Job>>>, results: mpsc::Sender<Reply>) {
    let mut child = Command::new(exe)
        .arg("worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("our own binary starts");
    let mut to_child = child.stdin.take().expect("stdin was piped");
    let mut from_child = BufReader::new(child.stdout.take().expect("stdout was piped")).lines();
    loop {
        let next = jobs.lock().expect("no driver panicked").next();
        let Some(job) = next else { break };
        let line = serde_json::to_string(&job).expect("a job serializes") + "\n";
        to_child
            .write_all(line.as_bytes())
            .expect("the worker is alive");
        let answer = from_child
            .next()
            .expect("the worker answers")
            .expect("text");
        results
            .send(serde_json::from_str(&answer).expect("a reply"))
            .expect("main waits");
    }
    drop(to_child);
    let status = child.wait().expect("the worker was started");
    assert!(status.success(), "worker ended with {status}");
}

fn children_left() -> usize {
    let me = std::process::id().to_string();
    let entries = std::fs::read_dir("/proc").expect("this check reads Linux's /proc");
    entries
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path().join("stat")).ok())
        .filter(|stat| {
            stat.rsplit(')')
                .next()
                .and_then(|rest| rest.split_whitespace().nth(1))
                == Some(&me)
        })
        .count()
}
