use std::time::Duration;

// ANCHOR: context
/// Everything a request's code needs to know about the request, built once per request.
struct RequestContext {
    id: u32,
    user: String,
}

async fn load_profile(ctx: &RequestContext) -> String {
    tokio::time::sleep(Duration::from_millis(100)).await;
    format!("profile of {}", ctx.user)
}

async fn handle_request(ctx: RequestContext) -> String {
    let profile = load_profile(&ctx).await;
    format!("request {}: Handled by: {} ({profile})", ctx.id, ctx.user)
}
// ANCHOR_END: context

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let alice = RequestContext {
        id: 1,
        user: "Alice".to_string(),
    };
    let bob = RequestContext {
        id: 2,
        user: "Bob".to_string(),
    };
    let (alice, bob) = tokio::join!(handle_request(alice), handle_request(bob));
    println!("{alice}\n{bob}"); // in a fixed order, whichever finished first
}
