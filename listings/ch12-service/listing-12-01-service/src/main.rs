use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::net::{TcpListener, TcpStream};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::{Semaphore, oneshot};
use tokio::task::JoinSet;
use tokio::time::timeout;
use tokio_util::sync::CancellationToken;

// The service's log, kept in memory so the report can print it grouped by request id. A real
// service writes each line as it happens (the chapter names `tracing` for that).
static LOG: Mutex<Vec<(u64, String)>> = Mutex::new(Vec::new());
// Ids for requests that arrive without one; the demo's requests always bring theirs.
static NEXT_ID: AtomicU64 = AtomicU64::new(1000);
// Counted for the report: worker processes started and reaped, upstream calls at once.
static STARTED: AtomicUsize = AtomicUsize::new(0);
static REAPED: AtomicUsize = AtomicUsize::new(0);
static CALLING: AtomicUsize = AtomicUsize::new(0);
static PEAK_CALLING: AtomicUsize = AtomicUsize::new(0);

// ANCHOR: request_id
tokio::task_local! {
    static REQUEST_ID: u64;
}

/// A log line that names its request, though nobody passes the id in.
fn log(message: impl std::fmt::Display) {
    let id = REQUEST_ID.try_with(|id| *id).unwrap_or(0); // 0: outside any request
    let mut log = LOG.lock().expect("nobody panics while logging");
    log.push((id, message.to_string()));
}

/// Middleware: the rest of the request runs inside a task-local scope holding its id.
async fn with_request_id(request: Request, next: Next) -> Response {
    let id = (request.headers().get("x-request-id"))
        .and_then(|value| value.to_str().ok()?.parse().ok())
        .unwrap_or_else(|| NEXT_ID.fetch_add(1, Ordering::Relaxed));
    REQUEST_ID.scope(id, next.run(request)).await
}
// ANCHOR_END: request_id

// ANCHOR: app
const UPSTREAM_LIMIT: usize = 2; // calls to the upstream at once
const UPSTREAM_TIMEOUT: Duration = Duration::from_secs(1); // queueing for a permit included
const WORKERS: usize = 2; // worker processes for the risky jobs
const JOB_TIMEOUT: Duration = Duration::from_secs(5); // a worker that takes longer is killed
const DRAIN_LIMIT: Duration = Duration::from_secs(10); // at shutdown, for the open requests

/// What every handler shares, behind one `Arc`.
struct App {
    http: reqwest::Client,
    upstream_url: String,
    upstream_slots: Semaphore,
    pool: Arc<Pool>,
}

/// A failed request: the status to answer with, and why (logged when it is made).
struct Failure(StatusCode, String);

impl Failure {
    fn logged(status: StatusCode, why: String) -> Failure {
        log(&why);
        Failure(status, why)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.0, self.1).into_response()
    }
}
// ANCHOR_END: app

// ANCHOR: handler
#[derive(Deserialize)]
struct WorkRequest {
    doc: String,
}

#[derive(Serialize)]
struct Answer {
    primes: usize,
    words: usize,
}

async fn work(
    State(app): State<Arc<App>>,
    Query(request): Query<WorkRequest>,
) -> Result<Json<Answer>, Failure> {
    let below = ask_upstream(&app).await?; // waiting: a tokio future
    log(format_args!("upstream: count the primes below {below}"));
    let primes = on_rayon(move || count_primes(below)).await; // computing: rayon
    log(format_args!("rayon: {primes} primes"));
    let words = run_isolated(&app.pool, request.doc).await?; // risky: a worker process
    log(format_args!("worker: {words} words"));
    Ok(Json(Answer { primes, words }))
}
// ANCHOR_END: handler

#[derive(Serialize, Deserialize)]
struct Limit {
    below: u64,
}

// ANCHOR: upstream
async fn ask_upstream(app: &App) -> Result<u64, Failure> {
    let call = async {
        let _permit = app.upstream_slots.acquire().await.expect("never closed");
        // ANCHOR_END: upstream
        let _calling = Calling::enter();
        // ANCHOR: upstream
        let id = REQUEST_ID.get(); // the id travels on, so the upstream's logs can name it
        let reply = app.http.get(&app.upstream_url).header("x-request-id", id);
        reply
            .send()
            .await?
            .error_for_status()?
            .json::<Limit>()
            .await
    };
    match timeout(UPSTREAM_TIMEOUT, call).await {
        Ok(Ok(limit)) => Ok(limit.below),
        Ok(Err(error)) => Err(Failure::logged(
            StatusCode::BAD_GATEWAY,
            format!("upstream: failed: {error}"),
        )),
        Err(_elapsed) => Err(Failure::logged(
            StatusCode::GATEWAY_TIMEOUT,
            format!("upstream: no answer in {UPSTREAM_TIMEOUT:?}"),
        )),
    }
}
// ANCHOR_END: upstream

/// Counts the upstream calls under way, and keeps the most there ever were.
struct Calling;

impl Calling {
    fn enter() -> Calling {
        let now = CALLING.fetch_add(1, Ordering::SeqCst) + 1;
        PEAK_CALLING.fetch_max(now, Ordering::SeqCst);
        Calling
    }
}

impl Drop for Calling {
    fn drop(&mut self) {
        CALLING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// CPU-bound work: counts primes below `limit` by trial division (Listing 10-1's).
fn count_primes(limit: u64) -> usize {
    (2..limit)
        .filter(|&n| (2..).take_while(|d| d * d <= n).all(|d| n % d != 0))
        .count()
}

/// Listing 10-1's hand-off: the closure runs on rayon, the task awaits the answer.
async fn on_rayon<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = oneshot::channel();
    rayon::spawn(move || {
        let _ = tx.send(work()); // an error: the request was cancelled, drop the answer
    });
    rx.await
        .expect("the job sent its answer (a panic in rayon::spawn aborts the process)")
}

// ANCHOR: protocol
/// A job for a worker process, and its reply: one line of JSON each way.
#[derive(Serialize, Deserialize)]
struct Job {
    doc: String,
}

#[derive(Serialize, Deserialize)]
struct Parsed {
    words: usize,
}

/// The worker role: this same program, started with the argument `worker`.
fn worker() {
    let mut stdout = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let job: Job = serde_json::from_str(&line.expect("text")).expect("a job");
        if job.doc == "crash" {
            std::process::abort(); // stands in for a parser that crashes on bad input
        }
        let reply = Parsed {
            words: job.doc.split_whitespace().count(),
        };
        let json = serde_json::to_string(&reply).expect("a reply serializes");
        writeln!(stdout, "{json}").expect("the server is reading");
    }
} // stdin closed: the server is done with us
// ANCHOR_END: protocol

// ANCHOR: worker
/// The server's handle on one worker process.
struct Worker {
    child: Child,
    to_child: ChildStdin,
    from_child: Lines<BufReader<ChildStdout>>,
}

impl Worker {
    fn start(exe: &Path) -> Worker {
        let mut child = (Command::new(exe).arg("worker"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true) // a safety net: retire() is the plan
            .spawn()
            .expect("the worker starts");
        // ANCHOR_END: worker
        STARTED.fetch_add(1, Ordering::SeqCst);
        // ANCHOR: worker
        let to_child = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");
        let from_child = BufReader::new(stdout).lines();
        Worker {
            child,
            to_child,
            from_child,
        }
    }
    // ANCHOR_END: worker

    // ANCHOR: talk
    /// Sends one job and reads its reply; `None` if the worker died.
    async fn ask(&mut self, job: &str) -> Option<String> {
        let line = format!("{job}\n");
        self.to_child.write_all(line.as_bytes()).await.ok()?;
        self.from_child.next_line().await.ok().flatten()
    }

    /// Kills the worker if asked, closes its stdin, and reaps it: no zombie is left.
    async fn retire(mut self, kill: bool) -> ExitStatus {
        if kill {
            self.child.start_kill().expect("kill a child we own");
        }
        drop(self.to_child); // EOF: a healthy worker's loop ends and it exits
        let status = self.child.wait().await.expect("the worker was started");
        // ANCHOR_END: talk
        REAPED.fetch_add(1, Ordering::SeqCst);
        // ANCHOR: talk
        status
    }
}
// ANCHOR_END: talk

// ANCHOR: pool
/// Idle workers wait in `idle`; each permit of `free` stands for one of them.
struct Pool {
    exe: PathBuf,
    idle: Mutex<Vec<Worker>>,
    free: Semaphore,
}

impl Pool {
    async fn run(&self, doc: String) -> Result<usize, Failure> {
        let Ok(_permit) = self.free.acquire().await else {
            let why = "worker pool: closed, shutting down".to_string();
            return Err(Failure::logged(StatusCode::SERVICE_UNAVAILABLE, why));
        };
        let mut worker = self.take_idle();
        let job = serde_json::to_string(&Job { doc }).expect("a job serializes");
        let outcome = timeout(JOB_TIMEOUT, worker.ask(&job)).await;
        let hung = outcome.is_err();
        if let Ok(Some(reply)) = outcome {
            self.put_idle(worker);
            let parsed: Parsed = serde_json::from_str(&reply).expect("workers send replies");
            return Ok(parsed.words);
        }
        // It died, or hung and gets killed: reap it, and start another in its place.
        let status = describe(worker.retire(hung).await);
        self.put_idle(Worker::start(&self.exe));
        let why = if hung {
            format!("worker: no answer in {JOB_TIMEOUT:?}, killed ({status}); replaced")
        } else {
            format!("worker: died ({status}); replaced")
        };
        Err(Failure::logged(StatusCode::INTERNAL_SERVER_ERROR, why))
    }
}
// ANCHOR_END: pool

impl Pool {
    fn start(exe: PathBuf, workers: usize) -> Pool {
        Pool {
            idle: Mutex::new((0..workers).map(|_| Worker::start(&exe)).collect()),
            exe,
            free: Semaphore::new(workers),
        }
    }

    // The lock is held for one push or pop, never across an `.await`.
    fn take_idle(&self) -> Worker {
        let mut idle = self.idle.lock().expect("nobody panics holding it");
        idle.pop().expect("a permit means an idle worker")
    }

    fn put_idle(&self, worker: Worker) {
        self.idle
            .lock()
            .expect("nobody panics holding it")
            .push(worker);
    }

    // ANCHOR: close
    /// Waits for every job still running (all permits), then retires every worker.
    async fn close(&self) -> Vec<String> {
        let all = u32::try_from(WORKERS).expect("a few workers");
        let _every_permit = self.free.acquire_many(all).await.expect("closed only here");
        self.free.close(); // from now on `run` gets no permit: it answers 503
        let workers = std::mem::take(&mut *self.idle.lock().expect("not poisoned"));
        let mut statuses = Vec::new();
        for worker in workers {
            statuses.push(describe(worker.retire(false).await));
        }
        statuses
    }
    // ANCHOR_END: close
}

// ANCHOR: isolated
async fn run_isolated(pool: &Arc<Pool>, doc: String) -> Result<usize, Failure> {
    let (pool, id) = (Arc::clone(pool), REQUEST_ID.get());
    // Spawned, so that a client who hangs up (hyper then drops this handler's future)
    // cannot drop the job halfway, with its worker out of the pool. A spawned task
    // starts outside every task-local scope (chapter 6), so the id goes in anew.
    let job = tokio::spawn(REQUEST_ID.scope(id, async move { pool.run(doc).await }));
    job.await.expect("a job task does not panic")
}
// ANCHOR_END: isolated

fn describe(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit code {code}"),
        (None, Some(signal)) => format!("signal {signal}"),
        (None, None) => format!("{status}"),
    }
}

// ANCHOR: signal_handler
/// Waits for SIGTERM (what `kill`, systemd and Kubernetes send) or ctrl-c; cancels the token.
async fn cancel_on_signal(mut sigterm: Signal, shutdown: CancellationToken) {
    tokio::select! {
        _ = sigterm.recv() => println!("server: SIGTERM received, finishing requests in flight"),
        _ = tokio::signal::ctrl_c() => println!("server: ctrl-c received, finishing requests in flight"),
    }
    shutdown.cancel();
}
// ANCHOR_END: signal_handler

// ANCHOR: shutdown
/// Serves until the token is cancelled, lets open requests finish, then reaps the workers.
async fn serve(listener: TcpListener, app: Arc<App>, shutdown: CancellationToken) -> Vec<String> {
    let router = (Router::new().route("/work", get(work)))
        .layer(middleware::from_fn(with_request_id))
        .with_state(Arc::clone(&app));
    // When the token is cancelled: stop accepting, finish every open request, then return.
    let serving = axum::serve(listener, router)
        .with_graceful_shutdown(shutdown.clone().cancelled_owned())
        .into_future();
    let drain_limit = async {
        shutdown.cancelled().await;
        tokio::time::sleep(DRAIN_LIMIT).await; // counted from the signal
    };
    tokio::select! {
        served = serving => served.expect("axum::serve never fails"),
        () = drain_limit => println!("server: requests still open after {DRAIN_LIMIT:?}, given up"),
    }
    app.pool.close().await // either way, every worker is reaped
}
// ANCHOR_END: shutdown

// ANCHOR: stand_in
/// The stand-in upstream: says how far to count, by request id, and misbehaves on cue.
#[derive(Default)]
struct Upstream {
    calls: AtomicUsize,
    two_at_once: CancellationToken, // it has had two calls in hand at once
    holding_6: CancellationToken,   // it has request 6 in hand
    release_6: CancellationToken,   // the demo lets request 6 go
}

async fn upstream_limit(State(up): State<Arc<Upstream>>, headers: HeaderMap) -> Json<Limit> {
    let id = request_id(&headers);
    if up.calls.fetch_add(1, Ordering::SeqCst) == 1 {
        up.two_at_once.cancel(); // the second call: both of the service's permits are in use
    }
    up.two_at_once.cancelled().await; // the first call waits for the second
    match id {
        3 => tokio::time::sleep(10 * UPSTREAM_TIMEOUT).await, // too slow, every time
        6 => {
            up.holding_6.cancel();
            up.release_6.cancelled().await; // held until the demo says so
        }
        _ => {}
    }
    Json(Limit { below: id * 10_000 })
}
// ANCHOR_END: stand_in

/// The id the service sent along, as a number.
fn request_id(headers: &HeaderMap) -> u64 {
    let id = headers["x-request-id"].to_str().ok();
    id.and_then(|id| id.parse().ok())
        .expect("the service sends the id")
}

/// Starts the stand-in upstream on its own loopback port; returns its URL.
async fn start_upstream(upstream: Arc<Upstream>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let url = format!("http://{}/limit", listener.local_addr().expect("bound"));
    let router = Router::new()
        .route("/limit", get(upstream_limit))
        .with_state(upstream);
    // Not shut down gracefully: it ends with the runtime, at the end of the demo.
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

/// An HTTP client for loopback: never through an HTTP_PROXY from the environment.
fn loopback_client() -> reqwest::Client {
    let builder = reqwest::Client::builder().no_proxy();
    builder.build().expect("a client without TLS builds")
}

/// The demo's client: one GET with its request id; returns the status and the body.
async fn send(client: reqwest::Client, url: String, id: u64, doc: &str) -> (u64, String, String) {
    let request = client
        .get(format!("{url}?doc={doc}"))
        .header("x-request-id", id);
    let response = request.send().await.expect("the service answers");
    let status = response.status().to_string();
    (id, status, response.text().await.expect("a body"))
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("worker") {
        return worker();
    }
    demo();
}

#[tokio::main]
async fn demo() {
    // ANCHOR: start
    let upstream = Arc::new(Upstream::default());
    let exe = std::env::current_exe().expect("a running program knows its path");
    let app = Arc::new(App {
        http: loopback_client(),
        upstream_url: start_upstream(Arc::clone(&upstream)).await,
        upstream_slots: Semaphore::new(UPSTREAM_LIMIT),
        pool: Arc::new(Pool::start(exe, WORKERS)),
    });
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let address = listener.local_addr().expect("bound");
    let shutdown = CancellationToken::new();
    // Installed before anyone can send SIGTERM: with no handler, SIGTERM ends the process.
    let sigterm = signal(SignalKind::terminate()).expect("a SIGTERM handler");
    tokio::spawn(cancel_on_signal(sigterm, shutdown.clone()));
    let server = tokio::spawn(serve(listener, app, shutdown.clone()));
    // ANCHOR_END: start

    // ANCHOR: requests
    // (request id, document, the status it must get); `+` is a space in a query string
    let requests = [
        (1, "hello+world", "200 OK"),
        (2, "three+short+words", "200 OK"),
        (3, "slow+upstream", "504 Gateway Timeout"),
        (4, "crash", "500 Internal Server Error"),
        (5, "the+last+of+five", "200 OK"),
    ];
    let (client, url) = (loopback_client(), format!("http://{address}/work"));
    let mut calls = JoinSet::new();
    for (id, doc, _) in requests {
        calls.spawn(send(client.clone(), url.clone(), id, doc));
    }
    let mut answers = BTreeMap::new(); // sorted by id: the report does not depend on timing
    while let Some(answer) = calls.join_next().await {
        let (id, status, body) = answer.expect("a client task does not panic");
        answers.insert(id, (status, body));
    }
    println!("requests 1 to 5 sent at once, all answered");
    // ANCHOR_END: requests

    // ANCHOR: signal
    let in_flight = tokio::spawn(send(client, url, 6, "in+flight"));
    upstream.holding_6.cancelled().await;
    println!("request 6 waits on the upstream: sending SIGTERM to this process");
    // The shell's own `kill`, as an operator would type it: no package beyond /bin/sh.
    let kill = format!("kill -TERM {}", std::process::id());
    let kill = Command::new("sh").args(["-c", &kill]).status().await;
    let kill = kill.expect("sh runs `kill`");
    assert!(kill.success(), "the signal was sent");
    shutdown.cancelled().await; // the handler has cancelled the token: shutdown has begun
    println!("the upstream answers request 6 now");
    upstream.release_6.cancel();
    let (id, status, body) = in_flight.await.expect("request 6's task does not panic");
    answers.insert(id, (status, body));
    let retired = server.await.expect("the server task does not panic");
    println!(
        "server: stopped; workers retired at shutdown: {}",
        retired.join(", ")
    );
    let refused = TcpStream::connect(address)
        .await
        .expect_err("nobody listens");
    println!("a new connection now: {}", refused.kind());
    // ANCHOR_END: signal

    let (started, reaped) = (
        STARTED.load(Ordering::SeqCst),
        REAPED.load(Ordering::SeqCst),
    );
    assert_eq!(started, reaped, "every worker process was reaped");
    println!(
        "worker processes: {started} started ({WORKERS} + {} replacement), {reaped} reaped",
        started - WORKERS
    );
    // Never more than the limit, since the count is taken under a permit; and the limit was
    // reached, since the stand-in held its first call until a second came.
    let peak = PEAK_CALLING.load(Ordering::SeqCst);
    assert_eq!(
        peak, UPSTREAM_LIMIT,
        "the semaphore was full, once at least"
    );
    println!("upstream calls at once: at most {peak}, the limit");
    let children = children_left();
    assert_eq!(children, 0, "no child process left, not even a zombie");
    println!("children left: {children}");
    println!();
    println!("the answers and the service's log, by request id:");
    let log = LOG.lock().expect("the server has stopped").clone();
    for (id, (status, body)) in &answers {
        let expected = (requests.iter().find(|r| r.0 == *id)).map_or("200 OK", |r| r.2);
        assert_eq!(status, expected, "request {id}");
        println!("request {id}: {status} {body}");
        // The lines of one request are in the order it ran them: one request runs in order.
        for (_, line) in log.iter().filter(|(line_id, _)| line_id == id) {
            println!("    [request {id}] {line}");
        }
    }
    assert_eq!(answers.len(), 6, "every request answered");
    assert!(
        log.iter().all(|(id, _)| answers.contains_key(id)),
        "no stray log line"
    );
}

// Linux: count the processes whose parent is us, zombies included (they are in /proc too).
fn children_left() -> usize {
    let me = std::process::id().to_string();
    let entries = std::fs::read_dir("/proc").expect("this check reads Linux's /proc");
    entries
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path().join("stat")).ok())
        // stat is "pid (name) state ppid ...": the name may hold spaces, so split after ')'
        .filter(|stat| {
            stat.rsplit(')')
                .next()
                .and_then(|rest| rest.split_whitespace().nth(1))
                == Some(&me)
        })
        .count()
}
