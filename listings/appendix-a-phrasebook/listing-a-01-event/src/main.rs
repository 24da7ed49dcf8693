use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

// ANCHOR: event
/// Python's `threading.Event`: a flag that threads can wait on until another thread sets it.
#[derive(Default)]
struct Event {
    is_set: Mutex<bool>,
    changed: Condvar,
}

impl Event {
    fn set(&self) {
        *self.is_set.lock().expect("no thread panicked holding it") = true;
        self.changed.notify_all();
    }

    fn wait(&self) {
        let is_set = self.is_set.lock().expect("no thread panicked holding it");
        // `wait_while` re-checks the flag after every wake-up, and returns at once if already set.
        let _still_locked = self
            .changed
            .wait_while(is_set, |is_set| !*is_set)
            .expect("no thread panicked holding it");
    }
}
// ANCHOR_END: event

// ANCHOR: main
fn main() {
    let ready = Arc::new(Event::default());
    let waiters: Vec<_> = (0..3)
        .map(|id| {
            let ready = Arc::clone(&ready);
            thread::spawn(move || {
                ready.wait();
                id
            })
        })
        .collect();
    thread::sleep(Duration::from_millis(20)); // most waiters reach wait() and sleep meanwhile
    println!("main: set");
    ready.set();
    for waiter in waiters {
        let id = waiter.join().expect("the waiter did not panic");
        println!("waiter {id}: woke up");
    }
}
// ANCHOR_END: main
