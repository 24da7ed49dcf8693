use std::sync::{Arc, Mutex};
use tokio::task::yield_now;

// ANCHOR: withdraw
type Account = Arc<Mutex<i64>>;

/// Stands in for any slow call (a fraud check, a database): an `.await` where other tasks run.
async fn fraud_check() {
    yield_now().await;
}

async fn withdraw(account: Account, who: &'static str, amount: i64) {
    let balance = *account.lock().expect("no task panicked holding the lock");
    if balance >= amount {
        println!("{who}: balance {balance} covers {amount}");
        fraud_check().await; // the check above may be stale when we resume
        let mut balance = account.lock().expect("no task panicked holding the lock");
        *balance -= amount;
        println!("{who}: took {amount}, balance now {balance}");
    } else {
        println!("{who}: refused, balance {balance}");
    }
}
// ANCHOR_END: withdraw

// ANCHOR: main
// One thread, as in asyncio: only one task runs at any instant, and still...
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let account: Account = Arc::new(Mutex::new(100));
    let alice = tokio::spawn(withdraw(Arc::clone(&account), "Alice", 80));
    let bob = tokio::spawn(withdraw(Arc::clone(&account), "Bob", 80));
    alice.await.expect("Alice's task does not panic");
    bob.await.expect("Bob's task does not panic");
    let balance = *account.lock().expect("no task panicked holding the lock");
    println!("final balance: {balance}");
}
// ANCHOR_END: main
