use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;

// ANCHOR: main
fn main() {
    // An atomic integer: `fetch_add` reads, adds and writes as one indivisible step.
    let count = AtomicU32::new(0);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..1000 {
                    count.fetch_add(1, Ordering::Relaxed); // a lone counter: Relaxed is enough
                }
            });
        }
    });
    let count = count.into_inner();
    println!("count = {count}");
    assert_eq!(count, 2000, "no update was lost");
}
// ANCHOR_END: main
