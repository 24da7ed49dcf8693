//! mdBook's include directives, as the chapters use them, checked before mdBook expands them.
//!
//! Shared by `build.rs` (which refuses to hand a broken chapter to skeptic) and the book test
//! (`#[path]`-included in both). mdBook's own link preprocessor is what expands includes; this
//! module only checks them, because mdBook 0.5.4 does not: a missing file is logged and the raw
//! `{{#…}}` left in the page, and a missing anchor silently becomes an empty block.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// One `{{#include …}}` or `{{#rustdoc_include …}}` in a chapter.
#[derive(Debug, Clone)]
pub struct Directive {
    /// The chapter, relative to the book root (`src/ch06-shared-globals.md`).
    pub chapter: PathBuf,
    /// 1-based line in the chapter.
    pub line: usize,
    /// `include`, `rustdoc_include`, `playground`, `title`…
    pub kind: String,
    /// The directive as written.
    pub text: String,
    /// The file it names, resolved against the chapter's folder (no normalisation).
    pub target: PathBuf,
    /// The anchor it names, if it names one rather than a line range.
    pub anchor: Option<String>,
}

impl fmt::Display for Directive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.chapter.display(), self.line, self.text)
    }
}

/// Every unescaped directive in `content` (the text of `chapter`, a path relative to `root`).
pub fn find(root: &Path, chapter: &Path, content: &str) -> Vec<Directive> {
    let base = root
        .join(chapter)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut found = Vec::new();
    for (index, line) in content.lines().enumerate() {
        let mut rest = line;
        let mut offset = 0;
        while let Some(start) = rest.find("{{") {
            let escaped = start > 0 && rest.as_bytes()[start - 1] == b'\\';
            let after = &rest[start + 2..];
            let Some(end) = after.find("}}") else { break };
            let inner = after[..end].trim();
            let text = format!("{{{{{}}}}}", &after[..end]);
            offset += start + 2 + end + 2;
            rest = &line[offset..];
            let Some(inner) = inner.strip_prefix('#') else {
                continue;
            };
            if escaped {
                continue;
            }
            let mut words = inner.splitn(2, char::is_whitespace);
            let kind = words.next().unwrap_or_default().to_string();
            let argument = words.next().unwrap_or_default().trim();
            let (path, selector) = match argument.split_once(':') {
                Some((path, selector)) => (path, Some(selector)),
                None => (argument, None),
            };
            // `file.rs:name` names an anchor; `file.rs:3`, `file.rs:3:9`, `file.rs::9` are ranges.
            let anchor = selector
                .filter(|s| !s.is_empty() && !s.chars().all(|c| c.is_ascii_digit() || c == ':'))
                .map(str::to_string);
            found.push(Directive {
                chapter: chapter.to_path_buf(),
                line: index + 1,
                kind,
                text,
                target: base.join(path.split_whitespace().next().unwrap_or_default()),
                anchor,
            });
        }
    }
    found
}

/// What is wrong with one directive, if anything: the file is missing, or the anchor is.
pub fn problem(directive: &Directive) -> Option<String> {
    if !matches!(
        directive.kind.as_str(),
        "include" | "rustdoc_include" | "playground"
    ) {
        return None;
    }
    let Ok(text) = fs::read_to_string(&directive.target) else {
        return Some(format!("{directive}: no such file"));
    };
    let anchor = directive.anchor.as_deref()?;
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
            "{directive}: the file has no `ANCHOR: {anchor}` … `ANCHOR_END: {anchor}` pair"
        ));
    }
    None
}

/// A fenced code block of a chapter: its opening fence's line, its info string, and its body's
/// lines (0-based indices into the lines the chapter was split into; the closing fence is the line
/// at `body.end`, if the chapter has one).
pub struct CodeBlock<'a> {
    pub fence: usize,
    pub info: &'a str,
    pub body: std::ops::Range<usize>,
}

/// The ```` ``` ```` blocks of a chapter's lines, in order.
pub fn code_blocks<'a>(lines: &[&'a str]) -> Vec<CodeBlock<'a>> {
    let mut blocks = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let Some(info) = lines[index].trim_start().strip_prefix("```") else {
            index += 1;
            continue;
        };
        let end = (index + 1..lines.len())
            .find(|&i| lines[i].trim_start().starts_with("```"))
            .unwrap_or(lines.len());
        blocks.push(CodeBlock {
            fence: index,
            info: info.trim(),
            body: index + 1..end,
        });
        index = end + 1;
    }
    blocks
}

/// The chapters and fragments under `src/`, relative to `root`, sorted.
pub fn markdown_files(root: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(root.join(dir)) else {
            return;
        };
        for entry in entries.flatten() {
            let relative = dir.join(entry.file_name());
            if entry.path().is_dir() {
                walk(root, &relative, out);
            } else if relative.extension().is_some_and(|e| e == "md") {
                out.push(relative);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, Path::new("src"), &mut out);
    out.sort();
    out
}

/// Every directive in every chapter, and every problem with them.
pub fn check_book(root: &Path) -> (Vec<Directive>, Vec<String>) {
    let mut all = Vec::new();
    let mut problems = Vec::new();
    for chapter in markdown_files(root) {
        let content = fs::read_to_string(root.join(&chapter)).unwrap_or_default();
        for directive in find(root, &chapter, &content) {
            problems.extend(problem(&directive));
            all.push(directive);
        }
    }
    (all, problems)
}
