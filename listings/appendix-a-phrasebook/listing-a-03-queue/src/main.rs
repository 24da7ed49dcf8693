use std::sync::mpsc;
use std::thread;

// ANCHOR: main
fn main() {
    // queue.Queue(maxsize=2): `send` blocks while two items wait unread.
    let (tx, rx) = mpsc::sync_channel(2);
    let producer = thread::spawn(move || {
        for job in 1..=5 {
            tx.send(job).expect("the consumer is still there");
        }
        // Dropping `tx` ends the consumer's loop: no sentinel `None`, no `task_done()`.
    });
    let mut total = 0;
    for job in rx {
        total += job;
    }
    producer.join().expect("the producer did not panic");
    println!("consumed jobs 1 to 5, total {total}");
}
// ANCHOR_END: main
