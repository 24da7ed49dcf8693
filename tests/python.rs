//! Python beside Rust is real: every `python-*` listing's `main.py` is run with `python3` and
//! what it printed compared with its `output.txt`. Without `python3` these trials are ignored
//! (and say so), unless `BOOK_REQUIRE_PYTHON=1`, which `.ci/run` sets, makes that a failure.

mod harness;

use std::process::Command;

use harness::{Check, Kind};
use libtest_mimic::{Arguments, Failed, Trial};

fn main() {
    let args = Arguments::from_args();
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let found = Command::new(&python)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let required = std::env::var_os("BOOK_REQUIRE_PYTHON").is_some_and(|v| v == "1");
    if !found {
        eprintln!("note: `{python}` was not found, so the book's Python snippets are not run");
    }
    let listings = harness::listings().unwrap_or_else(|e| panic!("{e}"));
    let trials = listings
        .into_iter()
        .filter(|l| l.kind == Kind::Python)
        .map(|listing| {
            let name = listing.dir.to_string_lossy().replace("listings/", "");
            let python = python.clone();
            Trial::test(name, move || {
                if !found {
                    return Err(Failed::from(format!(
                        "`{python}` not found and BOOK_REQUIRE_PYTHON=1"
                    )));
                }
                let check = Check::load(&listing)?;
                let mut command = Command::new(&python);
                command
                    .arg("main.py")
                    .current_dir(harness::root().join(&listing.dir))
                    .env("PYTHONDONTWRITEBYTECODE", "1")
                    .env("PYTHONIOENCODING", "utf-8");
                harness::run_and_compare(&listing, &check, command).map_err(Failed::from)
            })
            .with_ignored_flag(!found && !required)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
