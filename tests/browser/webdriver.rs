//! The WebDriver glue: the script every page runs first, and a `Reader` that opens pages, runs
//! scripts, waits and collects errors (the session itself is the library's `session`).

use std::fs;
use std::path::PathBuf;
use std::sync::Arc;

use fantoccini::Client;
use serde_json::{Value, json};

use book_browser_tests::session::{self, SessionPost, cdp};
use book_harness::Book;

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

pub struct Reader {
    pub client: Client,
    /// `http://127.0.0.1:<port>/book/`
    pub base: String,
    /// The book's Markdown: what the pages are expected to show.
    pub book: Arc<Book>,
    pub out: PathBuf,
    pub problems: Vec<String>,
}

impl Reader {
    pub async fn install_page_hooks(&self) {
        self.run_in_every_page(PAGE_HOOKS).await;
    }

    /// Runs `source` in every page opened from now on, before the page's own scripts.
    pub async fn run_in_every_page(&self, source: &str) {
        cdp(
            &self.client,
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": source }),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    }

    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("the page could not run {script:?}: {e}"))
    }

    /// Polls `script` until it returns something truthy, or gives up after PATIENCE.
    pub async fn wait_for(&self, script: &str) -> Option<Value> {
        session::wait_for(&self.client, script).await
    }

    /// Waits for `script` to return something truthy; if it never does, records `problem`.
    pub async fn expect(&mut self, script: &str, problem: String) -> bool {
        let met = self.wait_for(script).await.is_some();
        if !met {
            self.problems.push(problem);
        }
        met
    }

    pub async fn open(&self, page: &str) {
        let url = format!("{}{page}", self.base);
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// The errors the page met so far: its own collector and Chromium's console log.
    pub async fn errors(&self, page: &str) -> Vec<String> {
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

    /// Opens the search bar as a reader does (the search button), types `query`, and returns the
    /// results' links.
    pub async fn search(&self, query: &str) -> Vec<String> {
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

    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("a screenshot");
        let dir = self.book.root.join("target").join("browser-screenshots");
        fs::create_dir_all(&dir).expect("create target/browser-screenshots");
        fs::write(dir.join(format!("{name}.png")), png).expect("save a screenshot");
    }
}
