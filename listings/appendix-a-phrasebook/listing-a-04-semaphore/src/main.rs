use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

impl Semaphore {
    fn new(permits: usize) -> Self {
        let free = Mutex::new(permits);
        Semaphore {
            free,
            freed: Condvar::new(),
        }
    }
}

// ANCHOR: semaphore
/// `threading.Semaphore(n)`: a count of free permits, and a `Condvar` to wait for one.
struct Semaphore {
    free: Mutex<usize>,
    freed: Condvar,
}

/// A permit gives itself back when dropped, as `with sem:` does at the end of its block.
struct Permit<'a>(&'a Semaphore);

impl Semaphore {
    fn acquire(&self) -> Permit<'_> {
        let free = self.free.lock().expect("no thread panicked holding it");
        // `Condition.wait_for(predicate)`: sleep, lock released, while no permit is free.
        let mut free = self
            .freed
            .wait_while(free, |free| *free == 0)
            .expect("no panic");
        *free -= 1;
        Permit(self)
    }
}
// ANCHOR_END: semaphore

// ANCHOR: release
impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().expect("no thread panicked holding it") += 1;
        self.0.freed.notify_one(); // wake one waiter, as `Condition.notify()` does
    }
}
// ANCHOR_END: release

// ANCHOR: main
fn main() {
    let permits = Semaphore::new(2);
    let (inside, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
    thread::scope(|s| {
        for _ in 0..6 {
            s.spawn(|| {
                let _permit = permits.acquire(); // held until the end of this closure
                let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                thread::sleep(Duration::from_millis(50));
                inside.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    let most = most.load(Ordering::SeqCst);
    println!("6 threads, 2 permits: at most {most} inside at once");
    assert!(most <= 2, "a permit was handed out twice");
}
// ANCHOR_END: main
