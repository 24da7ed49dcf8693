use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

// ANCHOR: future
/// A future that needs `remaining` more polls before it is ready.
struct Countdown {
    remaining: u32,
}

impl Future for Countdown {
    type Output = &'static str;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if self.remaining == 0 {
            return Poll::Ready("liftoff");
        }
        println!("countdown: {}", self.remaining);
        self.remaining -= 1;
        // A real future arranges a wake-up when its I/O or timer is ready; this one is ready
        // to be polled again at once, so it wakes its task right away.
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
// ANCHOR_END: future

// ANCHOR: launch
/// An `async fn` with one `.await`: the compiler turns it into a state machine.
async fn launch() -> &'static str {
    println!("launch: started");
    let word = Countdown { remaining: 3 }.await;
    println!("launch: countdown said {word:?}");
    word
}
// ANCHOR_END: launch

// ANCHOR: main
fn main() {
    // No runtime: we are the executor. A waker that does nothing is enough to poll.
    let mut context = Context::from_waker(Waker::noop());
    let mut launch = pin!(launch()); // fixed in place: it must not move once polled
    loop {
        match launch.as_mut().poll(&mut context) {
            Poll::Pending => println!("executor: Pending, poll again"),
            Poll::Ready(value) => {
                println!("executor: Ready({value:?})");
                break;
            }
        }
    }
}
// ANCHOR_END: main
