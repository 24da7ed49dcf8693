//! Hands the book's code blocks to skeptic exactly as a reader sees them.
//!
//! 1. Check every `{{#include}}` / `{{#rustdoc_include}}` in `src/` (file and anchor exist): a
//!    broken one fails the build naming the chapter, the line and the directive.
//! 2. Expand the includes with mdBook's own link preprocessor (mdbook-driver), so hidden `# `
//!    lines are the ones mdBook hides, into copies under `$OUT_DIR/book/`.
//! 3. Keep skeptic off the blocks the compiler must reject (`compile_fail`): trybuild checks those
//!    (tests/compile_errors.rs). Such a block must be an include of a `compile-fail-*` listing, and a
//!    `should_panic` block an include of a listing whose `check.toml` expects the panic, so no
//!    block can hide behind an info string.
//! 4. `skeptic::generate_doc_tests` on the copies; tests/skeptic.rs includes the generated tests.

#[path = "tests/harness/directives.rs"]
mod directives;

use std::collections::HashSet;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use mdbook_driver::MDBook;
use mdbook_driver::book::BookItem;
use mdbook_driver::builtin_renderers::MarkdownRenderer;

fn main() {
    let root =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    for watched in ["src", "listings", "book.toml"] {
        println!("cargo:rerun-if-changed={watched}");
    }
    println!("cargo:rerun-if-env-changed=BLESS");
    if env::var_os("BLESS").is_some_and(|v| !v.is_empty() && v != "0") {
        create_missing_expected_files(&root);
    }

    let (all, mut problems) = directives::check_book(&root);
    problems.extend(check_info_strings(&root, &all));
    fail_if_any("the book's includes and code blocks", &problems);

    let book = MDBook::load(&root)
        .unwrap_or_else(|e| fail(&format!("mdBook cannot load the book: {e:#}")));
    let (expanded, _) = book
        .preprocess_book(&MarkdownRenderer::new())
        .unwrap_or_else(|e| fail(&format!("mdBook's preprocessors failed: {e:#}")));

    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("book");
    let _ = fs::remove_dir_all(&out);
    let mut copies = Vec::new();
    let mut leftovers = Vec::new();
    let mut seen = HashSet::new();
    for item in expanded.iter() {
        let BookItem::Chapter(chapter) = item else {
            continue;
        };
        let Some(path) = &chapter.path else { continue };
        let raw = fs::read_to_string(root.join("src").join(path)).unwrap_or_default();
        // An unescaped directive that survived expansion is one mdBook could not resolve.
        let escaped = raw.matches("\\{{#").count();
        if chapter.content.matches("{{#").count() > escaped {
            leftovers.push(format!(
                "src/{}: an include was left unexpanded",
                path.display()
            ));
        }
        let copy = out.join(path);
        fs::create_dir_all(copy.parent().expect("a chapter path has a parent"))
            .expect("create OUT_DIR/book");
        fs::write(&copy, skeptic_copy(&chapter.content, &mut seen))
            .expect("write the expanded chapter");
        copies.push(copy);
    }
    fail_if_any("mdBook's expansion", &leftovers);
    skeptic::generate_doc_tests(&copies);
}

/// The code blocks' info strings that change how (or whether) a block is tested.
fn check_info_strings(root: &Path, all: &[directives::Directive]) -> Vec<String> {
    let mut problems = Vec::new();
    for chapter in directives::markdown_files(root) {
        let content = fs::read_to_string(root.join(&chapter)).unwrap_or_default();
        let lines: Vec<&str> = content.lines().collect();
        for block in directives::code_blocks(&lines) {
            // 1-based: the fence's line, and the last body line (directives count from 1).
            let (start, end) = (block.fence + 1, block.body.end);
            let tokens: Vec<&str> = block.info.split([',', ' ']).map(str::trim).collect();
            let body_directives: Vec<_> = all
                .iter()
                .filter(|d| d.chapter == chapter && d.line > start && d.line <= end)
                .collect();
            let place = format!("{}:{}", chapter.display(), start);
            let listing = |d: &directives::Directive| {
                d.target
                    .parent()
                    .and_then(|p| {
                        if p.ends_with("src") {
                            p.parent()
                        } else {
                            Some(p)
                        }
                    })
                    .map(Path::to_path_buf)
            };
            if tokens.contains(&"compile_fail") {
                let only_include = block.body.len() == 1 && body_directives.len() == 1;
                let of_compile_fail = body_directives
                    .first()
                    .and_then(|d| listing(d))
                    .is_some_and(|dir| {
                        dir.file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with("compile-fail-"))
                    });
                if !(only_include && of_compile_fail) {
                    problems.push(format!(
                        "{place}: a `compile_fail` block must be exactly one include of a \
                         listings/…/compile-fail-*/main.rs (trybuild checks those; skeptic cannot)"
                    ));
                }
            }
            if tokens.contains(&"should_panic") {
                let expects_panic = body_directives
                    .first()
                    .and_then(|d| listing(d))
                    .is_some_and(|dir| {
                        fs::read_to_string(dir.join("check.toml")).is_ok_and(|t| {
                            t.lines().any(|l| {
                                l.split('#').next().unwrap_or("").replace(' ', "") == "status=101"
                            })
                        })
                    });
                if body_directives.len() != 1 || !expects_panic {
                    problems.push(format!(
                        "{place}: a `should_panic` block must include a listing whose check.toml says \
                         `status = 101` (skeptic passes a should_panic block that does not even compile)"
                    ));
                }
            }
        }
    }
    problems
}

/// In bless mode a new listing's expected output may not exist yet: start it empty, so the book
/// can be expanded and the tests (also blessing) can write the real text into it.
fn create_missing_expected_files(root: &Path) {
    let (all, _) = directives::check_book(root);
    for directive in all {
        let name = directive
            .target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let expected = matches!(
            name.as_deref(),
            Some("output.txt" | "stderr.txt" | "main.stderr")
        );
        if expected
            && !directive.target.exists()
            && directive.target.parent().is_some_and(Path::is_dir)
        {
            fs::write(&directive.target, "").expect("create an empty expected-output file");
        }
    }
}

/// The chapter as skeptic should see it: every `compile_fail` block re-labelled `text` (skeptic
/// would compile it and fail; trybuild checks those), and so is every block whose code and info
/// string repeat an earlier block's. Anchored includes of one listing expand to the same whole
/// program, so the copies would test nothing new; and skeptic's binary cache names an executable
/// after its code, so identical blocks running at once replace the file under each other (a
/// program re-executing `current_exe()` then finds it gone).
fn skeptic_copy(content: &str, seen: &mut HashSet<String>) -> String {
    let mut lines: Vec<&str> = content.split_inclusive('\n').collect();
    for block in directives::code_blocks(&lines) {
        let body = lines[block.body.clone()].concat();
        let repeated = !seen.insert(format!("{}\n{body}", block.info));
        if block.info.contains("compile_fail") || (block.info.starts_with("rust") && repeated) {
            lines[block.fence] = "```text\n";
        }
    }
    lines.concat()
}

fn fail_if_any(what: &str, problems: &[String]) {
    if !problems.is_empty() {
        fail(&format!(
            "{} problem(s) in {what}:\n  {}",
            problems.len(),
            problems.join("\n  ")
        ));
    }
}

fn fail(message: &str) -> ! {
    // Cargo shows a build script's stderr when it fails; one line per problem, file first.
    eprintln!("error: {message}");
    std::process::exit(1);
}
