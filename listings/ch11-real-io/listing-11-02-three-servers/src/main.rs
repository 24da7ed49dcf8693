use std::collections::HashSet;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener as StdListener, TcpStream as StdStream};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::{self, ThreadId};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::task::JoinSet;

/// How many connections the client opens at once, and each server serves before it stops.
const CONNECTIONS: usize = 400;
const POOL_THREADS: usize = 4;

/// The threads that answered, recorded by the servers.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<HashSet<ThreadId>>>);

impl Seen {
    fn note(&self) {
        let mut seen = self.0.lock().expect("no thread panicked holding it");
        seen.insert(thread::current().id());
    }
    fn count(&self) -> usize {
        self.0.lock().expect("no thread panicked holding it").len()
    }
}

// ANCHOR: protocol
/// The protocol, one line each way: "add 2 3" gets "5".
fn answer(line: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words[..] {
        ["add", a, b] => match (a.parse::<i64>(), b.parse::<i64>()) {
            (Ok(a), Ok(b)) => format!("{}\n", a + b),
            _ => "error: not a number\n".to_string(),
        },
        _ => "error: expected `add a b`\n".to_string(),
    }
}
// ANCHOR_END: protocol

// ANCHOR: failure
/// One connection failed (its client reset it, say): note it and carry on serving the others.
fn log_failure(served: io::Result<()>) {
    if let Err(e) = served {
        eprintln!("connection dropped: {e}");
    }
}
// ANCHOR_END: failure

// ANCHOR: tokio
// A task per connection. (It stops after CONNECTIONS; a real server loops forever.)
async fn task_per_connection(listener: TcpListener, seen: Seen) {
    let mut connections = JoinSet::new();
    for _ in 0..CONNECTIONS {
        let (stream, _peer) = listener.accept().await.expect("accept");
        let seen = seen.clone();
        connections.spawn(async move { log_failure(serve_async(stream, seen).await) });
    }
    connections.join_all().await;
}

async fn serve_async(stream: TcpStream, seen: Seen) -> io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut lines = tokio::io::BufReader::new(reader).lines();
    while let Some(line) = lines.next_line().await? {
        seen.note();
        writer.write_all(answer(&line).as_bytes()).await?;
    }
    Ok(())
}
// ANCHOR_END: tokio

// ANCHOR: threads
// A thread per connection: the same loop, with blocking reads and writes.
fn thread_per_connection(listener: StdListener, seen: Seen) {
    let mut threads = Vec::new();
    for stream in listener.incoming().take(CONNECTIONS) {
        let (stream, seen) = (stream.expect("accept"), seen.clone());
        threads.push(thread::spawn(move || {
            log_failure(serve_blocking(stream, &seen))
        }));
    }
    for thread in threads {
        thread.join().expect("no panic");
    }
}

fn serve_blocking(stream: StdStream, seen: &Seen) -> io::Result<()> {
    let mut writer = &stream;
    for line in BufReader::new(&stream).lines() {
        seen.note();
        writer.write_all(answer(&line?).as_bytes())?;
    }
    Ok(())
}
// ANCHOR_END: threads

// ANCHOR: pool
// A fixed pool: the accept loop queues each connection, a free worker takes it.
fn thread_pool(listener: StdListener, seen: Seen) {
    let (queue, waiting) = mpsc::channel::<StdStream>();
    let waiting = Arc::new(Mutex::new(waiting));
    let workers: Vec<_> = (0..POOL_THREADS)
        .map(|_| {
            let (waiting, seen) = (Arc::clone(&waiting), seen.clone());
            thread::spawn(move || {
                loop {
                    let next = waiting.lock().expect("lock").recv(); // unlocked again at the `;`
                    let Ok(stream) = next else { break }; // queue closed and empty: stop
                    log_failure(serve_blocking(stream, &seen));
                }
            })
        })
        .collect();
    for stream in listener.incoming().take(CONNECTIONS) {
        queue
            .send(stream.expect("accept"))
            .expect("workers are running");
    }
    drop(queue); // closes the queue: the workers stop when it is empty
    for worker in workers {
        worker.join().expect("no panic");
    }
}
// ANCHOR_END: pool

/// The client: CONNECTIONS connections at once, one question each; how many answers were right.
async fn client(addr: SocketAddr) -> usize {
    let mut asks = JoinSet::new();
    for i in 0..CONNECTIONS {
        asks.spawn(async move {
            let stream = TcpStream::connect(addr).await.expect("connect");
            let (reader, mut writer) = stream.into_split();
            let question = format!("add {i} {}\n", 2 * i);
            writer.write_all(question.as_bytes()).await.expect("write");
            let mut lines = tokio::io::BufReader::new(reader).lines();
            let reply = lines.next_line().await.expect("read").expect("a reply");
            reply == (3 * i).to_string()
        });
    }
    let correct = asks.join_all().await.into_iter().filter(|&ok| ok).count();
    assert_eq!(correct, CONNECTIONS, "every answer is right");
    correct
}

fn report(how: &str, correct: usize, seen: &Seen) {
    let how = format!("{how}:");
    let threads = seen.count();
    println!("{how:<25}{CONNECTIONS} connections, {correct} answers correct, on {threads} threads");
    match how.as_str() {
        "a task per connection:" => assert!(threads <= 2, "only the runtime's two workers"),
        "a thread per connection:" => assert_eq!(threads, CONNECTIONS, "one per connection"),
        _ => assert!(threads <= POOL_THREADS, "only the pool's threads"),
    }
}

// ANCHOR: listen
/// A listener on 127.0.0.1, port 0 (the OS picks a free one). The backlog is how many
/// connections the OS queues before they are accepted: `bind` asks for 128, too few here.
fn listen_on_loopback() -> TcpListener {
    let socket = TcpSocket::new_v4().expect("a socket");
    socket.bind(([127, 0, 0, 1], 0).into()).expect("bind");
    socket.listen(1024).expect("listen")
}
// ANCHOR_END: listen

// ANCHOR: main
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let listener = listen_on_loopback();
    let (addr, seen) = (listener.local_addr().expect("address"), Seen::default());
    let server = tokio::spawn(task_per_connection(listener, seen.clone()));
    let correct = client(addr).await;
    server.await.expect("server finished");
    report("a task per connection", correct, &seen);

    type Server = fn(StdListener, Seen); // a function pointer: both servers fit this one type
    let blocking_servers: [(&str, Server); 2] = [
        ("a thread per connection", thread_per_connection),
        ("a pool of 4 threads", thread_pool),
    ];
    for (how, server) in blocking_servers {
        let listener = listen_on_loopback().into_std().expect("a std listener");
        listener.set_nonblocking(false).expect("blocking accept");
        let (addr, seen) = (listener.local_addr().expect("address"), Seen::default());
        let serving = seen.clone();
        let server = tokio::task::spawn_blocking(move || server(listener, serving));
        let correct = client(addr).await;
        server.await.expect("server finished");
        report(how, correct, &seen);
    }
}
// ANCHOR_END: main
