use std::thread;

use tokio::runtime::{Builder, Runtime};

/// The name of the thread that read the file: `/proc/thread-self/stat` starts "<tid> (<name>) ...".
fn reader_name(stat: std::io::Result<String>) -> String {
    let stat = stat.expect("Linux's /proc/thread-self/stat");
    let (_tid, rest) = stat.split_once(" (").expect("<tid> (<name>)");
    let (name, _) = rest.rsplit_once(") ").expect("<tid> (<name>)");
    name.to_string()
}

// ANCHOR: reads
// Linux answers "which thread is reading me?": this file names the thread that reads it.
const WHO_READS: &str = "/proc/thread-self/stat";

async fn three_reads() -> [String; 3] {
    let direct = std::fs::read_to_string(WHO_READS); // blocks the task's thread (briefly, here)
    let tokio_fs = tokio::fs::read_to_string(WHO_READS).await;
    let in_pool = tokio::task::spawn_blocking(|| std::fs::read_to_string(WHO_READS)).await;
    let in_pool = in_pool.expect("the closure does not panic");
    [direct, tokio_fs, in_pool].map(reader_name)
}
// ANCHOR_END: reads

fn report(title: &str, readers: &[String; 3]) {
    println!("{title}");
    let hows = [
        "std::fs in the task:      ",
        "tokio::fs:                ",
        "std::fs in spawn_blocking:",
    ];
    for (how, reader) in hows.iter().zip(readers) {
        println!("  {how} read by {reader:?}");
    }
}

// ANCHOR: main
fn main() {
    // One thread runs the tasks; every thread the runtime starts is a blocking-pool thread.
    let runtime = Builder::new_current_thread()
        .enable_all()
        .thread_name("blocking-pool") // the name of the threads the runtime starts
        .build()
        .expect("a runtime");
    // block_on runs the tasks on the calling thread: a named one, so the OS knows its name too.
    let task_thread = thread::Builder::new().name("task-thread".into());
    let reads = task_thread.spawn(move || runtime.block_on(three_reads()));
    let reads = reads.expect("spawned").join().expect("no panic");
    report("current_thread runtime:", &reads);
    assert_eq!(reads, ["task-thread", "blocking-pool", "blocking-pool"]);

    // The default runtime, as #[tokio::main] builds it (with two workers).
    let runtime: Runtime = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let reads = runtime.block_on(async { tokio::spawn(three_reads()).await.expect("no panic") });
    report("multi_thread runtime, tokio's default names:", &reads);
    assert!(reads.iter().all(|name| name == "tokio-rt-worker")); // workers and pool alike
}
// ANCHOR_END: main
