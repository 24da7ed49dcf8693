//! The book on paper: `book-pdf` (the program .github/workflows/book.yml publishes the PDF with)
//! prints this build, and the PDF is read back with poppler-utils' `pdfinfo` and `pdftotext`:
//! every chapter's title in SUMMARY.md's order, every diagram's labels, every raster image. In
//! the browser, the print page laid out as on the paper (print media, the paper's width) has
//! nothing wider than the page and no code line wrapped that rustfmt's 100 columns allow.

use std::fs;
use std::path::Path;
use std::process::Command;

use book_browser_tests::pdf::{self, PDF_NAME};
use book_browser_tests::session::{cdp, emulate_media};
use book_browser_tests::{PATIENCE, program};
use book_harness::Chapter;
use serde_json::json;

use crate::webdriver::Reader;
use crate::{built, read_the_book};

pub fn needs() -> Option<String> {
    ["pdftotext", "pdfinfo", "pdfimages"]
        .into_iter()
        .find(|tool| program(&tool.to_uppercase(), &[tool]).is_none())
        .map(|tool| format!("{tool} is not installed (apt-get install poppler-utils)"))
}

/// Runs a poppler-utils tool: `tool [args] PDF [after]`; returns what it printed.
fn poppler(tool: &str, args: &[&str], pdf: &Path, after: &[&str]) -> Result<String, String> {
    let binary = program(&tool.to_uppercase(), &[tool]).expect("needs() found it");
    let output = Command::new(binary)
        .args(args)
        .arg(pdf)
        .args(after)
        .output()
        .map_err(|e| format!("cannot run {tool}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{tool} cannot read {}: {}",
            pdf.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Text as pdftotext gives it back, compared loosely: typographic quotes as plain ones, every run
/// of white space (a line break inside a heading) as one space.
fn loose(text: &str) -> String {
    text.replace(['‘', '’'], "'")
        .replace(['“', '”'], "\"")
        .replace('\u{ad}', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn the_pdf_holds_the_whole_book() -> Vec<String> {
    let built = built();
    let book = &built.book;
    let pdf = built.out.join(PDF_NAME);
    let mut problems = Vec::new();

    // The same program, and the same arguments, as the workflow's (book/ is `out` here).
    let printed = Command::new(env!("CARGO_BIN_EXE_book-pdf"))
        .arg(&built.out)
        .output()
        .expect("run book-pdf");
    if !printed.status.success() {
        return vec![format!(
            "book-pdf failed: {}",
            String::from_utf8_lossy(&printed.stderr)
        )];
    }
    let bytes = fs::read(&pdf).unwrap_or_default();
    if !bytes.starts_with(b"%PDF-") {
        return vec![format!("book-pdf wrote no PDF at {}", pdf.display())];
    }
    let info = poppler("pdfinfo", &[], &pdf, &[]).map(|info| {
        info.lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse::<usize>().ok())
            .unwrap_or(0)
    });
    let chapters: Vec<&Chapter> = book.listed().collect();
    match info {
        Ok(pages) if pages >= chapters.len() => {}
        Ok(pages) => problems.push(format!(
            "{PDF_NAME}: {pages} pages for {} chapters",
            chapters.len()
        )),
        Err(e) => problems.push(e),
    }

    // Every chapter, by its title in SUMMARY.md, in SUMMARY.md's order.
    let text = match poppler("pdftotext", &["-enc", "UTF-8"], &pdf, &["-"]) {
        Ok(text) => loose(&text),
        Err(e) => return [problems, vec![e]].concat(),
    };
    let mut from = 0;
    for chapter in &chapters {
        let title = loose(chapter.title.as_deref().unwrap_or_default());
        match text[from..].find(&title) {
            Some(at) => from += at + title.len(),
            None if text.contains(&title) => problems.push(format!(
                "{PDF_NAME}: chapter {title:?} is out of SUMMARY.md's order"
            )),
            None => problems.push(format!("{PDF_NAME}: has no chapter {title:?}")),
        }
    }

    // Every image of the print page: an SVG diagram by its labels (Chromium prints it as vector
    // drawing and text), a raster image by pdfimages' count.
    let print_page = fs::read_to_string(built.out.join("print.html")).unwrap_or_default();
    let sources: Vec<String> = print_page
        .split("<img ")
        .skip(1)
        .filter_map(|tag| tag.split_once("src=\"")?.1.split_once('"'))
        .map(|(source, _)| source.to_string())
        .collect();
    if sources.is_empty() {
        problems.push("print.html shows no image: the pattern no longer matches mdBook's".into());
    }
    let mut rasters = 0;
    for source in &sources {
        let file = built.out.join(source);
        if !source.ends_with(".svg") {
            rasters += 1;
            continue;
        }
        let svg = fs::read_to_string(&file).unwrap_or_default();
        let labels: Vec<String> = svg
            .split("<text")
            .skip(1)
            .filter_map(|text| text.split_once('>')?.1.split_once("</text>"))
            .filter(|(label, _)| !label.contains('<'))
            .map(|(label, _)| loose(&label.replace("&amp;", "&").replace("&lt;", "<")))
            .filter(|l| l.chars().filter(|c| c.is_alphabetic()).count() >= 4)
            .collect();
        let missing: Vec<&String> = labels.iter().filter(|l| !text.contains(*l)).collect();
        if labels.is_empty() || missing.len() * 2 > labels.len() {
            problems.push(format!(
                "{PDF_NAME}: the diagram {source} is missing: {} of its {} labels are not in the \
                 text ({missing:?})",
                missing.len(),
                labels.len()
            ));
        }
    }
    if rasters > 0 {
        let listed = poppler("pdfimages", &["-list"], &pdf, &[]).unwrap_or_default();
        let found = listed.lines().skip(2).count();
        if found < rasters {
            problems.push(format!(
                "{PDF_NAME}: {found} raster images, print.html shows {rasters}"
            ));
        }
    }

    // A reader finds the PDF: the introduction and the README link to it.
    let introduction = fs::read_to_string(built.out.join("introduction.html")).unwrap_or_default();
    if !introduction.contains(&format!("/{PDF_NAME}\"")) {
        problems.push(format!(
            "introduction.html has no link to {PDF_NAME} (src/introduction.md)"
        ));
    }
    let readme = fs::read_to_string(book.root.join("README.md")).unwrap_or_default();
    if !readme.contains(PDF_NAME) {
        problems.push(format!("README.md does not say where {PDF_NAME} is"));
    }

    problems.extend(read_the_book("printed", async |reader| {
        reader.check_print_layout().await;
    }));
    problems
}

/// Everything in `main` wider than the printed page or clipped by its box, and every code line
/// wrapped though it is no longer than rustfmt's 100 columns: `[[where, what]]`. A code block is
/// named by its first line.
const TOO_WIDE: &str = "
    const page = document.documentElement.clientWidth;
    const name = el => {
      const code = el.closest('pre');
      const text = (code || el).textContent.trim().split('\\n')[0].slice(0, 60);
      let heading = null;
      for (const h of document.querySelectorAll('main h1, main h2, main h3')) {
        if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) heading = h; else break;
      }
      return (heading ? heading.textContent.trim() + ': ' : '') + el.tagName.toLowerCase() + ' ' + JSON.stringify(text);
    };
    const found = [];
    let reported = null;
    for (const el of document.querySelectorAll('main *')) {
      // One report for a wide element: not again for what is inside it.
      if (reported && reported.contains(el)) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      const style = getComputedStyle(el);
      if (box.right > page + 1) {
        found.push([name(el), 'reaches ' + Math.round(box.right) + 'px, the page is ' + page + 'px wide']);
        reported = el;
      } else if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) {
        found.push([name(el), 'is cut off: ' + el.scrollWidth + 'px of content in ' + el.clientWidth + 'px']);
        reported = el;
      }
    }
    for (const code of document.querySelectorAll('main pre > code')) {
      if (/language-(text|console|toml)/.test(code.className)) continue;
      const style = getComputedStyle(code);
      const probe = document.createElement('span');
      probe.style.position = 'absolute';
      probe.style.whiteSpace = 'pre';
      probe.textContent = '0'.repeat(100);
      code.appendChild(probe);
      const hundred = probe.getBoundingClientRect().width;
      probe.remove();
      const room = code.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const longest = Math.max(...code.innerText.split('\\n').map(line => line.length));
      const columns = Math.floor(room / (hundred / 100));
      if (longest <= 100 && longest > columns) {
        found.push([name(code), 'has a ' + longest + '-column line, the page has room for ' + columns]);
      }
    }
    return found;";

impl Reader {
    /// print.html as the paper shows it: print media, laid out at the printed page's width.
    pub async fn check_print_layout(&mut self) {
        let width = pdf::printable_width_px();
        emulate_media(&self.client, "print", &[("prefers-color-scheme", "light")])
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        cdp(
            &self.client,
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": 1100, "deviceScaleFactor": 1, "mobile": false }),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        // Paper has no scroll bar to take its width.
        cdp(
            &self.client,
            "Emulation.setScrollbarsHidden",
            json!({ "hidden": true }),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        // print.html opens the print dialog once loaded: not here.
        self.run_in_every_page("window.print = function () {};")
            .await;
        self.open("print.html").await;
        if self.wait_for(pdf::PRINT_PAGE_READY).await.is_none() {
            self.problems.push(format!(
                "print.html did not load its fonts and images within {PATIENCE:?}"
            ));
            return;
        }
        let found = self.js(TOO_WIDE).await;
        let found: Vec<(String, String)> = serde_json::from_value(found).unwrap_or_default();
        for (place, what) in found {
            self.problems.push(format!(
                "{PDF_NAME} (print.html at {width}px): {place} {what}"
            ));
        }
        let errors = self.errors("print.html (print media)").await;
        self.problems.extend(errors);
    }
}
