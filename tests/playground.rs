//! The Run buttons are honest: a listing the Rust playground can run is offered to it, and one it
//! cannot run (another crate, a child process, a file, arguments) is marked `noplayground`, with
//! the command that runs it locally near the block: `cargo run -p <its package>` between the
//! blocks of the listings before and after it, or a comment `<!-- no cargo run: <reason> -->`
//! there. The rule itself is in harness/src/playground.rs.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use book_harness::listing::build_bins;
use book_harness::playground::off_playground_reasons;
use book_harness::{Block, Book, Chapter, Kind, Listing, root};
use rayon::prelude::*;
use regex::Regex;

#[test]
fn noplayground_marks_exactly_the_listings_the_playground_cannot_run() {
    let book = Book::load(&root());
    let mut problems = Vec::new();
    let mut judged = 0;
    for chapter in &book.chapters {
        for block in &chapter.blocks {
            let Some(listing) = block.listing(&book.root) else {
                continue;
            };
            if block.language() != "rust" || block.is_compile_fail() {
                continue;
            }
            judged += 1;
            let reasons = off_playground_reasons(&listing);
            let name = &listing.name;
            match (reasons.is_empty(), block.offers_playground()) {
                (true, false) => problems.push(format!(
                    "{}: {name} can run on the playground (std, tokio and rayon only, no child \
                     process, no file), but the block is marked {:?}: drop the mark so it gets a Run button",
                    block.at(),
                    block.info
                )),
                (false, true) => problems.push(format!(
                    "{}: {name} cannot run on the playground ({}), so mark the block \
                     ```rust,noplayground and say how to run it locally (`cargo run -p {name}`)",
                    block.at(),
                    reasons.join("; ")
                )),
                (false, false) => {
                    problems.extend(local_run_problem(&book, chapter, block, &listing));
                }
                (true, true) => {}
            }
        }
    }
    if let Err(report) = book_harness::report("the playground rule", &problems) {
        panic!("{report}");
    }
    eprintln!("{judged} listing blocks follow the playground rule");
}

/// The playground builds without optimizations and gives a run a few seconds (its requests time
/// out after 6 s): a listing with a Run button must finish, in a debug build, well inside that.
const PLAYGROUND_MARGIN: Duration = Duration::from_secs(3);

#[test]
fn every_listing_with_a_run_button_finishes_well_inside_the_playground_limit() {
    let book = Book::load(&root());
    let mut offered: Vec<Listing> = Vec::new();
    for block in book.chapters.iter().flat_map(|c| &c.blocks) {
        let Some(listing) = block.listing(&book.root) else {
            continue;
        };
        let runs_there = block.language() == "rust"
            && !block.is_compile_fail()
            && block.offers_playground()
            && listing.kind == Kind::Crate;
        if runs_there && !offered.iter().any(|l| l.dir == listing.dir) {
            offered.push(listing);
        }
    }
    // The debug builds tests/outputs.rs made (a no-op build when they are there).
    let bins = build_bins(&book.root).unwrap_or_else(|e| panic!("{e}"));
    // One run per core at a time (rayon's pool): the limit (3 s) is three times the slowest run.
    let timed: Vec<(Option<Duration>, &Listing)> = offered
        .par_iter()
        .map(|l| {
            (
                bins.get(&l.name)
                    .map(|exe| best_of_three(exe, &book.root, l)),
                l,
            )
        })
        .collect();
    let mut problems = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    for (best, listing) in timed {
        let Some(best) = best else {
            problems.push(format!("{}: no binary was built", listing.name));
            continue;
        };
        if best > slowest.0 {
            slowest = (best, listing.name.clone());
        }
        if best > PLAYGROUND_MARGIN {
            problems.push(format!(
                "{} has a Run button but takes {:.1} s in a debug build (the playground stops a \
                 run at about 6 s): mark its block noplayground and say how to run it locally \
                 (`cargo run -p {}`), or make it quicker",
                listing.name,
                best.as_secs_f64(),
                listing.name
            ));
        }
    }
    if let Err(report) = book_harness::report("the Run buttons' run times", &problems) {
        panic!("{report}");
    }
    eprintln!(
        "{} listings with a Run button; the slowest, {}, took {:.2} s",
        offered.len(),
        slowest.1,
        slowest.0.as_secs_f64()
    );
}

/// The shortest of up to three runs of `exe` (in its listing's folder): a busy machine can slow
/// one run, so a listing is too slow only if three runs all are.
fn best_of_three(exe: &Path, root: &Path, listing: &Listing) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        let status = Command::new(exe)
            .current_dir(root.join(&listing.dir))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        best = best.min(started.elapsed());
        if status.is_err() || best <= PLAYGROUND_MARGIN {
            break;
        }
    }
    best
}

/// A `noplayground` block of `listing` needs its own `cargo run … -p <package>` (or a comment
/// `<!-- no cargo run: <reason> -->`) near it: in the text between the blocks of other listings
/// before and after it (so the parts of one listing may share one command).
fn local_run_problem(
    book: &Book,
    chapter: &Chapter,
    block: &Block,
    listing: &Listing,
) -> Option<String> {
    let lines = chapter.lines();
    let other = |b: &&Block| b.listing(&book.root).is_some_and(|l| l.dir != listing.dir);
    let start = chapter
        .blocks
        .iter()
        .filter(|b| b.fence < block.fence)
        .rev()
        .find(other)
        .map_or(0, |b| b.body.end);
    let end = chapter
        .blocks
        .iter()
        .filter(|b| b.fence > block.fence)
        .find(other)
        .map_or(lines.len(), |b| b.fence);
    let near = lines[start..end].join("\n");
    let command = Regex::new(&format!(
        r"cargo run\b[^\n`]*-p {}($|[^\w-])",
        regex::escape(&listing.name)
    ))
    .expect("a valid regex");
    if command.is_match(&near) || near.contains("<!-- no cargo run: ") {
        return None;
    }
    Some(format!(
        "{}: {} is marked noplayground, but lines {}-{} around it never say `cargo run -p {}` \
         (or `<!-- no cargo run: <reason> -->`)",
        block.at(),
        listing.name,
        start + 1,
        end,
        listing.name
    ))
}

/// A sample book under target/, for the tests of the rule itself.
fn sample(
    name: &str,
    chapter: &str,
    main: &str,
    deps: &str,
    check: Option<&str>,
) -> (Book, Listing) {
    let root = root().join("target").join(name);
    let _ = fs::remove_dir_all(&root);
    let dir = root.join("listings/ch99-sample/listing-99-01-sample");
    fs::create_dir_all(dir.join("src")).expect("create a sample listing");
    fs::create_dir_all(root.join("src")).expect("create a sample book");
    fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"x\"\n[dependencies]\n{deps}"),
    )
    .expect("write Cargo.toml");
    fs::write(dir.join("src/main.rs"), main).expect("write main.rs");
    if let Some(check) = check {
        fs::write(dir.join("check.toml"), check).expect("write check.toml");
    }
    fs::write(root.join("src/ch99.md"), chapter).expect("write the chapter");
    let listing = Listing::containing(
        &root,
        Path::new("listings/ch99-sample/listing-99-01-sample"),
    )
    .expect("a listing folder");
    (Book::load(&root), listing)
}

#[test]
fn the_rule_sees_what_keeps_a_listing_off_the_playground() {
    let reasons = |main: &str, deps: &str, check: Option<&str>| {
        off_playground_reasons(&sample("playground-rule-test", "", main, deps, check).1)
    };
    let tokio = "tokio = { workspace = true }\nrayon = { workspace = true }\n";
    assert!(
        reasons(
            "// std::fs is not used here\nfn main() { println!(\"Files\"); }\n",
            tokio,
            None
        )
        .is_empty()
    );
    assert!(reasons("fn main() { let _ = std::process::id(); }\n", tokio, None).is_empty());
    assert!(
        reasons("use std::process::Command;\nfn main() {}\n", tokio, None)[0].contains("Command")
    );
    assert!(!reasons("use tokio::process::Command;\nfn main() {}\n", tokio, None).is_empty());
    assert!(
        !reasons(
            "use std::{fs, io};\nfn main() { fs::read(\"x\").ok(); }\n",
            "",
            None
        )
        .is_empty()
    );
    assert!(!reasons("fn main() { let _ = std::env::current_exe(); }\n", "", None).is_empty());
    assert!(!reasons("use std::fs::File;\nfn main() {}\n", "", None).is_empty());
    let test_reads =
        "fn main() {}\n#[cfg(test)]\nmod tests {\n    fn f() { std::fs::read(\"x\"); }\n}\n";
    assert!(reasons(test_reads, tokio, None).is_empty());
    let main_reads = "#[cfg(test)]\nmod tests {}\nfn main() { std::fs::read(\"x\"); }\n";
    assert!(!reasons(main_reads, tokio, None).is_empty());
    assert!(reasons("fn main() {}\n", "serde = \"1\"\n", None)[0].contains("serde"));
    assert!(!reasons("fn main() {}\n", "", Some("args = [\"--quick\"]\n")).is_empty());
    assert!(reasons("fn main() {}\n", "", Some("args = []\n")).is_empty());
    let _ = fs::remove_dir_all(root().join("target/playground-rule-test"));
}

#[test]
fn a_noplayground_block_needs_its_own_cargo_run_near_it() {
    let include = "```rust,noplayground\n{{#rustdoc_include ../listings/ch99-sample/listing-99-01-sample/src/main.rs}}\n```\n";
    let other = "```rust,noplayground\n{{#include ../listings/ch99-sample/listing-99-02-other/src/main.rs}}\n```\n";
    let judge = |chapter: &str| {
        let (book, listing) = sample(
            "playground-local-run-test",
            chapter,
            "fn main() {}\n",
            "",
            None,
        );
        let chapter = book.chapter(Path::new("src/ch99.md")).expect("the chapter");
        let block = chapter.blocks.iter().find(|b| {
            b.listing(&book.root)
                .is_some_and(|l| l.name == listing.name)
        });
        local_run_problem(&book, chapter, block.expect("the block"), &listing)
    };
    let run = "```console\n$ cargo run -p listing-99-01-sample\n```\n";
    assert_eq!(judge(&format!("{include}\n{run}")), None);
    assert_eq!(
        judge(&format!(
            "Run it with `cargo run --release -p listing-99-01-sample`.\n\n{include}"
        )),
        None
    );
    assert_eq!(
        judge(&format!(
            "{include}\n<!-- no cargo run: it needs a terminal -->\n"
        )),
        None
    );
    // Another listing's command, a longer name, or a command past another listing's block: no.
    assert!(judge(&format!("{include}\n$ cargo run -p listing-99-02-other\n")).is_some());
    assert!(
        judge(&format!(
            "{include}\n$ cargo run -p listing-99-01-sample-two\n"
        ))
        .is_some()
    );
    assert!(judge(&format!("{include}\n{other}\n{run}")).is_some());
    let _ = fs::remove_dir_all(root().join("target/playground-local-run-test"));
}
