use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, DuplexStream};
use tokio::time::{Interval, interval, sleep};

/// A peer that sends one line in two pieces: "hel" at once, "lo\n" 30 ms later.
async fn peer() -> DuplexStream {
    let (mut ours, theirs) = tokio::io::duplex(64);
    ours.write_all(b"hel").await.expect("the reader is there");
    tokio::spawn(async move {
        sleep(Duration::from_millis(30)).await;
        ours.write_all(b"lo\n").await.expect("the reader is there");
    });
    theirs
}

/// A heartbeat: its first tick is ready at once, so it wins the first race.
fn heartbeat() -> Interval {
    interval(Duration::from_millis(10))
}

// ANCHOR: read_line
async fn with_read_line() -> String {
    let mut reader = BufReader::new(peer().await);
    let mut heartbeat = heartbeat();
    loop {
        let mut line = String::new();
        tokio::select! {
            biased; // poll the read first, so that it has taken "hel" when the heartbeat wins
            _ = reader.read_line(&mut line) => return line,
            _ = heartbeat.tick() => {} // the read_line future is dropped here
        }
    }
}
// ANCHOR_END: read_line

// ANCHOR: next_line
async fn with_next_line() -> String {
    let mut lines = BufReader::new(peer().await).lines(); // keeps a partial line between calls
    let mut heartbeat = heartbeat();
    loop {
        tokio::select! {
            biased;
            line = lines.next_line() => return line.expect("no I/O error").expect("a line"),
            _ = heartbeat.tick() => {}
        }
    }
}
// ANCHOR_END: next_line

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let lost = with_read_line().await;
    println!("read_line, cancelled by a heartbeat: {lost:?}");
    let kept = with_next_line().await;
    println!("next_line, cancelled by a heartbeat: {kept:?}");
    assert_eq!((lost.as_str(), kept.as_str()), ("lo\n", "hello"));
}
