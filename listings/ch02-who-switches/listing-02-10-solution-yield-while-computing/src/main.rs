use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
use std::time::{Duration, Instant};

static TICKS: AtomicU32 = AtomicU32::new(0);

async fn ticker() {
    loop {
        TICKS.fetch_add(1, Relaxed);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

// ANCHOR: compute
// The same 100 ms of work as Listing 2-5, cut into 1 ms slices with a yield between them.
async fn compute_politely(duration: Duration) {
    let start = Instant::now();
    while start.elapsed() < duration {
        let slice = Instant::now();
        while slice.elapsed() < Duration::from_millis(1) {
            std::hint::spin_loop();
        }
        tokio::task::yield_now().await; // lets the ticker run if its timer is due
    }
}
// ANCHOR_END: compute

#[tokio::main(flavor = "current_thread")]
async fn main() {
    tokio::spawn(ticker());
    tokio::task::yield_now().await; // let the ticker start
    let before = TICKS.load(Relaxed);
    compute_politely(Duration::from_millis(100)).await;
    let ticks = TICKS.load(Relaxed) - before;
    println!("while main computed for 100 ms, yielding every 1 ms: {ticks} ticks");
    assert!(ticks > 0, "the ticker got the thread between slices");
}
