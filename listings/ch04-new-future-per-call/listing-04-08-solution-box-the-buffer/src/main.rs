use std::mem::size_of_val;
use tokio::task::yield_now;

// ANCHOR: solution
async fn keeps_boxed_buffer_across_await() -> u8 {
    // The 8 KiB live on the heap; the future keeps only the Box (a pointer and a length).
    let buffer = vec![7u8; 8192].into_boxed_slice();
    yield_now().await;
    buffer[0] ^ buffer[8191]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let future = keeps_boxed_buffer_across_await();
    let size = size_of_val(&future);
    println!("keeps a boxed buffer across .await: {size} bytes");
    assert!(size < 1024, "only the Box is stored in the future");
    let checksum = future.await; // reads the buffer after the .await
    println!("after the .await it read the buffer from the heap: checksum {checksum}");
    assert_eq!(
        checksum, 0,
        "7 XOR 7: the bytes read back are the bytes written"
    );
}
// ANCHOR_END: solution
