use std::cell::RefCell;
use std::rc::Rc;
use tokio::task::{LocalSet, spawn_local, yield_now};

// ANCHOR: withdraw
// One thread, no Mutex: a RefCell checks its borrows at run time instead.
type Account = Rc<RefCell<i64>>;

// Clippy warns about exactly this bug; silenced here to show what it does when it runs.
#[allow(clippy::await_holding_refcell_ref)]
async fn withdraw(account: Account, who: &'static str, amount: i64) {
    let mut balance = account.borrow_mut(); // borrowed until the end of the function...
    if *balance >= amount {
        println!("{who}: balance {balance} covers {amount}");
        yield_now().await; // ...so across this .await, where the other task runs
        *balance -= amount;
        println!("{who}: took {amount}, balance now {balance}");
    } else {
        println!("{who}: refused, balance {balance}");
    }
}
// ANCHOR_END: withdraw

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let account: Account = Rc::new(RefCell::new(100));
    // `Rc` is not `Send`, so these tasks must stay on this thread: a LocalSet runs them.
    LocalSet::new()
        .run_until(async {
            let alice = spawn_local(withdraw(Rc::clone(&account), "Alice", 80));
            let bob = spawn_local(withdraw(Rc::clone(&account), "Bob", 80));
            for task in [alice, bob] {
                if let Err(error) = task.await {
                    // tokio caught the task's panic; let it end the program, as it would unspawned.
                    std::panic::resume_unwind(error.into_panic());
                }
            }
        })
        .await;
}
// ANCHOR_END: main
