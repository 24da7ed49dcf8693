//! The book as a reader sees it, in headless Chromium: a fresh build served on 127.0.0.1 under
//! `/book/` (the path GitHub Pages serves it from, book.toml's `site-url`), driven through
//! chromedriver with fantoccini.
//!
//! - every page of SUMMARY.md loads with no JavaScript error, failed load or console error;
//! - the sidebar lists every chapter in SUMMARY.md's order, and marks the current one;
//! - searching for "GIL" finds every chapter that mentions the GIL;
//! - Run buttons appear exactly on the listings the playground can run (harness/src/playground.rs),
//!   and one sends the whole program, hidden lines included;
//! - the theme switcher changes the colours and remembers the choice (screenshots of a light and
//!   a dark page are saved in target/browser-screenshots/);
//! - print.html holds every chapter; the 404 page is styled and links back;
//! - opened from `file://` (`mdbook build`, then book/index.html), the sidebar and search work.
//!
//! The Rust playground is not reachable here, so the page's calls to play.rust-lang.org are
//! answered by a stand-in injected before the page's scripts run: the crate list the real one
//! serves (it has tokio and rayon) and a canned run result. Everything else is the shipped book.
//!
//! Needs Debian's `chromium` and `chromium-driver` (or CHROMIUM / CHROMEDRIVER naming the
//! binaries). Without them the test is reported as ignored, with the reason, unless
//! BOOK_REQUIRE_BROWSER=1 (set by .ci/run), which makes their absence a failure.
//!
//! The files: `server.rs` serves the build, `driver.rs` runs chromedriver, `webdriver.rs` is the
//! glue to the browser (a `Reader` that opens pages, runs scripts, waits and collects errors),
//! `checks.rs` is what a reader checks.

mod checks;
mod driver;
mod server;
mod webdriver;

use std::fs;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

use book_harness::Book;

/// How long any one thing a reader waits for may take before the test calls it broken.
const PATIENCE: Duration = Duration::from_secs(20);

// libtest-mimic rather than #[test]: a missing browser is decided at run time, and libtest's
// summary must then say "ignored" (with the reason), not "ok".
fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let trial = libtest_mimic::Trial::ignorable_test("a_reader_sees_the_whole_book", || {
        let Some((chromium, chromedriver)) = browser() else {
            let why = "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)";
            if std::env::var("BOOK_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
                return Err(format!("BOOK_REQUIRE_BROWSER=1 but {why}").into());
            }
            return Ok(libtest_mimic::Completion::ignored_with(why));
        };
        std::panic::catch_unwind(|| a_reader_sees_the_whole_book(&chromium, &chromedriver))
            .map_err(|panic| {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
                libtest_mimic::Failed::from(
                    message.unwrap_or_else(|| "the browser test panicked".to_string()),
                )
            })?;
        Ok(libtest_mimic::Completion::Completed)
    });
    libtest_mimic::run(&args, vec![trial]).exit();
}

fn a_reader_sees_the_whole_book(chromium: &Path, chromedriver: &Path) {
    let book = Rc::new(Book::load(&book_harness::root()));
    let out = book.root.join("target").join("book-browser");
    book.build_html(&out).unwrap_or_else(|e| panic!("{e}"));
    let server = server::serve(out.clone());
    let driver = driver::ChromeDriver::start(chromedriver);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let problems = runtime.block_on(async {
        let profile = book.root.join("target").join("browser-profile");
        let _ = fs::remove_dir_all(&profile);
        let client = webdriver::connect(&driver.url, chromium, &profile).await;
        let mut reader = webdriver::Reader {
            client,
            base: format!("http://127.0.0.1:{}/book/", server),
            book: book.clone(),
            out: out.clone(),
            problems: Vec::new(),
        };
        reader.install_page_hooks().await;
        reader.check_every_page().await;
        reader.check_search().await;
        reader.check_run_button_sends_the_whole_program().await;
        reader.check_theme_switcher().await;
        reader.check_404().await;
        reader.check_file_url().await;
        let webdriver::Reader {
            client, problems, ..
        } = reader;
        let _ = client.close().await;
        problems
    });
    assert!(
        problems.is_empty(),
        "{} problem(s) a reader would meet:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// Chromium and chromedriver, from CHROMIUM / CHROMEDRIVER or the PATH.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let find = |var: &str, names: &[&str]| -> Option<PathBuf> {
        if let Some(path) = std::env::var_os(var) {
            return Some(PathBuf::from(path)).filter(|p| p.is_file());
        }
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
            .find(|p| p.is_file())
    };
    Some((
        find(
            "CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
        )?,
        find("CHROMEDRIVER", &["chromedriver"])?,
    ))
}
