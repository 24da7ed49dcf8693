use std::rc::Rc;

// Even on one thread: tokio::spawn takes only futures that could move to another thread.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let names = Rc::new(vec!["Alice", "Bob"]);
    let task = tokio::spawn(async move {
        println!("{names:?}");
    });
    task.await.expect("task finished");
}
