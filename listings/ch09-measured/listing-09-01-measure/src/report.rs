//! Markdown fragments for the book (src/measured/*.md), and the whole report.

use crate::bench::{Config, Handoff, MemFigure, Memory, Spawn, Speedup, Waits};
use crate::python::Python;
use crate::stats::{Stat, fmt_bytes, fmt_bytes_stat, fmt_time, fmt_time_one, num, ratio};
use crate::sys::Machine;
use serde::Serialize;

#[derive(Serialize)]
pub struct Results {
    pub machine: Machine,
    pub config: Config,
    pub load_before: String,
    /// Share of all cores in use by other programs in the second before the run.
    pub busy_before: Option<f64>,
    pub load_after: String,
    pub seconds: f64,
    pub spawn: Spawn,
    pub memory: Memory,
    pub handoff: Handoff,
    pub speedup: Speedup,
    pub waits: Waits,
    #[serde(skip)]
    pub python: Option<Python>,
}

/// The fragments, by file name.
pub struct Fragments {
    pub files: Vec<(&'static str, String)>,
}

fn runs_note(runs: usize) -> String {
    format!("median of {runs} runs after a warm-up (min–max)")
}

fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut s = format!(
        "| {} |\n|{}\n",
        header.join(" | "),
        "---|".repeat(header.len())
    );
    for row in rows {
        s += &format!("| {} |\n", row.join(" | "));
    }
    s
}

pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn opt_time(s: Option<Stat>) -> String {
    s.map(fmt_time).unwrap_or_else(|| "n/a".into())
}

fn times(x: f64) -> String {
    format!("{}×", num(x))
}

/// Speed-up over `base` (median), with the spread from the model's fastest and slowest runs.
fn speedup_of(base: Stat, s: Stat) -> Stat {
    Stat {
        median: base.median / s.median,
        min: base.median / s.max,
        max: base.median / s.min,
        runs: s.runs,
    }
}

fn fmt_speedup(s: Stat) -> String {
    format!("{}× ({}–{})", num(s.median), num(s.min), num(s.max))
}

/// Resident memory per unit; for processes the proportional share (PSS) first.
fn fmt_real(m: &MemFigure) -> String {
    match m.pss {
        Some(pss) => format!(
            "{} PSS (RSS {})",
            fmt_bytes_stat(pss),
            fmt_bytes(m.real.median)
        ),
        None => fmt_bytes_stat(m.real),
    }
}

fn real_of(m: &MemFigure) -> Stat {
    m.pss.unwrap_or(m.real)
}

fn fmt_kernel(m: &MemFigure) -> String {
    m.kernel
        .map(|k| fmt_bytes(k.median))
        .unwrap_or_else(|| "n/a".into())
}

/// A task is not a kernel object: the kernel counters move only by other programs' noise.
const NO_KERNEL_OBJECT: &str = "none: not a kernel object";

impl Results {
    fn py_stat(&self, section: &str, key: &str) -> Option<Stat> {
        self.python.as_ref().and_then(|p| p.stat(section, key))
    }

    fn py_mem(&self, key: &str) -> Option<MemFigure> {
        self.python.as_ref().and_then(|p| p.memory(key))
    }

    fn runs_note(&self) -> String {
        format!(
            "median of {} runs after a warm-up (min–max)",
            self.config.runs
        )
    }

    /// The one-line caption of a fragment included by other chapters.
    fn caption(&self, what: &str, anchor: &str) -> String {
        self.caption_runs(what, anchor, self.config.runs)
    }

    fn caption_runs(&self, what: &str, anchor: &str, runs: usize) -> String {
        let python = match &self.python {
            Some(p) => format!("{} from the same run", p.version),
            None => "no python3 on this machine, so no Python figures".to_string(),
        };
        format!(
            "*{what}, measured on {} ({}) by [chapter 9's tool](ch09-measured.md#{anchor}): {}; {python}.*\n\n",
            self.machine.short(),
            self.machine.date,
            runs_note(runs),
        )
    }

    /// Whether other programs were running: the share of the cores in use in the second before
    /// the run (a quarter or more is busy). The load average is shown too but not used: it
    /// decays over minutes, and the load after the run counts the tool's own 10,000 threads.
    fn busy_note(&self) -> String {
        match self.busy_before {
            Some(busy) if busy >= 0.25 => format!(
                "; {:.0}% of the cores in use by other programs just before the run — **busy**: \
                 times are inflated and speed-ups deflated; re-run on an idle machine",
                busy * 100.0
            ),
            Some(busy) => format!(
                "; {:.0}% of the cores in use by other programs just before the run: idle",
                busy * 100.0
            ),
            None => String::new(),
        }
    }

    pub fn machine_md(&self) -> String {
        let m = &self.machine;
        let vm = if m.virtual_machine {
            " — a virtual machine (`hypervisor` in /proc/cpuinfo's flags)"
        } else {
            ""
        };
        let python = self
            .python
            .as_ref()
            .map(|p| p.version.clone())
            .unwrap_or_else(|| {
                "none: python3 was not found, so the Python columns say n/a".to_string()
            });
        let task_struct = m
            .task_struct
            .map(|b| format!("{b} bytes (/proc/slabinfo)"))
            .unwrap_or_else(|| "unreadable (/proc/slabinfo needs root)".into());
        format!(
            "- **CPU**: {}, {} cores{vm}\n\
             - **Memory**: {}\n\
             - **OS**: {}, {}\n\
             - **Rust**: {}\n\
             - **Python**: {python}\n\
             - **Limits**: threads-max {}, ulimit -u {}; the kernel's task_struct: {task_struct}\n\
             - **Load** (/proc/loadavg, 1, 5, 15 min): {} before the run, {} after{}\n\
             - **Run**: {}, {} mode, {} s in all; {}\n",
            m.cpu,
            m.cores,
            m.memory,
            m.os,
            m.kernel,
            m.rustc,
            m.threads_max,
            m.ulimit_u,
            self.load_before,
            self.load_after,
            self.busy_note(),
            m.date,
            if self.config.quick {
                "quick (small counts)"
            } else {
                "full"
            },
            num(self.seconds),
            self.runs_note(),
        )
    }

    pub fn spawn_md(&self) -> String {
        let s = &self.spawn;
        let c = &self.config;
        let py_task = self.py_stat("spawn", "asyncio");
        let py_thread = self.py_stat("spawn", "threading");
        let py_spawn = self.py_stat("spawn", "mp_spawn");
        let py_fork = self.py_stat("spawn", "mp_fork");
        let py_true = self.py_stat("spawn", "subprocess_true");
        let row = |rust: &str, r: Option<Stat>, py: &str, p: Option<Stat>| {
            vec![
                rust.to_string(),
                opt_time(r),
                py.to_string(),
                opt_time(p),
                ratio(p, r),
            ]
        };
        let rows = vec![
            row(
                "tokio task, current_thread runtime",
                Some(s.tokio_current_thread),
                "asyncio task",
                py_task,
            ),
            row(
                "tokio task, multi_thread runtime",
                Some(s.tokio_multi_thread),
                "asyncio task",
                py_task,
            ),
            row(
                "`std::thread`",
                Some(s.thread),
                "`threading.Thread`",
                py_thread,
            ),
            row(
                "child process (this program again)",
                Some(s.process_self),
                "`multiprocessing`, \"spawn\"",
                py_spawn,
            ),
            row(
                "child process (`/bin/true`)",
                s.process_true,
                "`subprocess.Popen` (`/bin/true`)",
                py_true,
            ),
            row(
                "no safe `fork` in Rust",
                None,
                "`multiprocessing`, \"fork\"",
                py_fork,
            ),
        ];
        table(
            &[
                "Rust unit",
                "spawn + join",
                "Python unit",
                "spawn + join",
                "Python ÷ Rust",
            ],
            &rows,
        ) + &format!(
            "\nPer run: {} tasks, {} threads, {} processes, all started, then all joined; the \
             figure is the run's time divided by the count. Python, where that many would take \
             too long: {} asyncio tasks, {} \"fork\" and {} \"spawn\" processes.\n",
            thousands(c.spawn_tasks),
            thousands(c.spawn_threads),
            thousands(c.spawn_processes),
            thousands(c.python_spawn_tasks),
            thousands(c.python_spawn_forks),
            thousands(c.spawn_python_spawns),
        )
    }

    pub fn memory_md(&self) -> String {
        let m = &self.memory;
        let c = &self.config;
        let (pt, pth, pp) = (
            self.py_mem("asyncio"),
            self.py_mem("threading"),
            self.py_mem("mp_fork"),
        );
        let row = |rust: String, r: &MemFigure, py: String, p: &Option<MemFigure>| {
            vec![
                rust,
                fmt_real(r),
                fmt_bytes(r.virt.median),
                fmt_kernel(r),
                py,
                p.as_ref().map(fmt_real).unwrap_or_else(|| "n/a".into()),
                ratio(p.as_ref().map(real_of), Some(real_of(r))),
            ]
        };
        let mut task_row = row(
            format!(
                "tokio task waiting on a sleep (×{})",
                thousands(m.task.alive)
            ),
            &m.task,
            format!(
                "asyncio task (×{})",
                thousands(pt.as_ref().map_or(0, |p| p.alive))
            ),
            &pt,
        );
        task_row[3] = NO_KERNEL_OBJECT.into();
        let rows = vec![
            task_row,
            row(
                format!("`std::thread`, asleep (×{})", thousands(m.thread.alive)),
                &m.thread,
                format!(
                    "`threading.Thread` (×{})",
                    thousands(pth.as_ref().map_or(0, |p| p.alive))
                ),
                &pth,
            ),
            row(
                format!("child process, asleep (×{})", thousands(m.process.alive)),
                &m.process,
                format!(
                    "`multiprocessing`, \"fork\" (×{})",
                    thousands(pp.as_ref().map_or(0, |p| p.alive))
                ),
                &pp,
            ),
        ];
        let mut s = table(
            &[
                "Rust unit (count)",
                "real, per unit",
                "virtual, per unit",
                "kernel, per unit",
                "Python unit (count)",
                "real, per unit",
                "Python ÷ Rust",
            ],
            &rows,
        );
        s += &format!(
            "\nReal: growth of the process's resident memory (VmRSS) per unit, measured in a fresh \
             process; for child processes, each child's proportional set size (PSS, shared pages \
             split among their users) from /proc/PID/smaps_rollup, with its whole RSS beside it. \
             Virtual: growth of VmSize (address space reserved, mostly never touched). Kernel: \
             growth of KernelStack + PageTables in /proc/meminfo, a system-wide counter. Memory \
             runs: {}.\n",
            c.memory_runs
        );
        for (who, e) in [
            ("Rust threads", &m.thread.error),
            ("Python threads", &pth.and_then(|p| p.error)),
        ] {
            if let Some(e) = e {
                s += &format!("\n**{who}**: {e}\n");
            }
        }
        s
    }

    pub fn handoff_md(&self) -> String {
        let h = &self.handoff;
        let c = &self.config;
        let (pa, pt, pp) = (
            self.py_stat("handoff", "asyncio"),
            self.py_stat("handoff", "threading"),
            self.py_stat("handoff", "mp_pipe"),
        );
        let row = |rust: &str, r: Stat, py: &str, p: Option<Stat>| {
            vec![
                rust.to_string(),
                fmt_time(r),
                py.to_string(),
                opt_time(p),
                ratio(p, Some(r)),
            ]
        };
        let rows = vec![
            row(
                "two tokio tasks, `mpsc`, current_thread",
                h.tokio_current_thread,
                "two asyncio tasks, `asyncio.Queue`",
                pa,
            ),
            row(
                "two tokio tasks, `mpsc`, multi_thread",
                h.tokio_multi_thread,
                "two asyncio tasks, `asyncio.Queue`",
                pa,
            ),
            row(
                "two threads, `std::sync::mpsc`",
                h.thread,
                "two threads, `queue.Queue`",
                pt,
            ),
            row(
                "two processes, a pipe each way",
                h.process,
                "two processes, `multiprocessing.Pipe`",
                pp,
            ),
        ];
        self.caption(
            "Hand-off round trip (A sends to B, B answers)",
            "hand-off-round-trip",
        ) + &table(
            &[
                "Rust pair",
                "round trip",
                "Python pair",
                "round trip",
                "Python ÷ Rust",
            ],
            &rows,
        ) + &format!(
            "\nRound trips per run: {} for tasks, {} for threads and processes; Python: {} for \
             asyncio, {} for threads and processes.\n",
            thousands(c.handoff_tasks),
            thousands(c.handoff_threads),
            thousands(c.python_handoff_tasks),
            thousands(c.python_handoff_others),
        )
    }

    pub fn speedup_md(&self) -> String {
        let s = &self.speedup;
        let cores = self.config.cores;
        let base = s.sequential;
        let py = |k: &str| self.py_stat("speedup", k);
        let py_base = py("sequential");
        let py_up = |k: &str| -> Option<Stat> { Some(speedup_of(py_base?, py(k)?)) };
        let row = |rust: String, r: Stat, pyname: &str, p: Option<Stat>| {
            let up = speedup_of(base, r);
            vec![
                rust,
                fmt_time(r),
                fmt_speedup(up),
                pyname.to_string(),
                p.map(fmt_speedup).unwrap_or_else(|| "n/a".into()),
                ratio(p, Some(up)),
            ]
        };
        let rows = vec![
            row(
                "sequential, one thread".into(),
                s.sequential,
                "sequential",
                py_up("sequential"),
            ),
            row(
                format!("{cores} `std::thread`s"),
                s.threads,
                &format!("{cores} `threading.Thread`s"),
                py_up("threading"),
            ),
            row(
                "rayon `into_par_iter().sum()`".into(),
                s.rayon,
                "(no rayon)",
                None,
            ),
            row(
                format!("{cores} child processes"),
                s.processes,
                &format!("`multiprocessing.Pool({cores})`"),
                py_up("multiprocessing"),
            ),
            row(
                format!("{cores} tokio tasks, current_thread"),
                s.tokio_current_thread,
                &format!("{cores} asyncio tasks"),
                py_up("asyncio"),
            ),
            row(
                format!("{cores} tokio tasks, multi_thread"),
                s.tokio_multi_thread,
                "(no counterpart)",
                None,
            ),
            vec![
                "per number, sequential".into(),
                fmt_time_one(base.median / s.limit as f64),
                String::new(),
                "per number, sequential".into(),
                py_base
                    .map(|p| fmt_time_one(p.median / self.config.python_cpu_limit as f64))
                    .unwrap_or_else(|| "n/a".into()),
                ratio(
                    py_base.map(|p| Stat {
                        median: p.median / self.config.python_cpu_limit as f64,
                        ..p
                    }),
                    Some(Stat {
                        median: base.median / s.limit as f64,
                        ..base
                    }),
                ),
            ],
            vec![
                "the limit: one core each".into(),
                String::new(),
                times(cores as f64),
                "the limit".into(),
                times(cores as f64),
                String::new(),
            ],
        ];
        self.caption("CPU-bound speed-up over sequential", "cpu-bound-speed-up")
            + &table(
                &[
                    "Rust model",
                    "time",
                    "speed-up",
                    "Python model",
                    "speed-up",
                    "Python ÷ Rust",
                ],
                &rows,
            )
            + &format!(
                "\nThe job: the total number of Collatz steps of 1..={} (it is {}), split {cores} \
                 ways by stride; every model's total is checked against the sequential one. Python's \
                 job is 1..={}: the same work would take it far longer.\n",
                thousands(s.limit as usize),
                s.result,
                thousands(self.config.python_cpu_limit as usize),
            )
    }

    pub fn waits_md(&self) -> String {
        let w = &self.waits;
        let n = thousands(w.count);
        let (pa, pt) = (
            self.py_stat("waits", "asyncio"),
            self.py_stat("waits", "threading"),
        );
        let row = |rust: String, r: Stat, py: String, p: Option<Stat>| {
            vec![
                rust,
                fmt_time(r),
                times(r.median / w.ideal),
                py,
                opt_time(p),
                p.map(|p| times(p.median / w.ideal))
                    .unwrap_or_else(|| "n/a".into()),
                ratio(p, Some(r)),
            ]
        };
        let rows = vec![
            row(
                format!("{n} tokio tasks, multi_thread"),
                w.tokio_multi_thread,
                format!("{n} asyncio tasks"),
                pa,
            ),
            row(
                format!("{n} tokio tasks, current_thread"),
                w.tokio_current_thread,
                format!("{n} asyncio tasks"),
                pa,
            ),
            row(
                format!("{n} `std::thread`s"),
                w.threads,
                format!("{n} `threading.Thread`s"),
                pt,
            ),
        ];
        let ideal = fmt_time_one(w.ideal);
        let mut s = self.caption_runs(
            &format!("{n} concurrent waits of {ideal}"),
            "ten-thousand-waits",
            w.threads.runs,
        ) + &table(
            &[
                "Rust",
                "wall time",
                "÷ ideal",
                "Python",
                "wall time",
                "÷ ideal",
                "Python ÷ Rust",
            ],
            &rows,
        ) + &format!(
            "\nThe ideal is one wait: {ideal}. Wall time covers starting every unit, the wait, and joining them all.\n"
        );
        for (who, e) in [
            ("Rust threads", w.threads_error.clone()),
            (
                "Python threads",
                self.python
                    .as_ref()
                    .and_then(|p| p.text("waits", "threading_error")),
            ),
        ] {
            if let Some(e) = e {
                s += &format!("\n**{who}**: {e}\n");
            }
        }
        s
    }

    /// The small table other chapters include in place of the notes' "Overhead" row.
    pub fn overhead_md(&self) -> String {
        let (s, m) = (&self.spawn, &self.memory);
        let py_mem = |k: &str| {
            self.py_mem(k)
                .map(|f| fmt_bytes(real_of(&f).median))
                .unwrap_or_else(|| "n/a".into())
        };
        let py_time = |k: &str| {
            self.py_stat("spawn", k)
                .map(|s| fmt_time_one(s.median))
                .unwrap_or_else(|| "n/a".into())
        };
        let rows = vec![
            vec![
                "task: tokio / asyncio".into(),
                fmt_time_one(s.tokio_current_thread.median),
                fmt_bytes(m.task.real.median),
                py_time("asyncio"),
                py_mem("asyncio"),
            ],
            vec![
                "thread: `std::thread` / `threading`".into(),
                fmt_time_one(s.thread.median),
                format!(
                    "{} + {} in the kernel",
                    fmt_bytes(m.thread.real.median),
                    fmt_kernel(&m.thread)
                ),
                py_time("threading"),
                py_mem("threading"),
            ],
            vec![
                "process: child / `multiprocessing` (fork)".into(),
                fmt_time_one(s.process_self.median),
                format!("{} PSS", fmt_bytes(real_of(&m.process).median)),
                py_time("mp_fork"),
                format!("{} PSS", py_mem("mp_fork")),
            ],
        ];
        let what = format!(
            "Overhead per unit (idle memory: median of {} runs)",
            self.config.memory_runs
        );
        self.caption(&what, "spawn-and-join")
            + &table(
                &[
                    "unit",
                    "Rust: spawn + join",
                    "Rust: idle memory",
                    "Python: spawn + join",
                    "Python: idle memory",
                ],
                &rows,
            )
    }

    pub fn report_md(&self) -> String {
        format!(
            "**The machine and the run**\n\n{}\n**Spawn and join, per unit**\n\n{}\n\
             **Idle memory, per unit**\n\n{}\n**Hand-off round trip**\n\n{}\n\
             **CPU-bound speed-up**\n\n{}\n**Ten thousand waits**\n\n{}",
            self.machine_md(),
            self.spawn_md(),
            self.memory_md(),
            self.handoff_md(),
            self.speedup_md(),
            self.waits_md(),
        )
    }

    pub fn fragments(&self) -> Fragments {
        let generated =
            "<!-- Generated by `cargo run --release -p listing-09-01-measure`; do not edit. -->\n";
        let with = |s: String| format!("{generated}{s}");
        Fragments {
            files: vec![
                ("machine.md", with(self.machine_md())),
                (
                    "spawn.md",
                    with(
                        self.caption("Spawn + join, per unit", "spawn-and-join") + &self.spawn_md(),
                    ),
                ),
                (
                    "memory.md",
                    with(
                        self.caption_runs(
                            "Idle memory, per unit",
                            "idle-memory",
                            self.config.memory_runs,
                        ) + &self.memory_md(),
                    ),
                ),
                ("overhead.md", with(self.overhead_md())),
                ("handoff.md", with(self.handoff_md())),
                ("speedup.md", with(self.speedup_md())),
                ("waits.md", with(self.waits_md())),
                ("report.md", with(self.report_md())),
            ],
        }
    }
}
