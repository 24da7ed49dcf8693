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
// A job's deadline. Its clock starts once the worker has said it is ready, so a slow start on a
// busy machine is not mistaken for a hang.
const TIMEOUT: Duration = Duration::from_millis(500);
// How long a fresh worker may take to start before the pool gives up (a broken binary, say).
const START_TIMEOUT: Duration = Duration::from_secs(30);
const MEMORY_LIMIT_MIB: usize = 256;

// Besides real work, a job can ask its worker to misbehave, so every fault can be shown.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Task {
    CountPrimes { below: u64 },
    Panic,
    Abort,
    Hang,
    OverflowStack,
    Segfault,
    Allocate { mib: usize },
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

// Six kinds of job never return: that is the point of them.
fn run(job: Job) -> usize {
    match job.task {
        Task::CountPrimes { below } => (0..below).filter(|&n| is_prime(n)).count(),
        Task::Panic => panic!("job {} asked its worker to panic", job.id),
        Task::Abort => std::process::abort(),
        Task::Hang => loop {
            thread::sleep(Duration::from_secs(3600));
        },
        Task::OverflowStack => recurse(0),
        // A write to address 0: what a bug in C code behind FFI does to a process.
        Task::Segfault => unsafe {
            std::ptr::null_mut::<u8>().write_volatile(1);
            unreachable!("address 0 is never mapped on Linux")
        },
        Task::Allocate { mib } => vec![1u8; mib << 20].len() >> 20,
    }
}

// Each call keeps 1 KiB on the stack, and none returns until the 8 MiB stack runs out.
fn recurse(depth: usize) -> usize {
    let frame = std::hint::black_box([depth; 128]);
    if depth == usize::MAX {
        return 0;
    }
    recurse(depth + 1) + frame[0]
}

fn worker() {
    watch_parent();
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "ready").expect("the parent is reading"); // start the job clock now
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
    let mut child = spawn_limited(exe);
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
    // Wait until it is up, so that no job's deadline pays for a worker's start-up.
    let hello = replies.recv_timeout(START_TIMEOUT);
    assert_eq!(hello.as_deref(), Ok("ready"), "a fresh worker starts");
    Worker {
        child,
        to_child,
        replies,
        reader,
    }
}

// This program again, in the worker role, with pipes to its stdin and stdout, under a memory
// limit that binds the worker alone (the `ulimit -v` of Listing 7-5, in KiB).
fn spawn_limited(exe: &Path) -> Child {
    let script = format!("ulimit -v {} && exec \"$0\" worker", MEMORY_LIMIT_MIB << 10);
    Command::new("sh")
        .args(["-c", &script])
        .arg(exe)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("sh starts")
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

// As in Listing 8-1, but a job can go back in: (id, line, attempt).
type Queue = Arc<Mutex<VecDeque<(usize, String, u32)>>>;
const ATTEMPTS: u32 = 2;
type Report = mpsc::Sender<(usize, Result<usize, String>)>;

// The lock is taken and released here: a `while let` would hold it for the whole loop body.
fn next_job(jobs: &Queue) -> Option<(usize, String, u32)> {
    jobs.lock().expect("no supervisor panicked").pop_front()
}

// As in Listing 8-1, except that a job whose worker died or hung goes back in the queue once.
fn supervise(exe: PathBuf, jobs: Queue, report: Report) -> usize {
    let mut worker = start_worker(&exe);
    let mut replaced = 0;
    while let Some((id, line, attempt)) = next_job(&jobs) {
        let answer = match writeln!(worker.to_child, "{line}") {
            Ok(()) => worker.replies.recv_timeout(TIMEOUT),
            Err(_) => Err(RecvTimeoutError::Disconnected), // the pipe is gone, so is the worker
        };
        // ANCHOR: retry
        let outcome = match answer {
            Ok(answer) => {
                let reply: Reply = serde_json::from_str(&answer).expect("workers send replies");
                assert!(reply.id.is_none_or(|n| n == id), "one job in flight");
                reply.outcome // a malformed job is not retried: it would fail the same way
            }
            Err(fault) => {
                let hung = fault == RecvTimeoutError::Timeout;
                let old = std::mem::replace(&mut worker, start_worker(&exe));
                replaced += 1;
                let status = describe(retire(old, hung));
                let reason = if hung {
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
        // ANCHOR_END: retry
        report.send((id, outcome)).expect("main is collecting");
    }
    assert!(retire(worker, false).success(), "a clean shutdown");
    replaced
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("worker") {
        return worker();
    }
    let count = |below| Task::CountPrimes { below };
    let line = |id, task| serde_json::to_string(&Job { id, task }).expect("a job serializes");
    let lines = vec![
        ("count", line(0, count(1_000))),
        ("panic", line(1, Task::Panic)),
        ("count", line(2, count(2_000))),
        ("hang", line(3, Task::Hang)),
        ("count", line(4, count(3_000))),
        ("abort", line(5, Task::Abort)),
        // Not a valid Job: a string where a number belongs.
        (
            "malformed",
            r#"{"id":6,"task":{"count_primes":{"below":"lots"}}}"#.to_string(),
        ),
        ("overflow stack", line(7, Task::OverflowStack)),
        ("segfault", line(8, Task::Segfault)),
        ("allocate 1 GiB", line(9, Task::Allocate { mib: 1024 })),
        ("count", line(10, count(4_000))),
    ];
    let kinds: Vec<&str> = lines.iter().map(|(kind, _)| *kind).collect();
    let job_count = lines.len();
    let jobs: VecDeque<_> = lines
        .into_iter()
        .enumerate()
        .map(|(id, (_, line))| (id, line, 1))
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
        let kind = kinds[*id];
        match outcome {
            Ok(n) if kind == "count" => println!("job {id} ({kind}): done, {n} primes"),
            Ok(n) => println!("job {id} ({kind}): done, {n}"),
            Err(reason) => println!("job {id} ({kind}): failed: {reason}"),
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
