use std::process::Command;

fn main() {
    // `output()` runs the program to the end and keeps everything it wrote.
    let out = Command::new("sh")
        .args(["-c", "echo 'to stdout'; echo 'to stderr' >&2; exit 3"])
        .output()
        .expect("sh is on every Linux machine");

    println!("status: {}", out.status);
    println!("success: {}", out.status.success());
    println!("code: {:?}", out.status.code());
    println!("stdout: {:?}", String::from_utf8_lossy(&out.stdout));
    println!("stderr: {:?}", String::from_utf8_lossy(&out.stderr));

    // A program that cannot start is an `Err`, not an exit status: there is no child at all.
    match Command::new("no-such-program").output() {
        Ok(out) => println!("ran, status {}", out.status),
        Err(e) => println!("could not start: {} ({:?})", e, e.kind()),
    }

    // `status()` lets the child write straight to our stdout and keeps only its exit status.
    let status = Command::new("sh")
        .args([
            "-c",
            "echo \"hello from a child, its argument: $0\"",
            "Rust",
        ])
        .status()
        .expect("sh is on every Linux machine");
    assert!(status.success(), "the child said it failed: {status}");
}
