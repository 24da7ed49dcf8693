//! Repeated runs and their summary (median, min and max), watched for other programs' CPU use.

use crate::sys;
use serde::Serialize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// One figure: the median of several runs, their spread, and how quiet the machine was.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Stat {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub runs: usize,
    /// Other programs' CPU during the kept try, in cores (0.05 = 5 % of one core).
    pub foreign: f64,
    /// How many tries the figure took (a disturbed try is repeated, up to `tries()`).
    pub tries: usize,
    /// Still disturbed after the last try: the report marks it †.
    pub disturbed: bool,
}

/// A measurement is repeated when other programs used more than this share of one core …
pub const FOREIGN_SHARE: f64 = 0.05;
/// … or, for a short measurement, more than three clock ticks: /proc/stat counts in ticks (10 ms)
/// and rounds each of its fields, so a smaller difference may be rounding, not another program.
pub const FOREIGN_TICKS: f64 = 3.0;
/// Tries per figure before it is kept and marked disturbed (the quick run sets fewer).
static TRIES: AtomicUsize = AtomicUsize::new(3);

pub fn tries() -> usize {
    TRIES.load(Ordering::Relaxed)
}

pub fn set_tries(n: usize) {
    TRIES.store(n.max(1), Ordering::Relaxed);
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
            foreign: 0.0,
            tries: 1,
            disturbed: false,
        }
    }

    /// " †" after a disturbed figure, nothing after a clean one.
    pub fn mark(&self) -> &'static str {
        if self.disturbed { " †" } else { "" }
    }
}

/// What the watch saw over one stretch of time.
pub struct Watch {
    wall: Instant,
    busy: f64,
    own: f64,
}

impl Watch {
    pub fn start() -> Watch {
        Watch {
            wall: Instant::now(),
            busy: sys::busy_cpu_seconds(),
            own: sys::own_cpu_seconds(),
        }
    }

    /// (seconds of CPU that other programs used, wall seconds) since `start`: all the cores'
    /// busy time from /proc/stat, less this process's and its waited-for children's CPU time.
    pub fn foreign(&self) -> (f64, f64) {
        let busy = sys::busy_cpu_seconds() - self.busy;
        let own = sys::own_cpu_seconds() - self.own;
        ((busy - own).max(0.0), self.wall.elapsed().as_secs_f64())
    }
}

/// Whether `foreign` CPU seconds over `wall` seconds is more than the measurement can tolerate.
pub fn is_disturbed(foreign: f64, wall: f64) -> bool {
    foreign > (FOREIGN_SHARE * wall).max(FOREIGN_TICKS / sys::clock_ticks())
}

/// Measures a figure: one warm-up run, then `runs` timed ones, while watching the machine. A try
/// during which other programs used the CPU is repeated, up to `tries()` tries; the least disturbed
/// is kept, and marked disturbed if even that one was.
pub fn measure(label: &str, runs: usize, mut f: impl FnMut() -> f64) -> Stat {
    let [stat] = measure_each(label, runs, || [f()]);
    stat
}

/// Measures figures taken together, as `measure` does one: each call of `f` is one run and gives
/// a value of each (a pair of runs and their ratio, say). They share the watch, so one verdict.
pub fn measure_each<const N: usize>(
    label: &str,
    runs: usize,
    mut f: impl FnMut() -> [f64; N],
) -> [Stat; N] {
    let mut kept: Option<[Stat; N]> = None;
    let mut made = 0;
    for tries in 1..=self::tries() {
        made = tries;
        let watch = Watch::start();
        std::hint::black_box(f());
        let values: Vec<[f64; N]> = (0..runs).map(|_| f()).collect();
        let (foreign, wall) = watch.foreign();
        let disturbed = is_disturbed(foreign, wall);
        let stats: [Stat; N] = std::array::from_fn(|i| Stat {
            foreign: foreign / wall,
            tries,
            disturbed,
            ..Stat::of(label, values.iter().map(|v| v[i]).collect())
        });
        if kept.is_none_or(|k| foreign / wall < k[0].foreign) {
            kept = Some(stats);
        }
        if !disturbed {
            break;
        }
    }
    kept.expect("at least one try").map(|stat| Stat {
        tries: made,
        ..stat
    })
}

/// Seconds, printed in the unit that suits the median (the range uses the same unit).
pub fn fmt_time(s: Stat) -> String {
    let (scale, unit) = time_unit(s.median);
    format!(
        "{} {unit} ({}–{}){}",
        num(s.median * scale),
        num(s.min * scale),
        num(s.max * scale),
        s.mark()
    )
}

/// The median alone, with its mark.
pub fn fmt_median(s: Stat) -> String {
    fmt_time_one(s.median) + s.mark()
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

/// How many times slower the Python figure is (or faster, below 1); marked if either is.
pub fn ratio(python: Option<Stat>, rust: Option<Stat>) -> String {
    match (python, rust) {
        (Some(p), Some(r)) => {
            let mark = if p.disturbed || r.disturbed {
                " †"
            } else {
                ""
            };
            format!("{}×{mark}", num(p.median / r.median))
        }
        _ => "n/a".to_string(),
    }
}
