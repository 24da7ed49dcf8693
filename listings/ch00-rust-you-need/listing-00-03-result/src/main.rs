use std::num::ParseIntError;

// ANCHOR: main
// The error is part of the return type: the sum, or why there is none.
fn total(lines: &[&str]) -> Result<u32, ParseIntError> {
    let mut sum = 0;
    for line in lines {
        sum += line.trim().parse::<u32>()?; // on Err, return that Err from `total` now
    }
    Ok(sum)
}

fn main() {
    println!("{:?}", total(&["1", "2", "3"]));
    match total(&["1", "two", "3"]) {
        Ok(sum) => println!("sum: {sum}"),
        Err(e) => println!("not a number: {e}"),
    }
    // "This cannot fail; if it does, panic with this message."
    let sum = total(&["40", " 2 "]).expect("the literals are numbers");
    println!("sum: {sum}");
}
// ANCHOR_END: main
