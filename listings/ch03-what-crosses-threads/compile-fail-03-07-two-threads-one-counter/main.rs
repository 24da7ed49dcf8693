use std::thread;

fn main() {
    let mut count = 0;
    thread::scope(|s| {
        // Two threads add to the same plain integer, with no lock.
        s.spawn(|| {
            for _ in 0..1000 {
                count += 1;
            }
        });
        s.spawn(|| {
            for _ in 0..1000 {
                count += 1;
            }
        });
    });
    println!("count = {count}");
}
