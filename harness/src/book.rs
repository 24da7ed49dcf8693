//! The book as its chapters' Markdown: the pages in SUMMARY.md's order, the fenced code blocks of
//! each, the `{{#include}}` directives and the listing each names, and the listing captions.
//!
//! mdBook's own library (mdbook-driver) is what expands includes and builds the HTML
//! ([`Book::expand`], [`Book::build_html`]); this model reads the Markdown so the tests can check
//! what mdBook 0.5.4 does not: a missing included file is only logged (the raw `{{#…}}` stays in
//! the page), and a missing anchor silently becomes an empty block.

use std::fmt;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use mdbook_driver::MDBook;
use mdbook_driver::book::BookItem;
use mdbook_driver::builtin_renderers::MarkdownRenderer;
use regex::Regex;

use crate::listing::{EXPECTED_OUTPUTS, Listing};
use crate::{blessing, files_under, normalize};

/// Every Markdown page under `src/`, read once.
pub struct Book {
    /// The folder holding book.toml.
    pub root: PathBuf,
    /// The pages SUMMARY.md lists, in its order, then every other `.md` under `src/` (SUMMARY.md
    /// itself, 404.md, fragments that chapters include), sorted.
    pub chapters: Vec<Chapter>,
}

/// One Markdown page under `src/`.
pub struct Chapter {
    /// `src/ch05-one-task-at-a-time.md`, relative to the root.
    pub path: PathBuf,
    /// Its title in SUMMARY.md, or `None` for a page SUMMARY.md does not list.
    pub title: Option<String>,
    pub text: String,
    /// The fenced code blocks, in order (a block inside a longer fence is part of that block).
    pub blocks: Vec<Block>,
    /// Every unescaped directive, in or out of a code block, in order.
    pub includes: Vec<Include>,
    /// The listing captions, in order.
    pub captions: Vec<Caption>,
    /// 1-based lines that look like a listing caption but do not parse as one.
    pub unreadable_captions: Vec<usize>,
}

/// A fenced code block of a chapter.
#[derive(Debug, Clone)]
pub struct Block {
    /// The page, relative to the root.
    pub chapter: PathBuf,
    /// The opening fence's line (0-based, into the page's `lines()`).
    pub fence: usize,
    /// The info string (`rust,noplayground`).
    pub info: String,
    /// The body's lines (0-based); the closing fence, if any, is the line at `body.end`.
    pub body: Range<usize>,
    /// The directives in the body.
    pub includes: Vec<Include>,
}

/// One `{{#include …}}`, `{{#rustdoc_include …}}` (or other `{{#…}}`) directive.
#[derive(Debug, Clone)]
pub struct Include {
    /// The page, relative to the root.
    pub chapter: PathBuf,
    /// 1-based line in the page.
    pub line: usize,
    /// `include`, `rustdoc_include`, `playground`, `title`…
    pub kind: String,
    /// The directive as written.
    pub text: String,
    /// The file it names, relative to the root (`listings/ch05-…/listing-05-01-…/src/main.rs`).
    pub target: PathBuf,
    /// The anchor it names, if it names one rather than a line range.
    pub anchor: Option<String>,
}

/// `<span class="caption">Listing 5-2: … (listings/…/src/main.rs)</span>`.
#[derive(Debug, Clone)]
pub struct Caption {
    /// 1-based line in the page.
    pub line: usize,
    /// The chapter part of the number: `5`, or `A` for an appendix.
    pub label: String,
    pub number: u32,
    /// The path in parentheses, relative to the root.
    pub path: PathBuf,
}

/// A fence opens with three or more backticks and closes with a line of at least as many.
/// `lines` are a page's lines, or the lines of an expanded chapter; indices are into them.
pub fn fences<S: AsRef<str>>(lines: &[S]) -> Vec<(usize, String, Range<usize>)> {
    let mut found = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index].as_ref().trim_start();
        let ticks = line.len() - line.trim_start_matches('`').len();
        if ticks < 3 {
            index += 1;
            continue;
        }
        let closes = |l: &S| {
            let l = l.as_ref().trim();
            l.len() >= ticks && l.chars().all(|c| c == '`')
        };
        let end = (index + 1..lines.len())
            .find(|&i| closes(&lines[i]))
            .unwrap_or(lines.len());
        found.push((index, line[ticks..].trim().to_string(), index + 1..end));
        index = end + 1;
    }
    found
}

impl Book {
    /// Reads every page under `root/src/`.
    pub fn load(root: &Path) -> Book {
        let summary = fs::read_to_string(root.join("src/SUMMARY.md")).unwrap_or_default();
        let mut pages: Vec<(PathBuf, Option<String>)> = summary_links(&summary)
            .into_iter()
            .map(|(title, path)| (Path::new("src").join(path), Some(title)))
            .filter(|(path, _)| root.join(path).is_file())
            .collect();
        for file in files_under(&root.join("src"), &|name| name.ends_with(".md")) {
            let path = file
                .strip_prefix(root)
                .expect("under the root")
                .to_path_buf();
            if !pages.iter().any(|(p, _)| *p == path) {
                pages.push((path, None));
            }
        }
        let chapters = pages
            .into_iter()
            .map(|(path, title)| Chapter::read(root, path, title))
            .collect();
        Book {
            root: root.to_path_buf(),
            chapters,
        }
    }

    /// The pages SUMMARY.md lists, in its order.
    pub fn listed(&self) -> impl Iterator<Item = &Chapter> {
        self.chapters.iter().filter(|c| c.title.is_some())
    }

    pub fn chapter(&self, path: &Path) -> Option<&Chapter> {
        self.chapters.iter().find(|c| c.path == path)
    }

    pub fn includes(&self) -> impl Iterator<Item = &Include> {
        self.chapters.iter().flat_map(|c| &c.includes)
    }

    /// Whether some page includes `file` (relative to the root).
    pub fn shows(&self, file: &Path) -> bool {
        self.includes().any(|i| i.target == file)
    }

    /// What is wrong with the includes: a file or an anchor that is missing. With `BLESS=1` an
    /// expected output that does not exist yet is fine: the test that runs the listing writes it.
    pub fn include_problems(&self) -> Vec<String> {
        self.includes()
            .filter(|i| !i.may_be_blessed_into_being(&self.root))
            .filter_map(|i| i.problem(&self.root))
            .collect()
    }

    /// The code blocks of `chapter` as a reader meets them on its page: an `{{#include x.md}}`
    /// outside a code block stands for x.md's blocks, as mdBook expands it.
    pub fn page_blocks<'a>(&'a self, chapter: &'a Chapter) -> Vec<&'a Block> {
        let mut items: Vec<(usize, Vec<&Block>)> =
            chapter.blocks.iter().map(|b| (b.fence, vec![b])).collect();
        for include in &chapter.includes {
            let inside = chapter
                .blocks
                .iter()
                .any(|b| b.fence < include.line && include.line <= b.body.end);
            if let (false, Some(fragment)) = (inside, self.chapter(&include.target)) {
                items.push((include.line - 1, self.page_blocks(fragment)));
            }
        }
        items.sort_by_key(|(line, _)| *line);
        items.into_iter().flat_map(|(_, blocks)| blocks).collect()
    }

    /// Every page of SUMMARY.md with its includes expanded by mdBook's own link preprocessor
    /// (hidden `# ` lines are the ones mdBook hides): `(path under src/, text)`.
    pub fn expand(&self) -> Result<Vec<(PathBuf, String)>, String> {
        let book =
            MDBook::load(&self.root).map_err(|e| format!("mdBook cannot load the book: {e:#}"))?;
        let (expanded, _) = book
            .preprocess_book(&MarkdownRenderer::new())
            .map_err(|e| format!("mdBook's preprocessors failed: {e:#}"))?;
        let mut pages = Vec::new();
        let mut leftovers = Vec::new();
        for item in expanded.iter() {
            let BookItem::Chapter(page) = item else {
                continue;
            };
            let Some(path) = &page.path else { continue };
            // A directive that survived expansion is one mdBook could not resolve: mdBook turns
            // an escaped `\{{#…}}` into `{{#…}}`, and leaves a missing file's directive in.
            // mdbook-quiz expands `{{#quiz …}}` for the HTML book only.
            let allowed = self.chapter(&Path::new("src").join(path)).map_or(0, |c| {
                c.text.matches("\\{{#").count()
                    + c.includes.iter().filter(|i| i.kind == "quiz").count()
                    + c.includes
                        .iter()
                        .filter(|i| i.may_be_blessed_into_being(&self.root))
                        .count()
            });
            if page.content.matches("{{#").count() > allowed {
                leftovers.push(format!(
                    "src/{}: an include was left unexpanded",
                    path.display()
                ));
            }
            pages.push((path.clone(), page.content.clone()));
        }
        crate::report("mdBook's expansion", &leftovers)?;
        Ok(pages)
    }

    /// Builds the HTML book with mdBook's library into `out` (emptied first); returns book.toml's
    /// `site-url` (`/` when it has none).
    pub fn build_html(&self, out: &Path) -> Result<String, String> {
        let _ = fs::remove_dir_all(out);
        let mut book =
            MDBook::load(&self.root).map_err(|e| format!("mdBook cannot load the book: {e:#}"))?;
        book.config.build.build_dir = out.to_path_buf();
        book.build()
            .map_err(|e| format!("mdBook cannot build the book: {e:#}"))?;
        Ok(book
            .config
            .html_config()
            .and_then(|html| html.site_url)
            .unwrap_or_else(|| "/".into()))
    }
}

/// `[Title](path.md)` links of SUMMARY.md, in order (drafts without a path are skipped).
fn summary_links(summary: &str) -> Vec<(String, String)> {
    let link = Regex::new(r"\[([^\]]*)\]\(([^)]+)\)").expect("a valid regex");
    summary
        .lines()
        .filter_map(|line| link.captures(line))
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

impl Chapter {
    fn read(root: &Path, path: PathBuf, title: Option<String>) -> Chapter {
        let text = fs::read_to_string(root.join(&path)).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let includes = Include::find(&path, &lines);
        let blocks = fences(&lines)
            .into_iter()
            .map(|(fence, info, body)| Block {
                chapter: path.clone(),
                includes: includes
                    .iter()
                    .filter(|i| body.contains(&(i.line - 1)))
                    .cloned()
                    .collect(),
                fence,
                info,
                body,
            })
            .collect();
        let (captions, unreadable_captions) = Caption::find(&lines);
        Chapter {
            path,
            title,
            text,
            blocks,
            includes,
            captions,
            unreadable_captions,
        }
    }

    /// The chapter part of its listings' numbers: `5` for `ch05-…`, `A` for `appendix-a-…`.
    pub fn label(&self) -> Option<String> {
        let name = self.path.file_stem()?.to_str()?;
        if let Some(n) = name.strip_prefix("ch").and_then(|r| r.get(..2)) {
            return n.parse::<u32>().ok().map(|n| n.to_string());
        }
        let letter = name.strip_prefix("appendix-")?.get(..1)?;
        Some(letter.to_uppercase())
    }

    pub fn lines(&self) -> Vec<&str> {
        self.text.lines().collect()
    }

    /// `src/ch01-three-models.md` → `ch01-three-models.html`.
    pub fn html_name(&self) -> String {
        let page = self.path.strip_prefix("src").unwrap_or(&self.path);
        page.with_extension("html").display().to_string()
    }
}

impl Block {
    /// 1-based line of the opening fence.
    pub fn line(&self) -> usize {
        self.fence + 1
    }

    pub fn at(&self) -> String {
        format!("{}:{}", self.chapter.display(), self.line())
    }

    /// The info string's words: the language first (`rust`), then its attributes.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.info.split([',', ' ', '\t']).filter(|w| !w.is_empty())
    }

    pub fn language(&self) -> &str {
        self.words().next().unwrap_or_default()
    }

    pub fn has(&self, attribute: &str) -> bool {
        self.words().skip(1).any(|w| w == attribute)
    }

    /// The compiler must reject this block: trybuild checks it, skeptic must not.
    pub fn is_compile_fail(&self) -> bool {
        self.has("compile_fail")
    }

    /// Whether mdBook gives this Rust block a Run button (`noplayground`, `noplaypen` and
    /// `ignore` withhold it, `no_run` hides it).
    pub fn offers_playground(&self) -> bool {
        !["noplayground", "noplaypen", "ignore", "no_run"]
            .iter()
            .any(|a| self.has(a))
    }

    /// The listing the block shows: the one its first include names.
    pub fn listing(&self, root: &Path) -> Option<Listing> {
        self.includes.first().and_then(|i| i.listing(root))
    }
}

impl Include {
    /// Every unescaped `{{#…}}` directive in a page's lines.
    fn find(chapter: &Path, lines: &[&str]) -> Vec<Include> {
        let folder = chapter.parent().unwrap_or(Path::new(""));
        let mut found = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            let mut offset = 0;
            while let Some(start) = line[offset..].find("{{").map(|s| s + offset) {
                let escaped = start > 0 && line.as_bytes()[start - 1] == b'\\';
                let Some(end) = line[start + 2..].find("}}").map(|e| e + start + 2) else {
                    break;
                };
                offset = end + 2;
                let Some(inner) = line[start + 2..end].trim().strip_prefix('#') else {
                    continue;
                };
                if escaped {
                    continue;
                }
                let (kind, argument) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
                let argument = argument.trim();
                let (path, selector) = match argument.split_once(':') {
                    Some((path, selector)) => (path, Some(selector)),
                    None => (argument, None),
                };
                // `file.rs:name` names an anchor; `file.rs:3`, `file.rs:3:9`, `file.rs::9` are
                // line ranges.
                let anchor = selector
                    .filter(|s| !s.is_empty() && !s.chars().all(|c| c.is_ascii_digit() || c == ':'))
                    .map(str::to_string);
                found.push(Include {
                    chapter: chapter.to_path_buf(),
                    line: index + 1,
                    kind: kind.to_string(),
                    text: line[start..end + 2].to_string(),
                    target: normalize(
                        &folder.join(path.split_whitespace().next().unwrap_or_default()),
                    ),
                    anchor,
                });
            }
        }
        found
    }

    /// Whether the directive reads a file (as opposed to `{{#title}}` and the like).
    pub fn reads_a_file(&self) -> bool {
        matches!(
            self.kind.as_str(),
            "include" | "rustdoc_include" | "playground" | "quiz"
        )
    }

    /// The listing whose folder holds the included file.
    pub fn listing(&self, root: &Path) -> Option<Listing> {
        Listing::containing(root, &self.target)
    }

    /// Whether the included file is what a listing printed (an expected output), not code.
    pub fn is_expected_output(&self) -> bool {
        self.target
            .file_name()
            .is_some_and(|name| EXPECTED_OUTPUTS.iter().any(|e| name == *e))
    }

    /// With `BLESS=1`, an expected output a chapter includes before any run wrote it.
    fn may_be_blessed_into_being(&self, root: &Path) -> bool {
        blessing() && self.is_expected_output() && !root.join(&self.target).exists()
    }

    /// What is wrong with the directive, if anything: its file is missing, or its anchor is.
    pub fn problem(&self, root: &Path) -> Option<String> {
        if !self.reads_a_file() {
            return None;
        }
        let Ok(text) = fs::read_to_string(root.join(&self.target)) else {
            return Some(format!("{self}: no such file"));
        };
        let anchor = self.anchor.as_deref()?;
        let marks = |word: &str| {
            text.lines().any(|line| {
                line.split_once(word).is_some_and(|(_, after)| {
                    after
                        .trim_start()
                        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                        .next()
                        == Some(anchor)
                })
            })
        };
        if !marks("ANCHOR:") || !marks("ANCHOR_END:") {
            return Some(format!(
                "{self}: the file has no `ANCHOR: {anchor}` … `ANCHOR_END: {anchor}` pair"
            ));
        }
        None
    }
}

impl fmt::Display for Include {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.chapter.display(), self.line, self.text)
    }
}

static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"<span class="caption">Listing ([0-9A-Z]+)-(\d+)[^:<]*:.*\((listings/[^)\s]+)\)</span>"#,
    )
    .expect("a valid regex")
});

impl Caption {
    /// The captions of a page's lines, and the lines that look like one but do not parse.
    fn find(lines: &[&str]) -> (Vec<Caption>, Vec<usize>) {
        let mut captions = Vec::new();
        let mut unreadable = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            match CAPTION.captures(line) {
                Some(c) => captions.push(Caption {
                    line: index + 1,
                    label: c[1].to_string(),
                    number: c[2].parse().expect("digits"),
                    path: PathBuf::from(&c[3]),
                }),
                None if line.contains("class=\"caption\">Listing") => unreadable.push(index + 1),
                None => {}
            }
        }
        (captions, unreadable)
    }
}
