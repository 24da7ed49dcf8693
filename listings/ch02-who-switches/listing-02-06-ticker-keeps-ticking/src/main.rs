use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
use std::time::{Duration, Instant};

static TICKS: AtomicU32 = AtomicU32::new(0);
const PHASE: Duration = Duration::from_millis(100);

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

fn report(what: &str, before: u32) {
    let ticks = TICKS.load(Relaxed) - before;
    println!("{what:<42} {ticks} ticks");
    assert!(ticks > 0, "the runtime's thread stayed free for the ticker");
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    tokio::spawn(ticker());

    // A blocking call goes to tokio's blocking pool; this task awaits its result.
    let before = TICKS.load(Relaxed);
    tokio::task::spawn_blocking(|| std::thread::sleep(PHASE))
        .await
        .expect("the blocking call finished");
    report("spawn_blocking(std::thread::sleep(100 ms))", before);

    // CPU work goes to rayon's pool; a oneshot channel brings the answer back as a future.
    let before = TICKS.load(Relaxed);
    let (tx, rx) = tokio::sync::oneshot::channel();
    rayon::spawn(move || {
        compute_for(PHASE);
        tx.send("done").expect("main is still waiting");
    });
    let answer = rx.await.expect("rayon sent the answer");
    report(&format!("rayon::spawn(compute 100 ms) -> {answer}"), before);
}
// ANCHOR_END: main
