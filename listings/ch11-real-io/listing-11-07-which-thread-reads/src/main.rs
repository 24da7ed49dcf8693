use std::thread;

use tokio::runtime::{Builder, Runtime};

/// The thread that read the file: its OS thread id and name.
#[derive(PartialEq)]
struct Reader {
    tid: u32,
    name: String,
}

impl Reader {
    /// `/proc/thread-self/stat` starts "<tid> (<name>) ...".
    fn from_stat(stat: std::io::Result<String>) -> Reader {
        let stat = stat.expect("Linux's /proc/thread-self/stat");
        let (tid, rest) = stat.split_once(" (").expect("<tid> (<name>)");
        let (name, _) = rest.rsplit_once(") ").expect("<tid> (<name>)");
        let tid = tid.parse().expect("a thread id");
        Reader {
            tid,
            name: name.to_string(),
        }
    }
}

// ANCHOR: reads
// Linux answers "which thread is reading me?": this file names the thread that reads it.
const WHO_READS: &str = "/proc/thread-self/stat";

async fn three_reads() -> [Reader; 3] {
    let direct = std::fs::read_to_string(WHO_READS); // blocks the task's thread (briefly, here)
    let tokio_fs = tokio::fs::read_to_string(WHO_READS).await;
    let in_pool = tokio::task::spawn_blocking(|| std::fs::read_to_string(WHO_READS)).await;
    let in_pool = in_pool.expect("the closure does not panic");
    [direct, tokio_fs, in_pool].map(Reader::from_stat)
}
// ANCHOR_END: reads

fn report(title: &str, [task, tokio_fs, in_pool]: [Reader; 3]) {
    println!("{title}");
    for (how, reader) in [
        ("std::fs in the task:      ", &task),
        ("tokio::fs:                ", &tokio_fs),
        ("std::fs in spawn_blocking:", &in_pool),
    ] {
        let whose = if reader.tid == task.tid {
            "the task's own thread"
        } else {
            "another thread"
        };
        println!("  {how} read by {:?}, {whose}", reader.name);
    }
    assert!(
        tokio_fs.tid != task.tid && in_pool.tid != task.tid,
        "both ran off the task's thread"
    );
}

// ANCHOR: main
fn main() {
    // One thread runs the tasks; the threads the runtime starts are its blocking pool.
    let runtime = Builder::new_current_thread()
        .enable_all()
        .thread_name("blocking-pool") // the name of the threads the runtime starts
        .build()
        .expect("a runtime");
    // block_on runs the tasks on the calling thread: a named one, so the OS knows its name too.
    let task_thread = thread::Builder::new().name("task-thread".into());
    let reads = task_thread.spawn(move || runtime.block_on(three_reads()));
    report(
        "current_thread runtime:",
        reads.expect("spawned").join().expect("no panic"),
    );

    // The default runtime, as #[tokio::main] builds it (with two workers).
    let runtime: Runtime = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let reads = runtime.block_on(async { tokio::spawn(three_reads()).await.expect("no panic") });
    report("multi_thread runtime, tokio's default names:", reads);
}
// ANCHOR_END: main
