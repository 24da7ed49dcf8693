use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Json, Router, routing::get};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

const RECORDS: u32 = 100;
const LIMIT: usize = 10; // requests in flight at once, at most
const TIMEOUT: Duration = Duration::from_millis(500); // per request, from connecting to the last byte
const ATTEMPTS: u32 = 3;
const BACKOFF: Duration = Duration::from_millis(20); // before the 2nd attempt; doubled before each next

#[derive(Serialize, Deserialize)]
struct Record {
    id: u32,
    name: String,
}

/// A record and the attempts it took, or why it did not come.
type Fetched = Result<(Record, u32), String>;

/// How many times each record was asked for.
type Asked = Arc<Mutex<HashMap<u32, u32>>>;

// ANCHOR: server
// The upstream API: most records come at once; some are slow, busy at first, or broken.
async fn record(
    Path(id): Path<u32>,
    State(asked): State<Asked>,
) -> Result<Json<Record>, StatusCode> {
    let attempt = {
        let mut asked = asked.lock().expect("no handler panicked holding it");
        let count = asked.entry(id).or_default();
        *count += 1;
        *count
    };
    match id % 25 {
        7 => tokio::time::sleep(Duration::from_secs(5)).await, // slow: longer than clients wait
        13 if attempt < 3 => return Err(StatusCode::SERVICE_UNAVAILABLE), // busy: come back later
        19 => return Err(StatusCode::INTERNAL_SERVER_ERROR),   // broken
        _ => {}
    }
    Ok(Json(Record {
        id,
        name: format!("record {id}"),
    }))
}
// ANCHOR_END: server

// ANCHOR: serve
// The upstream on 127.0.0.1, port 0 (the OS picks), served by a task of this runtime.
async fn start_upstream() -> (SocketAddr, tokio::task::JoinHandle<()>) {
    let app = Router::new()
        .route("/records/{id}", get(record))
        .with_state(Asked::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let server = tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (addr, server)
}
// ANCHOR_END: serve

// ANCHOR: fetch
// One record: a deadline on each attempt, and retries with back-off for 5xx answers.
async fn fetch(client: &reqwest::Client, url: &str) -> Result<(Record, u32), String> {
    let mut attempt = 1;
    loop {
        match client.get(url).timeout(TIMEOUT).send().await {
            Err(e) if e.is_timeout() => return Err(format!("timed out after {TIMEOUT:?}")),
            Err(e) => return Err(format!("failed: {e}")),
            Ok(reply) if reply.status().is_server_error() && attempt < ATTEMPTS => {
                tokio::time::sleep(BACKOFF * 2u32.pow(attempt - 1)).await;
                attempt += 1;
            }
            Ok(reply) if !reply.status().is_success() => {
                return Err(format!("{} after {attempt} attempts", reply.status()));
            }
            Ok(reply) => {
                let record = reply.json::<Record>().await.map_err(|e| e.to_string())?;
                return Ok((record, attempt));
            }
        }
    }
}
// ANCHOR_END: fetch

// ANCHOR: main
#[tokio::main]
async fn main() {
    let (addr, upstream) = start_upstream().await;
    let client = reqwest::Client::builder()
        .no_proxy() // loopback: never through an HTTP_PROXY from the environment
        .build()
        .expect("a client");
    let limit = Arc::new(Semaphore::new(LIMIT));
    let mut fetches = JoinSet::new();
    for id in 0..RECORDS {
        let permit = Arc::clone(&limit)
            .acquire_owned()
            .await
            .expect("never closed");
        let (client, url) = (client.clone(), format!("http://{addr}/records/{id}"));
        fetches.spawn(async move {
            let outcome = fetch(&client, &url).await;
            drop(permit); // the next request may start
            (id, outcome)
        });
    }
    let mut outcomes = fetches.join_all().await;
    outcomes.sort_by_key(|(id, _)| *id);
    upstream.abort(); // the server stops with the program
    report(&outcomes);
}
// ANCHOR_END: main

/// One line per record that did not arrive at the first attempt; the rest counted.
fn report(outcomes: &[(u32, Fetched)]) {
    println!("{RECORDS} records, at most {LIMIT} requests at a time:");
    let mut first_time = 0;
    for (id, outcome) in outcomes {
        match outcome {
            Ok((record, 1)) => {
                assert_eq!(record.id, *id, "the record asked for");
                first_time += 1;
            }
            Ok((record, attempts)) => {
                assert_eq!(record.id, *id, "the record asked for");
                println!(
                    "  record {id:>2}: {:?} after {attempts} attempts",
                    record.name
                );
            }
            Err(why) => println!("  record {id:>2}: {why}"),
        }
    }
    println!("  the other {first_time}: at the first attempt");
    assert_eq!(outcomes.len(), RECORDS as usize, "every fetch reported");
}
