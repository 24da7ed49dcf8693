use std::cell::RefCell;
use std::thread;

fn main() {
    // Listing 3-8 with a RefCell in place of the Mutex: changeable through `&`, but no lock.
    let count = RefCell::new(0);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..1000 {
                    *count.borrow_mut() += 1;
                }
            });
        }
    });
    println!("count = {}", count.into_inner());
}
