use std::time::Duration;

// ANCHOR: task_local
tokio::task_local! {
    // One value per task *scope*, like a Python `ContextVar`: set with `.scope`, read with `.get`.
    static CURRENT_USER: &'static str;
}

/// Deep inside the request's code, nobody passed the user in, yet it is the right one.
fn log_line(message: &str) -> String {
    format!("[{}] {message}", CURRENT_USER.get())
}

async fn handle_request() -> String {
    tokio::time::sleep(Duration::from_millis(100)).await;
    log_line(&format!("Handled by: {}", CURRENT_USER.get()))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (alice, bob) = tokio::join!(
        CURRENT_USER.scope("Alice", handle_request()),
        CURRENT_USER.scope("Bob", handle_request()),
    );
    println!("{alice}\n{bob}");
}
// ANCHOR_END: task_local
