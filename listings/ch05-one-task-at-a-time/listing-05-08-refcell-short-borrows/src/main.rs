use std::cell::RefCell;
use std::rc::Rc;
use tokio::task::{LocalSet, spawn_local, yield_now};

type Account = Rc<RefCell<i64>>;

// ANCHOR: withdraw
// Listing 5-3's check, `.await`, update, with a RefCell instead of a Mutex.
async fn withdraw(account: Account, who: &'static str, amount: i64) {
    let balance = *account.borrow(); // a short borrow: it ends at the `;`
    if balance >= amount {
        println!("{who}: balance {balance} covers {amount}");
        yield_now().await; // no borrow is held here, so the other task borrows freely
        let mut balance = account.borrow_mut(); // another short borrow, no overlap
        *balance -= amount;
        println!("{who}: took {amount}, balance now {balance}");
    } else {
        println!("{who}: refused, balance {balance}");
    }
}
// ANCHOR_END: withdraw

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let account: Account = Rc::new(RefCell::new(100));
    LocalSet::new()
        .run_until(async {
            let alice = spawn_local(withdraw(Rc::clone(&account), "Alice", 80));
            let bob = spawn_local(withdraw(Rc::clone(&account), "Bob", 80));
            alice.await.expect("no borrows overlapped, so no panic");
            bob.await.expect("no borrows overlapped, so no panic");
        })
        .await;
    let balance = *account.borrow();
    println!("final balance: {balance}");
    assert!(balance < 0, "the RefCell did not stop the overdraft");
}
