use std::time::Duration;

// ANCHOR: main
async fn fetch(id: u32) -> String {
    tokio::time::sleep(Duration::from_millis(10)).await; // waits without blocking the thread
    format!("page {id}")
}

#[tokio::main]
async fn main() {
    let future = fetch(1); // like calling an `async def`: nothing has run yet
    println!("{}", future.await);

    let handle = tokio::spawn(fetch(2)); // like asyncio.create_task: it runs on its own
    let page = handle.await.expect("the task does not panic");
    println!("{page}");
}
// ANCHOR_END: main
