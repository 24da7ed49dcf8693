use std::time::Duration;

// ANCHOR: handle
// No global: the user travels with the call, so each future owns its own copy.
async fn handle_request(user: &str) -> String {
    tokio::time::sleep(Duration::from_millis(100)).await;
    format!("Handled by: {user}")
}
// ANCHOR_END: handle

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (alice, bob) = tokio::join!(handle_request("Alice"), handle_request("Bob"));
    // Printed in a fixed order: which timer fires first at the same instant is tokio's business.
    println!("{alice}\n{bob}");
}
