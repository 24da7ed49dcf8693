//! The Python column: measure.py, run with python3 in the same run, prints JSON.

use crate::bench::{Config, MemFigure, MemSample, collatz_range, mem_figure};
use crate::stats::Stat;
use serde_json::Value;
use std::process::Command;

pub struct Python {
    pub version: String,
    data: Value,
}

pub const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/measure.py");

/// The interpreter's version, or None without python3 on the PATH.
pub fn version() -> Option<String> {
    crate::sys::command_line("python3", &["--version"]).filter(|v| v.starts_with("Python"))
}

/// Runs measure.py. A python3 that exists but fails is a bug, not a missing column: it panics.
pub fn run(cfg: &Config, version: Option<String>) -> Option<Python> {
    let version = version?;
    let config = serde_json::to_string(cfg).expect("config as JSON");
    let out = Command::new("python3")
        .arg(SCRIPT)
        .arg(config)
        .stderr(std::process::Stdio::inherit())
        .output()
        .expect("run python3 measure.py");
    assert!(out.status.success(), "measure.py failed: {}", out.status);
    let data: Value = serde_json::from_slice(&out.stdout).expect("measure.py prints JSON");
    let python = Python { version, data };
    // Python computed the same job on a smaller range: check its total against Rust's.
    let limit = python.data["speedup"]["limit"]
        .as_u64()
        .expect("python cpu limit");
    let result = python.data["speedup"]["result"]
        .as_u64()
        .expect("python cpu result");
    assert_eq!(
        result,
        collatz_range(1, limit),
        "Python and Rust disagree on the CPU job"
    );
    Some(python)
}

impl Python {
    /// A watched figure at data[section][key] (its runs, and what the watch saw), summarized.
    pub fn stat(&self, section: &str, key: &str) -> Option<Stat> {
        let figure = &self.data[section][key];
        let runs: Vec<f64> = figure["values"]
            .as_array()?
            .iter()
            .map(|v| v.as_f64().expect("python figure is a number"))
            .collect();
        Some(Stat {
            foreign: figure["foreign"].as_f64().expect("python: foreign"),
            tries: figure["tries"].as_u64().expect("python: tries") as usize,
            disturbed: figure["disturbed"].as_bool().expect("python: disturbed"),
            ..Stat::of(&format!("python {section} {key}"), runs)
        })
    }

    /// Every watched Python figure: (section key, disturbed), for the report's count.
    pub fn watched(&self) -> Vec<(String, bool)> {
        let mut all = Vec::new();
        for section in ["spawn", "handoff", "speedup", "waits"] {
            let Some(figures) = self.data[section].as_object() else {
                continue;
            };
            for (key, figure) in figures {
                if let Some(disturbed) = figure["disturbed"].as_bool() {
                    all.push((format!("python {section} {key}"), disturbed));
                }
            }
        }
        all
    }

    pub fn memory(&self, key: &str) -> Option<MemFigure> {
        let samples: Vec<MemSample> =
            serde_json::from_value(self.data["memory"][key].clone()).ok()?;
        (!samples.is_empty()).then(|| mem_figure(&format!("python memory {key}"), samples))
    }

    pub fn text(&self, section: &str, key: &str) -> Option<String> {
        self.data[section][key].as_str().map(str::to_string)
    }

    pub fn raw(&self) -> &Value {
        &self.data
    }
}
