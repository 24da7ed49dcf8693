//! What the book's tests share: finding listings, reading their `check.toml`, running a program
//! and comparing what it printed with what the book shows (or, with `BLESS=1`, rewriting that).

#![allow(dead_code)] // each test target uses its own part of this module

pub mod directives;
pub mod playground;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use regex::Regex;
use serde::Deserialize;

/// The book's root: the folder holding book.toml and the workspace's Cargo.toml.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `BLESS=1 cargo test` rewrites expected files from real runs instead of comparing.
pub fn blessing() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The three kinds of listing folder (README.md, "Layout").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `listing-*`: a crate in the workspace.
    Crate,
    /// `compile-fail-*`: `main.rs` the compiler rejects, `main.stderr` its words.
    CompileFail,
    /// `python-*`: `main.py` from the notes' world.
    Python,
}

#[derive(Debug, Clone)]
pub struct Listing {
    /// `listings/ch06-shared-globals/listing-06-02-alice-and-bob`, relative to the root.
    pub dir: PathBuf,
    /// The folder's name; for a crate, also its package name.
    pub name: String,
    pub kind: Kind,
}

impl Listing {
    pub fn path(&self, file: &str) -> PathBuf {
        root().join(&self.dir).join(file)
    }

    pub fn shown(&self, file: &str) -> String {
        self.dir.join(file).display().to_string()
    }
}

/// Every folder under `listings/<chapter>/`, sorted. A folder of no known kind is an error.
pub fn listings() -> Result<Vec<Listing>, String> {
    let mut found = Vec::new();
    let mut strays = Vec::new();
    for chapter in sorted_dirs(&root().join("listings")) {
        for dir in sorted_dirs(&chapter) {
            let name = dir
                .file_name()
                .expect("a folder has a name")
                .to_string_lossy()
                .into_owned();
            let kind = if name.starts_with("listing-") {
                Kind::Crate
            } else if name.starts_with("compile-fail-") {
                Kind::CompileFail
            } else if name.starts_with("python-") {
                Kind::Python
            } else {
                strays.push(dir.display().to_string());
                continue;
            };
            let dir = dir
                .strip_prefix(root())
                .expect("under the root")
                .to_path_buf();
            found.push(Listing { dir, name, kind });
        }
    }
    if strays.is_empty() {
        Ok(found)
    } else {
        Err(format!(
            "listing folders must be named listing-*, compile-fail-* or python-*: {}",
            strays.join(", ")
        ))
    }
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// A listing's `check.toml`: how to run it and how to compare what it prints.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Why the output varies; required when any of the comparison knobs below is used.
    pub varies: Option<String>,
    /// How many times to run it (each run is compared).
    pub runs: Option<u32>,
    /// Compare the lines as a sorted multiset.
    #[serde(default)]
    pub sort: bool,
    /// `[regex, replacement]` pairs applied to both the expected and the actual text.
    #[serde(default)]
    pub normalize: Vec<(String, String)>,
    /// Command-line arguments.
    #[serde(default)]
    pub args: Vec<String>,
    /// The exit status the listing is meant to end with.
    #[serde(default)]
    pub status: i32,
}

impl Check {
    pub fn load(listing: &Listing) -> Result<Check, String> {
        let path = listing.path("check.toml");
        let Ok(text) = fs::read_to_string(&path) else {
            return Ok(Check::default());
        };
        let check: Check =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", listing.shown("check.toml")))?;
        let relaxes = check.sort || !check.normalize.is_empty() || check.runs.unwrap_or(1) > 1;
        if relaxes && check.varies.as_deref().is_none_or(str::is_empty) {
            return Err(format!(
                "{}: `sort`, `normalize` and `runs` need `varies = \"why the output varies\"`",
                listing.shown("check.toml")
            ));
        }
        Ok(check)
    }

    fn rules(&self) -> Result<Vec<(Regex, String)>, String> {
        self.normalize
            .iter()
            .map(|(pattern, with)| {
                Regex::new(pattern)
                    .map(|re| (re, with.clone()))
                    .map_err(|e| format!("bad normalize pattern {pattern:?}: {e}"))
            })
            .collect()
    }

    /// The text as compared: normalized, and sorted if the order varies.
    pub fn comparable(&self, text: &str) -> Result<String, String> {
        let mut text = text.replace("\r\n", "\n");
        for (re, with) in self.rules()? {
            text = re.replace_all(&text, with.as_str()).into_owned();
        }
        if self.sort {
            let mut lines: Vec<&str> = text.lines().collect();
            lines.sort_unstable();
            text = lines.join("\n") + "\n";
        }
        Ok(text)
    }
}

/// Compares `actual` with the expected file `file` of `listing` (or rewrites it when blessing).
pub fn compare(listing: &Listing, file: &str, check: &Check, actual: &str) -> Result<(), String> {
    let path = listing.path(file);
    if blessing() {
        fs::write(&path, actual).map_err(|e| format!("{}: {e}", listing.shown(file)))?;
        return Ok(());
    }
    let expected = fs::read_to_string(&path)
        .map_err(|e| format!("{}: cannot read it: {e}", listing.shown(file)))?;
    let (want, got) = (check.comparable(&expected)?, check.comparable(actual)?);
    if want == got {
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(&want, &got)
        .unified_diff()
        .header(&listing.shown(file), "this run")
        .to_string();
    let how = match &check.varies {
        Some(why) => format!(" (compared after normalizing, because {why})"),
        None => String::new(),
    };
    Err(format!(
        "{} differs from what the program printed{how}:\n{diff}\n\
         If the new output is right, re-run with BLESS=1 and review the diff.",
        listing.shown(file)
    ))
}

/// Runs `command` and checks its stdout (against `output.txt`), its stderr (against `stderr.txt`,
/// when that file exists) and its exit status, `check.runs` times.
pub fn run_and_compare(
    listing: &Listing,
    check: &Check,
    mut command: Command,
) -> Result<(), String> {
    command
        .args(&check.args)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null());
    let runs = if blessing() {
        1
    } else {
        check.runs.unwrap_or(1).max(1)
    };
    for run in 1..=runs {
        let Output {
            status,
            stdout,
            stderr,
        } = command
            .output()
            .map_err(|e| format!("{}: cannot run it: {e}", listing.dir.display()))?;
        let (stdout, stderr) = (
            String::from_utf8_lossy(&stdout),
            String::from_utf8_lossy(&stderr),
        );
        let context = |e: String| {
            if runs > 1 {
                format!("run {run} of {runs}: {e}")
            } else {
                e
            }
        };
        if status.code() != Some(check.status) {
            return Err(context(format!(
                "{} exited with {status}, expected status {} (check.toml).\n--- stdout\n{stdout}--- stderr\n{stderr}",
                listing.dir.display(),
                check.status
            )));
        }
        if listing.path("output.txt").exists() {
            compare(listing, "output.txt", check, &stdout).map_err(context)?;
        }
        if listing.path("stderr.txt").exists() {
            compare(listing, "stderr.txt", check, &stderr).map_err(context)?;
        }
    }
    Ok(())
}

/// Builds every bin of the workspace and returns each package's executable.
///
/// `cargo test` compiles the listings only as test harnesses, so their programs are built here,
/// with the same cargo and target dir (`--all-targets` keeps the feature set of `cargo test`, so
/// nothing already built is built again).
pub fn build_workspace_bins() -> Result<BTreeMap<String, PathBuf>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(root())
        .args([
            "build",
            "--workspace",
            "--all-targets",
            "--message-format=json-render-diagnostics",
        ])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err("cargo build --workspace failed (see its errors above)".into());
    }
    let mut bins = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let is_bin = message["reason"] == "compiler-artifact"
            && message["profile"]["test"] == false
            && message["target"]["kind"]
                .as_array()
                .is_some_and(|k| k.iter().any(|k| k == "bin"));
        if let (true, Some(name), Some(exe)) = (
            is_bin,
            message["target"]["name"].as_str(),
            message["executable"].as_str(),
        ) {
            bins.insert(name.to_string(), PathBuf::from(exe));
        }
    }
    Ok(bins)
}
