use std::sync::{Arc, Mutex};
use tokio::task::yield_now;

type Account = Arc<Mutex<i64>>;

async fn fraud_check() {
    yield_now().await;
}

// ANCHOR: withdraw
async fn withdraw(account: Account, who: &'static str, amount: i64) {
    fraud_check().await; // the slow part first, before looking at the balance
    // Check and update under one lock, with no `.await` between them: no task can run in between.
    let mut balance = account.lock().expect("no task panicked holding the lock");
    if *balance >= amount {
        *balance -= amount;
        println!("{who}: took {amount}, balance now {balance}");
    } else {
        println!("{who}: refused, balance {balance}");
    }
}
// ANCHOR_END: withdraw

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
