use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

// ANCHOR: child
// The child's side: one line in, one line out, until its stdin closes.
fn shout() {
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = line.expect("the parent sends text");
        // Rust's stdout is line-buffered even into a pipe; flush says so out loud.
        writeln!(stdout, "{}: {}", n + 1, line.to_uppercase()).expect("the parent is reading");
        stdout.flush().expect("the parent is reading");
    }
}
// ANCHOR_END: child

// ANCHOR: parent
fn main() {
    // The same program, started again in another role: one binary, nothing to install.
    if std::env::args().nth(1).as_deref() == Some("shout") {
        return shout();
    }
    let me = std::env::current_exe().expect("a running program knows its own path");
    let mut child = Command::new(me)
        .arg("shout")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("our own binary starts");

    let mut to_child = child.stdin.take().expect("stdin was piped");
    let mut from_child = BufReader::new(child.stdout.take().expect("stdout was piped")).lines();
    for word in ["ping", "process", "pipe"] {
        writeln!(to_child, "{word}").expect("the child is alive");
        let answer = from_child
            .next()
            .expect("one line back")
            .expect("valid UTF-8");
        println!("sent {word:?}, got {answer:?}");
    }

    drop(to_child); // closing its stdin is how the child learns there is no more work
    let status = child.wait().expect("the child was started");
    println!("child exited: {status}");
}
// ANCHOR_END: parent
