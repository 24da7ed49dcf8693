use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Output};

// ANCHOR: limit
// The child's role: fill `mib` mebibytes, touching every page so the memory is really used.
fn hog(mib: usize) {
    let block = vec![1u8; mib << 20];
    println!("filled {} MiB", block.len() >> 20);
}

// Run this program again as `hog <mib>`, under an address-space limit set by the shell's
// `ulimit -v` (KiB) just before `exec`: the limit is the child's alone, the parent keeps none.
fn run_limited(limit_mib: usize, mib: usize) -> Output {
    let me = std::env::current_exe().expect("a running program knows its path");
    let script = format!("ulimit -v {} && exec \"$0\" hog {mib}", limit_mib << 10);
    Command::new("sh")
        .args(["-c", &script])
        .arg(me)
        .output()
        .expect("sh is on every Linux machine")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("hog") {
        return hog(args[2].parse().expect("a size in MiB"));
    }
    report(256, 16, run_limited(256, 16));
    report(256, 1024, run_limited(256, 1024)); // the allocation fails: Rust aborts the child
    println!("the parent is still here");
}
// ANCHOR_END: limit

// How the child ended, and the first line it wrote (a backtrace may follow a failure).
fn report(limit_mib: usize, mib: usize, out: Output) {
    let said = String::from_utf8_lossy(if out.status.success() {
        &out.stdout
    } else {
        &out.stderr
    });
    let how = match (out.status.code(), out.status.signal()) {
        (Some(code), _) => format!("exit code {code}"),
        (None, Some(signal)) => format!("signal {signal}"),
        (None, None) => format!("{}", out.status),
    };
    let first_line = said.lines().next().unwrap_or_default();
    println!("{mib} MiB under a {limit_mib} MiB limit: {how}, said {first_line:?}");
}
