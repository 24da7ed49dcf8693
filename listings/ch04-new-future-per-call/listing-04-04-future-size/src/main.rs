use std::mem::size_of_val;
use tokio::task::yield_now;

// ANCHOR: futures
async fn keeps_buffer_across_await() -> u8 {
    let buffer = [7u8; 8192];
    yield_now().await; // `buffer` is used after this point, so it is stored in the future
    buffer[0] ^ buffer[8191]
}

async fn drops_buffer_before_await() -> u8 {
    let checksum = {
        let buffer = [7u8; 8192];
        buffer[0] ^ buffer[8191]
    }; // `buffer` ends here, before the `.await`: only `checksum` is kept
    yield_now().await;
    checksum
}
// ANCHOR_END: futures

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let big = keeps_buffer_across_await();
    let small = drops_buffer_before_await();
    // Neither future has run yet: these are the sizes of their state, fixed at compile time.
    let (big_size, small_size) = (size_of_val(&big), size_of_val(&small));
    println!("keeps the buffer across .await: {big_size} bytes");
    println!("drops it before .await:         {small_size} bytes");
    // ANCHOR_END: main
    assert!(big_size > 4096, "the 8 KiB buffer lives inside the future");
    assert!(small_size < 1024, "nothing big survives the .await");
    assert_eq!(big.await, small.await);
    // ANCHOR: main
}
// ANCHOR_END: main
