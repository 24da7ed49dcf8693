use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

// ANCHOR: main
fn main() {
    // No `kill` for threads: the worker is asked to stop, and checks between rounds of work.
    let stop = Arc::new(AtomicBool::new(false));
    let worker = {
        let stop = Arc::clone(&stop);
        thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                thread::sleep(Duration::from_millis(10)); // one round of "work"
            }
        })
    };

    thread::sleep(Duration::from_millis(100));
    stop.store(true, Ordering::Relaxed);
    worker.join().expect("the worker does not panic");
    println!("parent: set the stop flag after 100 ms");
    println!("worker: saw it between two rounds and returned; joined");
}
// ANCHOR_END: main
