use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: solution
// Our children as (state, name): the state is the letter after the name in /proc/<pid>/stat.
fn children() -> Vec<(String, String)> {
    let me = std::process::id().to_string();
    let entries = std::fs::read_dir("/proc").expect("this check reads Linux's /proc");
    entries
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path().join("stat")).ok())
        .filter_map(|stat| {
            let (head, rest) = stat.rsplit_once(')')?;
            let name = head.split_once('(')?.1.to_string();
            let mut fields = rest.split_whitespace();
            let state = fields.next()?.to_string();
            (fields.next()? == me).then_some((state, name))
        })
        .collect()
}

fn main() {
    let mut child = Command::new("true")
        .spawn()
        .expect("`true` is on every Linux machine");
    // `true` exits at once, but nobody has collected its exit status yet: it stays a zombie.
    let deadline = Instant::now() + Duration::from_secs(10);
    while children().iter().all(|(state, _)| state != "Z") {
        assert!(Instant::now() < deadline, "`true` did not exit within 10 s");
        thread::sleep(Duration::from_millis(1));
    }
    println!("before wait: {:?}", children());

    let status = child.wait().expect("the child was started"); // collects the status: reaped
    println!("wait returned: {status}");
    println!("after wait: {:?}", children());
}
// ANCHOR_END: solution
