//! The book's test harness: one model of the book and one of a listing, shared by `build.rs`,
//! every test in `tests/` and the browser test in `tests/browser/`.
//!
//! - [`book`]: the chapters in SUMMARY.md's order, their fenced code blocks (one scanner, fence
//!   length respected), the `{{#include}}` directives and the listing each names, the captions.
//! - [`listing`]: the three kinds of listing folder, their `check.toml`, running a program and
//!   comparing what it printed with what the book shows (or rewriting that, with `BLESS=1`).
//! - [`playground`]: which listings the Rust playground can run.
//! - [`quiz`]: the chapters' quizzes and the outputs their answers quote.

pub mod book;
pub mod listing;
pub mod playground;
pub mod quiz;

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

pub use book::{Block, Book, Caption, Chapter, Include};
pub use listing::{Check, Kind, Listing};

/// The book's root: the folder holding book.toml and the workspace's Cargo.toml.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("harness/ is a folder of the book's root")
        .to_path_buf()
}

/// `BLESS=1` (any value but empty or `0`): expected files are rewritten from real runs instead of
/// compared. Read once per process.
pub fn blessing() -> bool {
    static BLESS: OnceLock<bool> = OnceLock::new();
    *BLESS.get_or_init(|| std::env::var_os("BLESS").is_some_and(|v| !v.is_empty() && v != "0"))
}

/// The folders directly in `dir`, sorted (none if it cannot be read).
pub fn folders_in(dir: &Path) -> Vec<PathBuf> {
    entries(dir).into_iter().filter(|p| p.is_dir()).collect()
}

/// The files under `dir`, at any depth, sorted, whose name passes `wanted`.
pub fn files_under(dir: &Path, wanted: &dyn Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for path in entries(dir) {
        if path.is_dir() {
            found.extend(files_under(&path, wanted));
        } else if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(wanted)
        {
            found.push(path);
        }
    }
    found
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
}

/// `a/b/../c` → `a/c`, without touching the disk.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The version of `package` that Cargo.lock pins (the first, if it pins several).
pub fn locked_version(root: &Path, package: &str) -> Option<String> {
    let lock: toml::Table = fs::read_to_string(root.join("Cargo.lock"))
        .ok()?
        .parse()
        .ok()?;
    lock.get("package")?
        .as_array()?
        .iter()
        .find(|p| p.get("name").and_then(|n| n.as_str()) == Some(package))?
        .get("version")?
        .as_str()
        .map(str::to_string)
}

/// "N problem(s) in what:" and one problem a line, or nothing when there are none.
pub fn report(what: &str, problems: &[String]) -> Result<(), String> {
    if problems.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} problem(s) in {what}:\n  {}",
        problems.len(),
        problems.join("\n  ")
    ))
}
