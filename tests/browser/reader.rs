//! The book as a reader sees it, in headless Chromium: a fresh build served on 127.0.0.1 under
//! `/book/` (the path GitHub Pages serves it from, book.toml's `site-url`), driven through
//! chromedriver with fantoccini.
//!
//! - every page of SUMMARY.md loads with no JavaScript error, failed load or console error;
//! - the sidebar lists every chapter in SUMMARY.md's order, and marks the current one;
//! - searching for "GIL" finds every chapter that mentions the GIL;
//! - Run buttons appear exactly on the listings the playground can run (tests/harness/playground.rs),
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

#[path = "../harness/playground.rs"]
mod playground;

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

/// How long any one thing a reader waits for may take before the test calls it broken.
const PATIENCE: Duration = Duration::from_secs(20);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the book's root exists")
}

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
    let root = root();
    let out = build_book(&root);
    let server = serve(out.clone());
    let driver = ChromeDriver::start(chromedriver);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let problems = runtime.block_on(async {
        let profile = root.join("target").join("browser-profile");
        let _ = fs::remove_dir_all(&profile);
        let client = connect(&driver.url, chromium, &profile).await;
        let mut reader = Reader {
            client,
            base: format!("http://127.0.0.1:{}/book/", server),
            root: root.clone(),
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
        let Reader {
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

/// A fresh build with mdBook's library, in target/book-browser.
fn build_book(root: &Path) -> PathBuf {
    let out = root.join("target").join("book-browser");
    let _ = fs::remove_dir_all(&out);
    let mut book = mdbook_driver::MDBook::load(root)
        .unwrap_or_else(|e| panic!("mdBook cannot load the book: {e:#}"));
    book.config.build.build_dir = out.clone();
    book.build()
        .unwrap_or_else(|e| panic!("mdBook cannot build the book: {e:#}"));
    out
}

/// Serves `out` at `http://127.0.0.1:<port>/book/` until the test ends; returns the port.
/// A missing file gets 404.html with status 404, as GitHub Pages does.
fn serve(out: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port on 127.0.0.1");
    let port = listener.local_addr().expect("a bound address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let out = out.clone();
            std::thread::spawn(move || answer(stream, &out));
        }
    });
    port
}

fn answer(mut stream: TcpStream, out: &Path) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone a socket"));
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // Read the headers (and ignore them) up to the blank line.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let file = path
        .strip_prefix("/book/")
        .filter(|p| !p.split('/').any(|part| part == ".."))
        .map(|p| {
            let file = out.join(percent_decode(p));
            if file.is_dir() {
                file.join("index.html")
            } else {
                file
            }
        })
        .filter(|f| f.is_file());
    let (status, file) = match file {
        Some(file) => ("200 OK", file),
        None => ("404 Not Found", out.join("404.html")),
    };
    let body = fs::read(&file).unwrap_or_default();
    let kind = match file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// chromedriver on an ephemeral port, stopped when dropped.
struct ChromeDriver {
    child: Child,
    url: String,
}

impl ChromeDriver {
    fn start(binary: &Path) -> ChromeDriver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("find a free port")
            .port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let driver = ChromeDriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        while !ready(port) {
            assert!(
                started.elapsed() < PATIENCE,
                "chromedriver did not answer on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

/// chromedriver's /status says it is ready.
fn ready(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    // chromedriver keeps the connection open: read until the answer says whether it is ready.
    let mut answer = Vec::new();
    let mut chunk = [0; 4096];
    while let Ok(n @ 1..) = stream.read(&mut chunk) {
        answer.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&answer);
        if text.contains("\"ready\":") && text.trim_end().ends_with('}') {
            return text.contains("\"ready\":true");
        }
    }
    false
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn connect(driver: &str, chromium: &Path, profile: &Path) -> Client {
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            // Headless, as root, on a machine whose network reaches nothing but 127.0.0.1.
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                format!("--user-data-dir={}", profile.display()),
                "--window-size=1280,900",
            ],
        },
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(driver)
        .await
        .unwrap_or_else(|e| panic!("chromedriver would not start Chromium: {e}"))
}

/// A chromedriver command fantoccini has no method for: `POST /session/{id}/<path>`.
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// Runs in every page before its own scripts: collects what would reach the console as an error,
/// and stands in for the Rust playground (see the module's documentation).
const PAGE_HOOKS: &str = r#"
window.__bookErrors = [];
window.addEventListener('error', (event) => {
  const el = event.target;
  if (el && el !== window && (el.src || el.href)) {
    window.__bookErrors.push('failed to load ' + (el.src || el.href));
  } else {
    window.__bookErrors.push('error: ' + event.message + ' at ' + event.filename + ':' + event.lineno);
  }
}, true);
window.addEventListener('unhandledrejection', (event) => {
  window.__bookErrors.push('unhandled rejection: ' + (event.reason && (event.reason.stack || event.reason)));
});
const consoleError = console.error;
console.error = function (...args) {
  window.__bookErrors.push('console.error: ' + args.join(' '));
  return consoleError.apply(this, args);
};
window.__playRequests = [];
const realFetch = window.fetch;
window.fetch = function (url, options) {
  const address = String(url);
  if (!address.startsWith('https://play.rust-lang.org/')) {
    return realFetch.apply(this, arguments);
  }
  window.__playRequests.push({ url: address, body: options && options.body });
  const answer = address.endsWith('/meta/crates')
    ? { crates: [{ id: 'tokio', name: 'tokio', version: '1' }, { id: 'rayon', name: 'rayon', version: '1' }] }
    : { result: 'ran on the stand-in playground\n', error: null };
  return Promise.resolve(new Response(JSON.stringify(answer), {
    status: 200, headers: { 'Content-Type': 'application/json' },
  }));
};
"#;

struct Reader {
    client: Client,
    /// `http://127.0.0.1:<port>/book/`
    base: String,
    root: PathBuf,
    out: PathBuf,
    problems: Vec<String>,
}

impl Reader {
    async fn install_page_hooks(&self) {
        self.client
            .issue_cmd(SessionPost {
                path: "goog/cdp/execute",
                body: json!({
                    "cmd": "Page.addScriptToEvaluateOnNewDocument",
                    "params": { "source": PAGE_HOOKS },
                }),
            })
            .await
            .expect("chromedriver runs a script in every new page");
    }

    async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("the page could not run {script:?}: {e}"))
    }

    /// Polls `script` until it returns something truthy, or gives up after PATIENCE.
    async fn wait_for(&self, script: &str) -> Option<Value> {
        let started = Instant::now();
        loop {
            let value = self.js(script).await;
            let truthy = match &value {
                Value::Null | Value::Bool(false) => false,
                Value::String(s) => !s.is_empty(),
                Value::Array(a) => !a.is_empty(),
                _ => true,
            };
            if truthy {
                return Some(value);
            }
            if started.elapsed() > PATIENCE {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn open(&self, page: &str) {
        let url = format!("{}{page}", self.base);
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// The errors the page met so far: its own collector and Chromium's console log.
    async fn errors(&self, page: &str) -> Vec<String> {
        let mut errors: Vec<String> = serde_json::from_value(
            self.js("return window.__bookErrors || ['the page hooks did not run'];")
                .await,
        )
        .unwrap_or_default();
        let log = self
            .client
            .issue_cmd(SessionPost {
                path: "se/log",
                body: json!({ "type": "browser" }),
            })
            .await
            .expect("chromedriver hands over the browser's console log");
        for entry in log.as_array().into_iter().flatten() {
            if entry["level"] == "SEVERE" {
                errors.push(format!(
                    "console: {}",
                    entry["message"].as_str().unwrap_or_default()
                ));
            }
        }
        errors.into_iter().map(|e| format!("{page}: {e}")).collect()
    }

    async fn check_every_page(&mut self) {
        let chapters = playground::summary_chapters(&self.root);
        assert!(
            chapters.len() > 3,
            "SUMMARY.md lists only {} chapters",
            chapters.len()
        );
        let expected_sidebar: Vec<String> = chapters.iter().map(|(_, md)| html_name(md)).collect();
        let mut titles = Vec::new();
        for (_, md) in &chapters {
            let page = html_name(md);
            self.open(&page).await;
            let title = self
                .wait_for("const h = document.querySelector('main h1'); return h && h.textContent.trim();")
                .await;
            match title {
                Some(Value::String(title)) => titles.push((page.clone(), title)),
                _ => self
                    .problems
                    .push(format!("{page}: no heading in the page")),
            }
            // The sidebar is written by a script (toc.js): wait for it, then compare.
            let sidebar = self
                .wait_for(
                    // Links to the current page's own headings (`#…`) are not chapters.
                    "const links = Array.from(document.querySelectorAll('#mdbook-sidebar ol.chapter a[href]'))
                       .filter(a => !a.getAttribute('href').startsWith('#'));
                     return links.map(a => [a.getAttribute('href'), a.classList.contains('active')]);",
                )
                .await
                .unwrap_or_default();
            let listed: Vec<(String, bool)> = serde_json::from_value(sidebar).unwrap_or_default();
            let hrefs: Vec<String> = listed.iter().map(|(href, _)| href.clone()).collect();
            if hrefs != expected_sidebar {
                self.problems.push(format!(
                    "{page}: the sidebar lists {hrefs:?}, SUMMARY.md has {expected_sidebar:?}"
                ));
            }
            let active: Vec<&String> = listed.iter().filter(|(_, a)| *a).map(|(h, _)| h).collect();
            if active != [&page] {
                self.problems.push(format!(
                    "{page}: the sidebar marks {active:?} as the current page"
                ));
            }
            self.check_run_buttons(md, &page).await;
            let errors = self.errors(&page).await;
            self.problems.extend(errors);
        }

        // print.html: every chapter's heading, in one page.
        self.open("print.html").await;
        let printed = self
            .wait_for("return Array.from(document.querySelectorAll('main h1')).map(h => h.textContent.trim());")
            .await
            .unwrap_or_default();
        let printed: BTreeSet<String> = serde_json::from_value(printed).unwrap_or_default();
        for (page, title) in &titles {
            if !printed.contains(title) {
                self.problems
                    .push(format!("print.html: has no chapter {title:?} ({page})"));
            }
        }
        let errors = self.errors("print.html").await;
        self.problems.extend(errors);
    }

    /// On one chapter page: a visible Run button on exactly the listings the playground can run.
    async fn check_run_buttons(&mut self, md: &Path, page: &str) {
        let blocks = playground::rust_blocks(&self.root, md, true);
        let shown = self
            .js("return Array.from(document.querySelectorAll('main pre > code.language-rust')).length;")
            .await;
        if shown != json!(blocks.len()) {
            self.problems.push(format!(
                "{page}: {shown} Rust blocks on the page, {} in {}: cannot match them to listings",
                blocks.len(),
                md.display()
            ));
            return;
        }
        let mut expected = Vec::new();
        for block in &blocks {
            expected.push(match &block.listing {
                Some(listing) if !block.is_compile_fail() => {
                    Some(playground::off_playground_reasons(&self.root, listing).is_empty())
                }
                _ => None, // not a listing, or one the compiler rejects: no rule for its button
            });
        }
        // The buttons appear once the playground's crate list arrives: poll until they agree.
        let script = format!(
            "const expected = {};
             const seen = Array.from(document.querySelectorAll('main pre > code.language-rust')).map(code => {{
               const button = code.parentElement.querySelector('.play-button');
               return !!button && !button.hidden && !button.classList.contains('hidden')
                 && button.offsetParent !== null;
             }});
             const agree = seen.every((visible, i) => expected[i] === null || expected[i] === visible);
             return agree ? [] : seen;",
            json!(expected)
        );
        let started = Instant::now();
        let seen = loop {
            let seen = self.js(&script).await;
            if seen == json!([]) || started.elapsed() > PATIENCE {
                break seen;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let seen: Vec<bool> = serde_json::from_value(seen).unwrap_or_default();
        for ((block, visible), expected) in blocks.iter().zip(seen).zip(&expected) {
            if let Some(expected) = expected
                && *expected != visible
            {
                let listing = block.listing.as_deref().unwrap_or(Path::new("?")).display();
                self.problems.push(format!(
                    "{page}: the block at {} ({listing}) has {} Run button, but the playground {} run it",
                    block.at(),
                    if visible { "a" } else { "no" },
                    if *expected { "can" } else { "cannot" },
                ));
            }
        }
    }

    async fn check_search(&mut self) {
        let mentions: Vec<String> = playground::summary_chapters(&self.root)
            .iter()
            .filter(|(_, md)| {
                let text = fs::read_to_string(self.root.join(md)).unwrap_or_default();
                text.split(|c: char| !c.is_alphanumeric())
                    .any(|word| word == "GIL")
            })
            .map(|(_, md)| html_name(md))
            .collect();
        if !mentions.iter().any(|p| p.starts_with("ch01-")) {
            self.problems.push(
                "chapter 1 does not mention the GIL, so searching for it cannot find chapter 1"
                    .into(),
            );
        }
        self.open("introduction.html").await;
        let found = self.search("GIL").await;
        for page in &mentions {
            let lands = |href: &String| href.split(['?', '#']).next() == Some(page.as_str());
            if !found.iter().any(lands) {
                self.problems.push(format!(
                    "search: \"GIL\" does not find {page}, which mentions it (found {found:?})"
                ));
            }
        }
        let errors = self.errors("search").await;
        self.problems.extend(errors);
    }

    /// Opens the search bar as a reader does (the search button), types `query`, and returns the
    /// results' links.
    async fn search(&self, query: &str) -> Vec<String> {
        self.js("document.getElementById('mdbook-search-toggle').click();")
            .await;
        let opened = self
            .wait_for("return document.getElementById('mdbook-searchbar').offsetParent !== null;")
            .await;
        if opened.is_none() {
            return Vec::new();
        }
        let bar = self
            .client
            .find(fantoccini::Locator::Id("mdbook-searchbar"))
            .await
            .expect("the search bar");
        bar.send_keys(query)
            .await
            .expect("type into the search bar");
        let found = self
            .wait_for(
                "return Array.from(document.querySelectorAll('#mdbook-searchresults a')).map(a => a.getAttribute('href'));",
            )
            .await
            .unwrap_or_default();
        serde_json::from_value(found).unwrap_or_default()
    }

    /// Clicking a Run button sends the playground the whole program, and shows what it answered.
    async fn check_run_button_sends_the_whole_program(&mut self) {
        let runnable = playground::summary_chapters(&self.root)
            .into_iter()
            .flat_map(|(_, md)| {
                let blocks = playground::rust_blocks(&self.root, &md, true);
                blocks
                    .into_iter()
                    .enumerate()
                    .map(move |(i, b)| (md.clone(), i, b))
            })
            .find(|(_, _, b)| {
                b.listing.as_ref().is_some_and(|l| {
                    !b.is_compile_fail()
                        && b.offers_playground()
                        && playground::off_playground_reasons(&self.root, l).is_empty()
                })
            });
        let Some((md, index, block)) = runnable else {
            self.problems
                .push("no chapter has a listing the playground can run".into());
            return;
        };
        let page = html_name(&md);
        self.open(&page).await;
        let clicked = self
            .wait_for(&format!(
                "const code = document.querySelectorAll('main pre > code.language-rust')[{index}];
                 const button = code && code.parentElement.querySelector('.play-button');
                 if (!button || button.hidden) return false;
                 button.click();
                 return true;"
            ))
            .await;
        if clicked.is_none() {
            self.problems.push(format!(
                "{page}: the Run button of {} cannot be clicked",
                block.at()
            ));
            return;
        }
        let sent = self
            .wait_for(
                "const run = window.__playRequests.find(r => !r.url.endsWith('/meta/crates'));
                 return run ? run.body : null;",
            )
            .await;
        let sent: Value = sent
            .and_then(|s| s.as_str().and_then(|s| serde_json::from_str(s).ok()))
            .unwrap_or_default();
        let code = sent["code"].as_str().unwrap_or_default();
        let listing = block
            .listing
            .clone()
            .expect("a runnable block has a listing");
        let source =
            fs::read_to_string(self.root.join(&listing).join("src/main.rs")).unwrap_or_default();
        let missing: Vec<&str> = source
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.contains("ANCHOR"))
            .filter(|l| !code.contains(l))
            .collect();
        if code.is_empty() || !missing.is_empty() {
            self.problems.push(format!(
                "{page}: Run on {} sent the playground {:?} lines short of {}: {missing:?}",
                block.at(),
                code.lines().count(),
                listing.display()
            ));
        }
        if sent["edition"] != "2024" {
            self.problems.push(format!(
                "{page}: Run asked the playground for edition {}, not 2024",
                sent["edition"]
            ));
        }
        let shown = self
            .wait_for(&format!(
                "const code = document.querySelectorAll('main pre > code.language-rust')[{index}];
                 const result = code.parentElement.querySelector('.result');
                 return result && result.textContent.includes('ran on the stand-in playground');"
            ))
            .await;
        if shown.is_none() {
            self.problems
                .push(format!("{page}: Run showed no result under {}", block.at()));
        }
        let errors = self.errors(&format!("{page} (Run)")).await;
        self.problems.extend(errors);
    }

    async fn check_theme_switcher(&mut self) {
        let page = "ch06-shared-globals.html";
        let page = if self.out.join(page).exists() {
            page
        } else {
            "introduction.html"
        };
        self.open(page).await;
        let background = "return getComputedStyle(document.documentElement).backgroundColor;";
        let _ = self.js("localStorage.removeItem('mdbook-theme'); document.getElementById('mdbook-theme-light').click();").await;
        let light = self.js(background).await;
        // Show a listing with its Run button in the screenshots, if the page has one.
        let _ = self
            .wait_for(
                "const button = Array.from(document.querySelectorAll('.play-button')).find(b => !b.hidden);
                 if (button) button.closest('pre').scrollIntoView({ block: 'center' });
                 return !!button;",
            )
            .await;
        self.screenshot("light").await;
        self.js("document.getElementById('mdbook-theme-toggle').click();")
            .await;
        let listed = self
            .wait_for("return document.getElementById('mdbook-theme-list').offsetParent !== null;")
            .await;
        if listed.is_none() {
            self.problems.push(format!(
                "{page}: the theme button does not open the list of themes"
            ));
            return;
        }
        let button = self
            .client
            .find(fantoccini::Locator::Id("mdbook-theme-navy"))
            .await
            .expect("the Navy theme button");
        button.click().await.expect("click the Navy theme");
        let switched = self
            .wait_for(&format!(
                "return document.documentElement.classList.contains('navy')
                   && getComputedStyle(document.documentElement).backgroundColor !== {light};"
            ))
            .await;
        if switched.is_none() {
            self.problems.push(format!(
                "{page}: choosing Navy left the page's colours as they were ({light})"
            ));
        }
        self.js("document.getElementById('mdbook-theme-toggle').click();")
            .await;
        self.screenshot("navy").await;
        self.open(page).await;
        let kept = self
            .wait_for("return document.documentElement.classList.contains('navy');")
            .await;
        if kept.is_none() {
            self.problems.push(format!(
                "{page}: the chosen theme is forgotten on the next page"
            ));
        }
        self.js("localStorage.removeItem('mdbook-theme');").await;
        let errors = self.errors(&format!("{page} (themes)")).await;
        self.problems.extend(errors);
    }

    async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("a screenshot");
        let dir = self.root.join("target").join("browser-screenshots");
        fs::create_dir_all(&dir).expect("create target/browser-screenshots");
        fs::write(dir.join(format!("{name}.png")), png).expect("save a screenshot");
    }

    async fn check_404(&mut self) {
        let missing = format!("{}no-such-chapter/nowhere.html", self.base);
        self.client
            .goto(&missing)
            .await
            .expect("ask for a missing page");
        let heading = self
            .wait_for(
                "const h = document.querySelector('main h1'); return h && h.textContent.trim();",
            )
            .await;
        if heading != Some(json!("Page not found")) {
            self.problems.push(format!(
                "404: a missing page shows {heading:?}, not src/404.md"
            ));
        }
        // The 404 page is served from any folder: its styles and its links go from the site root.
        let styled = self
            .js("return getComputedStyle(document.getElementById('mdbook-sidebar')).position;")
            .await;
        if styled == json!("static") {
            self.problems
                .push("404: the page is unstyled (its CSS did not load from site-url)".into());
        }
        let home = self
            .js("const a = Array.from(document.querySelectorAll('main a')).find(a => a.textContent === 'Introduction'); return a && a.href;")
            .await;
        if home != json!(format!("{}introduction.html", self.base)) {
            self.problems
                .push(format!("404: its Introduction link goes to {home}"));
        }
        // The one error a 404 page must log: its own status.
        let own_status = format!(
            "{missing} - Failed to load resource: the server responded with a status of 404"
        );
        let errors = self.errors("404").await;
        self.problems
            .extend(errors.into_iter().filter(|e| !e.contains(&own_status)));
    }

    /// The book opened from disk, with no server: the sidebar and search still work.
    async fn check_file_url(&mut self) {
        let url = format!("file://{}", self.out.join("introduction.html").display());
        self.client
            .goto(&url)
            .await
            .expect("open the book from file://");
        let sidebar = self
            .wait_for(
                "return document.querySelectorAll('#mdbook-sidebar ol.chapter a[href]').length;",
            )
            .await;
        if sidebar.is_none() {
            self.problems.push("file://: the sidebar is empty".into());
        }
        let found = self.search("GIL").await;
        if found.is_empty() {
            self.problems
                .push("file://: search finds nothing for \"GIL\"".into());
        }
        let errors = self.errors("file://").await;
        self.problems.extend(errors);
    }
}

/// `src/ch01-three-models.md` → `ch01-three-models.html`.
fn html_name(md: &Path) -> String {
    md.strip_prefix("src")
        .unwrap_or(md)
        .with_extension("html")
        .display()
        .to_string()
}
