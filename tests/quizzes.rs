//! The chapters' quizzes (harness/src/quiz.rs says what is checked): every numbered chapter has
//! one, and an answer that quotes an output or a compiler error quotes the listing's recorded one.
//! Then mdbook-quiz itself, the preprocessor `mdbook serve` runs, validates every quiz (its
//! `Tracing` questions are compiled and run) and renders it. Without `mdbook-quiz` on the PATH
//! that trial is ignored (and says so), unless `BOOK_REQUIRE_QUIZ=1`, which `.ci/run` sets, makes
//! it a failure.

use std::fs;
use std::process::Command;

use book_harness::quiz::{ChapterQuiz, problems};
use book_harness::{Book, locked_version, report, root};
use libtest_mimic::{Arguments, Failed, Trial};

fn answers() -> Result<(), Failed> {
    let book = Book::load(&root());
    let (problems, tallies) = problems(&book);
    for t in &tallies {
        println!(
            "{}: {} questions, {} checked against a listing's real output",
            t.quiz.display(),
            t.questions,
            t.checked
        );
    }
    report("the quizzes", &problems).map_err(Failed::from)
}

/// The version of mdbook-quiz on the PATH, if there is one.
fn installed() -> Option<String> {
    let out = Command::new("mdbook-quiz").arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    out.status.success().then(|| {
        text.split_whitespace()
            .last()
            .unwrap_or_default()
            .to_string()
    })
}

/// The mdbook-quiz the README, .ci/run and the workflow install is the one whose schema the checks
/// read.
fn one_version() -> Result<(), Failed> {
    let root = root();
    let version = locked_version(&root, "mdbook-quiz-schema").ok_or("Cargo.lock has no schema")?;
    let wanted = format!("cargo install mdbook-quiz --locked --version {version}");
    let mut problems = Vec::new();
    for file in ["README.md", ".ci/run", ".github/workflows/book.yml"] {
        let text = fs::read_to_string(root.join(file)).unwrap_or_default();
        if !text.contains(&wanted) {
            problems.push(format!(
                "{file}: has no `{wanted}` (Cargo.lock's mdbook-quiz-schema)"
            ));
        }
    }
    report("the mdbook-quiz version", &problems).map_err(Failed::from)
}

fn rendered(version: Option<String>) -> Result<(), Failed> {
    let root = root();
    let wanted = locked_version(&root, "mdbook-quiz-schema").unwrap_or_default();
    match version {
        None => return Err("`mdbook-quiz` not found and BOOK_REQUIRE_QUIZ=1".into()),
        Some(v) if v != wanted => {
            return Err(format!(
                "mdbook-quiz {v} is installed; the book's quizzes are checked against {wanted} \
                 (cargo install mdbook-quiz --locked --version {wanted})"
            )
            .into());
        }
        Some(_) => {}
    }
    let book = Book::load(&root);
    // Its own folder per run: two test runs at once must not share (and delete) one.
    let out = root
        .join("target")
        .join(format!("book-quiz-test-{}", std::process::id()));
    // mdbook-quiz validates each quiz as it expands it; a quiz it rejects fails the build with
    // its diagnostics, naming the file.
    book.build_html(&out).map_err(Failed::from)?;
    let (quizzes, _) = ChapterQuiz::all(&book);
    let mut problems = Vec::new();
    for quiz in &quizzes {
        let chapter = book.chapter(&quiz.chapter).expect("a page of the book");
        let html = fs::read_to_string(out.join(chapter.html_name())).unwrap_or_default();
        let name = quiz.path.file_stem().unwrap_or_default().to_string_lossy();
        // mdbook-quiz writes the name as a JSON string into the attribute.
        if !html.contains(&format!("data-quiz-name=\"&quot;{name}&quot;\"")) {
            problems.push(format!(
                "{}: mdbook-quiz did not render {}",
                chapter.html_name(),
                quiz.path.display()
            ));
        }
    }
    if !out.join("quiz").join("quiz-embed.iife.js").exists() && !quizzes.is_empty() {
        problems
            .push("the book has no quiz/quiz-embed.iife.js, the script that runs quizzes".into());
    }
    if problems.is_empty() {
        let _ = fs::remove_dir_all(&out);
    }
    report("the rendered quizzes", &problems).map_err(Failed::from)
}

fn main() {
    let args = Arguments::from_args();
    let version = installed();
    let required = std::env::var_os("BOOK_REQUIRE_QUIZ").is_some_and(|v| v == "1");
    if version.is_none() {
        eprintln!(
            "note: `mdbook-quiz` was not found, so mdbook-quiz does not validate the quizzes \
             (the README's first command installs it)"
        );
    }
    let ignored = version.is_none() && !required;
    let trials = vec![
        Trial::test("quizzes::answers_quote_real_outputs", answers),
        Trial::test("quizzes::one_mdbook_quiz_version", one_version),
        Trial::test("quizzes::mdbook_quiz_validates_and_renders", move || {
            rendered(version)
        })
        .with_ignored_flag(ignored),
    ];
    libtest_mimic::run(&args, trials).exit();
}
