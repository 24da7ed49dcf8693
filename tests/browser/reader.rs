//! The book as a reader sees it, in headless Chromium: a fresh build served on 127.0.0.1 under
//! `/book/` (the path GitHub Pages serves it from, book.toml's `site-url`), driven through
//! chromedriver with fantoccini. Three tests, each with its own Chromium, on one build:
//!
//! `a_reader_sees_the_whole_book`:
//! - every page of SUMMARY.md loads with no JavaScript error, failed load or console error, and
//!   every emoji on it (the tables' ✅ 🟡 ❌) is drawn in colour, not as an empty box;
//! - the sidebar lists every chapter in SUMMARY.md's order, and marks the current one;
//! - searching for "GIL" finds every chapter that mentions the GIL;
//! - Run buttons appear exactly on the listings the playground can run (harness/src/playground.rs),
//!   and one sends the whole program, hidden lines included;
//! - the theme follows the reader's light or dark preference (book.toml's `default-theme` and
//!   `preferred-dark-theme`) until they choose one; the theme switcher changes the colours and
//!   remembers the choice (screenshots of a page with emoji and of one with a diagram, light and
//!   dark, are saved in target/browser-screenshots/);
//! - the sidebar toggle is a button the keyboard reaches, and Enter closes and opens the sidebar;
//! - print.html holds every chapter; the 404 page is styled and links back;
//! - opened from `file://` (`mdbook build`, then book/index.html), the sidebar and search work.
//!
//! `the_pdf_holds_the_whole_book` (printed.rs): `book-pdf`, the program the workflow publishes the
//! PDF with, prints this build; the PDF has every chapter, every diagram, every `<details>` open,
//! and nothing cut off or useless on paper.
//!
//! `axe_finds_no_violation` (axe.rs): axe-core, the engine of Lighthouse's accessibility audit,
//! finds nothing on any page in the light theme, nor in the dark theme's colours, nor with the
//! theme menu or the search open.
//!
//! The Rust playground is not reachable here, so the page's calls to play.rust-lang.org are
//! answered by a stand-in injected before the page's scripts run: the crate list the real one
//! serves (it has tokio and rayon) and a canned run result. Everything else is the shipped book.
//!
//! Needs Debian's `chromium` and `chromium-driver` (or CHROMIUM / CHROMEDRIVER naming the
//! binaries), poppler-utils for the PDF test and axe-core from npm for the last one (.ci/run
//! installs all three). Without one, the tests that need it are reported as ignored, with the
//! reason, unless BOOK_REQUIRE_BROWSER=1 (set by .ci/run), which makes its absence a failure.
//!
//! The files: the library (lib.rs: the server, chromedriver, the session, printing) is shared
//! with `book-pdf`; `webdriver.rs` is a `Reader` that opens pages, runs scripts, waits and collects
//! errors; `checks.rs` is what a reader checks, `comfort.rs` the themes, the emoji and the keyboard,
//! `printed.rs` the PDF, `axe.rs` the accessibility audit.

mod axe;
mod checks;
mod comfort;
mod printed;
mod webdriver;

use std::fs;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use book_browser_tests::{browser, driver, server, session};
use book_harness::Book;

use crate::webdriver::Reader;

/// One build of the book, served, for all the tests.
struct Built {
    book: Arc<Book>,
    out: PathBuf,
    /// book.toml's `site-url`: where the site is published (`/book/`).
    site_url: String,
    port: u16,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Result<Built, String>> = OnceLock::new();
    let built = BUILT.get_or_init(|| {
        let book = Arc::new(Book::load(&book_harness::root()));
        let out = book.root.join("target").join("book-browser");
        let site_url = book.build_html(&out)?;
        let port = server::serve(out.clone());
        Ok(Built {
            book,
            out,
            site_url,
            port,
        })
    });
    built.as_ref().unwrap_or_else(|e| panic!("{e}"))
}

/// The reason a test cannot run here (a program or a file it needs is missing), or `None`.
type Needs = fn() -> Option<String>;

fn nothing_more() -> Option<String> {
    None
}

// libtest-mimic rather than #[test]: a missing browser is decided at run time, and libtest's
// summary must then say "ignored" (with the reason), not "ok".
fn main() {
    let args = libtest_mimic::Arguments::from_args();
    // The longest first: libtest-mimic runs two at a time, and the other two follow each other.
    let trials = vec![
        trial(
            "axe_finds_no_violation",
            axe::needs,
            axe::axe_finds_no_violation,
        ),
        trial(
            "a_reader_sees_the_whole_book",
            nothing_more,
            a_reader_sees_the_whole_book,
        ),
        trial(
            "the_pdf_holds_the_whole_book",
            printed::needs,
            printed::the_pdf_holds_the_whole_book,
        ),
    ];
    libtest_mimic::run(&args, trials).exit();
}

/// A test that needs the browser and what `needs` says, and fails with the problems `checks`
/// returns.
fn trial(name: &'static str, needs: Needs, checks: fn() -> Vec<String>) -> libtest_mimic::Trial {
    libtest_mimic::Trial::ignorable_test(name, move || {
        let missing = match browser() {
            None => Some(
                "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
                    .to_string(),
            ),
            Some(_) => needs(),
        };
        if let Some(why) = missing {
            if std::env::var("BOOK_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
                return Err(format!("BOOK_REQUIRE_BROWSER=1 but {why}").into());
            }
            return Ok(libtest_mimic::Completion::ignored_with(why));
        }
        let problems = std::panic::catch_unwind(checks).map_err(|panic| {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            libtest_mimic::Failed::from(
                message.unwrap_or_else(|| "the browser test panicked".to_string()),
            )
        })?;
        if !problems.is_empty() {
            return Err(format!(
                "{} problem(s) a reader would meet:\n  {}",
                problems.len(),
                problems.join("\n  ")
            )
            .into());
        }
        Ok(libtest_mimic::Completion::Completed)
    })
}

/// Opens a Chromium of its own (profile `target/browser-profile/<name>`) on the served build,
/// runs `checks` with a `Reader` of it, and returns the problems the reader met.
fn read_the_book(name: &str, checks: impl AsyncFnOnce(&mut Reader)) -> Vec<String> {
    let built = built();
    let (chromium, chromedriver) = browser().expect("the trial checked for a browser");
    let driver = driver::ChromeDriver::start(&chromedriver);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let profile = built
            .book
            .root
            .join("target")
            .join("browser-profile")
            .join(name);
        let _ = fs::remove_dir_all(&profile);
        let client = session::connect(&driver.url, &chromium, &profile).await;
        let mut reader = Reader {
            client,
            base: format!("http://127.0.0.1:{}/book/", built.port),
            book: built.book.clone(),
            out: built.out.clone(),
            problems: Vec::new(),
        };
        reader.install_page_hooks().await;
        checks(&mut reader).await;
        let Reader {
            client, problems, ..
        } = reader;
        let _ = client.close().await;
        problems
    })
}

fn a_reader_sees_the_whole_book() -> Vec<String> {
    read_the_book("reader", async |reader| {
        reader.check_every_page().await;
        reader.check_search().await;
        reader.check_run_button_sends_the_whole_program().await;
        reader.check_edit_then_run().await;
        reader.check_color_scheme().await;
        reader.check_sidebar_toggle_by_keyboard().await;
        reader.check_theme_switcher().await;
        reader.check_404().await;
        reader.check_file_url().await;
    })
}
