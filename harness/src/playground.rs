//! Which listings the Rust playground can run.
//!
//! The rule (book.toml, README.md): a listing runs on the playground when it needs only std, tokio
//! and rayon, starts no child process, touches no file and takes no command-line arguments. Such
//! a listing's block gets mdBook's Run button; every other listing's block is marked
//! `noplayground`, with the command that runs it locally (`cargo run -p <listing>`) near it.
//! tests/playground.rs checks the marking against this rule, the browser test the buttons.

use std::fs;

use crate::{Listing, files_under};

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

/// Why the playground cannot run `listing` (a crate); empty if it can.
pub fn off_playground_reasons(listing: &Listing) -> Vec<String> {
    let mut reasons = Vec::new();
    let manifest = listing.path("Cargo.toml");
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
    for source in files_under(&listing.path("src"), &|name| name.ends_with(".rs")) {
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
    match listing.check() {
        Ok(check) if !check.args.is_empty() => {
            reasons.push("needs command-line arguments (check.toml `args`)".into())
        }
        Ok(_) => {}
        Err(e) => reasons.push(e),
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
