//! The book is whole: it builds with mdBook's library, every include resolves (file and anchor),
//! every internal link and `#anchor` lands, every listing folder is included by a chapter, and
//! every expected-output file a test checks is one the book shows.

mod harness;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use harness::{Kind, directives};
use mdbook_driver::MDBook;
use regex::Regex;

#[test]
fn every_include_names_an_existing_file_and_anchor() {
    let (_, problems) = directives::check_book(&harness::root());
    assert!(
        problems.is_empty(),
        "broken includes:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn every_listing_is_included_and_so_is_every_checked_output() {
    let root = harness::root();
    let (all, _) = directives::check_book(&root);
    let included: BTreeSet<PathBuf> = all
        .iter()
        .filter_map(|d| d.target.canonicalize().ok())
        .collect();
    let mut problems = Vec::new();
    for listing in harness::listings().unwrap_or_else(|e| panic!("{e}")) {
        let source = match listing.kind {
            Kind::Crate => "src/main.rs",
            Kind::CompileFail => "main.rs",
            Kind::Python => "main.py",
        };
        let shown = |file: &str| {
            listing
                .path(file)
                .canonicalize()
                .is_ok_and(|p| included.contains(&p))
        };
        if !listing.path(source).exists() {
            problems.push(format!("{}: has no {source}", listing.dir.display()));
        } else if !shown(source)
            && !included
                .iter()
                .any(|p| p.starts_with(root.join(&listing.dir)))
        {
            problems.push(format!("{}: no chapter includes it", listing.dir.display()));
        }
        for expected in ["output.txt", "stderr.txt", "main.stderr"] {
            if listing.path(expected).exists() && !shown(expected) {
                problems.push(format!(
                    "{}: is checked by cargo test but no chapter shows it",
                    listing.shown(expected)
                ));
            }
        }
        if listing.kind == Kind::Python && !listing.path("output.txt").exists() {
            problems.push(format!(
                "{}: a Python listing needs the output.txt it is checked against",
                listing.dir.display()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "listings the book does not show:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_book_builds_and_its_internal_links_land() {
    let root = harness::root();
    let out = root.join("target").join("book-test");
    let _ = fs::remove_dir_all(&out);
    let mut book =
        MDBook::load(&root).unwrap_or_else(|e| panic!("mdBook cannot load the book: {e:#}"));
    book.config.build.build_dir = out.clone();
    book.build()
        .unwrap_or_else(|e| panic!("mdBook cannot build the book: {e:#}"));
    // The 404 page is served from any folder, so it links from the site's root (`site-url`,
    // the folder GitHub Pages serves the book from), which is `out` here.
    let site_url = book
        .config
        .html_config()
        .and_then(|html| html.site_url)
        .unwrap_or_else(|| "/".into());

    let pages = html_pages(&out);
    assert!(pages.len() > 5, "the build made only {} pages", pages.len());
    for wanted in ["print.html", "404.html", "toc.html"] {
        assert!(
            out.join(wanted).exists(),
            "the build made no {wanted} (book.toml's [output.html])"
        );
    }
    let href = Regex::new(r#"(?:href|src)="([^"]*)""#).expect("valid regex");
    let css_url = Regex::new(r#"url\(\s*['"]?([^'")]+)['"]?\s*\)"#).expect("valid regex");
    let id = Regex::new(r#"\bid="([^"]*)""#).expect("valid regex");
    let ids: BTreeMap<&PathBuf, BTreeSet<String>> = pages
        .iter()
        .map(|(page, html)| {
            (
                page,
                id.captures_iter(html).map(|c| c[1].to_string()).collect(),
            )
        })
        .collect();

    // What links: every page, the sidebar (written by toc-*.js into every page) and the style
    // sheets (fonts and images by `url(…)`).
    let mut documents: Vec<(&PathBuf, &str, &Regex)> = pages
        .iter()
        .map(|(page, html)| (page, html.as_str(), &href))
        .collect();
    let assets = files_named(&out, |name| {
        (name.starts_with("toc") && name.ends_with(".js")) || name.ends_with(".css")
    });
    assert!(
        assets
            .iter()
            .any(|(path, _)| path.extension().is_some_and(|e| e == "js")),
        "the build made no toc-*.js: the sidebar is not where this test looks for it"
    );
    for (path, text) in &assets {
        let links = if path.extension().is_some_and(|e| e == "css") {
            &css_url
        } else {
            &href
        };
        documents.push((path, text.as_str(), links));
    }

    let mut problems = Vec::new();
    let mut checked = 0;
    for (page, html, links) in documents {
        let shown = page
            .strip_prefix(&out)
            .unwrap_or(page)
            .display()
            .to_string();
        if html.contains("{{#") {
            problems.push(format!("{shown}: an mdBook directive was left unexpanded"));
        }
        for link in links.captures_iter(html).map(|c| c[1].to_string()) {
            if link.is_empty()
                || link.contains("://")
                || link.starts_with("mailto:")
                || link.starts_with("javascript:")
                || link.starts_with("data:")
            {
                continue;
            }
            checked += 1;
            let (file, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let file = file.split('?').next().unwrap_or_default();
            let target = if file.is_empty() {
                page.to_path_buf()
            } else if file.starts_with('/') {
                let Some(under_site) = file.strip_prefix(site_url.as_str()) else {
                    problems.push(format!(
                        "{shown}: link outside the site ({site_url}): {link}"
                    ));
                    continue;
                };
                out.join(under_site).join(if under_site.is_empty() {
                    "index.html"
                } else {
                    ""
                })
            } else {
                let joined = page.parent().expect("a page has a folder").join(file);
                if file.ends_with('/') {
                    joined.join("index.html")
                } else {
                    joined
                }
            };
            let target = harness::playground::normalize(&target);
            if !target.exists() {
                problems.push(format!("{shown}: link to a missing file: {link}"));
            } else if !fragment.is_empty()
                && ids.get(&target).is_some_and(|ids| !ids.contains(fragment))
            {
                problems.push(format!("{shown}: link to a missing heading: {link}"));
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} links were found: the patterns no longer match mdBook's output"
    );
    assert!(
        problems.is_empty(),
        "{} broken link(s):\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// Files under `dir` (recursively) whose name passes `wanted`, with their text.
fn files_named(dir: &Path, wanted: impl Fn(&str) -> bool + Copy) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir)
        .expect("the build folder exists")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_named(&path, wanted));
        } else if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(wanted)
        {
            let text = fs::read_to_string(&path).expect("a text file is UTF-8");
            found.push((path, text));
        }
    }
    found
}

fn html_pages(dir: &Path) -> Vec<(PathBuf, String)> {
    files_named(dir, |name| name.ends_with(".html"))
}

/// Captions are typed by hand ("Listing 5-2: … (listings/…/src/main.rs)"), so they are checked:
/// the number belongs to the chapter it is in, the path exists and is the listing of that number,
/// the code block right above the caption shows that listing, numbers appear in reading order
/// without gaps (a later "part 2" or "continued" may repeat one), and every listing has a caption.
#[test]
fn every_caption_agrees_with_its_listing_and_numbers_run_in_reading_order() {
    let root = harness::root();
    let caption = Regex::new(
        r#"<span class="caption">Listing ([0-9A-Z]+)-(\d+)[^:<]*:.*\((listings/[^)\s]+)\)</span>"#,
    )
    .expect("a valid regex");
    let folder = Regex::new(r"^(?:listing|compile-fail|python)-([0-9a-z]+)-(\d+)-").expect("regex");
    let mut problems = Vec::new();
    let mut captioned = BTreeSet::new();
    for (_, chapter) in harness::playground::summary_chapters(&root) {
        let name = chapter
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // `ch05-…` is chapter 5; `appendix-a-…` is appendix A; other pages have no listings.
        let label = if let Some(n) = name
            .strip_prefix("ch")
            .and_then(|rest| rest.get(..2))
            .and_then(|n| n.parse::<u32>().ok())
        {
            n.to_string()
        } else if let Some(letter) = name
            .strip_prefix("appendix-")
            .and_then(|rest| rest.get(..1))
        {
            letter.to_uppercase()
        } else {
            String::new()
        };
        let text = fs::read_to_string(root.join(&chapter)).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let blocks = directives::code_blocks(&lines);
        let mut seen: Vec<u32> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let Some(c) = caption.captures(line) else {
                if line.contains("class=\"caption\">Listing") {
                    problems.push(format!(
                        "{}:{}: a caption the check cannot read: {line}",
                        chapter.display(),
                        i + 1
                    ));
                }
                continue;
            };
            let at = format!("{}:{}", chapter.display(), i + 1);
            let (chap, number, path) = (&c[1], &c[2], &c[3]);
            let number: u32 = number.parse().expect("digits");
            if chap != label {
                problems.push(format!(
                    "{at}: Listing {chap}-{number} in a chapter whose listings are {label}-…"
                ));
            }
            if !root.join(path).exists() {
                problems.push(format!("{at}: names {path}, which does not exist"));
            }
            // listings/<chapter>/<listing>/…
            let listing_dir: PathBuf = Path::new(path).iter().take(3).collect();
            let listing_name = listing_dir
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            match folder.captures(&listing_name) {
                Some(f)
                    if f[1]
                        .trim_start_matches('0')
                        .eq_ignore_ascii_case(chap.trim_start_matches('0'))
                        && f[2].parse::<u32>().ok() == Some(number) => {}
                _ => problems.push(format!(
                    "{at}: Listing {chap}-{number} names the folder {listing_name}"
                )),
            }
            captioned.insert(listing_dir.clone());
            // The block the caption belongs to: the last one that closed above it.
            let above = blocks.iter().rev().find(|b| b.body.end < i);
            let shows = above.is_some_and(|b| {
                lines[b.body.clone()]
                    .iter()
                    .any(|l| l.contains(&format!("../{}/", listing_dir.display())))
            });
            if !shows {
                problems.push(format!(
                    "{at}: the block above this caption does not include {}",
                    listing_dir.display()
                ));
            }
            if !seen.contains(&number) {
                let next = seen.len() as u32 + 1;
                if number != next {
                    problems.push(format!("{at}: Listing {chap}-{number} comes where Listing {chap}-{next} should (reading order)"));
                }
                seen.push(number);
            }
        }
    }
    for listing in harness::listings().unwrap_or_else(|e| panic!("{e}")) {
        if !captioned.contains(&listing.dir) {
            problems.push(format!("{}: no caption names it", listing.dir.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "captions that disagree with their listings:\n  {}",
        problems.join("\n  ")
    );
}
