use std::thread;

// ANCHOR: main
fn main() {
    let readings: Vec<u64> = (1..=1_000).collect();
    let mut sums = [0u64; 4];
    thread::scope(|s| {
        // Each thread borrows its chunk of `readings` and has `&mut` to its own slot of `sums`.
        for (chunk, sum) in readings.chunks(250).zip(&mut sums) {
            s.spawn(move || *sum = chunk.iter().sum());
        }
    }); // every thread spawned in the scope has been joined here
    println!("partial sums: {sums:?}");
    println!("total: {}", sums.iter().sum::<u64>());
    println!("`readings` is still ours: {} values", readings.len());
}
// ANCHOR_END: main
