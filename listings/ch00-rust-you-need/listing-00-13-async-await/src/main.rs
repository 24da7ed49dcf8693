use std::sync::Arc;
use std::time::Duration;
use tokio::runtime::Builder;

// ANCHOR: main
async fn fetch(id: u32) -> String {
    tokio::time::sleep(Duration::from_millis(10)).await; // waits without blocking the thread
    format!("page {id}")
}

fn main() {
    // What `#[tokio::main]` writes for you: build a runtime, then run one future on it.
    let runtime = Builder::new_multi_thread().enable_all().build();
    let runtime = runtime.expect("the runtime starts");
    runtime.block_on(async {
        let future = fetch(1); // like calling an `async def`: nothing has run yet
        println!("{}", future.await);

        let handle = tokio::spawn(fetch(2)); // like asyncio.create_task: it runs on its own
        println!("{}", handle.await.expect("the task does not panic"));

        let site = Arc::new(String::from("example.org"));
        let handle = tokio::spawn({
            let site = Arc::clone(&site); // runs first: a clone for the task
            async move { format!("page 3 of {site}") } // the block's value: the future
        });
        let page = handle.await.expect("the task does not panic");
        println!("{page}; main still has {site}");
    });
}
// ANCHOR_END: main
