use std::time::Duration;
use tokio::task::yield_now;
use tokio::time::sleep;

struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("{}: state dropped", self.0);
    }
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    // Nobody awaits this handle, yet the task runs: the runtime owns it now.
    let _never_awaited = tokio::spawn(async { println!("task 1: ran without being awaited") });
    sleep(Duration::from_millis(10)).await;
    println!("main: back from sleep");

    let stuck = tokio::spawn(async {
        let _noisy = Noisy("task 2");
        sleep(Duration::from_secs(3600)).await;
    });
    yield_now().await; // let task 2 start and reach its sleep
    stuck.abort(); // ask the runtime to cancel it: it drops the task's future
    let error = stuck.await.expect_err("an aborted task does not complete");
    println!("main: task 2 cancelled = {}", error.is_cancelled());

    tokio::spawn(async {
        let _noisy = Noisy("task 3");
        sleep(Duration::from_secs(3600)).await;
    });
    yield_now().await;
    println!("main: returning, the runtime shuts down");
} // the runtime drops task 3 here, without waiting for its hour
// ANCHOR_END: main
