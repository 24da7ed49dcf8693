//! Markdown fragments for the book (src/measured/*.md), and the whole report.

use crate::bench::{Config, Handoff, MemFigure, Memory, Spawn, Speedup, Waits};
use crate::python::Python;
use crate::stats::{
    FOREIGN_SHARE, Stat, fmt_bytes, fmt_bytes_stat, fmt_median, fmt_time, fmt_time_one, num, ratio,
};
use crate::sys::Machine;
use serde::Serialize;

#[derive(Serialize)]
pub struct Results {
    pub machine: Machine,
    pub config: Config,
    /// Other programs' CPU over the whole run, in cores (0.05 = 5 % of one core).
    pub foreign: f64,
    /// Every watched figure, Rust and Python: (label, still disturbed after the last try).
    pub watched: Vec<(String, bool)>,
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
pub fn speedup_of(base: Stat, s: Stat) -> Stat {
    Stat {
        median: base.median / s.median,
        min: base.median / s.max,
        max: base.median / s.min,
        ..s
    }
    .marked_by(base, s)
}

fn fmt_speedup(s: Stat) -> String {
    format!(
        "{}× ({}–{}){}",
        num(s.median),
        num(s.min),
        num(s.max),
        s.mark()
    )
}

/// The note under a table with a disturbed figure; nothing under a clean table.
fn dagger_note(figures: &[Option<Stat>]) -> String {
    let disturbed: Vec<f64> = figures
        .iter()
        .flatten()
        .filter(|s| s.disturbed)
        .map(|s| s.foreign)
        .collect();
    if disturbed.is_empty() {
        return String::new();
    }
    let most = disturbed.iter().copied().fold(0.0, f64::max);
    format!(
        "\n† Disturbed: other programs used more than {:.0} % of one core while this figure was \
         measured, on each of {} tries (up to {:.0} % here), so it may be off; a figure computed \
         from it is marked too. Re-run on an idle machine.\n",
        FOREIGN_SHARE * 100.0,
        crate::stats::tries(),
        most * 100.0
    )
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

    /// How quiet the machine was: other programs' CPU over the run, and the disturbed figures.
    fn disturbance(&self) -> String {
        let disturbed = self.watched.iter().filter(|(_, d)| *d).count();
        let verdict = if disturbed == 0 {
            "none disturbed".to_string()
        } else {
            format!("**{disturbed} disturbed** even so, marked † in the tables")
        };
        format!(
            "other programs used {:.0} % of one core on average during the run (/proc/stat, less \
             the tool's own CPU); each of the {} timed figures was watched the same way and \
             repeated, up to {} tries, while they used more than {:.0} % of a core: {verdict}",
            self.foreign * 100.0,
            self.watched.len(),
            crate::stats::tries(),
            FOREIGN_SHARE * 100.0,
        )
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
             - **Disturbance**: {}\n\
             - **Run**: {}, {} mode, {} s in all; {}\n",
            m.cpu,
            m.cores,
            m.memory,
            m.os,
            m.kernel,
            m.rustc,
            m.threads_max,
            m.ulimit_u,
            self.disturbance(),
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
        ) + &dagger_note(&[
            Some(s.tokio_current_thread),
            Some(s.tokio_multi_thread),
            Some(s.thread),
            Some(s.process_self),
            s.process_true,
            py_task,
            py_thread,
            py_spawn,
            py_fork,
            py_true,
        ])
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
        let py = |k: &str| self.py_stat("handoff", k);
        let (pa, p_one, p_two, pp) = (
            py("asyncio"),
            py("threading_same_core"),
            py("threading_two_cores"),
            py("mp_pipe"),
        );
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
                "two tokio tasks, `mpsc`, current_thread",
                Some(h.tokio_current_thread),
                "two asyncio tasks, `asyncio.Queue`",
                pa,
            ),
            row(
                "two tokio tasks, `mpsc`, multi_thread",
                Some(h.tokio_multi_thread),
                "two asyncio tasks, `asyncio.Queue`",
                pa,
            ),
            row(
                "two threads on one core, `std::sync::mpsc`",
                Some(h.thread_same_core),
                "two threads on one core, `queue.Queue`",
                p_one,
            ),
            row(
                "two threads on two cores, `std::sync::mpsc`",
                h.thread_two_cores,
                "two threads on two cores, `queue.Queue`",
                p_two,
            ),
            row(
                "two processes, a pipe each way",
                Some(h.process),
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
             asyncio, {} for threads and processes. \"One core\": both threads pinned to the same \
             CPU (sched_setaffinity), so each hand-off is a context switch there; \"two cores\": \
             pinned to two different CPUs, so each hand-off wakes the other one. The processes \
             are not pinned.\n",
            thousands(c.handoff_tasks),
            thousands(c.handoff_threads),
            thousands(c.python_handoff_tasks),
            thousands(c.python_handoff_others),
        ) + &dagger_note(&[
            Some(h.tokio_current_thread),
            Some(h.tokio_multi_thread),
            Some(h.thread_same_core),
            h.thread_two_cores,
            Some(h.process),
            pa,
            p_one,
            p_two,
            pp,
        ])
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
        // Time per Collatz step: the same unit of work in both languages, whatever the range.
        let py_steps = self
            .python
            .as_ref()
            .and_then(|p| p.raw()["speedup"]["result"].as_u64());
        let per_step = |t: Stat, steps: u64| Stat {
            median: t.median / steps as f64,
            ..t
        };
        let rust_step = per_step(base, s.result);
        let py_step = py_base.zip(py_steps).map(|(p, n)| per_step(p, n));
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
                "per Collatz step, sequential".into(),
                fmt_median(rust_step),
                String::new(),
                "per Collatz step, sequential".into(),
                py_step.map(fmt_median).unwrap_or_else(|| "n/a".into()),
                ratio(py_step, Some(rust_step)),
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
        let idle: Vec<String> = s
            .idle_at_end
            .iter()
            .map(|(model, share)| format!("{model} {:.1} %", share * 100.0))
            .collect();
        let py_chunks = self
            .python
            .as_ref()
            .and_then(|p| p.raw()["speedup"]["chunks"].as_u64())
            .unwrap_or(0);
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
                "\nThe job: the total number of Collatz steps of 1..={} ({} steps), cut into {} \
                 equal chunks that each worker takes one at a time, the next whenever it is free \
                 (rayon splits the range itself); every model's total is checked against the \
                 sequential one. The cores' time left idle at the end, waiting for the last \
                 worker (median): {}. Python's job is 1..={} ({} steps, {} chunks): the same \
                 work would take it far longer, so compare the languages per step.\n",
                thousands(s.limit as usize),
                thousands(s.result as usize),
                s.chunks,
                idle.join(", "),
                thousands(self.config.python_cpu_limit as usize),
                thousands(py_steps.unwrap_or(0) as usize),
                py_chunks,
            )
            + &dagger_note(&[
                Some(s.sequential),
                Some(s.threads),
                Some(s.rayon),
                Some(s.processes),
                Some(s.tokio_current_thread),
                Some(s.tokio_multi_thread),
                py_base,
                py("threading"),
                py("multiprocessing"),
                py("asyncio"),
            ])
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
                times(r.median / w.ideal) + r.mark(),
                py,
                opt_time(p),
                p.map(|p| times(p.median / w.ideal) + p.mark())
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
        ) + &dagger_note(&[
            Some(w.tokio_multi_thread),
            Some(w.tokio_current_thread),
            Some(w.threads),
            pa,
            pt,
        ]);
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
                .map(fmt_median)
                .unwrap_or_else(|| "n/a".into())
        };
        let rows = vec![
            vec![
                "task: tokio / asyncio".into(),
                fmt_median(s.tokio_current_thread),
                fmt_bytes(m.task.real.median),
                py_time("asyncio"),
                py_mem("asyncio"),
            ],
            vec![
                "thread: `std::thread` / `threading`".into(),
                fmt_median(s.thread),
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
                fmt_median(s.process_self),
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
            + &dagger_note(&[
                Some(s.tokio_current_thread),
                Some(s.thread),
                Some(s.process_self),
                self.py_stat("spawn", "asyncio"),
                self.py_stat("spawn", "threading"),
                self.py_stat("spawn", "mp_fork"),
            ])
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
