//! Many connections (the tool's sixth measurement): echo round trips on loopback, one server
//! process at a time — a tokio task per connection, a thread per connection, Python's asyncio and
//! a Python thread per connection — all driven by the same client, in this tool's process, so
//! every server meets the same load and the client never competes with a server inside it. The
//! client and the server share the cores, so the rate of round trips belongs to the pair; the CPU
//! time the server process uses per round trip is the server's own.

use crate::bench::{Config, me};
use crate::stats::{Stat, measure_each};
use crate::sys;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{Semaphore, mpsc, watch};

/// Bytes in each message; the server sends back what it reads.
pub const MESSAGE: usize = 64;
/// Connections being opened at once: below every server's listen backlog, so none is dropped.
pub const OPENING: usize = 32;
/// A run that takes longer than this is broken, not slow: the tool stops with an error.
const RUN_LIMIT: Duration = Duration::from_secs(180);
/// How long a server may take to exit once asked, before it is killed.
const STOP_GRACE: Duration = Duration::from_secs(2);
/// Descriptors a process needs besides its connections (stdio, the listener, epoll, pipes).
const SPARE_FDS: u64 = 64;

/// The first line every server prints: the port the OS gave it.
#[derive(Serialize, Deserialize)]
pub struct Ready {
    pub port: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub enum Server {
    Tokio,
    Threads,
    PyAsyncio,
    PyThreads,
}

pub const SERVERS: [Server; 4] = [
    Server::Tokio,
    Server::Threads,
    Server::PyAsyncio,
    Server::PyThreads,
];

impl Server {
    pub fn python(self) -> bool {
        matches!(self, Server::PyAsyncio | Server::PyThreads)
    }

    fn command(self) -> Command {
        let (program, role) = match self {
            Server::Tokio => (None, "net-tokio"),
            Server::Threads => (None, "net-threads"),
            Server::PyAsyncio => (Some("python3"), "asyncio"),
            Server::PyThreads => (Some("python3"), "threads"),
        };
        match program {
            None => {
                let mut cmd = me();
                cmd.arg(role);
                cmd
            }
            Some(python) => {
                let mut cmd = Command::new(python);
                cmd.args([crate::python::SCRIPT, "--serve", role]);
                cmd
            }
        }
    }
}

/// A server process: it stops when its stdin closes (so also when this tool dies).
struct Running {
    child: Child,
    stdin: Option<ChildStdin>,
    port: u16,
}

impl Running {
    fn start(server: Server) -> Running {
        let mut command = server.command();
        // SAFETY: prctl is async-signal-safe and touches no memory of ours.
        unsafe {
            command.pre_exec(|| {
                // If this tool dies, the kernel kills the server too: no server outlives a run.
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn a server");
        let stdin = child.stdin.take();
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("server stdout"))
            .read_line(&mut line)
            .expect("read the server's ready line");
        let ready: Ready = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("{server:?} server's ready line {line:?}: {e}"));
        Running {
            child,
            stdin,
            port: ready.port,
        }
    }

    /// Closes the server's stdin and waits for it to exit. A server that has not exited after
    /// STOP_GRACE is killed: its figures are taken, and thousands of Python threads queueing for the
    /// GIL can take minutes to let the one that reads stdin run.
    fn stop(mut self) {
        drop(self.stdin.take()); // EOF: the server exits
        let asked = Instant::now();
        while asked.elapsed() < STOP_GRACE {
            if let Some(status) = self.child.try_wait().expect("wait for the server") {
                assert!(status.success(), "the server failed: {status}");
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        self.child.kill().expect("kill the server");
        self.child.wait().expect("wait for the killed server");
    }
}

// ---------------------------------------------------------------------------------------------
// The servers. Each binds 127.0.0.1 port 0, prints {"port": …}, echoes until its stdin closes.

fn announce(port: u16) {
    let mut out = std::io::stdout().lock();
    let ready = serde_json::to_string(&Ready { port }).expect("ready line");
    writeln!(out, "{ready}").expect("server: announce");
    out.flush().expect("server: flush");
}

/// A thread that ends the server when the tool closes its stdin.
fn exit_on_eof() {
    std::thread::spawn(|| {
        let _ = std::io::stdin().lock().read_to_end(&mut Vec::new());
        std::process::exit(0);
    });
}

/// A tokio task per connection, on the default multi-thread runtime.
pub fn serve_tokio() {
    exit_on_eof();
    let rt = tokio::runtime::Runtime::new().expect("server: runtime");
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("server: bind");
        announce(listener.local_addr().expect("server: address").port());
        loop {
            let (mut socket, _) = listener.accept().await.expect("server: accept");
            socket.set_nodelay(true).expect("server: nodelay");
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                while let Ok(n @ 1..) = socket.read(&mut buf).await {
                    if socket.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
            });
        }
    })
}

/// A thread per connection, blocking reads and writes.
pub fn serve_threads() {
    exit_on_eof();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("server: bind");
    announce(listener.local_addr().expect("server: address").port());
    for socket in listener.incoming() {
        let mut socket = socket.expect("server: accept");
        socket.set_nodelay(true).expect("server: nodelay");
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = socket.read(&mut buf) {
                if socket.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        });
    }
}

// ---------------------------------------------------------------------------------------------
// The client: `n` connections, each one opened and checked with one round trip, then all idle
// (the server's memory is read), then all at once round trips, each connection one after the
// other, for a fixed window; the figure is the round trips completed in it per second.

fn message(conn: usize, trip: usize) -> [u8; MESSAGE] {
    let mut m = [b'.'; MESSAGE];
    m[..8].copy_from_slice(&(conn as u64).to_le_bytes());
    m[8..16].copy_from_slice(&(trip as u64).to_le_bytes());
    m
}

async fn round_trip(
    s: &mut tokio::net::TcpStream,
    conn: usize,
    trip: usize,
) -> std::io::Result<()> {
    let sent = message(conn, trip);
    s.write_all(&sent).await?;
    let mut back = [0u8; MESSAGE];
    s.read_exact(&mut back).await?;
    if back != sent {
        return Err(std::io::Error::other("the echo differs from the message"));
    }
    Ok(())
}

async fn open(
    port: u16,
    conn: usize,
    opening: &Semaphore,
) -> std::io::Result<tokio::net::TcpStream> {
    let _turn = opening.acquire().await.expect("opening semaphore");
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    s.set_nodelay(true)?;
    round_trip(&mut s, conn, 0).await?;
    Ok(s)
}

async fn connection(
    port: u16,
    conn: usize,
    opening: Arc<Semaphore>,
    opened: mpsc::Sender<Option<String>>,
    mut go: watch::Receiver<bool>,
    done: Arc<AtomicU64>,
) -> std::io::Result<()> {
    let stream = open(port, conn, &opening).await;
    let error = stream
        .as_ref()
        .err()
        .map(|e| format!("connection {conn}: {e}"));
    opened.send(error).await.ok();
    let mut s = stream?;
    go.wait_for(|go| *go)
        .await
        .map_err(|_| std::io::Error::other("no start signal"))?;
    // Round trips one after the other until the client stops the run (it aborts this task).
    for trip in 1.. {
        round_trip(&mut s, conn, trip).await?;
        done.fetch_add(1, Ordering::Relaxed);
    }
    Ok(())
}

/// What the server process holds: its memory, and the kernel's (system-wide).
struct Held {
    rss: f64,
    pss: f64,
    virt: f64,
    kernel: f64,
    threads: usize,
}

impl Held {
    fn of(pid: u32) -> Held {
        let (rss, pss) = sys::rss_pss(pid).expect("smaps_rollup of the server");
        let pid = pid.to_string();
        Held {
            rss,
            pss,
            virt: sys::status(&pid, "VmSize"),
            kernel: sys::kernel_bytes() + sys::meminfo("Slab"),
            threads: sys::status_count(&pid, "Threads").expect("the server's thread count"),
        }
    }
}

/// What one run's server held per open connection (the growth from none), and its threads.
struct Growth {
    rss: f64,
    pss: f64,
    virt: f64,
    kernel: f64,
    threads: usize,
}

/// A spread of readings that may be zero or negative (memory can be reused), unlike a timing.
fn spread(mut values: Vec<f64>) -> Stat {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Stat {
        median: (values[(n - 1) / 2] + values[n / 2]) / 2.0,
        min: values[0],
        max: values[n - 1],
        runs: n,
        foreign: 0.0,
        tries: 1,
        disturbed: false,
    }
}

/// The server's growth per open, idle connection, over every run.
#[derive(Clone, Debug, Serialize)]
pub struct PerConnection {
    /// Resident memory (RSS) of the server process.
    pub real: Stat,
    /// Its proportional share (PSS): the same here, as the growth is the server's own pages.
    pub pss: Stat,
    pub virt: Stat,
    /// KernelStack + PageTables + Slab in /proc/meminfo: system-wide, both ends of each socket.
    pub kernel: Stat,
}

/// Where a run stands at one instant: round trips completed so far, and the CPU time used by the
/// server and by this process (the client), in seconds.
struct Tally {
    at: Instant,
    trips: u64,
    server_cpu: f64,
    client_cpu: f64,
}

impl Tally {
    fn now(done: &AtomicU64, server: u32) -> Tally {
        Tally {
            at: Instant::now(),
            trips: done.load(Ordering::Relaxed),
            server_cpu: sys::process_cpu_seconds(Some(server)),
            client_cpu: sys::process_cpu_seconds(None),
        }
    }
}

/// Lets the connections make round trips for `time`. A connection ends only by an error: during a
/// run, none may.
async fn keep_going(
    conns: &mut tokio::task::JoinSet<std::io::Result<()>>,
    time: Duration,
    server: Server,
    n: usize,
) {
    tokio::select! {
        _ = tokio::time::sleep(time) => {}
        Some(ended) = conns.join_next() => {
            let error = ended
                .expect("a connection task panicked")
                .err()
                .map_or("it ended".to_string(), |e| e.to_string());
            panic!("{server:?} server, {n} connections: {error}");
        }
    }
}

/// One run against a fresh server: [round trips per second, the server's CPU seconds per round
/// trip, the client's, the cores both kept busy]; the server's memory and threads, via `held`.
fn one_run(
    rt: &tokio::runtime::Runtime,
    server: Server,
    n: usize,
    (lead_in, window): (Duration, Duration),
    held: &mut Vec<Growth>,
) -> [f64; 4] {
    let running = Running::start(server);
    let (port, pid) = (running.port, running.child.id());
    // One connection first, closed again: what the server makes once is not counted per connection.
    {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("warm-up connect");
        s.write_all(&message(0, 0)).expect("warm-up write");
        s.read_exact(&mut [0u8; MESSAGE]).expect("warm-up read");
    }
    std::thread::sleep(Duration::from_millis(20));
    let before = Held::of(pid);
    let figures = rt.block_on(async {
        let run = async {
            let opening = Arc::new(Semaphore::new(OPENING));
            let (opened_tx, mut opened) = mpsc::channel(n);
            let (go_tx, go_rx) = watch::channel(false);
            let done = Arc::new(AtomicU64::new(0));
            let mut conns = tokio::task::JoinSet::new();
            for conn in 0..n {
                let fut = connection(
                    port,
                    conn,
                    Arc::clone(&opening),
                    opened_tx.clone(),
                    go_rx.clone(),
                    Arc::clone(&done),
                );
                conns.spawn(fut);
            }
            for _ in 0..n {
                if let Some(e) = opened.recv().await.expect("every connection reports") {
                    panic!("{server:?} server, {n} connections: {e}");
                }
            }
            // Every connection is open, answered once, and idle: what does the server hold?
            let after = Held::of(pid);
            let per = |a: f64, b: f64| (a - b) / n as f64;
            held.push(Growth {
                rss: per(after.rss, before.rss),
                pss: per(after.pss, before.pss),
                virt: per(after.virt, before.virt),
                kernel: per(after.kernel, before.kernel),
                threads: after.threads,
            });
            go_tx.send(true).expect("connections are waiting");
            // A lead-in first: the figures start once every connection is under way, so the round
            // trips in flight when they start and when they end are about as many.
            keep_going(&mut conns, lead_in, server, n).await;
            let start = Tally::now(&done, pid);
            keep_going(&mut conns, window, server, n).await;
            let end = Tally::now(&done, pid);
            // The round trips still in flight are dropped with their connections.
            conns.shutdown().await;
            let trips = (end.trips - start.trips) as f64;
            assert!(
                trips > 0.0,
                "{server:?} server: no round trip in {window:?}"
            );
            let secs = (end.at - start.at).as_secs_f64();
            let server_cpu = end.server_cpu - start.server_cpu;
            let client_cpu = end.client_cpu - start.client_cpu;
            [
                trips / secs,
                server_cpu / trips,
                client_cpu / trips,
                (server_cpu + client_cpu) / secs,
            ]
        };
        tokio::time::timeout(RUN_LIMIT, run)
            .await
            .unwrap_or_else(|_| {
                panic!("{server:?} server, {n} connections: no end in {RUN_LIMIT:?}")
            })
    });
    running.stop();
    figures
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Serialize)]
pub struct NetRow {
    pub server: Server,
    pub connections: usize,

    /// Round trips per second, all connections together (None: skipped, or no python3).
    pub rate: Option<Stat>,
    /// CPU seconds the server process used per round trip, user and system, all its threads.
    pub server_cpu: Option<Stat>,
    /// The same of the client (this tool's process), which every server shares.
    pub client_cpu: Option<Stat>,
    /// CPU seconds per second that the client and the server used together: the cores they kept
    /// busy. Below the machine's cores, something else held them back: other programs, or waiting.
    pub cores: Option<Stat>,
    pub memory: Option<PerConnection>,
    /// Threads in the server process with every connection open.
    pub threads: Option<usize>,
    pub skipped: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Network {
    pub message: usize,
    /// How long each run's connections make round trips before the figures start …
    pub lead_in: f64,
    /// … and then while they are counted.
    pub seconds: f64,
    pub runs: usize,
    /// RLIMIT_NOFILE, soft limit before and after raising it to the hard limit, and the hard limit.
    pub open_files: (u64, u64, u64),
    pub rows: Vec<NetRow>,
}

/// Raises the soft limit on open files to the hard limit (children inherit it).
fn raise_open_files() -> (u64, u64, u64) {
    // SAFETY: a zeroed rlimit is a valid value; getrlimit only writes into it.
    let mut lim: libc::rlimit = unsafe { std::mem::zeroed() };
    // SAFETY: `lim` is a valid, writable rlimit.
    assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) }, 0);
    let before = lim.rlim_cur;
    lim.rlim_cur = lim.rlim_max;
    // SAFETY: `lim` is a valid rlimit; raising the soft limit up to the hard one is allowed.
    let raised = unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &lim) } == 0;
    let now = if raised { lim.rlim_max } else { before };
    (before, now, lim.rlim_max)
}

pub fn network(cfg: &Config, python: bool) -> Network {
    let open_files = raise_open_files();
    let rt = tokio::runtime::Runtime::new().expect("client runtime");
    let mut rows = Vec::new();
    let window = (
        Duration::from_secs_f64(cfg.net_lead_in),
        Duration::from_secs_f64(cfg.net_seconds),
    );
    for &n in &cfg.net_sizes {
        for server in SERVERS {
            let mut row = NetRow {
                server,
                connections: n,
                rate: None,
                server_cpu: None,
                client_cpu: None,
                cores: None,
                memory: None,
                threads: None,
                skipped: None,
            };
            if server.python() && !python {
                rows.push(row);
                continue;
            }
            let need = n as u64 + SPARE_FDS;
            if need > open_files.1 {
                row.skipped = Some(format!(
                    "{n} connections need {need} open files in each process; the limit is {}",
                    open_files.1
                ));
                rows.push(row);
                continue;
            }
            let mut held = Vec::new();
            let label = format!("network {server:?} {n}");
            if !cfg.quick {
                let name = crate::figures::server_label(server);
                eprintln!("        {n} connections, {name}");
            }
            // The figures of a run share the watch: one verdict for all of them.
            let [rate, server_cpu, client_cpu, cores] = measure_each(&label, cfg.net_runs, || {
                one_run(&rt, server, n, window, &mut held)
            });
            row.rate = Some(rate);
            row.server_cpu = Some(server_cpu);
            row.client_cpu = Some(client_cpu);
            row.cores = Some(cores);
            let all = |f: fn(&Growth) -> f64| spread(held.iter().map(f).collect());
            row.threads = held.iter().map(|g| g.threads).max();
            row.memory = Some(PerConnection {
                real: all(|g| g.rss),
                pss: all(|g| g.pss),
                virt: all(|g| g.virt),
                kernel: all(|g| g.kernel),
            });
            rows.push(row);
        }
    }
    Network {
        message: MESSAGE,
        lead_in: cfg.net_lead_in,
        seconds: cfg.net_seconds,
        runs: cfg.net_runs,
        open_files,
        rows,
    }
}
