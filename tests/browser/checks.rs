//! What a reader checks, page by page (see reader.rs for the list).

use std::collections::BTreeSet;
use std::fs;
use std::time::{Duration, Instant};

use book_harness::playground::off_playground_reasons;
use book_harness::{Block, Book, Chapter};
use serde_json::{Value, json};

use book_browser_tests::PATIENCE;

use crate::webdriver::Reader;

impl Reader {
    pub async fn check_every_page(&mut self) {
        let book = self.book.clone();
        let chapters: Vec<&Chapter> = book.listed().collect();
        assert!(
            chapters.len() > 3,
            "SUMMARY.md lists only {} chapters",
            chapters.len()
        );
        let expected_sidebar: Vec<String> = chapters.iter().map(|c| c.html_name()).collect();
        let mut titles = Vec::new();
        for chapter in chapters {
            let page = chapter.html_name();
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
            self.check_run_buttons(&book, chapter, &page).await;
            self.check_emoji(&page).await;
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
    pub async fn check_run_buttons(&mut self, book: &Book, chapter: &Chapter, page: &str) {
        let blocks = rust_blocks(book, chapter);
        let shown = self
            .js("return Array.from(document.querySelectorAll('main pre > code.language-rust')).length;")
            .await;
        if shown != json!(blocks.len()) {
            self.problems.push(format!(
                "{page}: {shown} Rust blocks on the page, {} in {}: cannot match them to listings",
                blocks.len(),
                chapter.path.display()
            ));
            return;
        }
        let expected: Vec<Option<bool>> = blocks.iter().map(|b| playground_runs(book, b)).collect();
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
                let listing = block
                    .listing(&book.root)
                    .map(|l| l.name)
                    .unwrap_or_default();
                self.problems.push(format!(
                    "{page}: the block at {} ({listing}) has {} Run button, but the playground {} run it",
                    block.at(),
                    if visible { "a" } else { "no" },
                    if *expected { "can" } else { "cannot" },
                ));
            }
        }
    }

    pub async fn check_search(&mut self) {
        let mentions: Vec<String> = self
            .book
            .listed()
            .filter(|c| {
                c.text
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|word| word == "GIL")
            })
            .map(Chapter::html_name)
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

    /// Clicking a Run button sends the playground the whole program, and shows what it answered.
    pub async fn check_run_button_sends_the_whole_program(&mut self) {
        let book = self.book.clone();
        let runnable = first_runnable(&book);
        let Some((chapter, index, block)) = runnable else {
            self.problems
                .push("no chapter has a listing the playground can run".into());
            return;
        };
        let page = chapter.html_name();
        self.open(&page).await;
        if !self
            .expect(
                &format!(
                "const code = document.querySelectorAll('main pre > code.language-rust')[{index}];
                 const button = code && code.parentElement.querySelector('.play-button');
                 if (!button || button.hidden) return false;
                 button.click();
                 return true;"
            ),
                format!("{page}: the Run button of {} cannot be clicked", block.at()),
            )
            .await
        {
            return;
        }
        let sent = self.sent_to_playground().await;
        let code = sent["code"].as_str().unwrap_or_default();
        let listing = block
            .listing(&book.root)
            .expect("a runnable block has a listing");
        let source = fs::read_to_string(listing.path("src/main.rs")).unwrap_or_default();
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
                listing.dir.display()
            ));
        }
        if sent["edition"] != "2024" {
            self.problems.push(format!(
                "{page}: Run asked the playground for edition {}, not 2024",
                sent["edition"]
            ));
        }
        self.expect(
            &format!(
                "const code = document.querySelectorAll('main pre > code.language-rust')[{index}];
                 const result = code.parentElement.querySelector('.result');
                 return result && result.textContent.includes('ran on the stand-in playground');"
            ),
            format!("{page}: Run showed no result under {}", block.at()),
        )
        .await;
        let errors = self.errors(&format!("{page} (Run)")).await;
        self.problems.extend(errors);
    }

    /// The pencil on a Run-button block opens the whole program in an editor, and Run then sends
    /// what the reader typed (theme/playground-edit.js).
    pub async fn check_edit_then_run(&mut self) {
        let book = self.book.clone();
        let runnable = first_runnable(&book);
        let Some((chapter, index, block)) = runnable else {
            return; // check_run_button_sends_the_whole_program says so
        };
        let page = chapter.html_name();
        self.open(&page).await;
        let listing = block
            .listing(&book.root)
            .expect("a runnable block has a listing");
        let source = fs::read_to_string(listing.path("src/main.rs")).unwrap_or_default();
        let edited = self
            .wait_for(&format!(
                "const code = document.querySelectorAll('main pre > code.language-rust')[{index}];
                 const edit = code && code.parentElement.querySelector('.edit-button');
                 if (!edit) return null;
                 edit.click();
                 if (!code.classList.contains('editable') || !window.ace) return null;
                 return window.ace.edit(code).getValue();"
            ))
            .await;
        let Some(text) = edited.and_then(|v| v.as_str().map(str::to_string)) else {
            self.problems.push(format!(
                "{page}: the block at {} has no pencil that opens an editor",
                block.at()
            ));
            return;
        };
        let missing = source
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.contains("ANCHOR"))
            .filter(|l| !text.contains(l))
            .count();
        if missing > 0 {
            self.problems.push(format!(
                "{page}: the editor of {} lacks {missing} lines of {}",
                block.at(),
                listing.dir.display()
            ));
        }
        let marker = "// changed by the reader";
        self.expect(
            &format!(
                "const code = document.querySelectorAll('main pre > code.language-rust')[{index}];
                 const editor = window.ace.edit(code);
                 editor.setValue('{marker}\\n' + editor.getValue());
                 window.__playRequests.length = 0;
                 const button = code.parentElement.querySelector('.play-button');
                 if (!button || button.hidden) return false;
                 button.click();
                 return true;"
            ),
            format!(
                "{page}: the Run button of the edited {} cannot be clicked",
                block.at()
            ),
        )
        .await;
        let sent = self.sent_to_playground().await;
        if !sent["code"].as_str().unwrap_or_default().contains(marker) {
            self.problems.push(format!(
                "{page}: Run on the edited {} did not send the edited program",
                block.at()
            ));
        }
        let errors = self.errors(&format!("{page} (Edit)")).await;
        self.problems.extend(errors);
    }

    /// What the page last asked the stand-in playground to run (its JSON body), once it has.
    async fn sent_to_playground(&self) -> Value {
        self.wait_for(
            "const run = window.__playRequests.find(r => !r.url.endsWith('/meta/crates'));
             return run ? run.body : null;",
        )
        .await
        .and_then(|s| s.as_str().and_then(|s| serde_json::from_str(s).ok()))
        .unwrap_or_default()
    }

    pub async fn check_theme_switcher(&mut self) {
        // A page with a diagram and a runnable listing: the screenshots show both in each theme.
        let page = "ch02-who-switches.html";
        let page = if self.out.join(page).exists() {
            page
        } else {
            "introduction.html"
        };
        self.open(page).await;
        let background = "return getComputedStyle(document.documentElement).backgroundColor;";
        let _ = self.js("localStorage.removeItem('mdbook-theme'); document.getElementById('mdbook-theme-light').click();").await;
        let light = self.js(background).await;
        // Show the page's diagram in the screenshots (the SVGs have their own light background, so
        // they must stay readable on a dark page), or else a listing with its Run button.
        let _ = self
            .wait_for(
                "const image = document.querySelector('main img');
                 const button = Array.from(document.querySelectorAll('.play-button')).find(b => !b.hidden);
                 const shown = image || (button && button.closest('pre'));
                 if (shown) shown.scrollIntoView({ block: 'center' });
                 return !!shown;",
            )
            .await;
        self.screenshot("light").await;
        self.js("document.getElementById('mdbook-theme-toggle').click();")
            .await;
        if !self
            .expect(
                "return document.getElementById('mdbook-theme-list').offsetParent !== null;",
                format!("{page}: the theme button does not open the list of themes"),
            )
            .await
        {
            return;
        }
        let button = self
            .client
            .find(fantoccini::Locator::Id("mdbook-theme-navy"))
            .await
            .expect("the Navy theme button");
        button.click().await.expect("click the Navy theme");
        self.expect(
            &format!(
                "return document.documentElement.classList.contains('navy')
                   && getComputedStyle(document.documentElement).backgroundColor !== {light};"
            ),
            format!("{page}: choosing Navy left the page's colours as they were ({light})"),
        )
        .await;
        self.js("document.getElementById('mdbook-theme-toggle').click();")
            .await;
        self.screenshot("navy").await;
        self.open(page).await;
        self.expect(
            "return document.documentElement.classList.contains('navy');",
            format!("{page}: the chosen theme is forgotten on the next page"),
        )
        .await;
        self.js("localStorage.removeItem('mdbook-theme');").await;
        let errors = self.errors(&format!("{page} (themes)")).await;
        self.problems.extend(errors);
    }

    pub async fn check_404(&mut self) {
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
    pub async fn check_file_url(&mut self) {
        let url = format!("file://{}", self.out.join("introduction.html").display());
        self.client
            .goto(&url)
            .await
            .expect("open the book from file://");
        self.expect(
            "return document.querySelectorAll('#mdbook-sidebar ol.chapter a[href]').length;",
            "file://: the sidebar is empty".into(),
        )
        .await;
        let found = self.search("GIL").await;
        if found.is_empty() {
            self.problems
                .push("file://: search finds nothing for \"GIL\"".into());
        }
        let errors = self.errors("file://").await;
        self.problems.extend(errors);
    }
}

/// The Rust blocks of a chapter's page, in reading order.
fn rust_blocks<'a>(book: &'a Book, chapter: &'a Chapter) -> Vec<&'a Block> {
    book.page_blocks(chapter)
        .into_iter()
        .filter(|b| b.language() == "rust")
        .collect()
}

/// The first block of the book (chapter, its index among the page's Rust blocks) whose listing
/// the playground can run.
fn first_runnable(book: &Book) -> Option<(&Chapter, usize, &Block)> {
    book.listed()
        .flat_map(|chapter| {
            rust_blocks(book, chapter)
                .into_iter()
                .enumerate()
                .map(move |(i, b)| (chapter, i, b))
        })
        .find(|(_, _, b)| b.offers_playground() && playground_runs(book, b) == Some(true))
}

/// Whether the playground can run the listing a block shows: `None` for a block that shows no
/// listing, or one the compiler rejects (the rule says nothing about its button).
fn playground_runs(book: &Book, block: &Block) -> Option<bool> {
    let listing = block
        .listing(&book.root)
        .filter(|_| !block.is_compile_fail())?;
    Some(off_playground_reasons(&listing).is_empty())
}
