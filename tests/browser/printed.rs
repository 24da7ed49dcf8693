//! The book on paper: `book-pdf` (the program .github/workflows/book.yml publishes the PDF with)
//! prints this build, and the PDF is read back with poppler-utils: its outline (the bookmarks a
//! PDF reader shows) has every chapter of SUMMARY.md, in order, at the top level, and its text has
//! each title in that order; every image of the print page is a figure of the tagged PDF, and each
//! SVG diagram's labels are in the text (Chromium prints it as drawing and text, not as a picture).
//! Every `<details>` is printed open (theme/print.js): its text is in the PDF. In the browser, the
//! print page laid out as on the paper (print media, the paper's width) has nothing wider than
//! the page, no code line wrapped that rustfmt's 100 columns allow, and no control (a quiz's
//! Start button) where no one can press it.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use book_browser_tests::pdf::{self, PDF_NAME};
use book_browser_tests::session::{cdp, emulate_media};
use book_browser_tests::{PATIENCE, program};
use book_harness::Chapter;
use serde_json::json;

use crate::webdriver::Reader;
use crate::{built, read_the_book};

/// The poppler-utils tools the test reads the PDF with.
const POPPLER: [&str; 3] = ["pdfinfo", "pdftotext", "pdftohtml"];

pub fn needs() -> Option<String> {
    POPPLER
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

/// Text as poppler gives it back, compared loosely: markup entities decoded, typographic quotes
/// as plain ones, every run of white space (a line break inside a heading) as one space.
fn loose(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
        .replace(['‘', '’'], "'")
        .replace(['“', '”'], "\"")
        .replace('\u{ad}', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text compared without its spaces: pdftotext puts spaces around inline code, and Chromium's
/// bookmarks drop the one before it ("and'static").
fn tight(text: &str) -> String {
    loose(text).replace(' ', "")
}

/// The top-level entries of the PDF's outline, from `pdftohtml -xml`'s `<outline>` (nested
/// `<outline>` elements hold the entries under each).
fn outline_top(xml: &str) -> Vec<String> {
    let Some(start) = xml.find("<outline>") else {
        return Vec::new();
    };
    let mut depth = 0;
    let mut top = Vec::new();
    let mut rest = &xml[start..];
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<outline>") {
            depth += 1;
            rest = after;
        } else if let Some(after) = rest.strip_prefix("</outline>") {
            depth -= 1;
            rest = after;
            if depth == 0 {
                break;
            }
        } else if rest.starts_with("<item") {
            let text = rest
                .split_once('>')
                .and_then(|(_, t)| t.split_once("</item>"))
                .map(|(t, _)| t)
                .unwrap_or_default();
            if depth == 1 {
                top.push(loose(text));
            }
            rest = &rest[1..];
        } else {
            rest = &rest[1..];
        }
    }
    top
}

pub fn the_pdf_holds_the_whole_book() -> Vec<String> {
    let built = built();
    let book = &built.book;
    let pdf = built.out.join(PDF_NAME);
    let mut problems = Vec::new();

    // The same program, with the same argument, as the workflow (book/ is `out` here).
    // It prints while this test lays the print page out in a Chromium of its own.
    let printing = Command::new(env!("CARGO_BIN_EXE_book-pdf"))
        .arg(&built.out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run book-pdf");
    let mut details = Vec::new();
    problems.extend(read_the_book("printed", async |reader| {
        details = reader.check_print_layout().await;
    }));
    let printed = printing.wait_with_output().expect("book-pdf ends");
    if !printed.status.success() {
        problems.push(format!(
            "book-pdf failed: {}",
            String::from_utf8_lossy(&printed.stderr)
        ));
        return problems;
    }
    let bytes = fs::read(&pdf).unwrap_or_default();
    if !bytes.starts_with(b"%PDF-") {
        problems.push(format!("book-pdf wrote no PDF at {}", pdf.display()));
        return problems;
    }
    let pages = poppler("pdfinfo", &[], &pdf, &[]).map(|info| {
        info.lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse::<usize>().ok())
            .unwrap_or(0)
    });
    let chapters: Vec<&Chapter> = book.listed().collect();
    let titles: Vec<String> = chapters
        .iter()
        .map(|c| loose(c.title.as_deref().unwrap_or_default()))
        .collect();
    match pages {
        Ok(pages) if pages >= chapters.len() => {}
        Ok(pages) => problems.push(format!(
            "{PDF_NAME}: {pages} pages for {} chapters",
            chapters.len()
        )),
        Err(e) => problems.push(e),
    }

    // Every chapter: its title in SUMMARY.md is a top-level bookmark, in SUMMARY.md's order ...
    match poppler("pdftohtml", &["-xml", "-i", "-q", "-stdout"], &pdf, &[]) {
        Ok(xml) => {
            let top = outline_top(&xml);
            let tight_all =
                |titles: &[String]| -> Vec<String> { titles.iter().map(|t| tight(t)).collect() };
            if tight_all(&top) != tight_all(&titles) {
                problems.push(format!(
                    "{PDF_NAME}: its outline's chapters are {top:?}, SUMMARY.md's {titles:?}"
                ));
            }
        }
        Err(e) => problems.push(e),
    }
    // ... and in the text, in that order.
    let text = match poppler("pdftotext", &["-enc", "UTF-8"], &pdf, &["-"]) {
        Ok(text) => tight(&text),
        Err(e) => return [problems, vec![e]].concat(),
    };
    let mut from = 0;
    for title in &titles {
        let tight_title = tight(title);
        match text[from..].find(&tight_title) {
            Some(at) => from += at + tight_title.len(),
            None if text.contains(&tight_title) => problems.push(format!(
                "{PDF_NAME}: chapter {title:?} is out of SUMMARY.md's order"
            )),
            None => problems.push(format!("{PDF_NAME}: has no chapter {title:?}")),
        }
    }

    // Every image of the print page (mdBook writes each twice, the second for its zoomed view) is
    // a figure of the tagged PDF; an SVG diagram's labels are in the text, nearly all of them.
    let print_page = fs::read_to_string(built.out.join("print.html")).unwrap_or_default();
    let sources: BTreeSet<String> = print_page
        .split("<img ")
        .skip(1)
        .filter_map(|tag| tag.split_once("src=\"")?.1.split_once('"'))
        .map(|(source, _)| source.to_string())
        .collect();
    if sources.is_empty() {
        problems.push("print.html shows no image: the pattern no longer matches mdBook's".into());
    }
    let figures = bytes
        .windows(b"/S /Figure".len())
        .filter(|w| *w == b"/S /Figure")
        .count();
    if figures != sources.len() {
        problems.push(format!(
            "{PDF_NAME}: {figures} figures in the tagged PDF, print.html shows {} images",
            sources.len()
        ));
    }
    for source in sources.iter().filter(|s| s.ends_with(".svg")) {
        let svg = fs::read_to_string(built.out.join(source)).unwrap_or_default();
        let labels: Vec<String> = svg
            .split("<text")
            .skip(1)
            .filter_map(|text| text.split_once('>')?.1.split_once("</text>"))
            .filter(|(label, _)| !label.contains('<'))
            .map(|(label, _)| loose(label))
            .filter(|l| l.chars().filter(|c| c.is_alphabetic()).count() >= 4)
            .collect();
        let missing: Vec<&String> = labels
            .iter()
            .filter(|l| !text.contains(&tight(l)))
            .collect();
        if labels.is_empty() || missing.len() * 10 > labels.len() {
            problems.push(format!(
                "{PDF_NAME}: the diagram {source} is missing: {} of its {} labels are not in the \
                 text ({missing:?})",
                missing.len(),
                labels.len()
            ));
        }
    }

    // Every <details> is printed open (theme/print.js): its text is in the PDF.
    for start in &details {
        if !text.contains(&tight(start)) {
            problems.push(format!(
                "{PDF_NAME}: a <details> was printed closed: no {start:?}"
            ));
        }
    }

    // A reader finds the PDF: the introduction links to it where the site publishes it, and the
    // README says where it is.
    let introduction = fs::read_to_string(built.out.join("introduction.html")).unwrap_or_default();
    let published = format!("{}{PDF_NAME}\"", built.site_url);
    if !introduction.contains(&published) {
        problems.push(format!(
            "introduction.html has no link to …{published} (src/introduction.md)"
        ));
    }
    let readme = fs::read_to_string(book.root.join("README.md")).unwrap_or_default();
    if !readme.contains(PDF_NAME) {
        problems.push(format!("README.md does not say where {PDF_NAME} is"));
    }

    problems
}

/// Everything in `main` wider than the printed page or clipped by its box, every code line
/// wrapped though it is no longer than rustfmt's 100 columns, and every control (a button) that
/// would be printed: `[[where, what]]`. A code block is named by its first line.
const PAPER_PROBLEMS: &str = "
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
    // Any box but the highlighted spans inside a code block, which its block holds.
    for (const el of document.querySelectorAll('main *:not(pre *), main pre > code')) {
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
    // A control does nothing on paper: none may show (Run, copy, a quiz's Start).
    for (const control of document.querySelectorAll('main button, main input, main select')) {
      const box = control.getBoundingClientRect();
      // (mdBook's zoomable images keep a 1-pixel checkbox, clipped away.)
      if (box.width > 2 && box.height > 2 && getComputedStyle(control).visibility !== 'hidden') {
        found.push([name(control), 'is a control, printed where no one can use it']);
      }
    }
    return found;";

/// The start of the first paragraph (not a caption) of each `<details>`, rendered or not (a closed
/// one renders nothing past its summary): what the PDF's text holds if the page printed its
/// details open.
const DETAILS_TEXT: &str = "
    return Array.from(document.querySelectorAll('main details'))
      .map(details => details.querySelector(':scope > p:not(:has(> .caption))'))
      .filter(paragraph => paragraph)
      .map(paragraph => paragraph.textContent.trim().split(/\\s+/).slice(0, 8).join(' '));";

impl Reader {
    /// print.html as the paper shows it: print media, laid out at the printed page's width, and
    /// prepared for printing as Chromium prepares it (`beforeprint`). Returns the start of each
    /// `<details>`'s text (DETAILS_TEXT).
    pub async fn check_print_layout(&mut self) -> Vec<String> {
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
            return Vec::new();
        }
        self.js("window.dispatchEvent(new Event('beforeprint'));")
            .await;
        let found = self.js(PAPER_PROBLEMS).await;
        let found: Vec<(String, String)> = serde_json::from_value(found).unwrap_or_default();
        for (place, what) in found {
            self.problems.push(format!(
                "{PDF_NAME} (print.html at {width}px): {place} {what}"
            ));
        }
        let details = self.js(DETAILS_TEXT).await;
        let errors = self.errors("print.html (print media)").await;
        self.problems.extend(errors);
        serde_json::from_value(details).unwrap_or_default()
    }
}
