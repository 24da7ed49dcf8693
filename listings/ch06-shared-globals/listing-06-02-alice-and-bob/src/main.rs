use std::sync::Mutex;
use std::time::Duration;

// Rust won't share a plain `static mut` like Python's global, so it's a `Mutex`:
// that stops two threads touching it at once, not Bob overwriting Alice.
static CURRENT_USER: Mutex<Option<&str>> = Mutex::new(None);

async fn handle_request(user: &'static str) {
    *CURRENT_USER
        .lock()
        .expect("no thread panicked while holding it") = Some(user);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let current = CURRENT_USER
        .lock()
        .expect("no thread panicked while holding it");
    println!("Handled by: {}", current.expect("set above"));
}

// One thread, like asyncio's event loop: the order of the two lines is the point.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    // `biased;`: poll the futures in the order written, Alice's first.
    tokio::join!(biased; handle_request("Alice"), handle_request("Bob"));
}
