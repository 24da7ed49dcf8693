use std::sync::Arc;

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    // Arc counts its owners with atomic operations, so it may cross threads; Rc may not.
    let names = Arc::new(vec!["Alice", "Bob"]);
    let task = tokio::spawn({
        let names = Arc::clone(&names);
        async move {
            println!("the task sees {names:?}");
        }
    });
    task.await.expect("task finished");
    println!("main still sees {names:?}");
}
// ANCHOR_END: main
