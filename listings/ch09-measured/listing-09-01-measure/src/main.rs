//! The book's measuring tool (chapter 9).
//!
//! `cargo run --release -p listing-09-01-measure` measures spawn + join, idle memory, hand-off
//! round trips, CPU speed-up and 10,000 concurrent waits for tokio, threads, rayon and processes,
//! runs measure.py for Python's figures, prints the report and writes src/measured/ (tables and
//! SVG charts). `--quick` uses small counts and writes nothing unless given `--write`.

mod bench;
mod charts;
mod child;
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
    if let Some(unknown) = args.iter().find(|a| *a != "--quick" && *a != "--write") {
        eprintln!("usage: listing-09-01-measure [--quick] [--write]   (unknown: {unknown})");
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
    progress("measuring (full mode); a figure disturbed by other programs is measured again");
    progress("1/6 spawn + join");
    let spawn = bench::spawn(&cfg);
    progress("2/6 idle memory");
    let memory = bench::memory(&cfg);
    progress("3/6 hand-off round trip");
    let handoff = bench::handoff(&cfg);
    progress("4/6 CPU-bound speed-up");
    let speedup = bench::speedup(&cfg);
    progress("5/6 ten thousand waits");
    let waits = bench::waits(&cfg);
    progress(&format!(
        "6/6 Python: {}",
        py_version.as_deref().unwrap_or("no python3, skipped")
    ));
    let python = python::run(&cfg, py_version.clone());
    let (foreign, wall) = whole_run.foreign();
    let mut watched = stats::watched_figures();
    watched.extend(python.iter().flat_map(python::Python::watched));

    let results = Results {
        machine: sys::Machine::describe(py_version),
        config: cfg,
        foreign: foreign / wall,
        watched,
        seconds: started.elapsed().as_secs_f64(),
        spawn,
        memory,
        handoff,
        speedup,
        waits,
        python,
    };
    print!("{}", results.report_md());

    // Charts are drawn in quick mode too (into a scratch folder), so the test exercises them.
    let out_dir = if write {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../src/measured")
    } else {
        std::env::temp_dir().join("listing-09-01-measure-quick")
    };
    std::fs::create_dir_all(&out_dir).expect("create the output folder");
    let drawn = draw_charts(&results, &out_dir);
    println!("\n{drawn} charts drawn.");
    if write {
        for (name, text) in results.fragments().files {
            std::fs::write(out_dir.join(name), text).expect("write a fragment");
        }
        let mut json = serde_json::to_value(&results).expect("results as JSON");
        if let Some(p) = &results.python {
            json["python"] = p.raw().clone();
        }
        let text = serde_json::to_string_pretty(&json).expect("JSON text");
        std::fs::write(out_dir.join("results.json"), text + "\n").expect("write results.json");
        eprintln!(
            "wrote {}",
            out_dir.canonicalize().unwrap_or(out_dir).display()
        );
    }
}

fn draw_charts(r: &Results, dir: &Path) -> usize {
    let py = |section: &str, key: &str| r.python.as_ref().and_then(|p| p.stat(section, key));
    let s = &r.spawn;
    let mut charts: Vec<(&str, Chart, Vec<Option<Bar>>)> = Vec::new();
    charts.push((
        "spawn.svg",
        Chart {
            title: "Spawn + join, per unit (log scale)",
            x_desc: "microseconds",
            scale: 1e6,
            log: true,
            reference: None,
        },
        vec![
            Some(Bar::rust(
                "tokio task, current_thread",
                s.tokio_current_thread,
            )),
            Some(Bar::rust("tokio task, multi_thread", s.tokio_multi_thread)),
            Bar::python("asyncio task", py("spawn", "asyncio")),
            Some(Bar::rust("std::thread", s.thread)),
            Bar::python("threading.Thread", py("spawn", "threading")),
            Some(Bar::rust("child process (this program)", s.process_self)),
            s.process_true
                .map(|t| Bar::rust("child process (/bin/true)", t)),
            Bar::python("subprocess (/bin/true)", py("spawn", "subprocess_true")),
            Bar::python("multiprocessing, fork", py("spawn", "mp_fork")),
            Bar::python("multiprocessing, spawn", py("spawn", "mp_spawn")),
        ],
    ));
    let m = &r.memory;
    let pm = |k: &str| {
        r.python
            .as_ref()
            .and_then(|p| p.memory(k))
            .map(|f| f.pss.unwrap_or(f.real))
    };
    charts.push((
        "memory.svg",
        Chart {
            title: "Idle memory, real, per unit (log scale)",
            x_desc: "KiB",
            scale: 1.0 / 1024.0,
            log: true,
            reference: None,
        },
        vec![
            Some(Bar::rust("tokio task", m.task.real)),
            Bar::python("asyncio task", pm("asyncio")),
            Some(Bar::rust("std::thread (user space)", m.thread.real)),
            m.thread
                .kernel
                .map(|k| Bar::rust("std::thread (kernel)", k)),
            Bar::python("threading.Thread", pm("threading")),
            Some(Bar::rust(
                "child process (PSS)",
                m.process.pss.unwrap_or(m.process.real),
            )),
            Bar::python("multiprocessing, fork (PSS)", pm("mp_fork")),
        ],
    ));
    let h = &r.handoff;
    charts.push((
        "handoff.svg",
        Chart {
            title: "Hand-off round trip (log scale)",
            x_desc: "microseconds",
            scale: 1e6,
            log: true,
            reference: None,
        },
        vec![
            Some(Bar::rust(
                "tokio tasks, current_thread",
                h.tokio_current_thread,
            )),
            Some(Bar::rust("tokio tasks, multi_thread", h.tokio_multi_thread)),
            Bar::python("asyncio tasks, Queue", py("handoff", "asyncio")),
            Some(Bar::rust(
                "threads, one core, std::sync::mpsc",
                h.thread_same_core,
            )),
            Bar::python(
                "threads, one core, queue.Queue",
                py("handoff", "threading_same_core"),
            ),
            h.thread_two_cores
                .map(|t| Bar::rust("threads, two cores, std::sync::mpsc", t)),
            Bar::python(
                "threads, two cores, queue.Queue",
                py("handoff", "threading_two_cores"),
            ),
            Some(Bar::rust("processes, pipes", h.process)),
            Bar::python("processes, multiprocessing.Pipe", py("handoff", "mp_pipe")),
        ],
    ));
    let up = &r.speedup;
    let over = report::speedup_of;
    let py_up = |k: &str| Some(over(py("speedup", "sequential")?, py("speedup", k)?));
    let cores = r.config.cores as f64;
    let limit_label = format!("the limit: {} cores", r.config.cores);
    charts.push((
        "speedup.svg",
        Chart {
            title: "CPU-bound speed-up over sequential",
            x_desc: "times faster",
            scale: 1.0,
            log: false,
            reference: Some((cores, &limit_label)),
        },
        vec![
            Some(Bar::rust("std::thread", over(up.sequential, up.threads))),
            Some(Bar::rust("rayon", over(up.sequential, up.rayon))),
            Some(Bar::rust(
                "child processes",
                over(up.sequential, up.processes),
            )),
            Some(Bar::rust(
                "tokio, current_thread",
                over(up.sequential, up.tokio_current_thread),
            )),
            Some(Bar::rust(
                "tokio, multi_thread",
                over(up.sequential, up.tokio_multi_thread),
            )),
            Bar::python("threading", py_up("threading")),
            Bar::python("multiprocessing.Pool", py_up("multiprocessing")),
            Bar::python("asyncio", py_up("asyncio")),
        ],
    ));
    let w = &r.waits;
    let waits_title = format!(
        "{} concurrent waits of {}: wall time",
        report::thousands(w.count),
        stats::fmt_time_one(w.ideal)
    );
    charts.push((
        "waits.svg",
        Chart {
            title: &waits_title,
            x_desc: "seconds",
            scale: 1.0,
            log: false,
            reference: Some((w.ideal, "the ideal: one wait")),
        },
        vec![
            Some(Bar::rust("tokio, multi_thread", w.tokio_multi_thread)),
            Some(Bar::rust("tokio, current_thread", w.tokio_current_thread)),
            Bar::python("asyncio", py("waits", "asyncio")),
            Some(Bar::rust("std::thread", w.threads)),
            Bar::python("threading", py("waits", "threading")),
        ],
    ));
    let mut drawn = 0;
    for (file, chart, bars) in charts {
        let bars: Vec<Bar> = bars.into_iter().flatten().collect();
        let path: PathBuf = dir.join(file);
        charts::draw(&path, &chart, &bars).expect("draw a chart");
        drawn += 1;
    }
    drawn
}
