//! Repeated runs and their summary: median, min and max.

use serde::Serialize;

/// One figure: the median of several runs and their spread.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Stat {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub runs: usize,
}

impl Stat {
    /// Summarizes run values; every value must be positive and finite (a zero means a broken run).
    pub fn of(label: &str, mut values: Vec<f64>) -> Stat {
        assert!(!values.is_empty(), "{label}: no runs");
        for v in &values {
            assert!(
                v.is_finite() && *v > 0.0,
                "{label}: a run measured {v}, not a positive figure"
            );
        }
        values.sort_by(|a, b| a.total_cmp(b));
        let n = values.len();
        let median = if n % 2 == 1 {
            values[n / 2]
        } else {
            (values[n / 2 - 1] + values[n / 2]) / 2.0
        };
        Stat {
            median,
            min: values[0],
            max: values[n - 1],
            runs: n,
        }
    }
}

/// Runs `f` once to warm up (caches, allocator, lazy runtime setup), then `runs` times.
pub fn repeat(runs: usize, mut f: impl FnMut() -> f64) -> Vec<f64> {
    std::hint::black_box(f());
    (0..runs).map(|_| f()).collect()
}

/// Seconds, printed in the unit that suits the median (the range uses the same unit).
pub fn fmt_time(s: Stat) -> String {
    let (scale, unit) = time_unit(s.median);
    format!(
        "{} {unit} ({}–{})",
        num(s.median * scale),
        num(s.min * scale),
        num(s.max * scale)
    )
}

pub fn fmt_time_one(secs: f64) -> String {
    let (scale, unit) = time_unit(secs);
    format!("{} {unit}", num(secs * scale))
}

fn time_unit(secs: f64) -> (f64, &'static str) {
    if secs < 1e-6 {
        (1e9, "ns")
    } else if secs < 1e-3 {
        (1e6, "µs")
    } else if secs < 1.0 {
        (1e3, "ms")
    } else {
        (1.0, "s")
    }
}

/// Bytes, in KiB below a MiB, else MiB.
pub fn fmt_bytes(b: f64) -> String {
    if b < 1024.0 * 1024.0 {
        format!("{} KiB", num(b / 1024.0))
    } else {
        format!("{} MiB", num(b / 1024.0 / 1024.0))
    }
}

pub fn fmt_bytes_stat(s: Stat) -> String {
    if s.runs == 1 {
        return fmt_bytes(s.median);
    }
    let (scale, unit) = if s.median < 1024.0 * 1024.0 {
        (1.0 / 1024.0, "KiB")
    } else {
        (1.0 / 1024.0 / 1024.0, "MiB")
    };
    format!(
        "{} {unit} ({}–{})",
        num(s.median * scale),
        num(s.min * scale),
        num(s.max * scale)
    )
}

/// Three significant digits, at most, without a trailing ".0" below 100.
pub fn num(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// How many times slower the Python figure is (or faster, below 1).
pub fn ratio(python: Option<Stat>, rust: Option<Stat>) -> String {
    match (python, rust) {
        (Some(p), Some(r)) => format!("{}×", num(p.median / r.median)),
        _ => "n/a".to_string(),
    }
}
