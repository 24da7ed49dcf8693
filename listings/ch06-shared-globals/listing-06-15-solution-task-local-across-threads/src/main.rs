use std::time::Duration;

tokio::task_local! {
    static CURRENT_USER: String;
}

// ANCHOR: solution
async fn handle_request() -> String {
    let mut woke_on = Vec::new();
    for _ in 0..3 {
        // Each wake-up may land on any worker thread; the task-local travels with the task.
        tokio::time::sleep(Duration::from_millis(10)).await;
        woke_on.push(format!("{:?}", std::thread::current().id()));
    }
    let user = CURRENT_USER.get();
    format!("Handled by: {user} (woke on {})", woke_on.join(", "))
}

#[tokio::main] // the default runtime: a worker thread per core
async fn main() {
    let users = ["Alice", "Bob", "Carol", "Dave"];
    let handles: Vec<_> = users
        .iter()
        .map(|user| tokio::spawn(CURRENT_USER.scope(user.to_string(), handle_request())))
        .collect();
    for (user, handle) in users.iter().zip(handles) {
        let line = handle.await.expect("the request task ran");
        assert!(
            line.starts_with(&format!("Handled by: {user} (")),
            "its own user"
        );
        println!("{line}");
    }
}
// ANCHOR_END: solution
