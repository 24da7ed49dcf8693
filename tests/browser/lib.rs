//! Headless Chromium for the book: what the browser test (reader.rs) and `book-pdf` (book_pdf.rs,
//! the program that prints the book to the PDF published beside the site) share.
//!
//! - `server`: serves a built book on 127.0.0.1 under `/book/`, as GitHub Pages does;
//! - `driver`: chromedriver as a child process;
//! - `session`: a Chromium session through chromedriver (fantoccini), Chrome DevTools commands,
//!   waiting on a condition;
//! - `pdf`: the print page (print.html) to one PDF, and the paper it is printed on.

pub mod driver;
pub mod pdf;
pub mod server;
pub mod session;

use std::path::PathBuf;
use std::time::Duration;

/// How long any one thing a reader waits for may take before it is called broken.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// Chromium and chromedriver, from CHROMIUM / CHROMEDRIVER or the PATH.
pub fn browser() -> Option<(PathBuf, PathBuf)> {
    Some((
        program(
            "CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
        )?,
        program("CHROMEDRIVER", &["chromedriver"])?,
    ))
}

/// A program named by the environment variable `var`, or the first of `names` on the PATH.
pub fn program(var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(var) {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|p| p.is_file())
}
