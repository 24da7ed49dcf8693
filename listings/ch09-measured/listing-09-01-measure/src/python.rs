//! The Python column: measure.py, run with python3 in the same run, prints JSON, read here into
//! the types below. Every key measure.py prints is a field: a key that is missing, renamed or
//! unknown stops the tool with serde's message, so it cannot turn into an "n/a" in a table. A
//! field is an `Option` only where this machine may lack the figure (one core, no /bin/true), and
//! even then the key must be there, as null.

use crate::bench::{Config, MemSample, Model, collatz_range};
use crate::stats::Stat;
use serde::{Deserialize, Serialize};
use std::process::Command;

pub const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/measure.py");

/// What measure.py prints.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Output {
    /// The interpreter's own version: "3.11.7".
    pub version: String,
    pub spawn: Spawn,
    pub memory: Memory,
    pub handoff: Handoff,
    pub speedup: Speedup,
    pub waits: Waits,
}

/// A watched figure: its runs, and what the watch saw (as the Rust side's `Stat` records it).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub values: Vec<f64>,
    pub foreign: f64,
    pub disturbed: bool,
    pub tries: usize,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Spawn {
    pub asyncio: Figure,
    pub threading: Figure,
    pub mp_fork: Figure,
    pub mp_spawn: Figure,
    /// Null without /bin/true.
    #[serde(deserialize_with = "Option::deserialize")]
    pub subprocess_true: Option<Figure>,
}

/// Each run's readings, as the Rust side's children print them.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Memory {
    pub asyncio: Vec<MemSample>,
    pub threading: Vec<MemSample>,
    pub mp_fork: Vec<MemSample>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Handoff {
    pub asyncio: Figure,
    pub threading_same_core: Figure,
    /// Null on a machine with one core.
    #[serde(deserialize_with = "Option::deserialize")]
    pub threading_two_cores: Option<Figure>,
    pub mp_pipe: Figure,
}

/// A model against sequential, their runs alternating (as the Rust side's `Model`).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    pub time: Figure,
    pub speedup: Figure,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Speedup {
    pub limit: u64,
    pub result: u64,
    pub chunks: u64,
    pub sequential: Pair,
    pub threading: Pair,
    pub multiprocessing: Pair,
    pub asyncio: Pair,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Waits {
    pub asyncio: Figure,
    pub threading: Figure,
    /// Why not every thread could start; null when they all did.
    #[serde(deserialize_with = "Option::deserialize")]
    pub threading_error: Option<String>,
}

impl Figure {
    /// Summarized as the Rust side summarizes its runs (which checks that each is positive).
    pub fn stat(&self, label: &str) -> Stat {
        Stat {
            foreign: self.foreign,
            tries: self.tries,
            disturbed: self.disturbed,
            ..Stat::of(&format!("python {label}"), self.values.clone())
        }
    }
}

impl Pair {
    pub fn model(&self, label: &str) -> Model {
        Model {
            time: self.time.stat(label),
            speedup: self.speedup.stat(label),
        }
    }
}

/// The interpreter's version, or None without python3 on the PATH.
pub fn version() -> Option<String> {
    crate::sys::command_line("python3", &["--version"]).filter(|v| v.starts_with("Python"))
}

/// Runs measure.py; None only without python3. A python3 that fails, or prints anything but
/// `Output`, is a bug, not a missing column: it panics.
pub fn run(cfg: &Config, version: Option<&str>) -> Option<Output> {
    version?;
    let config = serde_json::to_string(cfg).expect("config as JSON");
    let out = Command::new("python3")
        .arg(SCRIPT)
        .arg(config)
        .stderr(std::process::Stdio::inherit())
        .output()
        .expect("run python3 measure.py");
    assert!(out.status.success(), "measure.py failed: {}", out.status);
    let output: Output = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("measure.py printed what python.rs does not expect: {e}");
    });
    // Python computed the same job on a smaller range: check its total against Rust's.
    let job = &output.speedup;
    assert_eq!(
        job.result,
        collatz_range(1, job.limit),
        "Python and Rust disagree on the CPU job"
    );
    Some(output)
}
