use std::thread;

// ANCHOR: main
// Runs `job` on a new thread and waits for its answer. The bounds are thread::spawn's own.
fn on_another_thread<F, T>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    thread::spawn(job).join().expect("the job does not panic")
}

fn main() {
    let words = ["tasks", "threads", "processes"];
    let letters = on_another_thread(move || words.iter().map(|w| w.len()).sum::<usize>());
    println!("letters: {letters}");
}
// ANCHOR_END: main
