//! The five measurements, Rust side.

use crate::stats::{Stat, repeat};
use crate::sys;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tokio::runtime::{Builder, Runtime};

/// How much of everything: `full()` for the book, `quick()` for the test.
#[derive(Clone, Debug, Serialize)]
pub struct Config {
    pub quick: bool,
    pub runs: usize,
    pub spawn_tasks: usize,
    pub spawn_threads: usize,
    pub spawn_processes: usize,
    /// Python's counts, where the Rust count would take it too long.
    pub python_spawn_tasks: usize,
    pub python_spawn_forks: usize,
    pub spawn_python_spawns: usize,
    pub idle_tasks: usize,
    pub idle_threads: usize,
    pub idle_processes: usize,
    pub memory_runs: usize,
    pub handoff_tasks: usize,
    pub handoff_threads: usize,
    pub handoff_processes: usize,
    pub cpu_limit: u64,
    pub python_cpu_limit: u64,
    pub python_handoff_tasks: usize,
    pub python_handoff_others: usize,
    pub waits: usize,
    pub wait_ms: u64,
    pub cores: usize,
}

impl Config {
    pub fn full() -> Config {
        Config {
            quick: false,
            runs: 7,
            spawn_tasks: 100_000,
            spawn_threads: 1_000,
            spawn_processes: 200,
            python_spawn_tasks: 10_000,
            python_spawn_forks: 50,
            spawn_python_spawns: 4,
            idle_tasks: 10_000,
            idle_threads: 10_000,
            idle_processes: 100,
            memory_runs: 3,
            handoff_tasks: 100_000,
            handoff_threads: 20_000,
            handoff_processes: 20_000,
            cpu_limit: 2_000_000,
            python_cpu_limit: 50_000,
            python_handoff_tasks: 10_000,
            python_handoff_others: 5_000,
            waits: 10_000,
            wait_ms: 100,
            cores: sys::cores(),
        }
    }

    pub fn quick() -> Config {
        Config {
            quick: true,
            runs: 2,
            spawn_tasks: 2_000,
            spawn_threads: 50,
            spawn_processes: 10,
            python_spawn_tasks: 1_000,
            python_spawn_forks: 5,
            spawn_python_spawns: 1,
            idle_tasks: 2_000,
            idle_threads: 100,
            idle_processes: 5,
            memory_runs: 1,
            handoff_tasks: 2_000,
            handoff_threads: 500,
            handoff_processes: 500,
            cpu_limit: 20_000,
            python_cpu_limit: 2_000,
            python_handoff_tasks: 500,
            python_handoff_others: 200,
            waits: 1_000,
            wait_ms: 50,
            cores: sys::cores(),
        }
    }
}

fn runtime(multi_thread: bool) -> Runtime {
    let mut builder = if multi_thread {
        Builder::new_multi_thread()
    } else {
        Builder::new_current_thread()
    };
    builder.enable_all().build().expect("tokio runtime")
}

fn me() -> Command {
    let mut cmd = Command::new(std::env::current_exe().expect("path of this program"));
    cmd.arg("--child");
    cmd
}

// ---------------------------------------------------------------------------------------------
// 1. Spawn + join: start `n` units that do nothing, then join them all; seconds per unit.

#[derive(Debug, Serialize)]
pub struct Spawn {
    pub tokio_current_thread: Stat,
    pub tokio_multi_thread: Stat,
    pub thread: Stat,
    pub process_self: Stat,
    pub process_true: Option<Stat>,
}

fn spawn_tasks(rt: &Runtime, n: usize) -> f64 {
    rt.block_on(async {
        let start = Instant::now();
        let handles: Vec<_> = (0..n)
            .map(|i| tokio::spawn(async move { std::hint::black_box(i) }))
            .collect();
        for (i, h) in handles.into_iter().enumerate() {
            assert_eq!(h.await.expect("task panicked"), i);
        }
        start.elapsed().as_secs_f64() / n as f64
    })
}

fn spawn_threads(n: usize) -> f64 {
    let start = Instant::now();
    let handles: Vec<_> = (0..n)
        .map(|i| std::thread::spawn(move || std::hint::black_box(i)))
        .collect();
    for (i, h) in handles.into_iter().enumerate() {
        assert_eq!(h.join().expect("thread panicked"), i);
    }
    start.elapsed().as_secs_f64() / n as f64
}

fn spawn_processes(n: usize, mut command: impl FnMut() -> Command) -> f64 {
    let start = Instant::now();
    let children: Vec<Child> = (0..n)
        .map(|_| {
            let mut cmd = command();
            cmd.stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            cmd.spawn().expect("spawn child process")
        })
        .collect();
    for mut child in children {
        assert!(
            child.wait().expect("wait for child").success(),
            "child failed"
        );
    }
    start.elapsed().as_secs_f64() / n as f64
}

pub fn true_program() -> Option<&'static str> {
    ["/bin/true", "/usr/bin/true"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
}

pub fn spawn(cfg: &Config) -> Spawn {
    let (ct, mt) = (runtime(false), runtime(true));
    let r = cfg.runs;
    Spawn {
        tokio_current_thread: Stat::of(
            "spawn tokio ct",
            repeat(r, || spawn_tasks(&ct, cfg.spawn_tasks)),
        ),
        tokio_multi_thread: Stat::of(
            "spawn tokio mt",
            repeat(r, || spawn_tasks(&mt, cfg.spawn_tasks)),
        ),
        thread: Stat::of(
            "spawn thread",
            repeat(r, || spawn_threads(cfg.spawn_threads)),
        ),
        process_self: Stat::of(
            "spawn process",
            repeat(r, || {
                spawn_processes(cfg.spawn_processes, || {
                    let mut cmd = me();
                    cmd.arg("noop");
                    cmd
                })
            }),
        ),
        process_true: true_program().map(|p| {
            Stat::of(
                "spawn /bin/true",
                repeat(r, || {
                    spawn_processes(cfg.spawn_processes, || Command::new(p))
                }),
            )
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Idle memory: many units alive and waiting; bytes per unit.

/// One run's readings (totals, not per unit), as a child prints them.
#[derive(Debug, Serialize, Deserialize)]
pub struct MemSample {
    pub count: usize,
    pub alive: usize,
    pub rss: f64,
    pub virt: f64,
    pub kernel: f64,
    pub pss: Option<f64>,
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MemFigure {
    pub count: usize,
    pub alive: usize,
    /// Resident bytes per unit (for processes: each child's whole Rss).
    pub real: Stat,
    /// Proportional set size per child process: shared pages split among their users.
    pub pss: Option<Stat>,
    pub virt: Stat,
    /// Kernel stacks + page tables per unit (a system-wide counter: other programs move it too).
    pub kernel: Option<Stat>,
    pub error: Option<String>,
}

pub fn mem_figure(label: &str, samples: Vec<MemSample>) -> MemFigure {
    let per = |f: &dyn Fn(&MemSample) -> f64| -> Vec<f64> {
        samples
            .iter()
            .map(|s| f(s) / s.alive.max(1) as f64)
            .collect()
    };
    let kernel = per(&|s| s.kernel);
    MemFigure {
        count: samples[0].count,
        alive: samples.iter().map(|s| s.alive).min().unwrap_or(0),
        real: Stat::of(label, per(&|s| s.rss)),
        pss: samples[0]
            .pss
            .map(|_| Stat::of(label, per(&|s| s.pss.unwrap_or(0.0)))),
        virt: Stat::of(label, per(&|s| s.virt)),
        // The kernel counters are system-wide; a run where they fell (others freed memory) says nothing.
        kernel: kernel
            .iter()
            .all(|k| *k > 0.0)
            .then(|| Stat::of(label, kernel)),
        error: samples.into_iter().find_map(|s| s.error),
    }
}

fn child_sample(role: &str, count: usize) -> MemSample {
    let out = me()
        .args([role, &count.to_string()])
        .stderr(Stdio::inherit())
        .output()
        .expect("run memory child");
    assert!(out.status.success(), "memory child {role} failed");
    serde_json::from_slice(&out.stdout).expect("memory child's JSON")
}

/// `count` sleeping children: each one's Rss and Pss from /proc/<pid>/smaps_rollup, summed.
fn idle_processes(count: usize) -> MemSample {
    let kernel_before = sys::kernel_bytes();
    let mut children: Vec<Child> = (0..count)
        .map(|_| {
            me().arg("sleep")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .expect("spawn sleeping child")
        })
        .collect();
    for child in &mut children {
        let mut ready = [0u8; 1];
        let out = child.stdout.as_mut().expect("child stdout");
        out.read_exact(&mut ready).expect("child says ready");
    }
    std::thread::sleep(Duration::from_millis(50));
    let (mut rss, mut pss, mut virt) = (0.0, 0.0, 0.0);
    for child in &children {
        let (r, p) = sys::rss_pss(child.id()).expect("smaps_rollup of child");
        rss += r;
        pss += p;
        virt += sys::status(&child.id().to_string(), "VmSize");
    }
    let kernel = sys::kernel_bytes() - kernel_before;
    for mut child in children {
        drop(child.stdin.take()); // EOF on its stdin: the child exits
        child.wait().expect("wait for sleeping child");
    }
    MemSample {
        count,
        alive: count,
        rss,
        virt,
        kernel,
        pss: Some(pss),
        error: None,
    }
}

#[derive(Debug, Serialize)]
pub struct Memory {
    pub task: MemFigure,
    pub thread: MemFigure,
    pub process: MemFigure,
}

pub fn memory(cfg: &Config) -> Memory {
    let runs = |f: &dyn Fn() -> MemSample| (0..cfg.memory_runs).map(|_| f()).collect::<Vec<_>>();
    Memory {
        task: mem_figure(
            "idle task",
            runs(&|| child_sample("mem-tasks", cfg.idle_tasks)),
        ),
        thread: mem_figure(
            "idle thread",
            runs(&|| child_sample("mem-threads", cfg.idle_threads)),
        ),
        process: mem_figure("idle process", runs(&|| idle_processes(cfg.idle_processes))),
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Hand-off round trip: A sends to B, B sends back; seconds per round trip.

#[derive(Debug, Serialize)]
pub struct Handoff {
    pub tokio_current_thread: Stat,
    pub tokio_multi_thread: Stat,
    pub thread: Stat,
    pub process: Stat,
}

fn handoff_tasks(rt: &Runtime, n: usize) -> f64 {
    rt.block_on(async {
        let (to_pong, mut pong_rx) = tokio::sync::mpsc::channel::<usize>(1);
        let (to_ping, mut ping_rx) = tokio::sync::mpsc::channel::<usize>(1);
        let pong = tokio::spawn(async move {
            while let Some(v) = pong_rx.recv().await {
                to_ping.send(v + 1).await.expect("ping is gone");
            }
        });
        // Ping is a task too, so on the multi-thread runtime both run on worker threads.
        let ping = tokio::spawn(async move {
            let start = Instant::now();
            for i in 0..n {
                to_pong.send(i).await.expect("pong is gone");
                assert_eq!(ping_rx.recv().await, Some(i + 1));
            }
            start.elapsed().as_secs_f64() / n as f64
        });
        let per = ping.await.expect("ping panicked");
        pong.await.expect("pong panicked");
        per
    })
}

fn handoff_threads(n: usize) -> f64 {
    let (to_pong, pong_rx) = mpsc::channel::<usize>();
    let (to_ping, ping_rx) = mpsc::channel::<usize>();
    let pong = std::thread::spawn(move || {
        for v in pong_rx {
            to_ping.send(v + 1).expect("ping is gone");
        }
    });
    let start = Instant::now();
    for i in 0..n {
        to_pong.send(i).expect("pong is gone");
        assert_eq!(ping_rx.recv().expect("pong hung up"), i + 1);
    }
    let per = start.elapsed().as_secs_f64() / n as f64;
    drop(to_pong);
    pong.join().expect("pong panicked");
    per
}

fn handoff_processes(n: usize) -> f64 {
    let mut child = me()
        .arg("echo")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn echo child");
    let mut to_child = child.stdin.take().expect("child stdin");
    let mut from_child = child.stdout.take().expect("child stdout");
    let mut byte = [0u8; 1];
    // One round trip first, so the child's start-up is not timed.
    to_child.write_all(b"w").expect("write to child");
    from_child.read_exact(&mut byte).expect("read from child");
    let start = Instant::now();
    for i in 0..n {
        let sent = (i % 251) as u8;
        to_child.write_all(&[sent]).expect("write to child");
        from_child.read_exact(&mut byte).expect("read from child");
        assert_eq!(byte[0], sent);
    }
    let per = start.elapsed().as_secs_f64() / n as f64;
    drop(to_child);
    assert!(child.wait().expect("wait for echo child").success());
    per
}

pub fn handoff(cfg: &Config) -> Handoff {
    let (ct, mt) = (runtime(false), runtime(true));
    let r = cfg.runs;
    Handoff {
        tokio_current_thread: Stat::of(
            "handoff ct",
            repeat(r, || handoff_tasks(&ct, cfg.handoff_tasks)),
        ),
        tokio_multi_thread: Stat::of(
            "handoff mt",
            repeat(r, || handoff_tasks(&mt, cfg.handoff_tasks)),
        ),
        thread: Stat::of(
            "handoff thread",
            repeat(r, || handoff_threads(cfg.handoff_threads)),
        ),
        process: Stat::of(
            "handoff process",
            repeat(r, || handoff_processes(cfg.handoff_processes)),
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// 4. CPU-bound speed-up: total Collatz steps of 1..=limit, split `cores` ways by stride.

/// Steps for `n` to reach 1 under n → n/2 (even), 3n+1 (odd).
pub fn collatz_steps(mut n: u64) -> u64 {
    let mut steps = 0;
    while n != 1 {
        n = if n.is_multiple_of(2) {
            n / 2
        } else {
            3 * n + 1
        };
        steps += 1;
    }
    steps
}

/// Share `k` of `ways`: the numbers 1+k, 1+k+ways, … up to `limit` (strides balance the work).
pub fn collatz_chunk(k: u64, ways: u64, limit: u64) -> u64 {
    (1 + k..=limit)
        .step_by(ways as usize)
        .map(collatz_steps)
        .sum()
}

#[derive(Debug, Serialize)]
pub struct Speedup {
    pub limit: u64,
    pub result: u64,
    pub sequential: Stat,
    pub threads: Stat,
    pub rayon: Stat,
    pub processes: Stat,
    pub tokio_current_thread: Stat,
    pub tokio_multi_thread: Stat,
}

fn timed(expected: u64, f: impl FnOnce() -> u64) -> f64 {
    let start = Instant::now();
    let result = f();
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(result, expected, "every model must compute the same total");
    secs
}

fn cpu_tasks(rt: &Runtime, ways: u64, limit: u64) -> u64 {
    rt.block_on(async {
        let handles: Vec<_> = (0..ways)
            .map(|k| tokio::spawn(async move { collatz_chunk(k, ways, limit) }))
            .collect();
        let mut total = 0;
        for h in handles {
            total += h.await.expect("cpu task panicked");
        }
        total
    })
}

fn cpu_processes(ways: u64, limit: u64) -> u64 {
    let children: Vec<Child> = (0..ways)
        .map(|k| {
            me().args(["cpu", &k.to_string(), &ways.to_string(), &limit.to_string()])
                .stdout(Stdio::piped())
                .spawn()
                .expect("spawn cpu child")
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().expect("cpu child output");
            assert!(out.status.success(), "cpu child failed");
            let mut line = String::new();
            BufReader::new(&out.stdout[..])
                .read_line(&mut line)
                .expect("read cpu child");
            line.trim()
                .parse::<u64>()
                .expect("cpu child prints a number")
        })
        .sum()
}

pub fn speedup(cfg: &Config) -> Speedup {
    let (limit, ways, r) = (cfg.cpu_limit, cfg.cores as u64, cfg.runs);
    let expected = collatz_chunk(0, 1, limit);
    let (ct, mt) = (runtime(false), runtime(true));
    let threads = || {
        std::thread::scope(|s| {
            let hs: Vec<_> = (0..ways)
                .map(|k| s.spawn(move || collatz_chunk(k, ways, limit)))
                .collect();
            hs.into_iter()
                .map(|h| h.join().expect("cpu thread panicked"))
                .sum()
        })
    };
    let rayon = || (1..=limit).into_par_iter().map(collatz_steps).sum();
    Speedup {
        limit,
        result: expected,
        sequential: Stat::of(
            "seq",
            repeat(r, || timed(expected, || collatz_chunk(0, 1, limit))),
        ),
        threads: Stat::of("threads", repeat(r, || timed(expected, threads))),
        rayon: Stat::of("rayon", repeat(r, || timed(expected, rayon))),
        processes: Stat::of(
            "processes",
            repeat(r, || timed(expected, || cpu_processes(ways, limit))),
        ),
        tokio_current_thread: Stat::of(
            "cpu ct",
            repeat(r, || timed(expected, || cpu_tasks(&ct, ways, limit))),
        ),
        tokio_multi_thread: Stat::of(
            "cpu mt",
            repeat(r, || timed(expected, || cpu_tasks(&mt, ways, limit))),
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Ten thousand waits: `n` units each wait `wait_ms` at once; wall time for all of them.

#[derive(Debug, Serialize)]
pub struct Waits {
    pub count: usize,
    pub ideal: f64,
    pub tokio_multi_thread: Stat,
    pub tokio_current_thread: Stat,
    pub threads: Stat,
    pub threads_error: Option<String>,
}

fn wait_tasks(rt: &Runtime, n: usize, wait: Duration) -> f64 {
    rt.block_on(async {
        let start = Instant::now();
        let handles: Vec<_> = (0..n)
            .map(|_| tokio::spawn(tokio::time::sleep(wait)))
            .collect();
        for h in handles {
            h.await.expect("waiting task panicked");
        }
        start.elapsed().as_secs_f64()
    })
}

fn wait_threads(n: usize, wait: Duration, error: &mut Option<String>) -> f64 {
    let start = Instant::now();
    let mut handles = Vec::with_capacity(n);
    for _ in 0..n {
        match std::thread::Builder::new().spawn(move || std::thread::sleep(wait)) {
            Ok(h) => handles.push(h),
            Err(e) => {
                *error = Some(format!(
                    "only {} of {n} threads could start: {e}",
                    handles.len()
                ));
                break;
            }
        }
    }
    for h in handles {
        h.join().expect("waiting thread panicked");
    }
    start.elapsed().as_secs_f64()
}

pub fn waits(cfg: &Config) -> Waits {
    let wait = Duration::from_millis(cfg.wait_ms);
    let (ct, mt) = (runtime(false), runtime(true));
    let r = cfg.runs.min(5);
    let mut threads_error = None;
    Waits {
        count: cfg.waits,
        ideal: wait.as_secs_f64(),
        tokio_multi_thread: Stat::of("waits mt", repeat(r, || wait_tasks(&mt, cfg.waits, wait))),
        tokio_current_thread: Stat::of("waits ct", repeat(r, || wait_tasks(&ct, cfg.waits, wait))),
        threads: Stat::of(
            "waits threads",
            repeat(r, || wait_threads(cfg.waits, wait, &mut threads_error)),
        ),
        threads_error,
    }
}
