use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

// ANCHOR: main
static REQUESTS: AtomicU64 = AtomicU64::new(0);

fn main() {
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..1000 {
                    // One indivisible read-add-write: no lock, and no update lost.
                    REQUESTS.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    // Every thread has been joined, so every add is counted here.
    println!("requests: {}", REQUESTS.load(Ordering::Relaxed));
}
// ANCHOR_END: main
