//! The book's measuring tool (chapter 9).
//!
//! `cargo run --release -p listing-09-01-measure` measures spawn + join, idle memory, hand-off
//! round trips, CPU speed-up and 10,000 concurrent waits for tokio, threads, rayon and processes,
//! runs measure.py for Python's figures, measures many connections doing echo round trips on
//! loopback (tokio, threads, and Python's servers), prints the report and writes src/measured/
//! (tables and SVG charts). `--quick` uses small counts and writes nothing unless given `--write`;
//! `--only network` measures and writes only the network rows.

mod bench;
mod charts;
mod child;
mod figures;
mod net;
mod python;
mod report;
mod stats;
mod sys;

use charts::{Bar, Chart};
use report::Results;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // A child process of this tool: do its one job and nothing else.
    if args.first().map(String::as_str) == Some("--child") {
        child::run(&args[1], &args[2..]);
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let write = !quick || args.iter().any(|a| a == "--write");
    let only_network = args
        .windows(2)
        .any(|w| w[0] == "--only" && w[1] == "network");
    let known = ["--quick", "--write", "--only", "network"];
    if let Some(unknown) = args.iter().find(|a| !known.contains(&a.as_str())) {
        eprintln!(
            "usage: listing-09-01-measure [--quick] [--write] [--only network]   (unknown: {unknown})"
        );
        std::process::exit(2);
    }
    let cfg = if quick {
        bench::Config::quick()
    } else {
        bench::Config::full()
    };

    stats::set_tries(cfg.tries);
    let started = Instant::now();
    // The whole run is watched too: other programs' CPU from start to end, for the machine list.
    let whole_run = stats::Watch::start();
    let py_version = python::version();
    // Progress on stderr in full mode only: the quick run's output is the test's.
    let progress = |step: &str| {
        if !quick {
            eprintln!("[{:5.1} s] {step}", started.elapsed().as_secs_f64());
        }
    };
    if only_network {
        progress("measuring the network rows only");
        let network = net::network(&cfg, py_version.is_some());
        let machine = sys::Machine::describe(py_version);
        let lines = figures::network(&network);
        let md = report::network_md(&lines, &network, &machine);
        print!("{md}");
        let out_dir = out_dir(write);
        let charts = lines.charts();
        for (file, chart, bars) in &charts {
            draw(&out_dir, file, chart, bars);
        }
        if write {
            let file = format!("{}.md", lines.name);
            std::fs::write(out_dir.join(&file), report::GENERATED.to_string() + &md)
                .expect("write the network table");
            let charts: Vec<&str> = charts.iter().map(|(file, ..)| file.as_str()).collect();
            eprintln!("wrote {file} and {}", charts.join(", "));
        }
        progress("done");
        return;
    }
    progress("measuring (full mode); a figure disturbed by other programs is measured again");
    progress("1/7 spawn + join");
    let spawn = bench::spawn(&cfg);
    progress("2/7 idle memory");
    let memory = bench::memory(&cfg);
    progress("3/7 hand-off round trip");
    let handoff = bench::handoff(&cfg);
    progress("4/7 CPU-bound speed-up");
    let speedup = bench::speedup(&cfg);
    progress("5/7 ten thousand waits");
    let waits = bench::waits(&cfg);
    progress(&format!(
        "6/7 Python: {}",
        py_version.as_deref().unwrap_or("no python3, skipped")
    ));
    let python = python::run(&cfg, py_version.as_deref());
    progress("7/7 many connections: tokio, threads, asyncio, Python threads");
    let network = net::network(&cfg, py_version.is_some());
    let (foreign, wall) = whole_run.foreign();

    let results = Results {
        machine: sys::Machine::describe(py_version),
        config: cfg,
        foreign: foreign / wall,
        seconds: started.elapsed().as_secs_f64(),
        spawn,
        memory,
        handoff,
        speedup,
        waits,
        network,
        python,
    };
    // The one list of figures: every table and chart below is made from it.
    let figures = figures::catalogue(&results);
    let json = serde_json::to_value(&results).expect("results as JSON");
    figures.check_ids(&json);
    print!("{}", results.report_md(&figures));

    // Charts are drawn in quick mode too (into a scratch folder), so the test exercises them.
    let out_dir = out_dir(write);
    let charts = figures.charts();
    for (file, chart, bars) in &charts {
        draw(&out_dir, file, chart, bars);
    }
    println!("\n{} charts drawn.", charts.len());
    if write {
        for (name, text) in results.fragments(&figures).files {
            std::fs::write(out_dir.join(name), text).expect("write a fragment");
        }
        let text = serde_json::to_string_pretty(&json).expect("JSON text");
        std::fs::write(out_dir.join("results.json"), text + "\n").expect("write results.json");
        eprintln!(
            "wrote {}",
            out_dir.canonicalize().unwrap_or(out_dir).display()
        );
    }
}

/// src/measured/, or a scratch folder when nothing is to be written.
fn out_dir(write: bool) -> PathBuf {
    let dir = if write {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../src/measured")
    } else {
        std::env::temp_dir().join("listing-09-01-measure-quick")
    };
    std::fs::create_dir_all(&dir).expect("create the output folder");
    dir
}

fn draw(dir: &Path, file: &str, chart: &Chart, bars: &[Bar]) {
    charts::draw(&dir.join(file), chart, bars).expect("draw a chart");
}
