use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
use std::thread;
use std::time::Duration;

use rusqlite::Connection;
use tokio::sync::{mpsc, oneshot};

static TICKS: AtomicU32 = AtomicU32::new(0);
const ROWS: i64 = 200_000;

async fn ticker() {
    loop {
        TICKS.fetch_add(1, Relaxed);
        tokio::time::sleep(Duration::from_millis(10)).await; // every 10 ms, if it gets the thread
    }
}

fn count_to(db: &Connection, n: i64) -> rusqlite::Result<i64> {
    let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
               SELECT count(*) FROM n";
    db.query_row(sql, [n], |row| row.get(0))
}

// ANCHOR: thread
/// A query for the database thread, and where to send its answer.
type Query = (i64, oneshot::Sender<rusqlite::Result<i64>>);

// The connection is opened on this thread and never leaves it: no Mutex, no Arc.
fn start_database_thread() -> (mpsc::Sender<Query>, thread::JoinHandle<()>) {
    let (queries, mut inbox) = mpsc::channel::<Query>(16);
    let thread = thread::spawn(move || {
        let db = Connection::open_in_memory().expect("a database");
        while let Some((n, reply)) = inbox.blocking_recv() {
            let _ = reply.send(count_to(&db, n)); // the asker may have stopped waiting
        } // every Sender dropped: the loop ends, and so does the thread
    });
    (queries, thread)
}

async fn count(db: &mpsc::Sender<Query>, n: i64) -> i64 {
    let (reply, answer) = oneshot::channel();
    db.send((n, reply))
        .await
        .expect("the database thread is running");
    answer.await.expect("it answered").expect("query")
}
// ANCHOR_END: thread

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    tokio::spawn(ticker());
    tokio::task::yield_now().await;
    let (db, db_thread) = start_database_thread();

    let before = TICKS.load(Relaxed);
    let (a, b) = tokio::join!(count(&db, ROWS), count(&db, ROWS));
    let ticks = TICKS.load(Relaxed) - before;
    println!("two queries on the database thread: {a} and {b} rows, {ticks} ticks meanwhile");
    assert!(ticks > 0, "the runtime's thread stayed free");
    drop(db); // the last Sender: the database thread's loop ends
    db_thread.join().expect("no panic");
}
// ANCHOR_END: main
