use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

const WORKERS: usize = 2;
const TIMEOUT: Duration = Duration::from_millis(200);

// Besides real work, a job can ask its worker to misbehave, so every fault can be shown.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Task {
    CountPrimes { below: u64 },
    Panic,
    Abort,
    Hang,
}

#[derive(Serialize, Deserialize)]
struct Job {
    id: usize,
    task: Task,
}

// `id` is None when the worker could not even read the job's id.
#[derive(Serialize, Deserialize)]
struct Reply {
    id: Option<usize>,
    outcome: Result<usize, String>,
}

fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

fn worker() {
    watch_parent();
    let mut stdout = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("the parent sends text");
        let reply = match serde_json::from_str::<Job>(&line) {
            Ok(job) => Reply {
                id: Some(job.id),
                outcome: Ok(run(job)),
            },
            // A bad message fails its own job, not the worker: answer and carry on.
            Err(e) => Reply {
                id: serde_json::from_str::<serde_json::Value>(&line)
                    .ok()
                    .and_then(|value| value["id"].as_u64())
                    .map(|id| id as usize),
                outcome: Err(format!("malformed job: {e}")),
            },
        };
        let json = serde_json::to_string(&reply).expect("a reply serializes");
        writeln!(stdout, "{json}").expect("the parent is reading");
    }
}

// Three kinds of job never return: that is the point of them.
fn run(job: Job) -> usize {
    match job.task {
        Task::CountPrimes { below } => (0..below).filter(|&n| is_prime(n)).count(),
        Task::Panic => panic!("job {} asked its worker to panic", job.id),
        Task::Abort => std::process::abort(),
        Task::Hang => loop {
            thread::sleep(Duration::from_secs(3600));
        },
    }
}

// If the parent dies without killing us (a crash, `kill -9`), we must not run on as an orphan:
// a watchdog thread sees the parent change and ends the worker, even in the middle of a hang.
fn watch_parent() {
    let parent = std::os::unix::process::parent_id();
    thread::spawn(move || {
        loop {
            thread::sleep(Duration::from_millis(100));
            if std::os::unix::process::parent_id() != parent {
                std::process::exit(1);
            }
        }
    });
}

// The parent's handle on one worker. Replies arrive through a thread and a channel,
// so the parent can wait for one with a timeout (a pipe read alone has none).
struct Worker {
    child: Child,
    to_child: ChildStdin,
    replies: Receiver<String>,
    reader: JoinHandle<()>,
}

fn start_worker(exe: &Path) -> Worker {
    let mut child = Command::new(exe)
        .arg("worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("our own binary starts");
    let to_child = child.stdin.take().expect("stdin was piped");
    let from_child = BufReader::new(child.stdout.take().expect("stdout was piped"));
    let (tx, replies) = mpsc::channel();
    // The thread ends when the worker's stdout closes: when the worker exits or is killed.
    let reader = thread::spawn(move || {
        for line in from_child.lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    Worker {
        child,
        to_child,
        replies,
        reader,
    }
}

// Reap the worker (no zombie left behind) and its reader thread; say how it ended.
fn retire(mut worker: Worker, kill: bool) -> ExitStatus {
    if kill {
        worker.child.kill().expect("kill a child we own");
    }
    drop(worker.to_child); // EOF: a healthy worker's loop ends and it exits
    let status = worker.child.wait().expect("the worker was started");
    worker
        .reader
        .join()
        .expect("the reader thread does not panic");
    status
}

fn describe(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit code {code}"),
        (None, Some(signal)) => format!("signal {signal}"),
        (None, None) => format!("{status}"),
    }
}

// ANCHOR: supervise
// As in Listing 8-1, except that a job whose worker died or hung goes back in the queue once.
type Queue = Arc<Mutex<VecDeque<(usize, String, u32)>>>; // (id, line, attempt)
const ATTEMPTS: u32 = 2;

fn supervise(
    exe: PathBuf,
    jobs: Queue,
    report: mpsc::Sender<(usize, Result<usize, String>)>,
) -> usize {
    let mut worker = start_worker(&exe);
    let mut replaced = 0;
    loop {
        let next = jobs.lock().expect("no supervisor panicked").pop_front();
        let Some((id, line, attempt)) = next else {
            break;
        };
        let sent = worker.to_child.write_all(format!("{line}\n").as_bytes());
        let answer = match sent {
            Ok(()) => worker.replies.recv_timeout(TIMEOUT),
            Err(_) => Err(RecvTimeoutError::Disconnected),
        };
        let outcome = match answer {
            Ok(answer) => {
                let reply: Reply = serde_json::from_str(&answer).expect("workers send replies");
                reply.outcome // a malformed job is not retried: it would fail the same way
            }
            Err(fault) => {
                let timed_out = fault == RecvTimeoutError::Timeout;
                let dead = std::mem::replace(&mut worker, start_worker(&exe));
                replaced += 1;
                let status = describe(retire(dead, timed_out));
                let reason = if timed_out {
                    format!("no answer in {TIMEOUT:?}; worker killed ({status}), replaced")
                } else {
                    format!("worker died ({status}), replaced")
                };
                if attempt < ATTEMPTS {
                    // Back of the queue: this supervisor, or another, picks it up again.
                    let retry = (id, line, attempt + 1);
                    jobs.lock()
                        .expect("no supervisor panicked")
                        .push_back(retry);
                    continue;
                }
                Err(format!("attempt {attempt} of {ATTEMPTS}: {reason}"))
            }
        };
        report.send((id, outcome)).expect("main is collecting");
    }
    let status = retire(worker, false);
    assert!(
        status.success(),
        "a worker ended badly at shutdown: {status}"
    );
    replaced
}
// ANCHOR_END: supervise

fn main() {
    if std::env::args().nth(1).as_deref() == Some("worker") {
        return worker();
    }
    let count = |below| Task::CountPrimes { below };
    let line = |id, task| serde_json::to_string(&Job { id, task }).expect("a job serializes");
    let lines = vec![
        line(0, count(1_000)),
        line(1, Task::Panic),
        line(2, count(2_000)),
        line(3, Task::Hang),
        line(4, count(3_000)),
        line(5, Task::Abort),
        // Not a valid Job: a string where a number belongs.
        r#"{"id":6,"task":{"count_primes":{"below":"lots"}}}"#.to_string(),
        line(7, count(4_000)),
    ];
    let job_count = lines.len();
    let jobs: VecDeque<_> = lines
        .into_iter()
        .enumerate()
        .map(|(id, line)| (id, line, 1))
        .collect();

    // Looked up once, before any worker starts: if the program's file is rebuilt or replaced
    // while we run, looking it up again later could name a different file, or none.
    let exe = std::env::current_exe().expect("a running program knows its path");
    let queue = Arc::new(Mutex::new(jobs));
    let (report_tx, report_rx) = mpsc::channel();
    let supervisors: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (exe, queue, report) = (exe.clone(), Arc::clone(&queue), report_tx.clone());
            thread::spawn(move || supervise(exe, queue, report))
        })
        .collect();
    drop(report_tx);
    let mut outcomes = BTreeMap::new(); // sorted by job id: the output does not depend on timing
    for (id, outcome) in report_rx {
        assert!(
            outcomes.insert(id, outcome).is_none(),
            "job {id} reported twice"
        );
    }
    let replaced: usize = supervisors
        .into_iter()
        .map(|s| s.join().expect("supervisor"))
        .sum();

    assert_eq!(outcomes.len(), job_count, "every job accounted for");
    for (id, outcome) in &outcomes {
        match outcome {
            Ok(primes) => println!("job {id}: done, {primes} primes"),
            Err(reason) => println!("job {id}: failed: {reason}"),
        }
    }
    let failed = outcomes.values().filter(|outcome| outcome.is_err()).count();
    println!(
        "jobs: {job_count}, done: {}, failed: {failed}",
        job_count - failed
    );
    println!("workers started: {WORKERS} + {replaced} replacements");
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
