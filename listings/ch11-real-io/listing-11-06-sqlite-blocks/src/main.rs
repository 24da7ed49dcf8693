use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::Connection;

static TICKS: AtomicU32 = AtomicU32::new(0);
const ROWS: i64 = 200_000;

async fn ticker() {
    loop {
        TICKS.fetch_add(1, Relaxed);
        tokio::time::sleep(Duration::from_millis(10)).await; // every 10 ms, if it gets the thread
    }
}

fn ticks_since(before: u32) -> u32 {
    TICKS.load(Relaxed) - before
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

    let before = TICKS.load(Relaxed);
    let rows = count_to(&db.lock().expect("lock"), ROWS).expect("query"); // on the runtime's thread
    let blocked = ticks_since(before);
    println!("query called in the task:     {rows} rows, {blocked} ticks meanwhile");

    let before = TICKS.load(Relaxed);
    let shared = Arc::clone(&db);
    let query = tokio::task::spawn_blocking(move || count_to(&shared.lock().expect("lock"), ROWS));
    let rows = query.await.expect("no panic").expect("query"); // the task waits, the thread is free
    let freed = ticks_since(before);
    println!("query in spawn_blocking:      {rows} rows, {freed} ticks meanwhile");

    assert_eq!(
        blocked, 0,
        "nothing else runs while the query holds the only thread"
    );
    assert!(
        freed > 0,
        "the ticker runs while the query is on the blocking pool"
    );
}
// ANCHOR_END: main
