//! A listing: a folder `listings/<chapter>/<kind>-NN-MM-<slug>/`, its `check.toml`, and running
//! it and comparing what it printed with the expected files the book shows (or, with `BLESS=1`,
//! writing those from the run).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use crate::{Book, blessing, files_under, folders_in};

/// The files that hold what a listing printed, and that the book includes to show it: a crate's
/// or a Python script's stdout, a crate's stderr (when it fails on purpose), the compiler's
/// words for a `compile-fail-*` listing (trybuild's name for them).
pub const EXPECTED_OUTPUTS: [&str; 3] = ["output.txt", "stderr.txt", "main.stderr"];

/// The three kinds of listing folder (README.md, "Layout"), by the start of the folder's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `listing-*`: a crate in the workspace.
    Crate,
    /// `compile-fail-*`: `main.rs` the compiler rejects, `main.stderr` its words.
    CompileFail,
    /// `python-*`: `main.py` from the notes' world.
    Python,
}

const PREFIXES: [(&str, Kind); 3] = [
    ("listing-", Kind::Crate),
    ("compile-fail-", Kind::CompileFail),
    ("python-", Kind::Python),
];

impl Kind {
    fn of(folder: &str) -> Option<Kind> {
        PREFIXES
            .into_iter()
            .find_map(|(prefix, kind)| folder.starts_with(prefix).then_some(kind))
    }

    /// The program a chapter shows, in the listing's folder.
    pub fn source(self) -> &'static str {
        match self {
            Kind::Crate => "src/main.rs",
            Kind::CompileFail => "main.rs",
            Kind::Python => "main.py",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Listing {
    /// The book's root.
    pub root: PathBuf,
    /// `listings/ch06-shared-globals/listing-06-02-alice-and-bob`, relative to the root.
    pub dir: PathBuf,
    /// The folder's name; for a crate, also its package name.
    pub name: String,
    pub kind: Kind,
}

impl Listing {
    /// Every folder under `listings/<chapter>/`, sorted. A folder of no known kind is an error.
    pub fn all(root: &Path) -> Result<Vec<Listing>, String> {
        let mut found = Vec::new();
        let mut strays = Vec::new();
        for chapter in folders_in(&root.join("listings")) {
            for dir in folders_in(&chapter) {
                let relative = dir.strip_prefix(root).expect("under the root");
                match Listing::containing(root, relative) {
                    Some(listing) => found.push(listing),
                    None => strays.push(relative.display().to_string()),
                }
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

    /// The listing whose folder holds `path` (relative to the root), if it is in one:
    /// `listings/<chapter>/<listing>/…`.
    pub fn containing(root: &Path, path: &Path) -> Option<Listing> {
        let mut parts = path.iter();
        if parts.next()? != "listings" {
            return None;
        }
        let (chapter, folder) = (parts.next()?, parts.next()?.to_str()?);
        Some(Listing {
            root: root.to_path_buf(),
            dir: Path::new("listings").join(chapter).join(folder),
            name: folder.to_string(),
            kind: Kind::of(folder)?,
        })
    }

    /// The number its folder's name gives it: `("5", 2)` for `listing-05-02-…`, `("A", 1)` for
    /// `python-a-01-…`, as its caption says "Listing 5-2", "Listing A-1".
    pub fn number(&self) -> Option<(String, u32)> {
        let (prefix, _) = PREFIXES.iter().find(|(_, kind)| *kind == self.kind)?;
        let mut parts = self.name.strip_prefix(prefix)?.split('-');
        let chapter = parts.next()?;
        let chapter = match chapter.parse::<u32>() {
            Ok(n) => n.to_string(),
            Err(_) => chapter.to_uppercase(),
        };
        Some((chapter, parts.next()?.parse().ok()?))
    }

    /// A file of the listing, as a path to open.
    pub fn path(&self, file: &str) -> PathBuf {
        self.root.join(&self.dir).join(file)
    }

    /// A file of the listing, as a message names it (relative to the root).
    pub fn shown(&self, file: &str) -> String {
        self.dir.join(file).display().to_string()
    }

    /// `ch06-shared-globals/listing-06-02-alice-and-bob`: the test's name (filter by chapter).
    pub fn test_name(&self) -> String {
        self.dir
            .strip_prefix("listings")
            .unwrap_or(&self.dir)
            .display()
            .to_string()
    }

    pub fn check(&self) -> Result<Check, String> {
        Check::load(self)
    }

    /// The listing's program as a reader could paste it: its source (`src/main.rs`, `main.rs`
    /// or `main.py`) without mdBook's `ANCHOR` lines.
    pub fn program(&self) -> Option<String> {
        let text = fs::read_to_string(self.path(self.kind.source())).ok()?;
        Some(
            text.lines()
                .filter(|l| !l.contains("ANCHOR:") && !l.contains("ANCHOR_END:"))
                .collect::<Vec<_>>()
                .join("\n"),
        )
    }

    /// Whether tests/outputs.rs builds and runs this listing and checks what it printed: a crate
    /// with an expected output (`compared_outputs`) or a `check.toml`.
    pub fn is_run(&self, book: &Book) -> bool {
        self.kind == Kind::Crate
            && (!self.compared_outputs(book).is_empty() || self.path("check.toml").exists())
    }

    /// For a crate: what is wrong with whether `cargo test` builds it as a test harness. A listing
    /// with unit tests (`#[test]`, `#[tokio::test]`) must be built as one, or its tests never run;
    /// any other says `test = false` on its `[[bin]]`, or `cargo test` builds and runs an empty
    /// harness of it beside the program tests/outputs.rs builds.
    pub fn test_target_problem(&self) -> Option<String> {
        static UNIT_TEST: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"#\[(\w+::)?test\b").expect("a valid regex"));
        let has_unit_tests = files_under(&self.path("src"), &|name| name.ends_with(".rs"))
            .iter()
            .any(|file| fs::read_to_string(file).is_ok_and(|s| UNIT_TEST.is_match(&s)));
        let manifest = fs::read_to_string(self.path("Cargo.toml"))
            .map_err(|e| e.to_string())
            .and_then(|text| toml::from_str::<toml::Table>(&text).map_err(|e| e.to_string()));
        let manifest = match manifest {
            Ok(manifest) => manifest,
            Err(e) => return Some(format!("{}: {e}", self.shown("Cargo.toml"))),
        };
        let tested = manifest
            .get("bin")
            .and_then(|bins| bins.as_array())
            .and_then(|bins| {
                bins.iter()
                    .find(|b| b.get("name").and_then(|n| n.as_str()) == Some(&self.name))
            })
            .and_then(|bin| bin.get("test"))
            .and_then(|test| test.as_bool())
            .unwrap_or(true);
        match (has_unit_tests, tested) {
            (true, false) => Some(format!(
                "{}: has unit tests, but `test = false` keeps cargo test from running them",
                self.shown("Cargo.toml")
            )),
            (false, true) => Some(format!(
                "{}: has no unit tests; add `[[bin]] name = \"{}\" test = false` so cargo test \
                 does not build it twice",
                self.shown("Cargo.toml"),
                self.name
            )),
            _ => None,
        }
    }

    /// The expected files a run is compared with: `output.txt` and `stderr.txt`, where they exist
    /// or a chapter includes them (with `BLESS=1`, the run writes them).
    pub fn compared_outputs(&self, book: &Book) -> Vec<&'static str> {
        EXPECTED_OUTPUTS[..2]
            .iter()
            .copied()
            .filter(|f| self.path(f).exists() || book.shows(&self.dir.join(f)))
            .collect()
    }

    /// Runs `command` (in the listing's folder, with `check.toml`'s arguments) `check.runs` times
    /// and checks each run: its exit status, and its stdout and stderr against `outputs`.
    pub fn run_and_compare(&self, mut command: Command, outputs: &[&str]) -> Result<(), String> {
        let check = self.check()?;
        command
            .current_dir(self.root.join(&self.dir))
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
                .map_err(|e| format!("{}: cannot run it: {e}", self.dir.display()))?;
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
                    self.dir.display(),
                    check.status
                )));
            }
            for file in outputs {
                let printed = if *file == "stderr.txt" {
                    &stderr
                } else {
                    &stdout
                };
                self.compare(file, &check, printed).map_err(context)?;
            }
        }
        Ok(())
    }

    /// Compares `actual` with the expected file `file` (or writes it, when blessing).
    fn compare(&self, file: &str, check: &Check, actual: &str) -> Result<(), String> {
        let path = self.path(file);
        if blessing() {
            return fs::write(&path, actual).map_err(|e| format!("{}: {e}", self.shown(file)));
        }
        let expected = fs::read_to_string(&path).map_err(|e| {
            format!(
                "{}: cannot read it ({e}); BLESS=1 writes it from a run",
                self.shown(file)
            )
        })?;
        let (want, got) = (
            check.comparable(file, &expected)?,
            check.comparable(file, actual)?,
        );
        if want == got {
            return Ok(());
        }
        let diff = similar::TextDiff::from_lines(&want, &got)
            .unified_diff()
            .header(&self.shown(file), "this run")
            .to_string();
        let how = match &check.varies {
            Some(why) => format!(" (compared after normalizing, because {why})"),
            None => String::new(),
        };
        Err(format!(
            "{} differs from what the program printed{how}:\n{diff}\n\
             If the new output is right, re-run with BLESS=1 and review the diff.",
            self.shown(file)
        ))
    }
}

/// A listing's `check.toml`: how to run it and how to compare what it prints.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Why the output varies; required when any of the comparison knobs below is used.
    pub varies: Option<String>,
    /// How many times to run it (each run is compared).
    pub runs: Option<u32>,
    /// Compare the lines as a sorted multiset: `sort = true` both outputs, `sort = "stderr"` (or
    /// `"stdout"`) only that one, when the other's order is the program's own and worth checking.
    #[serde(default)]
    pub sort: Sort,
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

/// check.toml's `sort`: `true`, `false`, `"stdout"` or `"stderr"`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "SortValue")]
pub enum Sort {
    #[default]
    Neither,
    Both,
    Stdout,
    Stderr,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum SortValue {
    Flag(bool),
    Stream(String),
}

impl TryFrom<SortValue> for Sort {
    type Error = String;
    fn try_from(value: SortValue) -> Result<Sort, String> {
        match value {
            SortValue::Flag(true) => Ok(Sort::Both),
            SortValue::Flag(false) => Ok(Sort::Neither),
            SortValue::Stream(s) if s == "stdout" => Ok(Sort::Stdout),
            SortValue::Stream(s) if s == "stderr" => Ok(Sort::Stderr),
            SortValue::Stream(s) => Err(format!(
                "sort = {s:?}: expected true, false, \"stdout\" or \"stderr\""
            )),
        }
    }
}

impl Sort {
    /// Whether the lines of expected file `file` are compared sorted (`stderr.txt` holds stderr,
    /// the others stdout).
    fn sorts(self, file: &str) -> bool {
        match self {
            Sort::Neither => false,
            Sort::Both => true,
            Sort::Stderr => file == "stderr.txt",
            Sort::Stdout => file != "stderr.txt",
        }
    }
}

impl Check {
    /// The listing's `check.toml`, or the defaults when it has none.
    fn load(listing: &Listing) -> Result<Check, String> {
        let Ok(text) = fs::read_to_string(listing.path("check.toml")) else {
            return Ok(Check::default());
        };
        let check: Check =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", listing.shown("check.toml")))?;
        let relaxes = check.sort != Sort::Neither
            || !check.normalize.is_empty()
            || check.runs.unwrap_or(1) > 1;
        if relaxes && check.varies.as_deref().is_none_or(str::is_empty) {
            return Err(format!(
                "{}: `sort`, `normalize` and `runs` need `varies = \"why the output varies\"`",
                listing.shown("check.toml")
            ));
        }
        Ok(check)
    }

    /// The text of expected file `file` as compared: normalized, and sorted if its order varies.
    pub fn comparable(&self, file: &str, text: &str) -> Result<String, String> {
        let mut text = text.replace("\r\n", "\n");
        for (pattern, with) in &self.normalize {
            let re = Regex::new(pattern)
                .map_err(|e| format!("bad normalize pattern {pattern:?}: {e}"))?;
            text = re.replace_all(&text, with.as_str()).into_owned();
        }
        if self.sort.sorts(file) {
            let mut lines: Vec<&str> = text.lines().collect();
            lines.sort_unstable();
            text = lines.join("\n") + "\n";
        }
        Ok(text)
    }
}

/// Builds the workspace's bins and returns each package's executable.
///
/// `cargo test` builds a listing at most as a test harness (most say `test = false`, and are not
/// built at all), never as its program, so the programs are built here, with the same cargo and
/// target dir. The whole workspace with `--all-targets` keeps the feature set of `cargo test`, so
/// nothing already built is built again (naming packages would change the features cargo
/// unifies, and rebuild them all).
pub fn build_bins(root: &Path) -> Result<BTreeMap<String, PathBuf>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(root).args([
        "build",
        "--workspace",
        "--all-targets",
        "--message-format=json-render-diagnostics",
    ]);
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err("cargo build failed (see its errors above)".into());
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
