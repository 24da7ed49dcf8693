//! Output shown is real: every `listing-*` with an `output.txt` (or `stderr.txt`, or a
//! `check.toml`) is built, run, and what it printed compared with what the book shows.
//! Filter like any test: `cargo test --test outputs -- ch05`.

mod harness;

use harness::{Check, Kind, Listing};
use libtest_mimic::{Arguments, Failed, Trial};

fn main() {
    let args = Arguments::from_args();
    let listings = harness::listings().unwrap_or_else(|e| panic!("{e}"));
    let checked: Vec<Listing> = listings
        .into_iter()
        .filter(|l| l.kind == Kind::Crate)
        .filter(|l| {
            ["output.txt", "stderr.txt", "check.toml"]
                .iter()
                .any(|f| l.path(f).exists())
        })
        .filter(|l| {
            args.filter
                .as_deref()
                .is_none_or(|f| l.name.contains(f) || l.dir.to_string_lossy().contains(f))
        })
        .collect();
    // Build once for all trials; listing only (`--list`) needs no build.
    let bins = if args.list || checked.is_empty() {
        Default::default()
    } else {
        harness::build_workspace_bins().unwrap_or_else(|e| panic!("{e}"))
    };
    let trials = checked
        .into_iter()
        .map(|listing| {
            let name = listing.dir.to_string_lossy().replace("listings/", "");
            let exe = bins.get(&listing.name).cloned();
            Trial::test(name, move || {
                let check = Check::load(&listing)?;
                let exe =
                    exe.ok_or_else(|| format!("no binary was built for package {}", listing.name))?;
                let mut command = std::process::Command::new(exe);
                command.current_dir(harness::root().join(&listing.dir));
                harness::run_and_compare(&listing, &check, command).map_err(Failed::from)
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
