// ANCHOR: main
// Borrows the names to read them (`&[String]`: a view of the vector's elements).
fn letters(names: &[String]) -> usize {
    let mut total = 0;
    for name in names {
        total += name.len();
    }
    total
}

// Borrows mutably: may change the vector, and nobody else may use it meanwhile.
fn add(names: &mut Vec<String>, name: &str) {
    names.push(name.to_string());
}

// Takes ownership: the vector is freed when this function returns.
fn consume(names: Vec<String>) -> usize {
    names.len()
}

fn main() {
    let mut names = vec![String::from("Ada")];
    add(&mut names, "Grace");
    println!("{} names, {} letters", names.len(), letters(&names));
    let count = consume(names);
    println!("consumed {count} names; `names` can no longer be used");
}
// ANCHOR_END: main
