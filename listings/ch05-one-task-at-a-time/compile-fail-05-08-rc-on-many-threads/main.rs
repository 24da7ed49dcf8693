use std::cell::RefCell;
use std::rc::Rc;

async fn withdraw(account: Rc<RefCell<i64>>, amount: i64) {
    let check = *account.borrow() >= amount;
    tokio::task::yield_now().await; // `account`, an Rc, is kept across this .await
    if check {
        *account.borrow_mut() -= amount;
    }
}

// The default runtime: tasks may move between worker threads at any .await.
#[tokio::main]
async fn main() {
    let account = Rc::new(RefCell::new(100));
    let alice = tokio::spawn(withdraw(account.clone(), 80));
    alice.await.expect("the task does not panic");
}
