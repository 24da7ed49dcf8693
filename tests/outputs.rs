//! Output shown is real: every `listing-*` with an `output.txt` or `stderr.txt` (that exists, or
//! that a chapter includes) or a `check.toml` is built, run, and what it printed compared with
//! what the book shows (`BLESS=1`: written from the run). Filter like any test:
//! `cargo test --test outputs -- ch05`.

use book_harness::{Book, Listing, root};
use libtest_mimic::{Arguments, Failed, Trial};

fn main() {
    let args = Arguments::from_args();
    let book = Book::load(&root());
    let checked: Vec<(Listing, Vec<&str>)> = Listing::all(&root())
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .filter(|l| l.is_run(&book))
        .map(|l| {
            let outputs = l.compared_outputs(&book);
            (l, outputs)
        })
        .filter(|(l, _)| {
            args.filter
                .as_deref()
                .is_none_or(|f| l.test_name().contains(f))
        })
        .collect();
    // Build once for all trials; listing only (`--list`) needs no build.
    let bins = if args.list || checked.is_empty() {
        Default::default()
    } else {
        book_harness::listing::build_bins(&root()).unwrap_or_else(|e| panic!("{e}"))
    };
    let trials = checked
        .into_iter()
        .map(|(listing, outputs)| {
            let exe = bins.get(&listing.name).cloned();
            Trial::test(listing.test_name(), move || {
                let exe =
                    exe.ok_or_else(|| format!("no binary was built for package {}", listing.name))?;
                let command = std::process::Command::new(exe);
                listing
                    .run_and_compare(command, &outputs)
                    .map_err(Failed::from)
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
