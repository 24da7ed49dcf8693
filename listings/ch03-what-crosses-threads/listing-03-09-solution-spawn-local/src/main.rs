use std::rc::Rc;

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let names = Rc::new(vec!["Alice", "Bob"]);
    // A LocalSet runs its tasks on this thread only, so `spawn_local` does not ask for `Send`.
    let local = tokio::task::LocalSet::new();
    local
        .run_until(async {
            let task = tokio::task::spawn_local({
                let names = Rc::clone(&names);
                async move {
                    println!("the local task sees {names:?}");
                }
            });
            task.await.expect("task finished");
        })
        .await;
    println!("main still sees {names:?}");
}
// ANCHOR_END: main
