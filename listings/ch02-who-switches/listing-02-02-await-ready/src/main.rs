// ANCHOR: steps
// Returns without ever being pending: `.await` on it gets the value in the same poll.
async fn already_done(i: u32) -> u32 {
    i
}

async fn ready_steps(name: &str) {
    for i in 0..3 {
        let n = already_done(i).await; // ready: the task keeps the thread
        println!("{name} step {n}");
    }
}

async fn yielding_steps(name: &str) {
    for i in 0..3 {
        println!("{name} step {i}");
        tokio::task::yield_now().await; // pending once: the runtime runs another task
    }
}
// ANCHOR_END: steps

// ANCHOR: main
// One thread, like asyncio's event loop, so the order below is the runtime's, not the OS's.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("awaiting futures that are ready:");
    let a = tokio::spawn(ready_steps("A"));
    let b = tokio::spawn(ready_steps("B"));
    a.await.expect("task A finished");
    b.await.expect("task B finished");

    println!("awaiting tokio::task::yield_now():");
    let a = tokio::spawn(yielding_steps("A"));
    let b = tokio::spawn(yielding_steps("B"));
    a.await.expect("task A finished");
    b.await.expect("task B finished");
}
// ANCHOR_END: main
