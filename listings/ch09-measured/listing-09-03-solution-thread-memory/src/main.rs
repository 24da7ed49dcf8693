use std::sync::{Arc, Barrier};
use std::thread;

const THREADS: usize = 1_000;

// ANCHOR: solution
/// Growth of (resident, virtual) KiB while `THREADS` threads wait, with the given stack size.
fn while_threads_wait(stack_size: Option<usize>) -> (u64, u64) {
    let (rss, vm) = (status_kib("VmRSS"), status_kib("VmSize"));
    let all_started = Arc::new(Barrier::new(THREADS + 1));
    let release = Arc::new(Barrier::new(THREADS + 1));
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let (all_started, release) = (Arc::clone(&all_started), Arc::clone(&release));
            let mut builder = thread::Builder::new();
            if let Some(size) = stack_size {
                builder = builder.stack_size(size);
            }
            let waiter = move || {
                all_started.wait();
                release.wait(); // asleep in the kernel until main reads the figures
            };
            builder.spawn(waiter).expect("spawn a thread")
        })
        .collect();
    all_started.wait();
    let grown = (status_kib("VmRSS") - rss, status_kib("VmSize") - vm);
    release.wait();
    for handle in handles {
        handle.join().expect("a thread panicked");
    }
    grown
}

fn main() {
    for (label, stack_size) in [("default stack", None), ("64 KiB stack ", Some(64 * 1024))] {
        let (real, virt) = while_threads_wait(stack_size);
        assert!(real > 0 && virt > real, "reserved always exceeds touched");
        let per = |kib: u64| kib as f64 / THREADS as f64;
        println!(
            "{label}: real {:.1} KiB, virtual {:.0} KiB per waiting thread",
            per(real),
            per(virt)
        );
    }
}
// ANCHOR_END: solution

/// A "Key:   1234 kB" line of /proc/self/status, in KiB (Linux only).
fn status_kib(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux's /proc/self/status");
    status
        .lines()
        .find_map(|line| {
            let value = line.strip_prefix(key)?.strip_prefix(':')?;
            value.split_whitespace().next()?.parse().ok()
        })
        .expect("the field is there")
}
