use std::cell::RefCell;
use std::time::Duration;

use tokio::time::Instant;

const WAIT: Duration = Duration::from_millis(100);

/// The global, and a log of who touched it when (one thread, so `RefCell` is enough).
struct World {
    current_user: &'static str,
    start: Instant,
    events: Vec<(Duration, &'static str, String)>,
}

thread_local! {
    static WORLD: RefCell<World> = RefCell::new(World {
        current_user: "nobody",
        start: Instant::now(),
        events: Vec::new(),
    });
}

fn set_current_user(user: &'static str) {
    WORLD.with_borrow_mut(|w| w.current_user = user);
}

fn current_user() -> &'static str {
    WORLD.with_borrow(|w| w.current_user)
}

/// Logs what a request did, and when, for the timeline.
fn record(request: &'static str, what: String) {
    WORLD.with_borrow_mut(|w| {
        let at = w.start.elapsed();
        w.events.push((at, request, what));
    });
}

// ANCHOR: record
// Listing 6-2's request, with each step logged by `record` for the timeline.
async fn handle_request(user: &'static str) {
    set_current_user(user);
    record(user, format!("sets current_user = {user}"));
    tokio::time::sleep(WAIT).await;
    let seen = current_user();
    let verdict = if seen == user { "right" } else { "WRONG" };
    record(user, format!("reads {seen}: {verdict}"));
}
// ANCHOR_END: record

// ANCHOR: draw
/// One row per event: when (in whole waits), and in Alice's or Bob's column what happened.
fn timeline() -> String {
    let mut rows = WORLD.with_borrow(|w| w.events.clone());
    // Rounded to whole waits, so a busy machine's few ms of lateness don't show; within one
    // instant Alice's row comes first (`join!(biased; …)` polls her first; at 100 ms the order
    // is moot).
    let waits = |at: &Duration| (at.as_secs_f64() / WAIT.as_secs_f64()).round() as u128;
    rows.sort_by_key(|(at, request, _)| (waits(at), *request));
    let mut out = format!(
        "{:<8}{:<30}{}\n",
        "time", "Alice's request", "Bob's request"
    );
    for (at, request, what) in &rows {
        let time = format!("{} ms", waits(at) * WAIT.as_millis());
        let (alice, bob) = if *request == "Alice" {
            (what.as_str(), "")
        } else {
            ("", what.as_str())
        };
        out += format!("{time:<8}{alice:<30}{bob}").trim_end();
        out += "\n";
    }
    out
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    tokio::join!(biased; handle_request("Alice"), handle_request("Bob"));
    print!("{}", timeline());
}
// ANCHOR_END: draw

#[cfg(test)]
mod tests {
    use super::*;

    // Paused time: the clock jumps straight to each timer, so the timeline is exact.
    #[tokio::test(start_paused = true)]
    async fn bob_overwrites_alice_before_she_reads() {
        WORLD.with_borrow_mut(|w| w.start = Instant::now());
        tokio::join!(biased; handle_request("Alice"), handle_request("Bob"));
        let expected = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/output.txt"))
            .expect("the book's output.txt");
        assert_eq!(timeline(), expected);
    }
}
