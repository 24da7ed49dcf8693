//! The Run buttons are honest: a listing the Rust playground can run is offered to it, and one it
//! cannot run (another crate, a child process, a file, arguments) is marked `noplayground`, in a
//! chapter that says how to run it locally. The rule is in tests/harness/playground.rs.

mod harness;

use std::fs;

use harness::{directives, playground};

#[test]
fn noplayground_marks_exactly_the_listings_the_playground_cannot_run() {
    let root = harness::root();
    let mut problems = Vec::new();
    let mut judged = 0;
    for file in directives::markdown_files(&root) {
        let blocks = playground::rust_blocks(&root, &file, false);
        let text = fs::read_to_string(root.join(&file)).unwrap_or_default();
        for block in blocks {
            let Some(listing) = &block.listing else {
                continue;
            };
            if block.is_compile_fail() {
                continue;
            }
            judged += 1;
            let reasons = playground::off_playground_reasons(&root, listing);
            let name = listing.file_name().unwrap_or_default().to_string_lossy();
            match (reasons.is_empty(), block.offers_playground()) {
                (true, false) => problems.push(format!(
                    "{}: {name} can run on the playground (std, tokio and rayon only, no child \
                     process, no file), but the block is marked {:?}: drop the mark so it gets a Run button",
                    block.at(),
                    block.attributes.join(",")
                )),
                (false, true) => problems.push(format!(
                    "{}: {name} cannot run on the playground ({}), so mark the block \
                     ```rust,noplayground and say how to run it locally",
                    block.at(),
                    reasons.join("; ")
                )),
                (false, false) if !text.contains("cargo run") => problems.push(format!(
                    "{}: {name} is marked noplayground, but {} never says how to run a listing \
                     locally (`cargo run -p {name}`)",
                    block.at(),
                    file.display()
                )),
                _ => {}
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} block(s) break the playground rule:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
    eprintln!("{judged} listing blocks follow the playground rule");
}

#[test]
fn the_rule_sees_what_keeps_a_listing_off_the_playground() {
    let root = harness::root();
    let dir = root.join("target").join("playground-rule-test");
    let listing = std::path::Path::new("listing-99-01-sample");
    let write = |main: &str, deps: &str, check: Option<&str>| {
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join(listing).join("src")).expect("create a sample listing");
        fs::write(
            dir.join(listing).join("Cargo.toml"),
            format!("[package]\nname = \"x\"\n[dependencies]\n{deps}"),
        )
        .expect("write Cargo.toml");
        fs::write(dir.join(listing).join("src/main.rs"), main).expect("write main.rs");
        if let Some(check) = check {
            fs::write(dir.join(listing).join("check.toml"), check).expect("write check.toml");
        }
        playground::off_playground_reasons(&dir, listing)
    };
    let tokio = "tokio = { workspace = true }\nrayon = { workspace = true }\n";
    assert!(
        write(
            "// std::fs is not used here\nfn main() { println!(\"Files\"); }\n",
            tokio,
            None
        )
        .is_empty()
    );
    assert!(write("fn main() { let _ = std::process::id(); }\n", tokio, None).is_empty());
    assert!(
        write("use std::process::Command;\nfn main() {}\n", tokio, None)[0].contains("Command")
    );
    assert!(!write("use tokio::process::Command;\nfn main() {}\n", tokio, None).is_empty());
    assert!(
        !write(
            "use std::{fs, io};\nfn main() { fs::read(\"x\").ok(); }\n",
            "",
            None
        )
        .is_empty()
    );
    assert!(!write("fn main() { let _ = std::env::current_exe(); }\n", "", None).is_empty());
    assert!(!write("use std::fs::File;\nfn main() {}\n", "", None).is_empty());
    assert!(
        write(
            "fn main() {}\n#[cfg(test)]\nmod tests {\n    fn f() { std::fs::read(\"x\"); }\n}\n",
            tokio,
            None
        )
        .is_empty()
    );
    assert!(
        !write(
            "#[cfg(test)]\nmod tests {}\nfn main() { std::fs::read(\"x\"); }\n",
            tokio,
            None
        )
        .is_empty()
    );
    assert!(write("fn main() {}\n", "serde = \"1\"\n", None)[0].contains("serde"));
    assert!(!write("fn main() {}\n", "", Some("args = [\"--quick\"]\n")).is_empty());
    assert!(write("fn main() {}\n", "", Some("args = []\n")).is_empty());
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn the_rule_finds_the_blocks_and_the_listings_they_include() {
    let root = harness::root()
        .join("target")
        .join("playground-blocks-test");
    let _ = fs::remove_dir_all(&root);
    let listing = root.join("listings/ch99-sample/listing-99-01-sample/src");
    fs::create_dir_all(&listing).expect("create a sample listing");
    fs::create_dir_all(root.join("src/part")).expect("create a sample chapter folder");
    fs::write(listing.join("main.rs"), "fn main() {}\n").expect("write main.rs");
    let include =
        "{{#rustdoc_include ../listings/ch99-sample/listing-99-01-sample/src/main.rs:all}}";
    fs::write(
        root.join("src/ch99.md"),
        format!(
            "# Sample\n\n```rust,noplayground\n{include}\n```\n\n````md\n```rust\nnot a block\n```\n````\n\n\
             {{{{#include part/more.md}}}}\n\n```rust\nfn shown_inline() {{}}\n```\n"
        ),
    )
    .expect("write the chapter");
    fs::write(
        root.join("src/part/more.md"),
        "```rust,compile_fail\nfn f() {}\n```\n",
    )
    .expect("write the fragment");
    let blocks = playground::rust_blocks(&root, std::path::Path::new("src/ch99.md"), true);
    let seen: Vec<(usize, String, bool)> = blocks
        .iter()
        .map(|b| (b.line, b.attributes.join(","), b.listing.is_some()))
        .collect();
    assert_eq!(
        seen,
        [
            (3, "noplayground".into(), true),
            (1, "compile_fail".into(), false),
            (15, String::new(), false)
        ],
        "{blocks:#?}"
    );
    assert!(
        !blocks[0].offers_playground()
            && blocks[1].is_compile_fail()
            && blocks[2].offers_playground()
    );
    let _ = fs::remove_dir_all(&root);
}
