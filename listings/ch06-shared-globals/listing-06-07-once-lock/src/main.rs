use std::sync::OnceLock;
use std::time::Duration;

// ANCHOR: global
// `OnceLock` is `Sync`, so Rust accepts it as a global: it can be set once, and only once.
static CURRENT_USER: OnceLock<&str> = OnceLock::new();

async fn handle_request(user: &'static str) {
    if CURRENT_USER.set(user).is_err() {
        println!("{user}: current_user was already set; carrying on");
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    println!("Handled by: {}", CURRENT_USER.get().expect("set above"));
}
// ANCHOR_END: global

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // `biased;`: Alice's future is polled first, so she sets the global.
    tokio::join!(biased; handle_request("Alice"), handle_request("Bob"));
}
