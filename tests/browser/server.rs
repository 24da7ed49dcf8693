//! The static HTTP server the browser reads the book from, as GitHub Pages would serve it.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

/// Serves `out` at `http://127.0.0.1:<port>/book/` until the test ends; returns the port.
/// A missing file gets 404.html with status 404, as GitHub Pages does.
pub fn serve(out: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port on 127.0.0.1");
    let port = listener.local_addr().expect("a bound address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let out = out.clone();
            std::thread::spawn(move || answer(stream, &out));
        }
    });
    port
}

fn answer(mut stream: TcpStream, out: &Path) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone a socket"));
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // Read the headers (and ignore them) up to the blank line.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let file = path
        .strip_prefix("/book/")
        .filter(|p| !p.split('/').any(|part| part == ".."))
        .map(|p| {
            let file = out.join(percent_decode(p));
            if file.is_dir() {
                file.join("index.html")
            } else {
                file
            }
        })
        .filter(|f| f.is_file());
    let (status, file) = match file {
        Some(file) => ("200 OK", file),
        None => ("404 Not Found", out.join("404.html")),
    };
    let body = fs::read(&file).unwrap_or_default();
    let kind = match file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
