use std::time::Duration;
use tokio::task::JoinSet;

// ANCHOR: main
async fn ask_mirror(mirror: u64) -> u64 {
    // Mirrors answer after different delays; mirror 1 is the quickest by far.
    let delay = [300, 10, 200, 100][mirror as usize];
    tokio::time::sleep(Duration::from_millis(delay)).await;
    mirror
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut requests = JoinSet::new();
    for mirror in 0..4 {
        requests.spawn(ask_mirror(mirror));
    }
    // The first request to finish wins ...
    let first = requests.join_next().await.expect("the set is not empty");
    println!(
        "mirror {} answered first",
        first.expect("no request panicked")
    );

    // ... and the others are cancelled, not left running.
    requests.abort_all();
    let (mut cancelled, mut finished) = (0, 0);
    while let Some(result) = requests.join_next().await {
        match result {
            Err(e) if e.is_cancelled() => cancelled += 1,
            Err(e) => panic!("a request failed: {e}"),
            Ok(_) => finished += 1,
        }
    }
    println!("{cancelled} requests cancelled, {finished} finished after the winner");
}
// ANCHOR_END: main
