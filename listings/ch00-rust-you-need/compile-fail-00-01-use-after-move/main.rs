fn main() {
    let names = vec![String::from("Ada"), String::from("Grace")];
    let team = names; // the vector moves: `team` owns it now
    println!("{team:?}");
    println!("{names:?}");
}
