//! The five measurements, Rust side.

use crate::stats::{Stat, measure, measure_each};
use crate::sys;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
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
    /// The CPU job is dealt out in `cores × chunks_per_core` chunks, to whichever worker is free.
    pub chunks_per_core: u64,
    pub python_chunks_per_core: u64,
    pub python_handoff_tasks: usize,
    pub python_handoff_others: usize,
    pub waits: usize,
    pub wait_ms: u64,
    /// Many connections: open connections, one row per count; seconds of round trips per run,
    /// after a lead-in of round trips that are not counted.
    pub net_sizes: Vec<usize>,
    pub net_lead_in: f64,
    pub net_seconds: f64,
    pub net_runs: usize,
    pub cores: usize,
    /// The watch's rules, passed to measure.py so Python's figures are judged the same way.
    pub foreign_share: f64,
    pub foreign_ticks: f64,
    pub tries: usize,
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
            chunks_per_core: 64,
            python_chunks_per_core: 16,
            python_handoff_tasks: 10_000,
            python_handoff_others: 5_000,
            waits: 10_000,
            wait_ms: 100,
            net_sizes: vec![1_000, 10_000],
            net_lead_in: 0.2,
            net_seconds: 1.0,
            net_runs: 5,
            cores: sys::cores(),
            foreign_share: crate::stats::FOREIGN_SHARE,
            foreign_ticks: crate::stats::FOREIGN_TICKS,
            tries: 3,
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
            chunks_per_core: 16,
            python_chunks_per_core: 4,
            python_handoff_tasks: 500,
            python_handoff_others: 200,
            waits: 1_000,
            wait_ms: 50,
            net_sizes: vec![50],
            net_lead_in: 0.02,
            net_seconds: 0.1,
            net_runs: 1,
            cores: sys::cores(),
            foreign_share: crate::stats::FOREIGN_SHARE,
            foreign_ticks: crate::stats::FOREIGN_TICKS,
            tries: 2,
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

pub fn me() -> Command {
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
        tokio_current_thread: measure("spawn tokio ct", r, || spawn_tasks(&ct, cfg.spawn_tasks)),
        tokio_multi_thread: measure("spawn tokio mt", r, || spawn_tasks(&mt, cfg.spawn_tasks)),
        thread: measure("spawn thread", r, || spawn_threads(cfg.spawn_threads)),
        process_self: measure("spawn process", r, || {
            spawn_processes(cfg.spawn_processes, || {
                let mut cmd = me();
                cmd.arg("noop");
                cmd
            })
        }),
        process_true: true_program().map(|p| {
            measure("spawn /bin/true", r, || {
                spawn_processes(cfg.spawn_processes, || Command::new(p))
            })
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Idle memory: many units alive and waiting; bytes per unit.

/// One run's readings (totals, not per unit), as a child (or measure.py) prints them. Every key
/// must be there: `pss` and `error` may be null, not missing, and an unknown key is an error.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemSample {
    pub count: usize,
    pub alive: usize,
    pub rss: f64,
    pub virt: f64,
    pub kernel: f64,
    #[serde(deserialize_with = "Option::deserialize")]
    pub pss: Option<f64>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub error: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
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
    /// False for a task: the kernel holds nothing of it, so its kernel reading is others' noise.
    pub kernel_object: bool,
    pub error: Option<String>,
}

pub fn mem_figure(label: &str, samples: &[MemSample], kernel_object: bool) -> MemFigure {
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
        kernel_object,
        error: samples.iter().find_map(|s| s.error.clone()),
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
            &runs(&|| child_sample("mem-tasks", cfg.idle_tasks)),
            false, // a task is no kernel object
        ),
        thread: mem_figure(
            "idle thread",
            &runs(&|| child_sample("mem-threads", cfg.idle_threads)),
            true,
        ),
        process: mem_figure(
            "idle process",
            &runs(&|| idle_processes(cfg.idle_processes)),
            true,
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Hand-off round trip: A sends to B, B sends back; seconds per round trip.

#[derive(Debug, Serialize)]
pub struct Handoff {
    pub tokio_current_thread: Stat,
    pub tokio_multi_thread: Stat,
    /// Both threads pinned to one core: every hand-off is a context switch on that core.
    pub thread_same_core: Stat,
    /// Pinned to two different cores: every hand-off wakes the other core (None on one core).
    pub thread_two_cores: Option<Stat>,
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

/// Two threads, each pinned to its CPU (the same one, or two), pass a number back and forth.
fn handoff_threads(n: usize, (ping_cpu, pong_cpu): (usize, usize)) -> f64 {
    let (to_pong, pong_rx) = mpsc::channel::<usize>();
    let (to_ping, ping_rx) = mpsc::channel::<usize>();
    let pong = std::thread::spawn(move || {
        sys::pin_this_thread(pong_cpu);
        for v in pong_rx {
            to_ping.send(v + 1).expect("ping is gone");
        }
    });
    // Ping is a thread of its own too, so pinning it leaves the tool's main thread free.
    let ping = std::thread::spawn(move || {
        sys::pin_this_thread(ping_cpu);
        // One round trip first: pong is running and pinned before the clock starts.
        to_pong.send(0).expect("pong is gone");
        assert_eq!(ping_rx.recv().expect("pong hung up"), 1);
        let start = Instant::now();
        for i in 0..n {
            to_pong.send(i).expect("pong is gone");
            assert_eq!(ping_rx.recv().expect("pong hung up"), i + 1);
        }
        start.elapsed().as_secs_f64() / n as f64
    });
    let per = ping.join().expect("ping panicked");
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
    let cpus = sys::allowed_cpus();
    let first = *cpus.first().expect("at least one CPU to run on");
    Handoff {
        tokio_current_thread: measure("handoff ct", r, || handoff_tasks(&ct, cfg.handoff_tasks)),
        tokio_multi_thread: measure("handoff mt", r, || handoff_tasks(&mt, cfg.handoff_tasks)),
        thread_same_core: measure("handoff threads, one core", r, || {
            handoff_threads(cfg.handoff_threads, (first, first))
        }),
        thread_two_cores: cpus.get(1).map(|&second| {
            measure("handoff threads, two cores", r, || {
                handoff_threads(cfg.handoff_threads, (first, second))
            })
        }),
        process: measure("handoff process", r, || {
            handoff_processes(cfg.handoff_processes)
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// 4. CPU-bound speed-up: total Collatz steps of 1..=limit. The range is cut into many equal
//    chunks, and each worker takes the next chunk whenever it is free, so the workers finish
//    together however the cost of a number varies (odd numbers take more steps than even ones).

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

/// Total steps of the numbers `lo..=hi`.
pub fn collatz_range(lo: u64, hi: u64) -> u64 {
    (lo..=hi).map(collatz_steps).sum()
}

/// Chunk `i` of `chunks` equal slices of 1..=limit, as (lo, hi); None past the last.
pub fn chunk(i: u64, chunks: u64, limit: u64) -> Option<(u64, u64)> {
    let size = limit.div_ceil(chunks);
    let lo = i * size + 1;
    (i < chunks && lo <= limit).then(|| (lo, ((i + 1) * size).min(limit)))
}

/// The dealer: hands out chunk after chunk, to whichever worker asks first.
pub struct Dealer {
    next: AtomicU64,
    chunks: u64,
    limit: u64,
}

impl Dealer {
    pub fn new(chunks: u64, limit: u64) -> Dealer {
        Dealer {
            next: AtomicU64::new(0),
            chunks,
            limit,
        }
    }

    pub fn take(&self) -> Option<(u64, u64)> {
        chunk(
            self.next.fetch_add(1, Ordering::Relaxed),
            self.chunks,
            self.limit,
        )
    }

    /// One worker's share: chunks until none are left; its total, and when it finished.
    pub fn work(&self) -> (u64, Instant) {
        let mut total = 0;
        while let Some((lo, hi)) = self.take() {
            total += collatz_range(lo, hi);
        }
        (total, Instant::now())
    }
}

/// One model against sequential. Their runs alternate, sequential then the model, so a drift of
/// the machine (a neighbour, a CPU's clock) moves both halves of a pair alike; the speed-up is
/// taken per pair, and its median and spread are those of the pairs' ratios.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Model {
    /// The model's own time per run.
    pub time: Stat,
    /// Sequential's time over the model's, pair by pair.
    pub speedup: Stat,
}

#[derive(Debug, Serialize)]
pub struct Speedup {
    pub limit: u64,
    /// The job's answer: the total number of steps, the same for every model.
    pub result: u64,
    pub chunks: u64,
    /// Sequential against itself: its speed-up's spread is what drift alone does to a ratio.
    pub sequential: Model,
    pub threads: Model,
    pub rayon: Model,
    pub processes: Model,
    pub tokio_current_thread: Model,
    pub tokio_multi_thread: Model,
    /// Per model, the median share of the cores' time left idle at the end, waiting for the
    /// last worker: (last finish − each finish) summed, over cores × wall time.
    pub idle_at_end: Vec<(String, f64)>,
}

/// Runs one model's job: checks its total, returns its seconds, and notes its idle end.
fn timed(expected: u64, idle: &mut Vec<f64>, f: impl FnOnce() -> Vec<(u64, Instant)>) -> f64 {
    let start = Instant::now();
    let shares = f();
    let secs = start.elapsed().as_secs_f64();
    let total: u64 = shares.iter().map(|(t, _)| t).sum();
    assert_eq!(total, expected, "every model must compute the same total");
    let last = shares.iter().map(|(_, at)| *at).max().expect("a share");
    let waited: f64 = shares
        .iter()
        .map(|(_, at)| (last - *at).as_secs_f64())
        .sum();
    idle.push(waited / (shares.len() as f64 * (last - start).as_secs_f64()));
    secs
}

fn cpu_threads(dealer: &Dealer, ways: u64) -> Vec<(u64, Instant)> {
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..ways).map(|_| s.spawn(|| dealer.work())).collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("cpu thread panicked"))
            .collect()
    })
}

fn cpu_tasks(rt: &Runtime, dealer: Arc<Dealer>, ways: u64) -> Vec<(u64, Instant)> {
    rt.block_on(async {
        let workers: Vec<_> = (0..ways)
            .map(|_| {
                let dealer = Arc::clone(&dealer);
                tokio::spawn(async move { dealer.work() })
            })
            .collect();
        let mut shares = Vec::new();
        for w in workers {
            shares.push(w.await.expect("cpu task panicked"));
        }
        shares
    })
}

/// One child process, fed chunks over its stdin by a thread of ours. Two chunks are in flight,
/// so the child always finds its next chunk waiting when it finishes one.
fn process_share(dealer: &Dealer) -> (u64, Instant) {
    let mut child = me()
        .arg("cpu")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn cpu child");
    let mut to_child = child.stdin.take().expect("child stdin");
    let mut from_child = BufReader::new(child.stdout.take().expect("child stdout"));
    let mut send = |(lo, hi): (u64, u64)| {
        to_child
            .write_all(format!("{lo} {hi}\n").as_bytes())
            .expect("send a chunk");
    };
    let (mut in_flight, mut total, mut line) = (0, 0, String::new());
    for _ in 0..2 {
        if let Some(c) = dealer.take() {
            send(c);
            in_flight += 1;
        }
    }
    while in_flight > 0 {
        line.clear();
        from_child.read_line(&mut line).expect("read cpu child");
        total += line
            .trim()
            .parse::<u64>()
            .expect("cpu child prints a number");
        in_flight -= 1;
        if let Some(c) = dealer.take() {
            send(c);
            in_flight += 1;
        }
    }
    let finished = Instant::now();
    drop(to_child); // EOF: the child exits
    assert!(child.wait().expect("wait for cpu child").success());
    (total, finished)
}

fn cpu_processes(dealer: &Dealer, ways: u64) -> Vec<(u64, Instant)> {
    std::thread::scope(|s| {
        let feeders: Vec<_> = (0..ways)
            .map(|_| s.spawn(|| process_share(dealer)))
            .collect();
        feeders
            .into_iter()
            .map(|f| f.join().expect("feeder thread panicked"))
            .collect()
    })
}

pub fn speedup(cfg: &Config) -> Speedup {
    let (limit, ways, r) = (cfg.cpu_limit, cfg.cores as u64, cfg.runs);
    let chunks = ways * cfg.chunks_per_core;
    let expected = collatz_range(1, limit);
    let (ct, mt) = (runtime(false), runtime(true));
    let dealer = || Dealer::new(chunks, limit);
    let sequential_run = || timed(expected, &mut Vec::new(), || vec![dealer().work()]);
    let mut idle: Vec<(String, Vec<f64>)> = Vec::new();
    // Each run of a model is a pair: sequential, then the model; its ratio is the pair's speed-up.
    let mut model = |name: &str, f: &mut dyn FnMut() -> Vec<(u64, Instant)>| {
        let mut ends = Vec::new();
        let [time, speedup] = measure_each(name, r, || {
            let sequential = sequential_run();
            let parallel = timed(expected, &mut ends, &mut *f);
            [parallel, sequential / parallel]
        });
        idle.push((name.to_string(), ends));
        Model { time, speedup }
    };
    let sequential = model("sequential", &mut || vec![dealer().work()]);
    let threads = model("threads", &mut || cpu_threads(&dealer(), ways));
    let processes = model("processes", &mut || cpu_processes(&dealer(), ways));
    let tokio_current_thread = model("tokio current_thread", &mut || {
        cpu_tasks(&ct, Arc::new(dealer()), ways)
    });
    let tokio_multi_thread = model("tokio multi_thread", &mut || {
        cpu_tasks(&mt, Arc::new(dealer()), ways)
    });
    // rayon splits the range itself, as a reader's code would let it: one share, its total.
    let rayon = model("rayon", &mut || {
        let total = (1..=limit).into_par_iter().map(collatz_steps).sum();
        vec![(total, Instant::now())]
    });
    // Sequential has one share, current_thread runs its tasks one after the other, and rayon's
    // workers are its own: the idle end is reported for the models that deal out chunks.
    let idle_at_end = idle
        .into_iter()
        .filter(|(name, _)| ["threads", "processes", "tokio multi_thread"].contains(&name.as_str()))
        .map(|(name, mut ends)| {
            ends.sort_by(f64::total_cmp);
            (name, ends[ends.len() / 2])
        })
        .collect();
    Speedup {
        limit,
        result: expected,
        chunks,
        sequential,
        threads,
        rayon,
        processes,
        tokio_current_thread,
        tokio_multi_thread,
        idle_at_end,
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
        tokio_multi_thread: measure("waits mt", r, || wait_tasks(&mt, cfg.waits, wait)),
        tokio_current_thread: measure("waits ct", r, || wait_tasks(&ct, cfg.waits, wait)),
        threads: measure("waits threads", r, || {
            wait_threads(cfg.waits, wait, &mut threads_error)
        }),
        threads_error,
    }
}
