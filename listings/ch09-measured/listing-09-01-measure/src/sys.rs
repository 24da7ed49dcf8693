//! What the machine is, and what /proc says about memory.

use serde::Serialize;
use std::process::Command;

/// A "Key:   1234 kB" line of /proc/<pid>/status, /proc/meminfo or smaps_rollup, in bytes.
fn field_bytes(text: &str, key: &str) -> Option<f64> {
    text.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        let kb: f64 = rest.split_whitespace().next()?.parse().ok()?;
        Some(kb * 1024.0)
    })
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Bytes of `key` in /proc/<pid>/status ("self" for this process).
pub fn status(pid: &str, key: &str) -> f64 {
    field_bytes(&read(&format!("/proc/{pid}/status")), key).unwrap_or(0.0)
}

/// Bytes of `key` in /proc/meminfo (system-wide: other programs move it too).
pub fn meminfo(key: &str) -> f64 {
    field_bytes(&read("/proc/meminfo"), key).unwrap_or(0.0)
}

/// Rss and Pss of a process, from /proc/<pid>/smaps_rollup, in bytes.
pub fn rss_pss(pid: u32) -> Option<(f64, f64)> {
    let text = read(&format!("/proc/{pid}/smaps_rollup"));
    Some((field_bytes(&text, "Rss")?, field_bytes(&text, "Pss")?))
}

/// What the kernel keeps for each thread, system-wide: kernel stacks and page tables.
pub fn kernel_bytes() -> f64 {
    meminfo("KernelStack") + meminfo("PageTables")
}

/// The size of the kernel's `struct task_struct`, from /proc/slabinfo (readable by root only).
pub fn task_struct_bytes() -> Option<u64> {
    read("/proc/slabinfo").lines().find_map(|line| {
        let mut cols = line.split_whitespace();
        (cols.next()? == "task_struct").then_some(())?;
        cols.nth(2)?.parse().ok()
    })
}

/// The share of all cores that other programs kept busy during one second, from /proc/stat
/// (idle and iowait count as free). Unlike the load average, which decays over minutes, it says
/// what the machine is doing now.
pub fn cpu_busy_over_a_second() -> Option<f64> {
    fn sample() -> Option<(u64, u64)> {
        let stat = read("/proc/stat");
        let fields: Vec<u64> = stat
            .lines()
            .next()?
            .split_whitespace()
            .skip(1)
            .filter_map(|f| f.parse().ok())
            .collect();
        let free = fields.get(3)? + fields.get(4).copied().unwrap_or(0);
        Some((fields.iter().sum(), free))
    }
    let (total_before, free_before) = sample()?;
    std::thread::sleep(std::time::Duration::from_secs(1));
    let (total_after, free_after) = sample()?;
    let total = total_after.checked_sub(total_before).filter(|&t| t > 0)?;
    Some(1.0 - free_after.saturating_sub(free_before) as f64 / total as f64)
}

pub fn loadavg() -> String {
    read("/proc/loadavg")
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Clone, Debug, Serialize)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub virtual_machine: bool,
    pub memory: String,
    pub os: String,
    pub kernel: String,
    pub rustc: String,
    pub python: Option<String>,
    pub date: String,
    pub threads_max: String,
    pub ulimit_u: String,
    pub task_struct: Option<u64>,
}

impl Machine {
    pub fn describe(python: Option<String>) -> Machine {
        let cpuinfo = read("/proc/cpuinfo");
        let cpu = cpuinfo
            .lines()
            .find_map(|l| {
                l.strip_prefix("model name")?
                    .split_once(':')
                    .map(|(_, v)| v.trim())
            })
            .unwrap_or("unknown CPU")
            .to_string();
        let virtual_machine = cpuinfo
            .lines()
            .any(|l| l.starts_with("flags") && l.split_whitespace().any(|f| f == "hypervisor"));
        let os = read("/etc/os-release")
            .lines()
            .find_map(|l| {
                l.strip_prefix("PRETTY_NAME=")
                    .map(|v| v.trim_matches('"').to_string())
            })
            .unwrap_or_else(|| "unknown OS".to_string());
        Machine {
            cpu,
            cores: cores(),
            virtual_machine,
            memory: format!(
                "{} GiB",
                crate::stats::num(meminfo("MemTotal") / f64::from(1u32 << 30))
            ),
            os,
            kernel: format!("Linux {}", read("/proc/sys/kernel/osrelease").trim()),
            rustc: command_line("rustc", &["--version"])
                .unwrap_or_else(|| "rustc (unknown)".into()),
            python,
            date: today(),
            threads_max: read("/proc/sys/kernel/threads-max").trim().to_string(),
            ulimit_u: max_processes(),
            task_struct: task_struct_bytes(),
        }
    }

    /// "AMD EPYC, 2 cores, Linux 6.18 (virtual machine)": for captions.
    pub fn short(&self) -> String {
        let kernel: String = self.kernel.split('.').take(2).collect::<Vec<_>>().join(".");
        let vm = if self.virtual_machine {
            ", virtual machine"
        } else {
            ""
        };
        format!("{}, {} cores, {kernel}{vm}", self.cpu, self.cores)
    }
}

/// `ulimit -u`: the soft limit on this user's processes and threads, from /proc/self/limits.
fn max_processes() -> String {
    read("/proc/self/limits")
        .lines()
        .find_map(|l| {
            l.strip_prefix("Max processes")?
                .split_whitespace()
                .next()
                .map(str::to_string)
        })
        .unwrap_or_else(|| "unknown".into())
}

pub fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// First line of a command's output, if it ran.
pub fn command_line(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    Some(text.lines().next()?.trim().to_string()).filter(|s| !s.is_empty())
}

/// Today's date (UTC) as YYYY-MM-DD, from the system clock (civil-from-days, H. Hinnant).
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
