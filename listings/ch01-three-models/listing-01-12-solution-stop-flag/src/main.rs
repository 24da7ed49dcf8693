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
            let mut rounds = 0;
            while !stop.load(Ordering::Relaxed) {
                thread::sleep(Duration::from_millis(10)); // one round of "work"
                rounds += 1;
            }
            rounds // the worker returns by itself: nothing killed it
        })
    };

    thread::sleep(Duration::from_millis(100));
    stop.store(true, Ordering::Relaxed);
    println!("parent: set the stop flag after 100 ms");
    let rounds = worker.join().expect("the worker does not panic");
    println!("worker: saw it after {rounds} rounds of work and returned; joined");
}
// ANCHOR_END: main
