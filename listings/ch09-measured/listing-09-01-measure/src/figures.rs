//! Every figure in the tables, described once: its id (where results.json keeps it), its label,
//! its unit (the type of its value), its table and chart, and the figure of the other language it
//! is compared with (the other side of its row; in the network table, tokio's line). The tables
//! (report.rs), the charts and the "Python ÷ Rust" and "÷ tokio" columns are all made from this one
//! list, so a label reads the same everywhere.

use crate::bench::{MemFigure, MemSample, Model, mem_figure};
use crate::charts::{Bar, Chart};
use crate::net::{NetRow, Network, PerConnection, Server};
use crate::python::{self, Output};
use crate::report::{Results, thousands};
use crate::stats::{Stat, fmt_time_one, ratio};

/// The value of a figure: its type is the figure's unit.
pub trait Value: Clone {
    /// The figure a chart draws and "Python ÷ Rust" divides.
    fn headline(&self) -> Stat;
}

/// Seconds: per unit, per round trip, or a whole run's wall time.
impl Value for Stat {
    fn headline(&self) -> Stat {
        *self
    }
}

/// Bytes per idle unit; real memory is the headline (for a process, its proportional share).
impl Value for MemFigure {
    fn headline(&self) -> Stat {
        self.pss.unwrap_or(self.real)
    }
}

/// Times faster than sequential; the model's time is beside it in the table.
impl Value for Model {
    fn headline(&self) -> Stat {
        self.speedup
    }
}

/// A figure of one language.
#[derive(Clone)]
pub struct Figure<V> {
    /// Its place in results.json: "spawn.thread", "python.spawn.threading", "network.rows.0.rate".
    pub id: String,
    pub label: String,
    /// None where this machine cannot measure it: no python3, no /bin/true, a single core.
    pub value: Option<V>,
}

/// One side of a row: a figure, or what the table says where that language has none.
#[derive(Clone)]
pub enum Side<V> {
    Figure(Figure<V>),
    Nothing(&'static str),
}

/// A line of a table: a Rust figure and the Python figure it is compared with.
pub struct Row<V> {
    pub rust: Side<V>,
    pub python: Side<V>,
    /// Drawn in the table's chart too.
    pub charted: bool,
}

/// A table (src/measured/NAME.md) and its chart (NAME.svg).
pub struct Table<V> {
    pub name: &'static str,
    pub chart: Chart,
    pub rows: Vec<Row<V>>,
}

/// The tables other chapters include, one per measurement.
pub struct Catalogue {
    pub spawn: Table<Stat>,
    pub memory: Table<MemFigure>,
    pub handoff: Table<Stat>,
    pub speedup: Table<Model>,
    pub waits: Table<Stat>,
    pub network: Lines,
}

/// The network table, unlike the others, has a line per server (Rust's and Python's) and number
/// of connections, and compares each figure with tokio's at the same number ("÷ tokio").
pub struct Lines {
    pub name: &'static str,
    /// The timed figures each line has, in the table's order.
    pub columns: Vec<Column>,
    pub lines: Vec<Line>,
}

/// A timed figure of every line of the network table: its header, and its chart if it has one.
pub struct Column {
    /// Its key in each of results.json's network rows.
    pub key: &'static str,
    pub header: &'static str,
    pub unit: Unit,
    /// A "÷ tokio" column follows it: the figure over tokio's at the same number of connections.
    pub against_tokio: bool,
    /// Its chart's file name and chart.
    pub chart: Option<(&'static str, Chart)>,
    value: fn(&NetRow) -> Option<Stat>,
}

/// What a network figure counts.
#[derive(Clone, Copy)]
pub enum Unit {
    PerSecond,
    Seconds,
    /// Cores kept busy: CPU seconds per second.
    Cores,
}

/// A server at one number of connections.
pub struct Line {
    pub label: String,
    pub python: bool,
    /// One figure per column, in the columns' order.
    pub timed: Vec<Figure<Stat>>,
    /// Its growth per open, idle connection.
    pub memory: Figure<PerConnection>,
    /// Threads in the server with every connection open.
    pub threads: Option<usize>,
    /// Why it was not measured, if it was skipped.
    pub skipped: Option<String>,
    /// The line of tokio's server at the same number of connections.
    tokio: Option<usize>,
}

/// A server's name in the tables and charts.
pub fn server_label(server: Server) -> &'static str {
    match server {
        Server::Tokio => "tokio, a task per connection",
        Server::Threads => "`std::thread` per connection",
        Server::PyAsyncio => "`asyncio.start_server`",
        Server::PyThreads => "`socketserver.ThreadingTCPServer`",
    }
}

/// The network list, from net.rs's rows (results.json's network.rows, in the same order).
pub fn network(n: &Network) -> Lines {
    let columns = vec![
        Column {
            key: "rate",
            header: "round trips per second",
            unit: Unit::PerSecond,
            against_tokio: true,
            chart: Some((
                "network.svg",
                Chart {
                    title: "Echo round trips per second, by server and connections".into(),
                    x_desc: "thousand round trips per second",
                    scale: 1e-3,
                    log: false,
                    reference: None,
                },
            )),
            value: |row| row.rate,
        },
        Column {
            key: "server_cpu",
            header: "server CPU per round trip",
            unit: Unit::Seconds,
            against_tokio: true,
            chart: Some((
                "network-cpu.svg",
                log_chart(
                    "Server CPU time per round trip, by server and connections (log scale)",
                    "microseconds",
                    1e6,
                ),
            )),
            value: |row| row.server_cpu,
        },
        Column {
            key: "client_cpu",
            header: "client CPU per round trip",
            unit: Unit::Seconds,
            against_tokio: false,
            chart: None,
            value: |row| row.client_cpu,
        },
        Column {
            key: "cores",
            header: "cores busy, client + server",
            unit: Unit::Cores,
            against_tokio: false,
            chart: None,
            value: |row| row.cores,
        },
    ];
    let lines = (0..n.rows.len())
        .map(|i| network_line(n, i, &columns))
        .collect();
    Lines {
        name: "network",
        columns,
        lines,
    }
}

/// Line `i` of the network table: results.json's network.rows[i], a figure per column.
fn network_line(n: &Network, i: usize, columns: &[Column]) -> Line {
    let row = &n.rows[i];
    let label = format!(
        "{} ({})",
        server_label(row.server),
        thousands(row.connections)
    );
    let figure = |key: &str, value| Figure {
        id: format!("network.rows.{i}.{key}"),
        label: label.clone(),
        value,
    };
    Line {
        timed: columns
            .iter()
            .map(|c| figure(c.key, (c.value)(row)))
            .collect(),
        memory: Figure {
            id: format!("network.rows.{i}.memory"),
            label: label.clone(),
            value: row.memory.clone(),
        },
        python: row.server.python(),
        threads: row.threads,
        skipped: row.skipped.clone(),
        tokio: n
            .rows
            .iter()
            .position(|r| r.server == Server::Tokio && r.connections == row.connections),
        label,
    }
}

fn figure<V>(id: &str, label: impl Into<String>, value: impl Into<Option<V>>) -> Side<V> {
    Side::Figure(Figure {
        id: id.into(),
        label: label.into(),
        value: value.into(),
    })
}

fn row<V>(rust: Side<V>, python: Side<V>) -> Row<V> {
    Row {
        rust,
        python,
        charted: true,
    }
}

fn log_chart(title: &str, x_desc: &'static str, scale: f64) -> Chart {
    Chart {
        title: title.to_string(),
        x_desc,
        scale,
        log: true,
        reference: None,
    }
}

/// The list. Rust's figures are read from bench.rs's results, Python's from measure.py's output.
pub fn catalogue(r: &Results) -> Catalogue {
    let (s, m, h, up, w) = (&r.spawn, &r.memory, &r.handoff, &r.speedup, &r.waits);
    let (cfg, cores, n) = (&r.config, r.config.cores, thousands(r.waits.count));
    let py = r.python.as_ref();
    // Python's figures. Each is named once; the Rust rows that compare with one share it.
    let py_time = |id, label: &str, at: fn(&Output) -> Option<&python::Figure>| {
        figure(id, label, py.and_then(at).map(|f| f.stat(id)))
    };
    let py_model = |id, label: String, at: fn(&Output) -> &python::Pair| {
        figure(id, label, py.map(|p| at(p).model(id)))
    };
    // Idle units are counted in the label: as many as lived (as many as asked, if none measured).
    let idle = |id, label: &str, value: Option<MemFigure>, asked: usize| {
        let count = value.as_ref().map_or(asked, |f| f.alive);
        figure(id, format!("{label} (×{})", thousands(count)), value)
    };
    let py_idle = |id, label, asked, kernel_object, at: fn(&Output) -> &[MemSample]| {
        idle(
            id,
            label,
            py.map(|p| mem_figure(id, at(p), kernel_object)),
            asked,
        )
    };

    let asyncio_task = py_time("python.spawn.asyncio", "asyncio task", |p| {
        Some(&p.spawn.asyncio)
    });
    let spawn = Table {
        name: "spawn",
        chart: log_chart("Spawn + join, per unit (log scale)", "microseconds", 1e6),
        rows: vec![
            row(
                figure(
                    "spawn.tokio_current_thread",
                    "tokio task, current_thread runtime",
                    s.tokio_current_thread,
                ),
                asyncio_task.clone(),
            ),
            row(
                figure(
                    "spawn.tokio_multi_thread",
                    "tokio task, multi_thread runtime",
                    s.tokio_multi_thread,
                ),
                asyncio_task,
            ),
            row(
                figure("spawn.thread", "`std::thread`", s.thread),
                py_time("python.spawn.threading", "`threading.Thread`", |p| {
                    Some(&p.spawn.threading)
                }),
            ),
            row(
                figure(
                    "spawn.process_self",
                    "child process (this program again)",
                    s.process_self,
                ),
                py_time(
                    "python.spawn.mp_spawn",
                    "`multiprocessing`, \"spawn\"",
                    |p| Some(&p.spawn.mp_spawn),
                ),
            ),
            row(
                figure(
                    "spawn.process_true",
                    "child process (`/bin/true`)",
                    s.process_true,
                ),
                py_time(
                    "python.spawn.subprocess_true",
                    "`subprocess.Popen` (`/bin/true`)",
                    |p| p.spawn.subprocess_true.as_ref(),
                ),
            ),
            row(
                Side::Nothing("no safe `fork` in Rust"),
                py_time("python.spawn.mp_fork", "`multiprocessing`, \"fork\"", |p| {
                    Some(&p.spawn.mp_fork)
                }),
            ),
        ],
    };

    let memory = Table {
        name: "memory",
        chart: log_chart(
            "Idle memory, real, per unit (log scale)",
            "KiB",
            1.0 / 1024.0,
        ),
        rows: vec![
            row(
                idle(
                    "memory.task",
                    "tokio task waiting on a sleep",
                    Some(m.task.clone()),
                    cfg.idle_tasks,
                ),
                py_idle(
                    "python.memory.asyncio",
                    "asyncio task",
                    cfg.idle_tasks,
                    false, // a task is no kernel object
                    |p| &p.memory.asyncio,
                ),
            ),
            row(
                idle(
                    "memory.thread",
                    "`std::thread`, asleep",
                    Some(m.thread.clone()),
                    cfg.idle_threads,
                ),
                py_idle(
                    "python.memory.threading",
                    "`threading.Thread`",
                    cfg.idle_threads,
                    true,
                    |p| &p.memory.threading,
                ),
            ),
            row(
                idle(
                    "memory.process",
                    "child process, asleep",
                    Some(m.process.clone()),
                    cfg.idle_processes,
                ),
                py_idle(
                    "python.memory.mp_fork",
                    "`multiprocessing`, \"fork\"",
                    cfg.idle_processes,
                    true,
                    |p| &p.memory.mp_fork,
                ),
            ),
        ],
    };

    let asyncio_pair = py_time(
        "python.handoff.asyncio",
        "two asyncio tasks, `asyncio.Queue`",
        |p| Some(&p.handoff.asyncio),
    );
    let handoff = Table {
        name: "handoff",
        chart: log_chart("Hand-off round trip (log scale)", "microseconds", 1e6),
        rows: vec![
            row(
                figure(
                    "handoff.tokio_current_thread",
                    "two tokio tasks, `mpsc`, current_thread",
                    h.tokio_current_thread,
                ),
                asyncio_pair.clone(),
            ),
            row(
                figure(
                    "handoff.tokio_multi_thread",
                    "two tokio tasks, `mpsc`, multi_thread",
                    h.tokio_multi_thread,
                ),
                asyncio_pair,
            ),
            row(
                figure(
                    "handoff.thread_same_core",
                    "two threads on one core, `std::sync::mpsc`",
                    h.thread_same_core,
                ),
                py_time(
                    "python.handoff.threading_same_core",
                    "two threads on one core, `queue.Queue`",
                    |p| Some(&p.handoff.threading_same_core),
                ),
            ),
            row(
                figure(
                    "handoff.thread_two_cores",
                    "two threads on two cores, `std::sync::mpsc`",
                    h.thread_two_cores,
                ),
                py_time(
                    "python.handoff.threading_two_cores",
                    "two threads on two cores, `queue.Queue`",
                    |p| p.handoff.threading_two_cores.as_ref(),
                ),
            ),
            row(
                figure(
                    "handoff.process",
                    "two processes, a pipe each way",
                    h.process,
                ),
                py_time(
                    "python.handoff.mp_pipe",
                    "two processes, `multiprocessing.Pipe`",
                    |p| Some(&p.handoff.mp_pipe),
                ),
            ),
        ],
    };

    let speedup = Table {
        name: "speedup",
        chart: Chart {
            title: "CPU-bound speed-up over sequential".into(),
            x_desc: "times faster",
            scale: 1.0,
            log: false,
            reference: Some((cores as f64, format!("the limit: {cores} cores"))),
        },
        rows: vec![
            // Sequential against itself: a row for the table, not a bar.
            Row {
                charted: false,
                ..row(
                    figure(
                        "speedup.sequential",
                        "sequential, one thread",
                        up.sequential,
                    ),
                    py_model("python.speedup.sequential", "sequential".into(), |p| {
                        &p.speedup.sequential
                    }),
                )
            },
            row(
                figure(
                    "speedup.threads",
                    format!("{cores} `std::thread`s"),
                    up.threads,
                ),
                py_model(
                    "python.speedup.threading",
                    format!("{cores} `threading.Thread`s"),
                    |p| &p.speedup.threading,
                ),
            ),
            row(
                figure("speedup.rayon", "rayon `into_par_iter().sum()`", up.rayon),
                Side::Nothing("(no rayon)"),
            ),
            row(
                figure(
                    "speedup.processes",
                    format!("{cores} child processes"),
                    up.processes,
                ),
                py_model(
                    "python.speedup.multiprocessing",
                    format!("`multiprocessing.Pool({cores})`"),
                    |p| &p.speedup.multiprocessing,
                ),
            ),
            row(
                figure(
                    "speedup.tokio_current_thread",
                    format!("{cores} tokio tasks, current_thread"),
                    up.tokio_current_thread,
                ),
                py_model(
                    "python.speedup.asyncio",
                    format!("{cores} asyncio tasks"),
                    |p| &p.speedup.asyncio,
                ),
            ),
            row(
                figure(
                    "speedup.tokio_multi_thread",
                    format!("{cores} tokio tasks, multi_thread"),
                    up.tokio_multi_thread,
                ),
                Side::Nothing("(no counterpart)"),
            ),
        ],
    };

    let asyncio_waits = py_time("python.waits.asyncio", &format!("{n} asyncio tasks"), |p| {
        Some(&p.waits.asyncio)
    });
    let waits = Table {
        name: "waits",
        chart: Chart {
            title: format!(
                "{n} concurrent waits of {}: wall time",
                fmt_time_one(w.ideal)
            ),
            x_desc: "seconds",
            scale: 1.0,
            log: false,
            reference: Some((w.ideal, "the ideal: one wait".into())),
        },
        rows: vec![
            row(
                figure(
                    "waits.tokio_multi_thread",
                    format!("{n} tokio tasks, multi_thread"),
                    w.tokio_multi_thread,
                ),
                asyncio_waits.clone(),
            ),
            row(
                figure(
                    "waits.tokio_current_thread",
                    format!("{n} tokio tasks, current_thread"),
                    w.tokio_current_thread,
                ),
                asyncio_waits,
            ),
            row(
                figure("waits.threads", format!("{n} `std::thread`s"), w.threads),
                py_time(
                    "python.waits.threading",
                    &format!("{n} `threading.Thread`s"),
                    |p| Some(&p.waits.threading),
                ),
            ),
        ],
    };

    Catalogue {
        spawn,
        memory,
        handoff,
        speedup,
        waits,
        network: network(&r.network),
    }
}

impl<V: Value> Side<V> {
    pub fn label(&self) -> &str {
        match self {
            Side::Figure(f) => &f.label,
            Side::Nothing(note) => note,
        }
    }

    pub fn value(&self) -> Option<&V> {
        match self {
            Side::Figure(f) => f.value.as_ref(),
            Side::Nothing(_) => None,
        }
    }

    /// The figure's cell: its value, formatted, or "n/a".
    pub fn cell(&self, format: impl Fn(&V) -> String) -> String {
        self.value().map(format).unwrap_or_else(|| "n/a".into())
    }

    fn as_figure(&self) -> Option<&Figure<V>> {
        match self {
            Side::Figure(f) => Some(f),
            Side::Nothing(_) => None,
        }
    }
}

impl<V: Value> Row<V> {
    /// How many times the Rust figure the Python one is: above 1× Python is slower (or holds
    /// more, or gains less); marked † if either figure is.
    pub fn python_over_rust(&self) -> String {
        let headline = |side: &Side<V>| side.value().map(Value::headline);
        ratio(headline(&self.python), headline(&self.rust))
    }
}

impl<V: Value> Table<V> {
    /// Every figure once, in the rows' order (Python's after the last row that compares with it),
    /// with whether it is Python's; `only_charted`: of the rows the chart draws.
    fn figures(&self, only_charted: bool) -> Vec<(&Figure<V>, bool)> {
        let rows: Vec<&Row<V>> = self
            .rows
            .iter()
            .filter(|row| row.charted || !only_charted)
            .collect();
        let mut all = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            all.extend(row.rust.as_figure().map(|f| (f, false)));
            if let Some(f) = row.python.as_figure() {
                let again = rows[i + 1..]
                    .iter()
                    .any(|later| later.python.as_figure().is_some_and(|g| g.id == f.id));
                if !again {
                    all.push((f, true));
                }
            }
        }
        all
    }

    /// The figure with this id (another table, such as overhead.md, quotes it).
    pub fn figure(&self, id: &str) -> &Figure<V> {
        self.figures(false)
            .into_iter()
            .find(|(f, _)| f.id == id)
            .unwrap_or_else(|| panic!("no figure {id} in the {} table", self.name))
            .0
    }

    /// The chart's bars: each measured figure of a charted row once, Rust's and Python's.
    pub fn bars(&self) -> Vec<Bar> {
        self.figures(true)
            .into_iter()
            .filter_map(|(f, python)| {
                Some(Bar::new(&f.label, f.value.as_ref()?.headline(), python))
            })
            .collect()
    }

    /// Each figure's headline, once: for the † note, and the count of watched figures.
    pub fn watched(&self) -> Vec<Stat> {
        self.figures(false)
            .into_iter()
            .filter_map(|(f, _)| Some(f.value.as_ref()?.headline()))
            .collect()
    }

    /// Every id with whether it has a value, to check it against results.json.
    fn ids(&self) -> Vec<(&str, bool)> {
        self.figures(false)
            .into_iter()
            .map(|(f, _)| (f.id.as_str(), f.value.is_some()))
            .collect()
    }
}

impl Lines {
    /// Line `line`'s figure of column `column` over tokio's at the same number of connections
    /// (marked † if either is).
    pub fn over_tokio(&self, line: usize, column: usize) -> String {
        let value = |line: usize| self.lines[line].timed[column].value;
        ratio(value(line), self.lines[line].tokio.and_then(value))
    }

    /// Every timed figure: the watched ones.
    pub fn watched(&self) -> Vec<Stat> {
        self.lines
            .iter()
            .flat_map(|line| line.timed.iter().filter_map(|f| f.value))
            .collect()
    }

    /// Each charted column's chart: (file name, chart, a bar per measured line).
    pub fn charts(&self) -> Vec<(String, &Chart, Vec<Bar>)> {
        self.columns
            .iter()
            .enumerate()
            .filter_map(|(c, column)| {
                let (file, chart) = column.chart.as_ref()?;
                let bars = self
                    .lines
                    .iter()
                    .filter_map(|line| {
                        let f = &line.timed[c];
                        Some(Bar::new(&f.label, f.value?, line.python))
                    })
                    .collect();
                Some((file.to_string(), chart, bars))
            })
            .collect()
    }

    fn ids(&self) -> Vec<(&str, bool)> {
        self.lines
            .iter()
            .flat_map(|line| {
                let timed = line
                    .timed
                    .iter()
                    .map(|f| (f.id.as_str(), f.value.is_some()));
                timed.chain([(line.memory.id.as_str(), line.memory.value.is_some())])
            })
            .collect()
    }
}

impl Catalogue {
    /// Every timed figure, once: they are the watched ones (memory is not timed).
    pub fn watched(&self) -> Vec<Stat> {
        [
            self.spawn.watched(),
            self.handoff.watched(),
            self.speedup.watched(),
            self.waits.watched(),
            self.network.watched(),
        ]
        .concat()
    }

    /// Each table's chart: (file name, chart, bars).
    pub fn charts(&self) -> Vec<(String, &Chart, Vec<Bar>)> {
        let svg = |name: &str| format!("{name}.svg");
        vec![
            (svg(self.spawn.name), &self.spawn.chart, self.spawn.bars()),
            (
                svg(self.memory.name),
                &self.memory.chart,
                self.memory.bars(),
            ),
            (
                svg(self.handoff.name),
                &self.handoff.chart,
                self.handoff.bars(),
            ),
            (
                svg(self.speedup.name),
                &self.speedup.chart,
                self.speedup.bars(),
            ),
            (svg(self.waits.name), &self.waits.chart, self.waits.bars()),
        ]
        .into_iter()
        .chain(self.network.charts())
        .collect()
    }

    /// Checks that each id is the figure's place in results.json: a value there exactly when the
    /// figure has one. So an id cannot name a place that is not there.
    pub fn check_ids(&self, json: &serde_json::Value) {
        let ids = [
            self.spawn.ids(),
            self.memory.ids(),
            self.handoff.ids(),
            self.speedup.ids(),
            self.waits.ids(),
            self.network.ids(),
        ]
        .concat();
        for (id, measured) in ids {
            let at = json.pointer(&format!("/{}", id.replace('.', "/")));
            let found = match at {
                Some(value) => value.is_null() != measured,
                // No python3: results.json has no Python figures at all.
                None => !measured && id.starts_with("python.") && json["python"].is_null(),
            };
            assert!(
                found,
                "figure {id} is not where results.json has it: {at:?}"
            );
        }
    }
}
