use std::time::Duration;
use tokio::sync::oneshot;

// ANCHOR: main
/// Searches for a number that isn't there, so only the caller leaving can stop it.
fn search_forever(tx: oneshot::Sender<u64>) {
    for candidate in 0u64.. {
        // A check costs little, and every 10,000 candidates is often enough to stop promptly.
        if candidate % 10_000 == 0 && tx.is_closed() {
            return;
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (tx, rx) = oneshot::channel::<u64>();
    let (stopped_tx, stopped_rx) = oneshot::channel();
    rayon::spawn(move || {
        search_forever(tx);
        let _ = stopped_tx.send(());
    });

    // Dropping `rx` when the deadline passes is what closes the channel for the job.
    let answer = tokio::time::timeout(Duration::from_millis(20), rx).await;
    println!("caller: {answer:?}");
    stopped_rx.await.expect("the job reports when it stops");
    println!("rayon job: the caller left, so it stopped");
}
// ANCHOR_END: main
