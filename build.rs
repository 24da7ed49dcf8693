//! Hands skeptic the book's Rust blocks that no other test checks, exactly as a reader sees them.
//! Writes only to OUT_DIR.
//!
//! 1. Check every `{{#include}}` / `{{#rustdoc_include}}` in `src/` (file and anchor exist): a
//!    broken one fails the build naming the chapter, the line and the directive. With `BLESS=1`,
//!    an expected output (`output.txt`, `stderr.txt`, `main.stderr`) may be missing: the test
//!    that runs its listing writes it.
//! 2. Expand the includes with mdBook's own link preprocessor (mdbook-driver), so hidden `# `
//!    lines are the ones mdBook hides, into copies under `$OUT_DIR/book/`.
//! 3. Keep skeptic off the blocks the compiler must reject (`compile_fail`): trybuild checks those
//!    (tests/compile_errors.rs). Such a block must be an include of a `compile-fail-*` listing, and a
//!    `should_panic` block an include of a listing whose `check.toml` expects the panic, so no
//!    block can hide behind an info string.
//! 4. Keep skeptic off the blocks that show a listing's whole program (a `{{#rustdoc_include}}` of
//!    its `src/main.rs`, hidden lines and all) when tests/outputs.rs builds that listing, runs it
//!    and compares what it printed: compiling the same program again would check nothing more.
//!    Skeptic compiles and runs every other Rust block (a part of a listing, a block written in
//!    the chapter) that does not repeat an earlier one. Today every block is a whole listing, so
//!    skeptic has none: it is there for the first block that is not.
//! 5. `skeptic::generate_doc_tests` on the copies; tests/skeptic.rs includes the generated tests.

use std::collections::HashSet;
use std::env;
use std::fs;
use std::path::PathBuf;

use book_harness::{Block, Book, Kind, Listing};

fn main() {
    let book = Book::load(&book_harness::root());
    // What this script reads: the pages (not all of `src/`: mdbook-quiz writes its scripts into
    // `src/quiz/` on every build, which would make every later cargo command run this again), the
    // listings they include, and book.toml.
    for chapter in &book.chapters {
        println!("cargo:rerun-if-changed={}", chapter.path.display());
    }
    for watched in ["src/SUMMARY.md", "listings", "book.toml"] {
        println!("cargo:rerun-if-changed={watched}");
    }
    println!("cargo:rerun-if-env-changed=BLESS");

    let mut problems = book.include_problems();
    for chapter in &book.chapters {
        problems.extend(
            chapter
                .blocks
                .iter()
                .filter_map(|b| info_string_problem(&book, b)),
        );
    }
    fail_on(book_harness::report(
        "the book's includes and code blocks",
        &problems,
    ));
    let pages = book.expand().unwrap_or_else(|e| fail_on(Err(e)));

    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("book");
    let _ = fs::remove_dir_all(&out);
    // The programs tests/outputs.rs runs, each as `shape` gives it: a block with one of them is
    // that listing, already built, run and compared.
    let run: HashSet<String> = Listing::all(&book.root)
        .unwrap_or_else(|e| fail_on(Err(e)))
        .iter()
        .filter(|l| l.is_run(&book))
        .filter_map(|l| l.program())
        .map(|program| shape(&program))
        .collect();
    let mut copies = Vec::new();
    let mut seen = HashSet::new();
    for (path, content) in pages {
        let copy = out.join(&path);
        fs::create_dir_all(copy.parent().expect("a chapter path has a parent"))
            .expect("create OUT_DIR/book");
        fs::write(&copy, skeptic_copy(&content, &mut seen, &run))
            .expect("write the expanded chapter");
        // skeptic asks cargo to run this script again when a copy changes; dated as its page, a
        // copy written now does not look changed to the next cargo command.
        let dated = fs::metadata(book.root.join("src").join(&path))
            .and_then(|page| page.modified())
            .and_then(|date| {
                fs::File::options()
                    .write(true)
                    .open(&copy)?
                    .set_modified(date)
            });
        dated.expect("date the expanded chapter as its page");
        copies.push(copy);
    }
    skeptic::generate_doc_tests(&copies);
}

/// What is wrong with an info string that changes how (or whether) a block is tested.
fn info_string_problem(book: &Book, block: &Block) -> Option<String> {
    let listing = block.listing(&book.root);
    if block.has("compile_fail") {
        let only_include = block.body.len() == 1 && block.includes.len() == 1;
        if !(only_include && listing.is_some_and(|l| l.kind == Kind::CompileFail)) {
            return Some(format!(
                "{}: a `compile_fail` block must be exactly one include of a \
                 listings/…/compile-fail-*/main.rs (trybuild checks those; skeptic cannot)",
                block.at()
            ));
        }
    } else if block.has("should_panic") {
        let panics = listing.is_some_and(|l| l.check().is_ok_and(|c| c.status == 101));
        if block.includes.len() != 1 || !panics {
            return Some(format!(
                "{}: a `should_panic` block must include a listing whose check.toml says \
                 `status = 101` (skeptic passes a should_panic block that does not even compile)",
                block.at()
            ));
        }
    }
    None
}

/// The chapter as skeptic should see it: every `compile_fail` block re-labelled `text` (skeptic
/// would compile it and fail; trybuild checks those), and so is every Rust block whose program
/// (hidden lines shown again) is one in `run`, a listing tests/outputs.rs runs, or repeats an
/// earlier block's. Anchored includes of one listing expand to the same whole program, so the
/// copies would test nothing new; and skeptic's binary cache names an executable after its code,
/// so identical blocks running at once replace the file under each other (a program
/// re-executing `current_exe()` then finds it gone).
fn skeptic_copy(content: &str, seen: &mut HashSet<String>, run: &HashSet<String>) -> String {
    let mut lines: Vec<String> = content.split_inclusive('\n').map(str::to_string).collect();
    for (fence, info, body) in book_harness::book::fences(&lines) {
        // The program skeptic compiles: rustdoc's hidden lines (`# …`) shown again, so the parts
        // of one listing shown under different anchors count as the same program.
        let program: String = lines[body]
            .iter()
            .map(|line| {
                let code = line.trim_start();
                if code.starts_with("# ") || code.trim_end() == "#" {
                    code.strip_prefix('#')
                        .unwrap_or(code)
                        .trim_start_matches(' ')
                        .to_string()
                } else {
                    line.clone()
                }
            })
            .collect();
        let tested_elsewhere = run.contains(&shape(&program)) || !seen.insert(program);
        if info.contains("compile_fail") || (info.starts_with("rust") && tested_elsewhere) {
            let ticks = lines[fence].trim_start().len()
                - lines[fence].trim_start().trim_start_matches('`').len();
            lines[fence] = format!("{}text\n", "`".repeat(ticks));
        }
    }
    lines.concat()
}

/// A program compared line by line, without indentation or blank lines: un-hiding a hidden line
/// (`# …`) loses its indentation, which Rust does not read.
fn shape(program: &str) -> String {
    program
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Cargo shows a build script's stderr when it fails; one line per problem, file first.
fn fail_on<T>(result: Result<T, String>) -> T {
    result.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        std::process::exit(1)
    })
}
