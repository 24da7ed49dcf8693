// ANCHOR: main
use rayon::prelude::*;

fn main() {
    let squares: Vec<u64> = (1..=10).filter(|n| n % 2 == 0).map(|n| n * n).collect();
    println!("{squares:?}");

    // Nothing runs until `sum` asks for items, like a generator expression.
    let total: u64 = (1..=10u64).filter(|n| n % 2 == 0).map(|n| n * n).sum();
    // The same chain, split across rayon's threads.
    let parallel: u64 = (1..=10u64)
        .into_par_iter()
        .filter(|n| n % 2 == 0)
        .map(|n| n * n)
        .sum();
    println!("{total} {parallel}");
}
// ANCHOR_END: main
