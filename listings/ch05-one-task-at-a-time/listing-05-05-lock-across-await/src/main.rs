use std::sync::Arc;
use tokio::task::yield_now;

// ANCHOR: withdraw
// tokio's Mutex: waiting for it is an `.await`, and its guard may be held across one.
type Account = Arc<tokio::sync::Mutex<i64>>;

async fn fraud_check() {
    yield_now().await;
}

async fn withdraw(account: Account, who: &'static str, amount: i64) {
    let mut balance = account.lock().await; // a second withdrawal waits here, not at the check
    if *balance >= amount {
        println!("{who}: balance {balance} covers {amount}");
        fraud_check().await; // still holding the lock
        *balance -= amount;
        println!("{who}: took {amount}, balance now {balance}");
    } else {
        println!("{who}: refused, balance {balance}");
    }
}
// ANCHOR_END: withdraw

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let account: Account = Arc::new(tokio::sync::Mutex::new(100));
    let alice = tokio::spawn(withdraw(Arc::clone(&account), "Alice", 80));
    let bob = tokio::spawn(withdraw(Arc::clone(&account), "Bob", 80));
    alice.await.expect("Alice's task does not panic");
    bob.await.expect("Bob's task does not panic");
    println!("final balance: {}", account.lock().await);
}
