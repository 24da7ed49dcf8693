use tokio::task::yield_now;

// ANCHOR: all
async fn count_to(name: &'static str, target: u32) -> u32 {
    let mut count = 0; // a local of this call, and of no other
    while count < target {
        count += 1;
        println!("{name}: count = {count}");
        yield_now().await; // let the other future run before counting on
    }
    count
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // Two calls, two futures, two separate `count`s; spawned as two tasks that take turns.
    let a = tokio::spawn(count_to("a", 3));
    let b = tokio::spawn(count_to("b", 2));
    let from_a = a.await.expect("task a does not panic");
    let from_b = b.await.expect("task b does not panic");
    println!("a ended at {from_a}, b ended at {from_b}");
}
// ANCHOR_END: all
