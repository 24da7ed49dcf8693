use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

static RECEIVED: AtomicU32 = AtomicU32::new(0);

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    for i in 0..300 {
        tx.send(i).expect("receiver is alive");
    }
    drop(tx); // so `recv` returns None after the 300th message

    let a = tokio::spawn(async move {
        // Every recv below finds a message waiting: each .await is on a ready future.
        while rx.recv().await.is_some() {
            RECEIVED.fetch_add(1, Relaxed);
        }
    });
    let b = tokio::spawn(async {
        println!(
            "B got the thread after A received {}",
            RECEIVED.load(Relaxed)
        );
    });
    a.await.expect("task A finished");
    b.await.expect("task B finished");
    println!("A received {} in all", RECEIVED.load(Relaxed));
}
// ANCHOR_END: main
