//! Accessibility: axe-core, the engine of Lighthouse's accessibility audit, on every page of
//! SUMMARY.md and the 404 page, in the light theme: all of its rules but the experimental ones
//! (Lighthouse runs a subset). Then the rules that depend on colours in the dark theme (book.toml's
//! `preferred-dark-theme`), on print.html, which holds every chapter in one page, on screen. The
//! theme menu and the search bar, open, are audited on one page. A report of every run is written
//! to target/axe-report.json.
//!
//! axe-core comes from the npm registry at the version below, into target/axe-core (.ci/run:
//! `npm install --prefix target/axe-core axe-core@<version>`); it is not vendored, so the
//! repository carries no 650 kB minified file for the spelling check and reviews to wade through,
//! and the version is one line to change.

use std::fs;
use std::path::PathBuf;

use book_harness::Chapter;
use mdbook_driver::config::Config;
use serde_json::{Value, json};

use crate::webdriver::Reader;
use crate::{built, read_the_book};

/// The axe-core .ci/run installs.
pub const AXE_VERSION: &str = "4.14.1";

/// What axe reports and the book cannot fix in its own files, each with why: a rule id and the
/// CSS selector axe names the element by.
const ALLOWED: &[(&str, &str, &str)] = &[];

fn axe_dir() -> PathBuf {
    book_harness::root().join("target/axe-core/node_modules/axe-core")
}

pub fn needs() -> Option<String> {
    let package = fs::read_to_string(axe_dir().join("package.json")).unwrap_or_default();
    let version = serde_json::from_str::<Value>(&package)
        .ok()
        .and_then(|p| p["version"].as_str().map(str::to_string));
    match version {
        Some(v) if v == AXE_VERSION => None,
        found => Some(format!(
            "axe-core {AXE_VERSION} is not installed{} (npm install --prefix target/axe-core \
             axe-core@{AXE_VERSION})",
            found.map(|v| format!(", {v} is")).unwrap_or_default()
        )),
    }
}

/// Runs axe on the open page with `arguments[0]` as its options; returns its violations as
/// `[{ id, impact, help, nodes: [{ target, html }] }]`, or `{ error }`.
const RUN_AXE: &str = "
    const done = arguments[arguments.length - 1];
    axe.run(document, Object.assign({ resultTypes: ['violations'] }, arguments[0]))
      .then(results => done(results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => {
          const data = (n.any[0] || {}).data || {};
          const colours = data.fgColor ? ` (${data.fgColor} on ${data.bgColor}: ${data.contrastRatio}:1)` : '';
          return { target: n.target.join(' '), html: n.html.slice(0, 160) + colours };
        }),
      }))))
      .catch(error => done({ error: String(error) }));";

/// The rules whose verdict changes with the theme's colours.
const COLOUR_RULES: &[&str] = &["color-contrast", "link-in-text-block"];

pub fn axe_finds_no_violation() -> Vec<String> {
    let source = fs::read_to_string(axe_dir().join("axe.min.js")).expect("needs() found axe-core");
    read_the_book("axe", async |reader| {
        let dark = Config::from_disk(reader.book.root.join("book.toml"))
            .expect("book.toml reads")
            .html_config()
            .and_then(|html| html.preferred_dark_theme)
            .unwrap_or_else(|| "navy".into());
        reader.run_in_every_page(&source).await;
        // print.html opens the print dialog once loaded: not here.
        reader
            .run_in_every_page("window.print = function () {};")
            .await;
        let mut pages: Vec<String> = built().book.listed().map(Chapter::html_name).collect();
        pages.push("no-such-chapter/nowhere.html".into());
        let mut audit = Audit {
            used: vec![false; ALLOWED.len()],
            report: Vec::new(),
        };
        for page in &pages {
            reader.check_axe(page, None, &mut audit).await;
        }
        reader
            .check_axe("print.html", Some(&dark), &mut audit)
            .await;
        reader.check_axe_menus(&mut audit).await;
        for ((rule, target, _), used) in ALLOWED.iter().zip(audit.used) {
            if !used {
                reader.problems.push(format!(
                    "axe: the allowed {rule} on {target} is no longer reported: take it off the list"
                ));
            }
        }
        let out = built().book.root.join("target").join("axe-report.json");
        let _ = fs::write(
            out,
            serde_json::to_string_pretty(&audit.report).unwrap_or_default(),
        );
    })
}

/// What the runs found: which allowed violations were seen, and every run's violations.
struct Audit {
    used: Vec<bool>,
    report: Vec<Value>,
}

impl Reader {
    /// All the rules on `page` in the light theme; or, given a `dark` theme, only the colour
    /// rules, in that theme.
    async fn check_axe(&mut self, page: &str, dark: Option<&str>, audit: &mut Audit) {
        self.open(page).await;
        let ready = self
            .wait_for(
                // Loaded with its fonts, the sidebar written (toc.js), each quiz drawn.
                "return document.readyState === 'complete' && document.fonts.status === 'loaded'
                   && typeof axe === 'object'
                   && document.querySelectorAll('#mdbook-sidebar ol.chapter a[href]').length > 0
                   && Array.from(document.querySelectorAll('.quiz-placeholder'))
                        .every(quiz => quiz.children.length > 0);",
            )
            .await;
        if ready.is_none() {
            self.problems.push(format!(
                "{page}: the page, its fonts, axe-core, the sidebar or a quiz never loaded"
            ));
            return;
        }
        let Some(dark) = dark else {
            self.run_axe(page, "light", json!({}), audit).await;
            return self.check_axe_errors(page).await;
        };
        // The dark theme as mdBook's theme menu sets it (its highlighting style sheet too), with
        // the themes' colour transitions off, so that axe sees the final colours at once.
        let switched = self
            .wait_for(&format!(
                "if (!document.getElementById('no-transitions')) {{
                   const style = document.createElement('style');
                   style.id = 'no-transitions';
                   style.textContent = '*, *::before, *::after {{ transition: none !important; }}';
                   document.head.appendChild(style);
                   document.getElementById('mdbook-theme-{dark}').click();
                 }}
                 return document.documentElement.classList.contains('{dark}')
                   && document.getAnimations().length === 0;"
            ))
            .await;
        if switched.is_none() {
            self.problems
                .push(format!("{page}: the theme menu did not switch to {dark}"));
        } else {
            let colours = json!({ "runOnly": { "type": "rule", "values": COLOUR_RULES } });
            self.run_axe(page, dark, colours, audit).await;
        }
        self.js("localStorage.removeItem('mdbook-theme');").await;
        self.check_axe_errors(page).await;
    }

    async fn check_axe_errors(&mut self, page: &str) {
        // The 404 page logs its own status, as it should (checks.rs, check_404).
        let errors = self.errors(&format!("{page} (axe)")).await;
        self.problems.extend(
            errors
                .into_iter()
                .filter(|e| !e.contains("the server responded with a status of 404")),
        );
    }

    /// The page with the theme menu open, then with the search bar open and showing results.
    async fn check_axe_menus(&mut self, audit: &mut Audit) {
        let page = "introduction.html";
        self.open(page).await;
        let opened = self
            .wait_for(
                "if (typeof axe !== 'object') return false;
                 const list = document.getElementById('mdbook-theme-list');
                 if (list.offsetParent === null) document.getElementById('mdbook-theme-toggle').click();
                 return list.offsetParent !== null;",
            )
            .await;
        if opened.is_none() {
            self.problems
                .push(format!("{page}: the theme menu does not open"));
        } else {
            self.run_axe(page, "theme menu open", json!({}), audit)
                .await;
        }
        self.js("document.getElementById('mdbook-theme-toggle').click();")
            .await;
        let found = self.search("GIL").await;
        if found.is_empty() {
            self.problems
                .push(format!("{page}: searching for GIL shows no results"));
        } else {
            self.run_axe(page, "search results", json!({}), audit).await;
        }
    }

    async fn run_axe(&mut self, page: &str, theme: &str, options: Value, audit: &mut Audit) {
        let found = self
            .client
            .execute_async(RUN_AXE, vec![options])
            .await
            .unwrap_or_else(|e| panic!("{page}: axe.run failed: {e}"));
        if let Some(error) = found.get("error") {
            self.problems
                .push(format!("{page}: axe.run failed: {error}"));
            return;
        }
        audit
            .report
            .push(json!({ "page": page, "theme": theme, "violations": found }));
        for violation in found.as_array().into_iter().flatten() {
            let rule = violation["id"].as_str().unwrap_or_default();
            for node in violation["nodes"].as_array().into_iter().flatten() {
                let target = node["target"].as_str().unwrap_or_default();
                let allowed = ALLOWED
                    .iter()
                    .position(|(r, t, _)| *r == rule && *t == target);
                match allowed {
                    Some(i) => audit.used[i] = true,
                    None => self.problems.push(format!(
                        "{page} ({theme}): axe {rule} ({}, {}): {target}: {}",
                        violation["impact"].as_str().unwrap_or_default(),
                        violation["help"].as_str().unwrap_or_default(),
                        node["html"].as_str().unwrap_or_default()
                    )),
                }
            }
        }
    }
}
