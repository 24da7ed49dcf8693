use std::thread;

fn main() {
    let readings: Vec<u64> = (1..=1_000).collect();
    let mut handles = Vec::new();
    for chunk in readings.chunks(250) {
        // `thread::spawn` wants a closure that may outlive `main`: `chunk` borrows `readings`.
        handles.push(thread::spawn(move || chunk.iter().sum::<u64>()));
    }
    let total: u64 = handles.into_iter().map(|h| h.join().expect("no panic")).sum();
    println!("total: {total}");
}
