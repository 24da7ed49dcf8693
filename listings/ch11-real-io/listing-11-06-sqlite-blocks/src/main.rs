use std::ops::Range;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::Connection;

/// When the ticker ticked.
static TICKS: Mutex<Vec<Instant>> = Mutex::new(Vec::new());
const ROWS: i64 = 200_000;

async fn ticker() {
    loop {
        TICKS.lock().expect("lock").push(Instant::now());
        tokio::time::sleep(Duration::from_millis(10)).await; // every 10 ms, if it gets the thread
    }
}

/// Runs the query, and notes when it started and when it ended.
fn timed(query: impl FnOnce() -> rusqlite::Result<i64>) -> (i64, Range<Instant>) {
    let start = Instant::now();
    let rows = query().expect("query");
    (rows, start..Instant::now())
}

/// How many ticks fell strictly between the query's start and its end.
fn ticks_during(ran: &Range<Instant>) -> usize {
    let ticks = TICKS.lock().expect("lock");
    ticks
        .iter()
        .filter(|&&t| ran.start < t && t < ran.end)
        .count()
}

// ANCHOR: query
// A query that takes a while on purpose: SQLite counts to `n`, one row at a time.
fn count_to(db: &Connection, n: i64) -> rusqlite::Result<i64> {
    let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
               SELECT count(*) FROM n";
    db.query_row(sql, [n], |row| row.get(0))
}
// ANCHOR_END: query

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    tokio::spawn(ticker()); // stands in for every other task of a server
    tokio::task::yield_now().await; // lets it start
    // `Connection` is Send but not Sync: tasks and threads share it through a Mutex.
    let db = Arc::new(Mutex::new(
        Connection::open_in_memory().expect("a database"),
    ));

    // On the runtime's thread:
    let (rows, ran) = timed(|| count_to(&db.lock().expect("lock"), ROWS));
    let blocked = ticks_during(&ran);
    println!("query called in the task:  {rows} rows, {blocked} ticks while it ran");

    // On a blocking-pool thread, while this task waits at the `.await`:
    let shared = Arc::clone(&db);
    let query = tokio::task::spawn_blocking(move || {
        timed(|| count_to(&shared.lock().expect("lock"), ROWS))
    });
    let (rows, ran) = query.await.expect("no panic");
    let freed = ticks_during(&ran);
    println!("query in spawn_blocking:   {rows} rows, {freed} ticks while it ran");

    assert_eq!(blocked, 0, "the ticker's thread was running the query");
    assert!(freed >= 1, "the ticker ran while the query ran elsewhere");
}
// ANCHOR_END: main
