use std::thread;
use std::time::{Duration, Instant};

const STEP: Duration = Duration::from_millis(75); // one column of the picture: coarse, for a busy machine
const ROUNDS: u32 = 2;

/// When one task or thread held its thread: (first step, step after the last), per round.
type Spans = Vec<(u32, u32)>;

fn steps(since_start: Duration) -> u32 {
    (since_start.as_millis() / STEP.as_millis()) as u32
}

// ANCHOR: tasks
// Stands in for work: a blocking call holds the thread just as computing does (Listing 2-5).
fn block_until(end: Instant) {
    thread::sleep(end.saturating_duration_since(Instant::now()));
}

// Rounds of: work one step (holding the thread), then wait two steps at an .await.
// `work_until` is the work: in `main`, `block_until`, a blocking call up to the given instant.
async fn task(t0: tokio::time::Instant, work_until: fn(tokio::time::Instant)) -> Spans {
    let mut spans = Spans::new();
    for round in 0..ROUNDS {
        let start = steps(t0.elapsed());
        work_until(t0 + STEP * (start + 1)); // to the end of this column, so lateness doesn't pile up
        spans.push((start, steps(t0.elapsed())));
        if round + 1 < ROUNDS {
            tokio::time::sleep(2 * STEP).await; // stops working, starts waiting
        }
    }
    spans
}

async fn three_tasks(work_until: fn(tokio::time::Instant)) -> Vec<Spans> {
    let t0 = tokio::time::Instant::now();
    let handles: Vec<_> = (0..3).map(|_| tokio::spawn(task(t0, work_until))).collect();
    let mut rows = Vec::new();
    for handle in handles {
        rows.push(handle.await.expect("task finished"));
    }
    rows
}
// ANCHOR_END: tasks

// ANCHOR: threads
// The same rounds on a thread of its own; std::thread::sleep is the thread's way to wait.
fn thread_rounds(t0: Instant) -> Spans {
    let mut spans = Spans::new();
    for round in 0..ROUNDS {
        let start = steps(t0.elapsed());
        block_until(t0 + STEP * (start + 1));
        spans.push((start, steps(t0.elapsed())));
        if round + 1 < ROUNDS {
            thread::sleep(2 * STEP);
        }
    }
    spans
}

fn three_threads() -> Vec<Spans> {
    let t0 = Instant::now();
    thread::scope(|s| {
        let handles: Vec<_> = (0..3).map(|_| s.spawn(move || thread_rounds(t0))).collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread finished"))
            .collect()
    })
}
// ANCHOR_END: threads

/// One row per worker, one column per step: # working, ~ waiting, - ready but the thread is taken.
fn render(kind: &str, rows: &[Spans]) -> String {
    let mut out = String::new();
    for (name, spans) in ["A", "B", "C"].iter().zip(rows) {
        let last = spans.last().expect("some rounds").1;
        let cell = |step: u32| {
            if spans.iter().any(|&(s, e)| s <= step && step < e) {
                '#'
            } else if step < spans[0].0 {
                '-'
            } else {
                '~'
            }
        };
        let row: String = (0..last).map(cell).collect();
        out += &format!("{:<10}{row}\n", format!("{kind} {name}"));
    }
    out
}

/// How many rows are working (#) in the busiest column.
fn most_at_once(rows: &[Spans]) -> usize {
    let end = rows
        .iter()
        .map(|r| r.last().expect("some rounds").1)
        .max()
        .unwrap_or(0);
    (0..end)
        .map(|step| {
            rows.iter()
                .filter(|r| r.iter().any(|&(s, e)| s <= step && step < e))
                .count()
        })
        .max()
        .unwrap_or(0)
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let tasks = three_tasks(|end| block_until(end.into_std())).await;
    let threads = three_threads();

    let ms = STEP.as_millis();
    println!("step      012345   (one column = {ms} ms)");
    println!("three tokio tasks, one thread:");
    print!("{}", render("task", &tasks));
    println!("three threads:");
    print!("{}", render("thread", &threads));
    println!("# working (holding its thread)   ~ waiting   - ready, but its thread is taken");

    assert_eq!(most_at_once(&tasks), 1, "one task at a time");
    assert!(
        most_at_once(&threads) > 1,
        "the threads' blocking calls overlap"
    );
}
// ANCHOR_END: main

// ANCHOR: test
#[cfg(test)]
mod tests {
    use super::*;
    use std::task::{Context, Waker};

    /// Under paused time, working until `end` means moving tokio's clock there without yielding:
    /// the first poll of `advance` moves the clock, and dropping it skips the yield after.
    fn work_on_paused_clock(end: tokio::time::Instant) {
        let advance = std::pin::pin!(tokio::time::advance(end - tokio::time::Instant::now()));
        let _ = advance.poll(&mut Context::from_waker(Waker::noop()));
    }

    #[tokio::test(start_paused = true)]
    async fn tasks_take_turns_on_one_thread() {
        let tasks = three_tasks(work_on_paused_clock).await;
        let expected = "task A    #~~#\ntask B    -#~~#\ntask C    --#~~#\n";
        assert_eq!(render("task", &tasks), expected);
        assert_eq!(most_at_once(&tasks), 1);
    }
}
// ANCHOR_END: test
