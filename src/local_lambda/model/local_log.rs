//! A local invocation's log and error payloads, written as Lambda writes them so the same
//! parsers (REPORT line, error payload) read local and deployed runs alike.

use crate::logs::model::log_event::civil_from_days;

/// The most of one invocation's output Stratus keeps; the rest is dropped with a note.
pub const MAX_LOG_BYTES: usize = 1024 * 1024;

/// Said where a log was cut at [`MAX_LOG_BYTES`].
pub const TRUNCATED_NOTE: &str = "[log truncated]";

/// Lambda's limit on a synchronous response, in bytes.
pub const MAX_RESPONSE_BYTES: usize = 6 * 1024 * 1024;

/// How an invocation ended, for the REPORT line's `Status` field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndStatus {
    /// Returned (a raised error included: Lambda writes no status for it).
    Done,
    Timeout,
    /// The runtime failed: out of memory, exited, or its init failed.
    Error,
}

/// The numbers a REPORT line gives.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub request_id: String,
    pub duration_ms: f64,
    pub memory_size_mb: u32,
    pub max_memory_used_mb: u32,
    /// On a cold start only.
    pub init_duration_ms: Option<f64>,
    pub status: EndStatus,
    /// With `EndStatus::Error`: the runtime error, e.g. `Runtime.OutOfMemory`.
    pub error_type: Option<String>,
}

impl Report {
    /// Whole milliseconds, rounded up. Since August 2025 Lambda bills the init phase of
    /// managed runtimes too, so a cold start's billed duration includes it.
    pub fn billed_duration_ms(&self) -> u64 {
        let total = self.duration_ms + self.init_duration_ms.unwrap_or(0.0);
        if total.is_finite() && total > 0.0 {
            total.ceil() as u64
        } else {
            1
        }
    }

    /// `REPORT RequestId: ...\tDuration: 1.23 ms\t...`, tab-separated with a trailing tab.
    pub fn line(&self) -> String {
        let mut line = format!(
            "REPORT RequestId: {}\tDuration: {:.2} ms\tBilled Duration: {} ms\tMemory Size: {} MB\tMax Memory Used: {} MB\t",
            self.request_id,
            self.duration_ms.max(0.0),
            self.billed_duration_ms(),
            self.memory_size_mb,
            self.max_memory_used_mb
        );
        if let Some(init) = self.init_duration_ms {
            line.push_str(&format!("Init Duration: {:.2} ms\t", init.max(0.0)));
        }
        match self.status {
            EndStatus::Done => {}
            EndStatus::Timeout => line.push_str("Status: timeout\t"),
            EndStatus::Error => {
                line.push_str("Status: error\t");
                if let Some(error_type) = &self.error_type {
                    line.push_str(&format!("Error Type: {error_type}\t"));
                }
            }
        }
        line
    }
}

/// The whole log of one invocation: output before the event was handed over (a cold start's
/// init output), START, the invocation's output, END and REPORT. Output is shown lossily
/// when it is not UTF-8.
pub fn compose_log(
    before: &[u8],
    during: &[u8],
    truncated: bool,
    version: &str,
    report: &Report,
) -> String {
    let mut log = String::new();
    push_output(&mut log, before);
    log.push_str(&format!(
        "START RequestId: {} Version: {version}\n",
        report.request_id
    ));
    push_output(&mut log, during);
    if truncated {
        log.push_str(TRUNCATED_NOTE);
        log.push('\n');
    }
    log.push_str(&format!("END RequestId: {}\n", report.request_id));
    log.push_str(&report.line());
    log.push('\n');
    log
}

fn push_output(log: &mut String, output: &[u8]) {
    if output.is_empty() {
        return;
    }
    log.push_str(&String::from_utf8_lossy(output));
    if !log.ends_with('\n') {
        log.push('\n');
    }
}

/// `N.NN` seconds, as Lambda writes a timeout.
fn seconds(timeout_s: u32) -> String {
    format!("{timeout_s}.00")
}

/// The line Lambda writes into the log when a function times out.
pub fn timeout_log_line(epoch_ms: i64, request_id: &str, timeout_s: u32) -> String {
    format!(
        "{} {request_id} Task timed out after {} seconds\n",
        iso_time(epoch_ms),
        seconds(timeout_s)
    )
}

/// The payload of a timed-out invocation.
pub fn timeout_payload(request_id: &str, timeout_s: u32) -> String {
    runtime_error_payload(
        "Sandbox.Timedout",
        &format!(
            "RequestId: {request_id} Error: Task timed out after {} seconds",
            seconds(timeout_s)
        ),
    )
}

/// The payload of an invocation whose runtime went over the function's memory.
pub fn out_of_memory_payload(request_id: &str) -> String {
    runtime_error_payload(
        "Runtime.OutOfMemory",
        &format!("RequestId: {request_id} Error: Runtime exited with error: signal: killed"),
    )
}

/// How the runtime's process ended, as Lambda's `Runtime exited with error: ...` says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitKind {
    Code(i32),
    Signal(i32),
    /// The status was not available (the process could not be waited for).
    Unknown,
}

/// The payload of an invocation whose runtime exited before answering. A clean exit (a
/// handler's `process.exit()` or `sys.exit()`) is said as Lambda says it: without a reason.
pub fn exit_payload(request_id: &str, exit: ExitKind) -> String {
    if exit == ExitKind::Code(0) {
        return runtime_error_payload(
            "Runtime.ExitError",
            &format!("RequestId: {request_id} Error: Runtime exited without providing a reason"),
        );
    }
    let how = match exit {
        ExitKind::Code(code) => format!("exit status {code}"),
        ExitKind::Signal(9) => "signal: killed".to_owned(),
        ExitKind::Signal(signal) => format!("signal: {signal}"),
        ExitKind::Unknown => "exit status unknown".to_owned(),
    };
    runtime_error_payload(
        "Runtime.ExitError",
        &format!("RequestId: {request_id} Error: Runtime exited with error: {how}"),
    )
}

/// The payload of an invocation whose response was over Lambda's 6 MB.
/// `size_bytes` is `None` when the runtime sent it without a length (chunked).
pub fn response_too_large_payload(size_bytes: Option<u64>) -> String {
    let size = size_bytes.map_or_else(String::new, |n| format!(" ({n} bytes)"));
    runtime_error_payload(
        "Function.ResponseSizeTooLarge",
        &format!(
            "Response payload size{size} exceeded maximum allowed payload size ({MAX_RESPONSE_BYTES} bytes)."
        ),
    )
}

/// An error payload for a runtime that reported a non-JSON error body.
pub fn runtime_error_payload(error_type: &str, message: &str) -> String {
    serde_json::json!({ "errorType": error_type, "errorMessage": message }).to_string()
}

/// `YYYY/MM/DD/[$LATEST]` and 32 hex digits: a log stream name as Lambda makes one.
pub fn log_stream_name(epoch_ms: i64, version: &str, random: u128) -> String {
    let (year, month, day) = civil_from_days(epoch_ms.div_euclid(86_400_000));
    format!("{year:04}/{month:02}/{day:02}/[{version}]{random:032x}")
}

/// `2024-05-01T10:00:03.005Z`.
pub fn iso_time(epoch_ms: i64) -> String {
    let day_ms = epoch_ms.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(epoch_ms.div_euclid(86_400_000));
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        day_ms / 3_600_000,
        day_ms % 3_600_000 / 60_000,
        day_ms % 60_000 / 1000,
        day_ms % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lambda::model::lambda_log::{parse_function_error, parse_report};

    fn report(init: Option<f64>, status: EndStatus) -> Report {
        Report {
            request_id: "8f50-1".to_owned(),
            duration_ms: 1.234,
            memory_size_mb: 128,
            max_memory_used_mb: 40,
            init_duration_ms: init,
            status,
            error_type: (status == EndStatus::Error).then(|| "Runtime.OutOfMemory".to_owned()),
        }
    }

    #[test]
    fn report_lines_read_back_with_the_lambda_parser() {
        let cold = report(Some(80.123), EndStatus::Done);
        assert_eq!(
            cold.line(),
            "REPORT RequestId: 8f50-1\tDuration: 1.23 ms\tBilled Duration: 82 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 80.12 ms\t"
        );
        let log = compose_log(b"init says hi", b"hello\n", false, "$LATEST", &cold);
        assert!(log.starts_with("init says hi\nSTART RequestId: 8f50-1 Version: $LATEST\nhello\nEND RequestId: 8f50-1\nREPORT "));
        let parsed = parse_report(&log).expect("report");
        assert_eq!(parsed.request_id.as_deref(), Some("8f50-1"));
        assert_eq!(parsed.duration_ms, Some(1.23));
        assert_eq!(parsed.billed_duration_ms, Some(82.0));
        assert_eq!(parsed.memory_size_mb, Some(128));
        assert_eq!(parsed.max_memory_used_mb, Some(40));
        assert_eq!(parsed.init_duration_ms, Some(80.12));
        assert_eq!(parsed.status, None);
        let warm = parse_report(&compose_log(
            b"",
            b"",
            true,
            "$LATEST",
            &report(None, EndStatus::Timeout),
        ))
        .expect("report");
        assert_eq!(warm.init_duration_ms, None);
        assert_eq!(warm.billed_duration_ms, Some(2.0));
        assert_eq!(warm.status.as_deref(), Some("timeout"));
        let oom = report(None, EndStatus::Error).line();
        assert!(
            oom.ends_with("Status: error\tError Type: Runtime.OutOfMemory\t"),
            "{oom}"
        );
    }

    #[test]
    fn hostile_output_and_numbers_still_make_a_log() {
        let mut odd = report(Some(f64::NAN), EndStatus::Done);
        odd.duration_ms = -5.0;
        assert_eq!(odd.billed_duration_ms(), 1);
        let log = compose_log(b"\xff\xfe", b"no newline", true, "$LATEST", &odd);
        assert!(log.contains("\u{fffd}"));
        assert!(log.contains("no newline\n[log truncated]\nEND RequestId"));
        assert!(parse_report(&log).is_some());
    }

    #[test]
    fn error_payloads_read_back_with_the_lambda_parser() {
        let timeout = parse_function_error(timeout_payload("id-1", 3).as_bytes()).expect("error");
        assert_eq!(timeout.error_type.as_deref(), Some("Sandbox.Timedout"));
        assert_eq!(
            timeout.error_message.as_deref(),
            Some("RequestId: id-1 Error: Task timed out after 3.00 seconds")
        );
        let oom = parse_function_error(out_of_memory_payload("id-1").as_bytes()).expect("error");
        assert_eq!(
            oom.error_message.as_deref(),
            Some("RequestId: id-1 Error: Runtime exited with error: signal: killed")
        );
        let exit =
            parse_function_error(exit_payload("i", ExitKind::Code(3)).as_bytes()).expect("error");
        assert_eq!(exit.error_type.as_deref(), Some("Runtime.ExitError"));
        assert!(
            exit.error_message
                .unwrap_or_default()
                .ends_with("exit status 3")
        );
        assert!(exit_payload("i", ExitKind::Signal(9)).contains("signal: killed"));
        let clean = parse_function_error(exit_payload("i", ExitKind::Code(0)).as_bytes());
        assert_eq!(
            clean.and_then(|e| e.error_message).as_deref(),
            Some("RequestId: i Error: Runtime exited without providing a reason")
        );
        assert!(exit_payload("i", ExitKind::Unknown).contains("unknown"));
        let big = response_too_large_payload(Some(7_000_000));
        assert!(big.contains("Function.ResponseSizeTooLarge") && big.contains("7000000"));
        assert!(response_too_large_payload(None).contains("size exceeded"));
        // Quotes and newlines in messages stay valid JSON.
        assert!(parse_function_error(runtime_error_payload("a\"b", "c\n\"d").as_bytes()).is_some());
    }

    #[test]
    fn times_and_stream_names_are_lambdas() {
        assert_eq!(iso_time(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_time(1_714_557_603_005), "2024-05-01T10:00:03.005Z");
        assert_eq!(
            timeout_log_line(1_714_557_603_005, "id-1", 1),
            "2024-05-01T10:00:03.005Z id-1 Task timed out after 1.00 seconds\n"
        );
        let name = log_stream_name(1_714_557_603_005, "$LATEST", 0xabc);
        assert_eq!(name, "2024/05/01/[$LATEST]00000000000000000000000000000abc");
        assert!(iso_time(i64::MIN / 2).len() > 10, "far past still formats");
    }
}
