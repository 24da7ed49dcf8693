use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::runtime::{Builder, Runtime};

// ANCHOR: partner
/// Arrives, then spins (never reaching an `.await`) until the other task is here too.
/// Returns whether it saw its partner while it was itself still running.
async fn wait_for_partner(present: Arc<AtomicUsize>, patience: Duration) -> bool {
    present.fetch_add(1, Ordering::SeqCst);
    let start = Instant::now();
    while present.load(Ordering::SeqCst) < 2 {
        if start.elapsed() > patience {
            present.fetch_sub(1, Ordering::SeqCst); // leaves, so a later arrival finds no one
            return false; // gave up: the partner never ran while we did
        }
        std::hint::spin_loop();
    }
    true
}

/// Whether each of the two tasks saw the other running: (first, second).
fn both_ran_at_once(runtime: &Runtime, patience: Duration) -> (bool, bool) {
    runtime.block_on(async {
        let present = Arc::new(AtomicUsize::new(0));
        let first = tokio::spawn(wait_for_partner(Arc::clone(&present), patience));
        let second = tokio::spawn(wait_for_partner(present, patience));
        let first_met = first.await.expect("task does not panic");
        (first_met, second.await.expect("task does not panic"))
    })
}
// ANCHOR_END: partner

// ANCHOR: main
fn main() {
    // One thread: the spin can never succeed, so a short patience is enough to show it.
    let one_thread = Builder::new_current_thread()
        .build()
        .expect("runtime starts");
    let met = both_ran_at_once(&one_thread, Duration::from_millis(50));
    println!("current_thread: did each task see the other running? {met:?}");
    assert_eq!(met, (false, false), "one thread runs one task at a time");

    // What #[tokio::main] builds by default, with two workers whatever the number of cores.
    let two_workers = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("runtime starts");
    let met = both_ran_at_once(&two_workers, Duration::from_secs(10));
    println!("multi_thread:   did each task see the other running? {met:?}");
    assert_eq!(met, (true, true), "two workers run two tasks at once");
}
// ANCHOR_END: main
