//! Python beside Rust is real: every `python-*` listing's `main.py` is run with `python3` and
//! what it printed compared with its `output.txt`. Without `python3` these trials are ignored
//! (and say so), unless `BOOK_REQUIRE_PYTHON=1`, which `.ci/run` sets, makes that a failure.

use std::process::Command;

use book_harness::{Kind, Listing, root};
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
    let trials = Listing::all(&root())
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .filter(|l| l.kind == Kind::Python)
        .map(|listing| {
            let python = python.clone();
            Trial::test(listing.test_name(), move || {
                if !found {
                    return Err(Failed::from(format!(
                        "`{python}` not found and BOOK_REQUIRE_PYTHON=1"
                    )));
                }
                let mut command = Command::new(&python);
                command
                    .arg("main.py")
                    .env("PYTHONDONTWRITEBYTECODE", "1")
                    .env("PYTHONIOENCODING", "utf-8");
                // Every Python listing is checked against its output.txt (tests/book.rs).
                listing
                    .run_and_compare(command, &["output.txt"])
                    .map_err(Failed::from)
            })
            .with_ignored_flag(!found && !required)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
