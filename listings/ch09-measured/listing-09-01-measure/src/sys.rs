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

/// A count in /proc/<pid>/status, such as "Threads".
pub fn status_count(pid: &str, key: &str) -> Option<usize> {
    read(&format!("/proc/{pid}/status"))
        .lines()
        .find_map(|line| {
            let rest = line.strip_prefix(key)?.strip_prefix(':')?;
            rest.trim().parse().ok()
        })
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

/// Clock ticks per second, the unit of /proc/stat (100 on Linux).
pub fn clock_ticks() -> f64 {
    // SAFETY: sysconf reads a constant of the system; it has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if ticks > 0 { ticks as f64 } else { 100.0 }
}

/// CPU seconds that all the cores together spent busy since boot, from /proc/stat's "cpu" line:
/// user, nice, system, irq, softirq and steal (time the hypervisor gave this machine's CPUs to
/// someone else). Idle and iowait are free time; guest time is already inside user and nice.
pub fn busy_cpu_seconds() -> f64 {
    let stat = read("/proc/stat");
    let fields: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .skip(1)
        .take(8)
        .filter_map(|f| f.parse().ok())
        .collect();
    let busy: u64 = fields
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 3 && *i != 4)
        .map(|(_, v)| v)
        .sum();
    busy as f64 / clock_ticks()
}

/// CPU seconds used by this process (all its threads) and by the children it has waited for.
pub fn own_cpu_seconds() -> f64 {
    fn usage(who: libc::c_int) -> f64 {
        // SAFETY: a zeroed rusage is a valid value; getrusage only writes into it.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `u` is a valid, writable rusage.
        if unsafe { libc::getrusage(who, &mut u) } != 0 {
            return 0.0;
        }
        let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        secs(u.ru_utime) + secs(u.ru_stime)
    }
    usage(libc::RUSAGE_SELF) + usage(libc::RUSAGE_CHILDREN)
}

/// CPU seconds a running process has used so far, user and system, all its threads (those that
/// have exited too): the kernel's CPU clock of that process, as precise as the scheduler's clock,
/// where /proc/PID/stat's utime + stime count 10 ms ticks. `pid` None: this process.
pub fn process_cpu_seconds(pid: Option<u32>) -> f64 {
    let mut clock: libc::clockid_t = libc::CLOCK_PROCESS_CPUTIME_ID;
    if let Some(pid) = pid {
        let pid = libc::pid_t::try_from(pid).expect("a pid fits in pid_t");
        // SAFETY: `clock` is a valid, writable clockid_t.
        let rc = unsafe { libc::clock_getcpuclockid(pid, &mut clock) };
        // clock_getcpuclockid returns the error number itself, not -1.
        assert_eq!(
            rc,
            0,
            "the CPU clock of process {pid}: {}",
            std::io::Error::from_raw_os_error(rc)
        );
    }
    // SAFETY: a zeroed timespec is a valid value; clock_gettime only writes into it.
    let mut t: libc::timespec = unsafe { std::mem::zeroed() };
    // SAFETY: `t` is a valid, writable timespec.
    let rc = unsafe { libc::clock_gettime(clock, &mut t) };
    assert_eq!(
        rc,
        0,
        "read the CPU clock of {pid:?}: {}",
        std::io::Error::last_os_error()
    );
    t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
}

/// The CPUs this process may run on (its affinity mask), in order.
pub fn allowed_cpus() -> Vec<usize> {
    // SAFETY: a zeroed cpu_set_t is an empty set; sched_getaffinity fills it.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    let size = std::mem::size_of::<libc::cpu_set_t>();
    // SAFETY: `set` is a valid cpu_set_t of `size` bytes; pid 0 is the calling thread.
    if unsafe { libc::sched_getaffinity(0, size, &mut set) } != 0 {
        return Vec::new();
    }
    (0..libc::CPU_SETSIZE as usize)
        // SAFETY: CPU_ISSET reads the set within its bounds (CPU_SETSIZE).
        .filter(|&cpu| unsafe { libc::CPU_ISSET(cpu, &set) })
        .collect()
}

/// Pins the calling thread to one CPU: the scheduler runs it there and nowhere else.
pub fn pin_this_thread(cpu: usize) {
    // SAFETY: a zeroed cpu_set_t is an empty set.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: CPU_SET adds one CPU to the set, within its bounds.
    unsafe { libc::CPU_SET(cpu, &mut set) };
    let size = std::mem::size_of::<libc::cpu_set_t>();
    // SAFETY: `set` is a valid cpu_set_t of `size` bytes; pid 0 is the calling thread.
    let rc = unsafe { libc::sched_setaffinity(0, size, &set) };
    assert_eq!(
        rc,
        0,
        "pin a thread to CPU {cpu}: {}",
        std::io::Error::last_os_error()
    );
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
