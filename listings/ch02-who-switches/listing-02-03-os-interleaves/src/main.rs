use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering::Relaxed};
use std::thread;

const EACH: usize = 500_000;

// ANCHOR: main
fn main() {
    // A shared log: each push takes the next free slot, so the log's order is the run's order.
    // Atomics (chapter 0) let both threads write without a lock; Relaxed is enough for a log.
    let next = AtomicUsize::new(0);
    let log: Vec<AtomicU8> = (0..2 * EACH).map(|_| AtomicU8::new(0)).collect();

    thread::scope(|s| {
        for letter in [b'A', b'B'] {
            let (next, log) = (&next, &log);
            // Neither thread sleeps, yields or awaits: any switching is the OS's doing.
            s.spawn(move || {
                for _ in 0..EACH {
                    log[next.fetch_add(1, Relaxed)].store(letter, Relaxed);
                }
            });
        }
    });
    report(&log);
}
// ANCHOR_END: main

/// Checks every push arrived, then prints how often the log switched letters and a sample.
fn report(log: &[AtomicU8]) {
    let log: Vec<char> = log.iter().map(|slot| slot.load(Relaxed) as char).collect();
    let count = |c| log.iter().filter(|&&l| l == c).count();
    assert_eq!((count('A'), count('B')), (EACH, EACH), "every push arrived");

    let switches = log.windows(2).filter(|w| w[0] != w[1]).count();
    let strip: String = (0..64).map(|i| log[i * log.len() / 64]).collect();
    println!("{} pushes, {EACH} from each thread", log.len());
    println!("the log switched between A and B {switches} times");
    println!("every 15625th entry: {strip}");
}
