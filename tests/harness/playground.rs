//! Which of the book's Rust blocks the Rust playground can run, and which a chapter offers to run.
//!
//! The rule (book.toml, README.md): a listing runs on the playground when it needs only std, tokio
//! and rayon, starts no child process and touches no file, and takes no command-line arguments.
//! Such a listing's block gets mdBook's Run button; every other listing's block is marked
//! `noplayground`, and the chapter says how to run it locally (`cargo run -p …`).
//!
//! Shared by tests/playground.rs (the marking agrees with the rule), through the harness module,
//! and the browser test in tests/browser/ (the Run buttons a reader sees agree with it), which
//! includes this file by `#[path]`. It needs only std and the `toml` crate.

#![allow(dead_code)] // each test target uses its own part of this module

use std::fs;
use std::path::{Path, PathBuf};

/// The crates the playground offers that a listing of this book may use.
pub const PLAYGROUND_CRATES: [&str; 2] = ["tokio", "rayon"];

/// What in a listing's source keeps it off the playground, and why. `std::process::id()` and
/// `exit` are fine there; starting a process is not.
const OFF_PLAYGROUND: [(&str, &str); 8] = [
    ("Command", "starts a child process (Command)"),
    ("Stdio", "talks to a child process (Stdio)"),
    ("tokio::process", "starts a child process (tokio::process)"),
    ("current_exe", "runs its own executable again (current_exe)"),
    ("std::fs", "uses files (std::fs)"),
    ("tokio::fs", "uses files (tokio::fs)"),
    ("fs::", "uses files (fs::…)"),
    ("File", "uses files (File)"),
];

/// One fenced block whose language is `rust`, in a chapter or a fragment under `src/`.
#[derive(Debug, Clone)]
pub struct RustBlock {
    /// The Markdown file, relative to the root (`src/ch07-processes.md`).
    pub file: PathBuf,
    /// 1-based line of the opening fence.
    pub line: usize,
    /// The info string's words after `rust` (`noplayground`, `compile_fail`, …).
    pub attributes: Vec<String>,
    /// The runnable listing the block includes (`listings/ch07-processes/listing-06-01-…`).
    pub listing: Option<PathBuf>,
}

impl RustBlock {
    pub fn has(&self, attribute: &str) -> bool {
        self.attributes.iter().any(|a| a == attribute)
    }

    /// The compiler must reject these; trybuild checks them, and this rule leaves them alone.
    pub fn is_compile_fail(&self) -> bool {
        self.has("compile_fail")
    }

    /// Whether the chapter offers the block to the playground: mdBook gives it a Run button
    /// (`noplayground`, `noplaypen` and `ignore` withhold the button, `no_run` hides it).
    pub fn offers_playground(&self) -> bool {
        !["noplayground", "noplaypen", "ignore", "no_run"]
            .iter()
            .any(|a| self.has(a))
    }

    pub fn at(&self) -> String {
        format!("{}:{}", self.file.display(), self.line)
    }
}

/// Every ```` ```rust ```` block of `file` (relative to `root`), in order. With `expand`, an
/// `{{#include x.md}}` line outside a code block is replaced by `x.md`'s blocks, as mdBook does,
/// so the result is in the order a reader meets them on the page.
pub fn rust_blocks(root: &Path, file: &Path, expand: bool) -> Vec<RustBlock> {
    let text = fs::read_to_string(root.join(file)).unwrap_or_default();
    let folder = file.parent().unwrap_or(Path::new(""));
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index].trim_start();
        if expand
            && let Some(path) = line
                .strip_prefix("{{#include ")
                .and_then(|rest| rest.trim_end().strip_suffix("}}"))
                .map(str::trim)
                .filter(|path| path.ends_with(".md"))
        {
            blocks.extend(rust_blocks(root, &folder.join(path), true));
            index += 1;
            continue;
        }
        let ticks = line.len() - line.trim_start_matches('`').len();
        if ticks < 3 {
            index += 1;
            continue;
        }
        let info = &line[ticks..];
        let close = |l: &str| {
            let l = l.trim();
            l.len() >= ticks && l.chars().all(|c| c == '`')
        };
        let end = (index + 1..lines.len())
            .find(|&i| close(lines[i]))
            .unwrap_or(lines.len());
        let mut words = info.split([',', ' ', '\t']).filter(|w| !w.is_empty());
        if words.next() == Some("rust") {
            let body = lines[index + 1..end].join("\n");
            blocks.push(RustBlock {
                file: file.to_path_buf(),
                line: index + 1,
                attributes: words.map(str::to_string).collect(),
                listing: included_listing(root, folder, &body),
            });
        }
        index = end + 1;
    }
    blocks
}

/// The `listings/…/listing-*/` folder whose `src/main.rs` a block's body includes, if any.
fn included_listing(root: &Path, folder: &Path, body: &str) -> Option<PathBuf> {
    let start = body.find("{{#")?;
    let directive = &body[start..];
    let path = directive.split_whitespace().nth(1)?;
    let path = path.split(':').next()?.trim_end_matches("}}");
    let main = normalize(&folder.join(path));
    let dir = main.parent()?.parent()?;
    let is_listing = main.ends_with("src/main.rs")
        && dir.file_name()?.to_str()?.starts_with("listing-")
        && dir.starts_with("listings");
    (is_listing && root.join(dir).is_dir()).then(|| dir.to_path_buf())
}

/// Why the playground cannot run the listing in `dir` (relative to `root`); empty if it can.
pub fn off_playground_reasons(root: &Path, dir: &Path) -> Vec<String> {
    let mut reasons = Vec::new();
    let manifest = root.join(dir).join("Cargo.toml");
    match fs::read_to_string(&manifest).map(|t| t.parse::<toml::Table>()) {
        Ok(Ok(table)) => {
            let dependencies = table.get("dependencies").and_then(|d| d.as_table());
            for name in dependencies.into_iter().flat_map(|d| d.keys()) {
                if !PLAYGROUND_CRATES.contains(&name.as_str()) {
                    reasons.push(format!(
                        "depends on `{name}`, which is not std, tokio or rayon"
                    ));
                }
            }
        }
        Ok(Err(e)) => reasons.push(format!("{}: {e}", manifest.display())),
        Err(e) => reasons.push(format!("{}: {e}", manifest.display())),
    }
    for source in rust_files(&root.join(dir).join("src")) {
        let code = without_tests(&without_comments(
            &fs::read_to_string(&source).unwrap_or_default(),
        ));
        for (word, why) in OFF_PLAYGROUND {
            let reason = why.to_string();
            if mentions(&code, word) && !reasons.contains(&reason) {
                reasons.push(reason);
            }
        }
    }
    if let Ok(check) = fs::read_to_string(root.join(dir).join("check.toml"))
        && let Ok(check) = check.parse::<toml::Table>()
        && check
            .get("args")
            .and_then(|a| a.as_array())
            .is_some_and(|a| !a.is_empty())
    {
        reasons.push("needs command-line arguments (check.toml `args`)".into());
    }
    reasons
}

/// `word` appears in `code` as a whole word (`fs::` also as the start of a path).
fn mentions(code: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices(word).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + word.len()..].chars().next();
        !before.is_some_and(is_ident) && (word.ends_with(':') || !after.is_some_and(is_ident))
    })
}

/// The code without `//` comments, so a comment saying "no files here" does not count.
fn without_comments(code: &str) -> String {
    code.lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The code without its `#[cfg(test)]` items: the playground runs `main`, not the tests, and a
/// test may read the listing's `output.txt`.
fn without_tests(code: &str) -> String {
    let mut kept = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        kept.push_str(&rest[..at]);
        let item = &rest[at..];
        let Some(open) = item.find('{') else {
            return kept;
        };
        let mut depth = 0;
        let mut end = item.len();
        for (i, c) in item[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &item[end..];
    }
    kept.push_str(rest);
    kept
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// `a/b/../c` → `a/c`, without touching the disk.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The chapters in SUMMARY.md's order, as `src/…md` paths (drafts without a link are skipped).
pub fn summary_chapters(root: &Path) -> Vec<(String, PathBuf)> {
    let summary = fs::read_to_string(root.join("src/SUMMARY.md")).unwrap_or_default();
    let mut chapters = Vec::new();
    for line in summary.lines() {
        let Some(open) = line.find('[') else { continue };
        let Some(close) = line[open..].find("](").map(|i| open + i) else {
            continue;
        };
        let Some(end) = line[close..].find(')').map(|i| close + i) else {
            continue;
        };
        let target = &line[close + 2..end];
        if target.is_empty() {
            continue;
        }
        chapters.push((
            line[open + 1..close].to_string(),
            Path::new("src").join(target),
        ));
    }
    chapters
}
