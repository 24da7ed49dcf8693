use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::runtime::{Builder, Runtime};

// ANCHOR: partner
/// Arrives, then spins (never reaching an `.await`) until the other task has arrived too.
/// Returns whether it saw its partner while it was itself still running.
async fn wait_for_partner(arrived: Arc<AtomicUsize>, patience: Duration) -> bool {
    arrived.fetch_add(1, Ordering::SeqCst);
    let start = Instant::now();
    while arrived.load(Ordering::SeqCst) < 2 {
        if start.elapsed() > patience {
            return false; // gave up: the partner never ran while we did
        }
        std::hint::spin_loop();
    }
    true
}

fn both_ran_at_once(runtime: &Runtime, patience: Duration) -> bool {
    runtime.block_on(async {
        let arrived = Arc::new(AtomicUsize::new(0));
        let first = tokio::spawn(wait_for_partner(arrived.clone(), patience));
        let second = tokio::spawn(wait_for_partner(arrived, patience));
        let first_met = first.await.expect("task does not panic");
        let second_met = second.await.expect("task does not panic");
        first_met && second_met
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
    println!("current_thread: did each task see the other running? {met}");
    assert!(!met);

    // What #[tokio::main] builds by default, with two workers whatever the number of cores.
    let two_workers = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("runtime starts");
    let met = both_ran_at_once(&two_workers, Duration::from_secs(10));
    println!("multi_thread:   did each task see the other running? {met}");
    assert!(met);
}
// ANCHOR_END: main
