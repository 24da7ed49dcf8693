// ANCHOR: all
async fn greet(name: &str) {
    println!("{name}: body runs");
}

// One thread, like asyncio's event loop: the order of the lines is the point.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let future = greet("awaited");
    println!("main: future created, nothing ran");
    future.await;
    println!("main: after .await");

    let handle = tokio::spawn(greet("spawned"));
    println!("main: task spawned");
    handle.await.expect("the task does not panic");
    println!("main: after awaiting the task");
}
// ANCHOR_END: all
