//! The tool re-executes itself as a child process: `measure --child <role> [args]`.
//! Each role is what one kind of measurement needs a child to do.

use crate::bench::{MemSample, collatz_range};
use crate::sys;
use std::io::{BufRead, Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub fn run(role: &str, args: &[String]) {
    let arg = |i: usize| -> u64 {
        args.get(i)
            .and_then(|a| a.parse().ok())
            .expect("child: numeric argument")
    };
    match role {
        // Spawn + join: start and exit, nothing else.
        "noop" => {}
        // Idle memory: say "ready", then sleep until the parent closes our stdin.
        "sleep" => {
            let mut out = std::io::stdout().lock();
            out.write_all(b"r").expect("child: write ready");
            out.flush().expect("child: flush ready");
            let mut sink = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut sink)
                .expect("child: read stdin");
        }
        // Hand-off: echo every byte back until stdin closes.
        "echo" => {
            let mut input = std::io::stdin().lock();
            let mut out = std::io::stdout().lock();
            let mut byte = [0u8; 1];
            while input.read_exact(&mut byte).is_ok() {
                out.write_all(&byte).expect("child: echo");
                out.flush().expect("child: flush echo");
            }
        }
        // CPU-bound: for each chunk "lo hi" on stdin, its total steps on stdout, until EOF.
        "cpu" => {
            let mut out = std::io::stdout().lock();
            for line in std::io::stdin().lock().lines() {
                let line = line.expect("child: read a chunk");
                let (lo, hi) = line.split_once(' ').expect("child: \"lo hi\"");
                let lo = lo.parse().expect("child: lo");
                let hi = hi.parse().expect("child: hi");
                writeln!(out, "{}", collatz_range(lo, hi)).expect("child: answer");
                out.flush().expect("child: flush answer");
            }
        }
        "mem-tasks" => print_json(&idle_tasks(arg(0) as usize)),
        "mem-threads" => print_json(&idle_threads(arg(0) as usize)),
        other => panic!("unknown child role {other}"),
    }
}

fn print_json(sample: &MemSample) {
    println!(
        "{}",
        serde_json::to_string(sample).expect("child: serialize")
    );
}

/// Readings of this process (and the kernel) before and after units were made.
struct Readings {
    rss: f64,
    virt: f64,
    kernel: f64,
}

impl Readings {
    fn now() -> Readings {
        Readings {
            rss: sys::status("self", "VmRSS"),
            virt: sys::status("self", "VmSize"),
            kernel: sys::kernel_bytes(),
        }
    }

    fn since(self, count: usize, alive: usize, error: Option<String>) -> MemSample {
        let after = Readings::now();
        MemSample {
            count,
            alive,
            rss: after.rss - self.rss,
            virt: after.virt - self.virt,
            kernel: after.kernel - self.kernel,
            pss: None,
            error,
        }
    }
}

/// 10,000 tasks waiting on an hour-long sleep, in a fresh process (so no freed memory is reused).
fn idle_tasks(count: usize) -> MemSample {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("child: runtime");
    rt.block_on(async {
        let before = Readings::now();
        for _ in 0..count {
            // The JoinHandle is dropped: the task lives on, detached; only the task is counted.
            tokio::spawn(tokio::time::sleep(Duration::from_secs(3600)));
        }
        // Our own short sleep lets every task run once and register its timer.
        tokio::time::sleep(Duration::from_millis(50)).await;
        before.since(count, count, None)
    })
}

/// 10,000 threads, each asleep, with Rust's default stack size (2 MiB reserved).
fn idle_threads(count: usize) -> MemSample {
    let started = Arc::new(AtomicUsize::new(0));
    let before = Readings::now();
    let mut spawned = 0;
    let mut error = None;
    for _ in 0..count {
        let started = Arc::clone(&started);
        let result = std::thread::Builder::new().spawn(move || {
            started.fetch_add(1, Ordering::SeqCst);
            loop {
                std::thread::sleep(Duration::from_secs(3600));
            }
        });
        match result {
            Ok(_) => spawned += 1,
            Err(e) => {
                error = Some(format!("only {spawned} of {count} threads: {e}"));
                break;
            }
        }
    }
    while started.load(Ordering::SeqCst) < spawned {
        std::thread::sleep(Duration::from_millis(1));
    }
    std::thread::sleep(Duration::from_millis(50)); // let the counters settle
    // The sleeping threads end with the process, after the parent has read the figures.
    before.since(count, spawned, error)
}
