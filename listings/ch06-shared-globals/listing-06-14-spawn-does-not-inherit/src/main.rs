tokio::task_local! {
    static CURRENT_USER: &'static str;
}

// ANCHOR: spawn
async fn send_receipt() -> String {
    match CURRENT_USER.try_with(|user| *user) {
        Ok(user) => format!("receipt task sees: {user}"),
        Err(_) => "receipt task sees: no current user (not inherited)".to_string(),
    }
}

async fn handle_request() {
    // A spawned task starts outside the scope it was spawned from: nothing is inherited.
    let lost = tokio::spawn(send_receipt()).await.expect("the task ran");
    println!("{lost}");

    // Carry the value across explicitly: read it here, open a new scope in the new task.
    let user = CURRENT_USER.get();
    let carried = tokio::spawn(CURRENT_USER.scope(user, send_receipt()));
    println!("{}", carried.await.expect("the task ran"));
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    CURRENT_USER.scope("Alice", handle_request()).await;
}
// ANCHOR_END: spawn
