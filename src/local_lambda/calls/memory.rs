//! How much memory an instance uses: its process and the processes it started, from /proc.

/// A process tree this deep or this wide is not a handler's; stop counting there.
const MAX_PROCESSES: usize = 256;

/// Memory of a process and its descendants, in KiB.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemoryUse {
    /// Resident now (VmRSS).
    pub resident_kib: u64,
    /// The most each process was ever resident (VmHWM), summed.
    pub peak_kib: u64,
}

impl MemoryUse {
    /// KiB as Lambda's whole megabytes, rounded up.
    pub fn mb(kib: u64) -> u32 {
        u32::try_from(kib.div_ceil(1024)).unwrap_or(u32::MAX)
    }
}

/// The memory of `pid` and its descendants, or `None` once the process is gone.
pub fn measure(pid: u32) -> Option<MemoryUse> {
    let mut total = MemoryUse::default();
    let mut pending = vec![pid];
    let mut seen = 0;
    let mut found_root = false;
    while let Some(next) = pending.pop() {
        seen += 1;
        if seen > MAX_PROCESSES {
            break;
        }
        let Ok(status) = std::fs::read_to_string(format!("/proc/{next}/status")) else {
            continue;
        };
        found_root |= next == pid;
        let (resident, peak) = parse_status(&status);
        total.resident_kib += resident;
        total.peak_kib += peak.max(resident);
        pending.extend(children(next));
    }
    found_root.then_some(total)
}

/// VmRSS and VmHWM of a `/proc/PID/status` text, in KiB (0 when absent).
fn parse_status(status: &str) -> (u64, u64) {
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The children of every thread of `pid`.
fn children(pid: u32) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for task in tasks.flatten() {
        let Ok(text) = std::fs::read_to_string(task.path().join("children")) else {
            continue;
        };
        found.extend(
            text.split_whitespace()
                .filter_map(|n| n.parse::<u32>().ok()),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_fields_parse_and_odd_text_gives_zero() {
        let status = "Name:\tpython3\nVmHWM:\t   20480 kB\nVmRSS:\t   10240 kB\n";
        assert_eq!(parse_status(status), (10240, 20480));
        assert_eq!(parse_status("VmRSS: lots\n"), (0, 0));
        assert_eq!(parse_status(""), (0, 0));
        assert_eq!(MemoryUse::mb(1), 1);
        assert_eq!(MemoryUse::mb(2048), 2);
        assert_eq!(MemoryUse::mb(u64::MAX), u32::MAX);
    }

    #[test]
    fn this_process_is_measured() {
        let own = measure(std::process::id()).expect("this process exists");
        assert!(own.resident_kib > 0 && own.peak_kib >= own.resident_kib);
        assert!(measure(u32::MAX).is_none());
    }
}
