use std::time::Duration;

// ANCHOR: slow
/// Prints when it is dropped, so we can see when a future's state is thrown away.
struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("{}: state dropped", self.0);
    }
}

async fn slow_step(name: &'static str) -> &'static str {
    let _noisy = Noisy(name);
    println!("{name}: started");
    tokio::time::sleep(Duration::from_secs(10)).await; // far longer than anyone waits below
    println!("{name}: finished");
    name
}
// ANCHOR_END: slow

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let never_polled = slow_step("never polled");
    drop(never_polled); // its body never ran, so not even `Noisy` was made
    println!("main: dropped a future that was never polled");

    // `timeout` polls the future until the deadline, then drops it.
    let result = tokio::time::timeout(Duration::from_millis(10), slow_step("timed out")).await;
    println!("main: timeout returned {result:?}");
}
// ANCHOR_END: main
