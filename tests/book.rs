//! The book is whole: it builds with mdBook's library, every include resolves (file and anchor),
//! every internal link and `#anchor` lands, every listing folder is included by a chapter, every
//! expected-output file a test checks is one the book shows, every listing is built as a test
//! harness exactly when it has unit tests, every caption agrees with its listing, and the mdBook
//! the README installs is the one the tests build with.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use book_harness::{Book, Kind, Listing, files_under, normalize, root};
use regex::Regex;

fn book() -> Book {
    Book::load(&root())
}

fn listings() -> Vec<Listing> {
    Listing::all(&root()).unwrap_or_else(|e| panic!("{e}"))
}

fn assert_none(what: &str, problems: &[String]) {
    if let Err(report) = book_harness::report(what, problems) {
        panic!("{report}");
    }
}

#[test]
fn every_include_names_an_existing_file_and_anchor() {
    assert_none("the includes", &book().include_problems());
}

#[test]
fn every_listing_is_included_and_so_is_every_checked_output() {
    let book = book();
    let mut problems = Vec::new();
    for listing in listings() {
        let source = listing.kind.source();
        if !listing.path(source).exists() {
            problems.push(format!("{}: has no {source}", listing.dir.display()));
        } else if !book.includes().any(|i| i.target.starts_with(&listing.dir)) {
            problems.push(format!("{}: no chapter includes it", listing.dir.display()));
        }
        for expected in book_harness::listing::EXPECTED_OUTPUTS {
            if listing.path(expected).exists() && !book.shows(&listing.dir.join(expected)) {
                problems.push(format!(
                    "{}: is checked by cargo test but no chapter shows it",
                    listing.shown(expected)
                ));
            }
        }
        if listing.kind == Kind::Crate {
            problems.extend(listing.test_target_problem());
        }
        if listing.kind == Kind::Python && !listing.path("output.txt").exists() {
            problems.push(format!(
                "{}: a Python listing needs the output.txt it is checked against",
                listing.dir.display()
            ));
        }
    }
    assert_none("the listings the book shows", &problems);
}

/// Captions are typed by hand ("Listing 5-2: … (listings/…/src/main.rs)"), so they are checked:
/// the number belongs to the chapter it is in, the path exists and is the listing of that number,
/// the code block right above the caption shows that listing, numbers appear in reading order
/// without gaps (a later "part 2" may repeat one), and every listing whose code the book shows
/// has a caption. A listing shown only by its output (the Measured chapter's tool) has none, and
/// its number is no gap.
#[test]
fn every_caption_agrees_with_its_listing_and_numbers_run_in_reading_order() {
    let book = book();
    let shows_code = |listing: &Listing| {
        book.includes()
            .any(|i| i.target.starts_with(&listing.dir) && !i.is_expected_output())
    };
    let uncaptioned: BTreeSet<(String, u32)> = listings()
        .iter()
        .filter(|l| !shows_code(l))
        .filter_map(Listing::number)
        .collect();
    let mut problems = Vec::new();
    let mut captioned = BTreeSet::new();
    for chapter in book.listed() {
        let label = chapter.label().unwrap_or_default();
        let mut seen: Vec<u32> = Vec::new();
        for line in &chapter.unreadable_captions {
            problems.push(format!(
                "{}:{line}: a caption the check cannot read",
                chapter.path.display()
            ));
        }
        for caption in &chapter.captions {
            let at = format!("{}:{}", chapter.path.display(), caption.line);
            let (chap, number) = (&caption.label, caption.number);
            if *chap != label {
                problems.push(format!(
                    "{at}: Listing {chap}-{number} in a chapter whose listings are {label}-…"
                ));
            }
            if !book.root.join(&caption.path).exists() {
                problems.push(format!(
                    "{at}: names {}, which does not exist",
                    caption.path.display()
                ));
            }
            let Some(listing) = Listing::containing(&book.root, &caption.path) else {
                problems.push(format!(
                    "{at}: {} is not in a listing folder",
                    caption.path.display()
                ));
                continue;
            };
            if listing.number() != Some((chap.clone(), number)) {
                problems.push(format!(
                    "{at}: Listing {chap}-{number} names the folder {}",
                    listing.name
                ));
            }
            // The block the caption belongs to: the last one that closed above it.
            let above = chapter
                .blocks
                .iter()
                .rev()
                .find(|b| b.body.end < caption.line - 1);
            if !above.is_some_and(|b| {
                b.includes
                    .iter()
                    .any(|i| i.target.starts_with(&listing.dir))
            }) {
                problems.push(format!(
                    "{at}: the block above this caption does not include {}",
                    listing.dir.display()
                ));
            }
            captioned.insert(listing.dir);
            if !seen.contains(&number) {
                let mut next = seen.last().copied().unwrap_or(0) + 1;
                while next < number && uncaptioned.contains(&(chap.clone(), next)) {
                    next += 1;
                }
                if number != next {
                    problems.push(format!("{at}: Listing {chap}-{number} comes where Listing {chap}-{next} should (reading order)"));
                }
                seen.push(number);
            }
        }
    }
    for listing in listings() {
        if shows_code(&listing) && !captioned.contains(&listing.dir) {
            problems.push(format!("{}: no caption names it", listing.dir.display()));
        }
    }
    assert_none("the captions", &problems);
}

/// The README's first command installs the mdBook the tests build the book with (Cargo.lock's
/// mdbook-driver), and so does the workflow that publishes the book.
#[test]
fn the_mdbook_the_docs_install_is_the_one_the_tests_build_with() {
    let root = root();
    let version =
        book_harness::locked_version(&root, "mdbook-driver").expect("Cargo.lock has mdbook-driver");
    // `mdbook ` with its space: `cargo install mdbook-quiz` is another tool (tests/quizzes.rs).
    let install = Regex::new(r"cargo install mdbook [^\n`&]*").expect("a valid regex");
    let mut places = vec![root.join("README.md")];
    places.extend(files_under(&root.join(".github/workflows"), &|n| {
        n.ends_with(".yml")
    }));
    let mut problems = Vec::new();
    for place in places {
        let text = fs::read_to_string(&place).unwrap_or_default();
        let commands: Vec<&str> = install.find_iter(&text).map(|m| m.as_str()).collect();
        if commands.is_empty() && place.ends_with("README.md") {
            problems.push("README.md: no `cargo install mdbook` command".into());
        }
        for command in commands {
            if !command.contains(&format!("--locked --version {version}")) {
                problems.push(format!(
                    "{}: `{command}` is not `cargo install mdbook --locked --version {version}` (Cargo.lock's mdbook-driver)",
                    place.strip_prefix(&root).unwrap_or(&place).display()
                ));
            }
        }
    }
    assert_none("the mdBook version the docs state", &problems);
}

#[test]
fn the_book_builds_and_its_internal_links_land() {
    let book = book();
    let out = book.root.join("target").join("book-test");
    let site_url = book.build_html(&out).unwrap_or_else(|e| panic!("{e}"));
    // The 404 page is served from any folder, so it links from the site's root (`site-url`,
    // the folder GitHub Pages serves the book from), which is `out` here.
    let read = |path: PathBuf| {
        let text = fs::read_to_string(&path).expect("a text file is UTF-8");
        (path, text)
    };
    let pages: Vec<(PathBuf, String)> = files_under(&out, &|name| name.ends_with(".html"))
        .into_iter()
        .map(read)
        .collect();
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
    let assets: Vec<(PathBuf, String)> = files_under(&out, &|name| {
        (name.starts_with("toc") && name.ends_with(".js")) || name.ends_with(".css")
    })
    .into_iter()
    .map(read)
    .collect();
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
            let external = ["://", "mailto:", "javascript:", "data:"];
            if link.is_empty() || external.iter().any(|e| link.contains(e)) {
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
            let target = normalize(&target);
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
    assert_none("the built book's links", &problems);
}

#[test]
fn the_book_model_reads_fences_includes_and_captions() {
    let root = root().join("target").join("book-model-test");
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("src/part")).expect("create a sample book");
    let include =
        "{{#rustdoc_include ../listings/ch99-sample/listing-99-01-sample/src/main.rs:all}}";
    fs::write(
        root.join("src/SUMMARY.md"),
        "# Summary\n\n- [Sample](ch99.md)\n",
    )
    .expect("write SUMMARY.md");
    fs::write(
        root.join("src/ch99.md"),
        format!(
            "# Sample\n\n```rust,noplayground\n{include}\n```\n\n\
             <span class=\"caption\">Listing 99-1: a sample (listings/ch99-sample/listing-99-01-sample/src/main.rs)</span>\n\n\
             ````md\n```rust\nnot a block\n```\n````\n\n\\{{{{#include not/a/directive.rs}}}}\n\n\
             {{{{#include part/more.md}}}}\n\n```rust\nfn shown_inline() {{}}\n```\n"
        ),
    )
    .expect("write the chapter");
    fs::write(
        root.join("src/part/more.md"),
        "```rust,compile_fail\nfn f() {}\n```\n",
    )
    .expect("write the fragment");
    let book = Book::load(&root);
    let chapter = book
        .chapter(Path::new("src/ch99.md"))
        .expect("the chapter is read");
    assert_eq!(chapter.title.as_deref(), Some("Sample"));
    assert_eq!(chapter.label().as_deref(), Some("99"));
    let blocks: Vec<(usize, &str)> = book
        .page_blocks(chapter)
        .iter()
        .map(|b| (b.line(), b.info.as_str()))
        .collect();
    assert_eq!(
        blocks,
        [
            (3, "rust,noplayground"),
            (9, "md"),
            (1, "rust,compile_fail"),
            (19, "rust")
        ]
    );
    let targets: Vec<&Path> = chapter
        .includes
        .iter()
        .map(|i| i.target.as_path())
        .collect();
    assert_eq!(
        targets,
        [
            Path::new("listings/ch99-sample/listing-99-01-sample/src/main.rs"),
            Path::new("src/part/more.md")
        ]
    );
    assert_eq!(chapter.includes[0].anchor.as_deref(), Some("all"));
    assert_eq!(chapter.blocks[0].includes.len(), 1);
    let listing = chapter.blocks[0]
        .listing(&root)
        .expect("the block shows a listing");
    assert_eq!(
        (listing.name.as_str(), listing.kind),
        ("listing-99-01-sample", Kind::Crate)
    );
    let caption = &chapter.captions[0];
    assert_eq!(
        (caption.line, caption.label.as_str(), caption.number),
        (7, "99", 1)
    );
    assert_eq!(
        book.include_problems().len(),
        1,
        "{:?}",
        book.include_problems()
    );
    let _ = fs::remove_dir_all(&root);
}
