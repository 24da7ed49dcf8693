use std::cell::RefCell;
use std::rc::Rc;
use tokio::task::{LocalSet, spawn_local, yield_now};

type Account = Rc<RefCell<i64>>;

// ANCHOR: solution
async fn withdraw(account: Account, who: &'static str, amount: i64) {
    yield_now().await; // the fraud check, before any borrow
    // The borrow lives for this block only, with no .await inside: check and update together.
    let mut balance = account.borrow_mut();
    if *balance >= amount {
        *balance -= amount;
        println!("{who}: took {amount}, balance now {balance}");
    } else {
        println!("{who}: refused, balance {balance}");
    }
}
// ANCHOR_END: solution

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let account: Account = Rc::new(RefCell::new(100));
    LocalSet::new()
        .run_until(async {
            let alice = spawn_local(withdraw(Rc::clone(&account), "Alice", 80));
            let bob = spawn_local(withdraw(Rc::clone(&account), "Bob", 80));
            alice.await.expect("Alice's task does not panic");
            bob.await.expect("Bob's task does not panic");
        })
        .await;
    println!("final balance: {}", account.borrow());
}
