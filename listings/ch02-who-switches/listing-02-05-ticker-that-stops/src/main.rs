use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
use std::time::{Duration, Instant};

static TICKS: AtomicU32 = AtomicU32::new(0);
const PHASE: Duration = Duration::from_millis(100);

// ANCHOR: ticker
async fn ticker() {
    loop {
        TICKS.fetch_add(1, Relaxed);
        tokio::time::sleep(Duration::from_millis(10)).await; // every 10 ms, if it gets the thread
    }
}

// Stands in for CPU work: a loop with no .await in it.
fn compute_for(duration: Duration) {
    let start = Instant::now();
    while start.elapsed() < duration {
        std::hint::spin_loop();
    }
}
// ANCHOR_END: ticker

fn ticks_since(before: u32) -> u32 {
    TICKS.load(Relaxed) - before
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    tokio::spawn(ticker());

    let before = TICKS.load(Relaxed);
    tokio::time::sleep(PHASE).await;
    let awaited = ticks_since(before);
    println!("while main awaited tokio::time::sleep(100 ms): {awaited} ticks");

    let before = TICKS.load(Relaxed);
    std::thread::sleep(PHASE); // blocks the runtime's only thread
    let blocked = ticks_since(before);
    println!("while main called std::thread::sleep(100 ms):  {blocked} ticks");

    let before = TICKS.load(Relaxed);
    compute_for(PHASE); // so does computing without an .await
    let computed = ticks_since(before);
    println!("while main computed for 100 ms:                {computed} ticks");

    assert!(awaited > 0, "the ticker runs while main waits at an .await");
    assert_eq!(
        (blocked, computed),
        (0, 0),
        "nothing else runs while main holds the thread"
    );
}
// ANCHOR_END: main
