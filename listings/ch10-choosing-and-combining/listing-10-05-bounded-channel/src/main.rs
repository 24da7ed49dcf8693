use tokio::sync::mpsc;

const ITEMS: u32 = 1_000;

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    // A bounded channel: `send` waits while 8 items sit unread.
    let (tx, mut rx) = mpsc::channel(8);
    tokio::spawn(async move {
        for item in 0..ITEMS {
            tx.send(item).await.expect("the consumer is still there");
        }
    });
    let mut most = 0;
    loop {
        tokio::task::yield_now().await; // a consumer slower than the producer
        most = most.max(rx.len());
        if rx.recv().await.is_none() {
            break; // the producer is done and dropped its sender
        }
    }
    println!("bounded(8): at most {most} items waiting");

    // An unbounded channel: `send` never waits, so nothing slows the producer down.
    let (tx, mut rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        for item in 0..ITEMS {
            tx.send(item).expect("the consumer is still there");
        }
    });
    let mut most = 0;
    loop {
        tokio::task::yield_now().await;
        most = most.max(rx.len());
        if rx.recv().await.is_none() {
            break;
        }
    }
    println!("unbounded: at most {most} items waiting");
}
// ANCHOR_END: main
