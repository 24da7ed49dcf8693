//! The chapters' quizzes: mdbook-quiz's TOML files under `quizzes/`, read with mdbook-quiz's own
//! schema crate, and what the book checks of them beyond what mdbook-quiz validates.
//!
//! - Every numbered chapter ends with one quiz, `{{#quiz ../quizzes/<chapter>.toml}}`, with no
//!   heading after it, of at least [`MIN_QUESTIONS`] questions, most of them checked (below).
//! - Every question has an `id`: mdbook-quiz writes a random one into a file that lacks it, on
//!   every build, so a missing id would rewrite the source tree.
//! - A question that quotes what a program printed names its listing in the prompt ("Listing
//!   5-2"), quotes the output in a ```` ```text ```` block, and the quoted lines are the ones the
//!   listing's recorded output (`output.txt`, `stderr.txt`, or the compiler's `main.stderr`)
//!   holds, in order: a re-recorded output that changes the answer fails the test. Quoted blocks
//!   are checked in the prompt and in the answer, not in the distractors (a distractor may quote a
//!   line that is printed, just not the one asked for).
//! - A `Tracing` question (mdbook-quiz compiles and runs its program with plain `rustc`) names its
//!   listing too, and its program is that listing's program, its `stdout` the listing's recorded
//!   output, or, when it does not compile, its `lineNumber` the line of the compiler's first error.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use mdbook_quiz_schema::{MultipleChoiceAnswerFormat, Question, Quiz};
use regex::Regex;

use crate::book::fences;
use crate::{Book, Chapter, Kind, Listing};

/// The fewest questions a chapter's quiz may have.
pub const MIN_QUESTIONS: usize = 3;

/// Quizzes of chapters whose listings print measurements: every figure varies from run to run, so
/// most of their questions ask what holds on every run, and one checked question is enough.
const MEASURING: [&str; 1] = ["quizzes/ch09-measured.toml"];

/// A chapter's quiz, read.
pub struct ChapterQuiz {
    /// The chapter that includes it (`src/ch05-….md`).
    pub chapter: PathBuf,
    /// The quiz file, relative to the root (`quizzes/ch05-….toml`).
    pub path: PathBuf,
    pub quiz: Quiz,
}

/// What a question says, whatever its type: the text the checks read.
pub struct QuestionText<'a> {
    pub id: Option<&'a str>,
    pub prompt: &'a str,
    /// The right answer(s).
    pub answers: Vec<&'a str>,
    /// A `Tracing` question's program and its answer.
    pub tracing: Option<&'a mdbook_quiz_schema::Tracing>,
}

impl<'a> QuestionText<'a> {
    pub fn of(question: &'a Question) -> QuestionText<'a> {
        match question {
            Question::MultipleChoice(q) => QuestionText {
                id: q.0.id.as_deref(),
                prompt: &q.0.prompt.prompt.0,
                answers: match &q.0.answer.answer {
                    MultipleChoiceAnswerFormat::Single(a) => vec![&a.0],
                    MultipleChoiceAnswerFormat::Multi(all) => all.iter().map(|a| &*a.0).collect(),
                },
                tracing: None,
            },
            Question::ShortAnswer(q) => QuestionText {
                id: q.0.id.as_deref(),
                prompt: &q.0.prompt.prompt.0,
                answers: std::iter::once(&q.0.answer.answer)
                    .chain(q.0.answer.alternatives.iter().flatten())
                    .map(String::as_str)
                    .collect(),
                tracing: None,
            },
            Question::Tracing(q) => QuestionText {
                id: q.0.id.as_deref(),
                prompt: "",
                answers: Vec::new(),
                tracing: Some(q),
            },
        }
    }
}

impl ChapterQuiz {
    /// Every quiz a page includes, in reading order, and the problems met reading them.
    pub fn all(book: &Book) -> (Vec<ChapterQuiz>, Vec<String>) {
        let mut quizzes = Vec::new();
        let mut problems = Vec::new();
        for include in book.includes().filter(|i| i.kind == "quiz") {
            let text = match fs::read_to_string(book.root.join(&include.target)) {
                Ok(text) => text,
                Err(e) => {
                    problems.push(format!("{include}: {e}"));
                    continue;
                }
            };
            match toml::from_str::<Quiz>(&text) {
                Ok(quiz) => quizzes.push(ChapterQuiz {
                    chapter: include.chapter.clone(),
                    path: include.target.clone(),
                    quiz,
                }),
                Err(e) => problems.push(format!(
                    "{}: not a quiz mdbook-quiz can read: {e}",
                    include.target.display()
                )),
            }
        }
        (quizzes, problems)
    }
}

/// The numbered chapters (`ch00-…` to `chNN-…`): the ones that must end with a quiz.
fn numbered(book: &Book) -> impl Iterator<Item = &Chapter> {
    book.listed().filter(|c| {
        c.path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("ch"))
    })
}

/// The quiz closes its chapter: no heading follows its `{{#quiz}}` (outside code blocks), so a
/// question may lean on the exercises' solutions the reader has just seen.
fn last_section_problem(chapter: &Chapter) -> Option<String> {
    let include = chapter.includes.iter().find(|i| i.kind == "quiz")?;
    let lines = chapter.lines();
    let fenced: Vec<std::ops::Range<usize>> = fences(&lines)
        .into_iter()
        .map(|(fence, _, body)| fence..body.end + 1)
        .collect();
    let heading = (include.line..lines.len())
        .find(|&i| lines[i].starts_with('#') && !fenced.iter().any(|f| f.contains(&i)))?;
    Some(format!(
        "{}:{}: a heading follows the quiz (line {}); the quiz's `## Check yourself` section ends \
         the chapter",
        chapter.path.display(),
        heading + 1,
        include.line
    ))
}

/// Each question's listing: "Listing 5-2" in its prompt, or first in a `Tracing` question's
/// context.
static LISTING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"Listing ([0-9]+|[A-Z])-([0-9]+)").expect("a valid regex"));

/// `(chapter label, number)` → the listing its caption names.
fn captioned(book: &Book) -> BTreeMap<(String, u32), Listing> {
    book.chapters
        .iter()
        .flat_map(|c| &c.captions)
        .filter_map(|c| {
            let listing = Listing::containing(&book.root, &c.path)?;
            Some(((c.label.clone(), c.number), listing))
        })
        .collect()
}

/// The listings a text names, in order, without repeats; and the names it gives that no caption
/// has.
fn named<'b>(
    text: &str,
    listings: &'b BTreeMap<(String, u32), Listing>,
) -> (Vec<&'b Listing>, Vec<String>) {
    let mut found: Vec<&Listing> = Vec::new();
    let mut unknown = Vec::new();
    for c in LISTING.captures_iter(text) {
        let key = (c[1].to_string(), c[2].parse().expect("digits"));
        match listings.get(&key) {
            Some(l) if !found.iter().any(|f| f.dir == l.dir) => found.push(l),
            Some(_) => {}
            None => unknown.push(c[0].to_string()),
        }
    }
    (found, unknown)
}

/// The bodies of the ```` ```text ```` blocks of a Markdown string.
pub fn quoted_outputs(markdown: &str) -> Vec<String> {
    let lines: Vec<&str> = markdown.lines().collect();
    fences(&lines)
        .into_iter()
        .filter(|(_, info, _)| info == "text")
        .map(|(_, _, body)| lines[body].join("\n"))
        .collect()
}

/// What a listing printed, as the book shows it: each recorded file, its lines' ends trimmed.
fn recorded(listing: &Listing) -> Vec<(String, Vec<String>)> {
    crate::listing::EXPECTED_OUTPUTS
        .iter()
        .filter_map(|file| {
            let text = fs::read_to_string(listing.path(file)).ok()?;
            let lines = text.lines().map(|l| l.trim_end().to_string()).collect();
            Some((listing.shown(file), lines))
        })
        .collect()
}

/// Whether `quote`'s lines appear, consecutive and whole, in `lines`.
fn appears_in(quote: &str, lines: &[String]) -> bool {
    let quote: Vec<&str> = quote.lines().map(str::trim_end).collect();
    !quote.is_empty()
        && lines
            .windows(quote.len())
            .any(|w| w.iter().zip(&quote).all(|(a, b)| a == b))
}

/// The 1-based line of the compiler's first error in a `main.stderr`: its first `--> file:L:C`.
fn first_error_line(stderr: &str) -> Option<usize> {
    stderr
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))
        .and_then(|at| at.split(':').nth(1))
        .and_then(|n| n.parse().ok())
}

/// The checks of one question that quotes a listing; `Ok(true)` when it is a checked question.
fn check_question(
    q: &QuestionText,
    listings: &BTreeMap<(String, u32), Listing>,
) -> Result<bool, String> {
    if let Some(tracing) = q.tracing {
        let fields = &tracing.0;
        let context = fields.context.as_ref().map_or("", |c| c.0.as_str());
        let (named, unknown) = named(context, listings);
        if let Some(u) = unknown.first() {
            return Err(format!("its context names {u}, which no caption has"));
        }
        let Some(listing) = named.first() else {
            return Err(
                "a Tracing question names its listing first in its context (\"This is Listing \
                 5-2.\")"
                    .into(),
            );
        };
        let shown = listing.program().unwrap_or_default();
        if fields.prompt.program.trim() != shown.trim() {
            return Err(format!(
                "its program is not {}'s program (copy it without the ANCHOR lines)",
                listing.shown(listing.kind.source())
            ));
        }
        let answer = &fields.answer;
        if answer.does_compile != (listing.kind != Kind::CompileFail) {
            return Err(format!(
                "doesCompile = {} but {} is a {:?} listing",
                answer.does_compile, listing.name, listing.kind
            ));
        }
        if answer.does_compile {
            let recorded = fs::read_to_string(listing.path("output.txt")).unwrap_or_default();
            if answer.stdout.as_deref().map(str::trim_end) != Some(recorded.trim_end()) {
                return Err(format!("its stdout is not {}", listing.shown("output.txt")));
            }
        } else {
            let stderr = fs::read_to_string(listing.path("main.stderr")).unwrap_or_default();
            let line = first_error_line(&stderr);
            if answer.line_number != line {
                return Err(format!(
                    "lineNumber = {:?} but {} points at line {line:?}",
                    answer.line_number,
                    listing.shown("main.stderr")
                ));
            }
        }
        return Ok(true);
    }

    let quotes: Vec<String> = std::iter::once(q.prompt)
        .chain(q.answers.iter().copied())
        .flat_map(quoted_outputs)
        .collect();
    let (named, unknown) = named(q.prompt, listings);
    if let Some(u) = unknown.first() {
        return Err(format!("its prompt names {u}, which no caption has"));
    }
    if quotes.is_empty() {
        return Ok(false);
    }
    if named.is_empty() {
        return Err(
            "it quotes an output (```text) but its prompt names no listing (\"Listing 5-2\")"
                .into(),
        );
    }
    let outputs: Vec<(String, Vec<String>)> = named.iter().flat_map(|l| recorded(l)).collect();
    for quote in &quotes {
        if !outputs.iter().any(|(_, lines)| appears_in(quote, lines)) {
            let files: Vec<&str> = outputs.iter().map(|(f, _)| f.as_str()).collect();
            return Err(format!(
                "it quotes\n      {}\n    which is not in {}",
                quote.replace('\n', "\n      "),
                if files.is_empty() {
                    "any recorded output (the listing has none)".to_string()
                } else {
                    files.join(" or ")
                }
            ));
        }
    }
    Ok(true)
}

/// One line per chapter: its quiz, how many questions, how many of them checked against a real
/// output or compiler error.
pub struct Tally {
    pub quiz: PathBuf,
    pub questions: usize,
    pub checked: usize,
}

/// Everything wrong with the quizzes, and the tally of the ones that are there.
pub fn problems(book: &Book) -> (Vec<String>, Vec<Tally>) {
    let (quizzes, mut problems) = ChapterQuiz::all(book);
    let listings = captioned(book);
    let mut ids = BTreeSet::new();
    let mut tallies = Vec::new();

    for chapter in numbered(book) {
        let stem = chapter.path.file_stem().unwrap_or_default();
        let expected = Path::new("quizzes").join(stem).with_extension("toml");
        let theirs: Vec<&ChapterQuiz> = quizzes
            .iter()
            .filter(|q| q.chapter == chapter.path)
            .collect();
        if let Some(problem) = last_section_problem(chapter) {
            problems.push(problem);
        }
        match theirs[..] {
            [quiz] if quiz.path == expected => {}
            [quiz] => problems.push(format!(
                "{}: its quiz is {}; name it {} after the chapter",
                chapter.path.display(),
                quiz.path.display(),
                expected.display()
            )),
            [] => problems.push(format!(
                "{}: has no quiz (end it with {{{{#quiz ../{}}}}})",
                chapter.path.display(),
                expected.display()
            )),
            _ => problems.push(format!(
                "{}: includes {} quizzes; one a chapter",
                chapter.path.display(),
                theirs.len()
            )),
        }
    }

    for quiz in &quizzes {
        let at = quiz.path.display();
        let mut checked = 0;
        for (index, question) in quiz.quiz.questions.iter().enumerate() {
            let text = QuestionText::of(question);
            let name = match text.id {
                Some(id) => {
                    if !ids.insert(id.to_string()) {
                        problems.push(format!("{at}: question id {id:?} is used twice"));
                    }
                    id.to_string()
                }
                None => {
                    problems.push(format!(
                        "{at}: question {} has no id (mdbook-quiz would write a random one into \
                         the file on every build)",
                        index + 1
                    ));
                    format!("#{}", index + 1)
                }
            };
            match check_question(&text, &listings) {
                Ok(true) => checked += 1,
                Ok(false) => {}
                Err(e) => problems.push(format!("{at}: question {name}: {e}")),
            }
        }
        let questions = quiz.quiz.questions.len();
        if questions < MIN_QUESTIONS {
            problems.push(format!(
                "{at}: {questions} question(s); a chapter's quiz has at least {MIN_QUESTIONS}"
            ));
        }
        let measuring = MEASURING.iter().any(|m| quiz.path == Path::new(m));
        if (measuring && checked == 0) || (!measuring && checked * 2 <= questions) {
            problems.push(format!(
                "{at}: {checked} of {questions} questions quote a listing's real output or \
                 compiler error; most should (what does it print? why does it not compile?)"
            ));
        }
        tallies.push(Tally {
            quiz: quiz.path.clone(),
            questions,
            checked,
        });
    }

    for file in crate::files_under(&book.root.join("quizzes"), &|n| n.ends_with(".toml")) {
        let relative = file.strip_prefix(&book.root).unwrap_or(&file);
        if !quizzes.iter().any(|q| q.path == relative) {
            problems.push(format!("{}: no chapter includes it", relative.display()));
        }
    }
    (problems, tallies)
}
