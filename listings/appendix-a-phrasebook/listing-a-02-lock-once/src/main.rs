use std::sync::Mutex;

// ANCHOR: main
#[derive(Default)]
struct Ledger {
    entries: Vec<i64>,
}

/// A helper that needs the lock held takes the data itself: `&mut` proves it is locked.
fn record(ledger: &mut Ledger, amount: i64) {
    ledger.entries.push(amount);
}

/// Python would take an RLock here and again inside `record`; Rust locks once, at the top.
fn transfer(shared: &Mutex<Ledger>, amount: i64) {
    let mut ledger = shared.lock().expect("no thread panicked holding it");
    record(&mut ledger, -amount);
    record(&mut ledger, amount);
    // Calling `shared.lock()` again here, on this thread, would deadlock or panic.
}

fn main() {
    let shared = Mutex::new(Ledger::default());
    transfer(&shared, 30);
    transfer(&shared, 12);
    let ledger = shared.lock().expect("no thread panicked holding it");
    println!("entries: {:?}", ledger.entries);
    println!("balance: {}", ledger.entries.iter().sum::<i64>());
}
// ANCHOR_END: main
