use std::time::Duration;
use tokio::time::sleep;

struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("{}: state dropped", self.0);
    }
}

// ANCHOR: solution
// Listing 4-5's slow_step, with its sleep as an argument.
async fn slow_step(name: &'static str, takes: Duration) -> &'static str {
    let _noisy = Noisy(name);
    println!("{name}: started");
    sleep(takes).await;
    println!("{name}: finished");
    name
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let winner = tokio::select! {
        biased; // poll the branches in the order written, so the output is always the same
        name = slow_step("fast", Duration::from_millis(10)) => name,
        name = slow_step("slow", Duration::from_secs(10)) => name,
    };
    // By the time select! returns, the losing future has been dropped: it never finishes.
    println!("main: {winner} won");
}
// ANCHOR_END: solution
