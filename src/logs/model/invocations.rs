//! Lambda log events grouped by invocation: `START`, `END` and `REPORT` lines name the
//! request id, runtime lines carry it in a tab-separated field, structured (JSON) lines in a
//! field; lines without one belong to the invocation open in their stream.

use std::collections::HashMap;

use super::json_line::json_text_field;
use super::log_event::LogEvent;
use crate::lambda::model::lambda_log::{ReportLine, parse_report};

/// One invocation's events (or a run of events outside any invocation).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Invocation {
    /// `None` for events no invocation claims (init logs, extensions).
    pub request_id: Option<String>,
    pub stream: String,
    /// Indexes into the events grouped, in their order.
    pub events: Vec<usize>,
    pub report: Option<ReportLine>,
    pub first_ms: i64,
    /// A line reported an error (a runtime's ERROR level, an error object, a failed status).
    pub error: bool,
    pub timed_out: bool,
}

/// The request id a line names, if any.
pub fn request_id_of(message: &str) -> Option<String> {
    for marker in ["START RequestId: ", "END RequestId: ", "REPORT RequestId: "] {
        if let Some(rest) = message.strip_prefix(marker) {
            let id = rest.split(['\t', ' ', '\n']).next().unwrap_or_default();
            let printable = !id.is_empty() && !id.chars().any(char::is_control);
            return printable.then(|| id.to_owned());
        }
    }
    if let Some(id) = json_text_field(message, &["requestId", "AWSRequestId", "awsRequestId"]) {
        return Some(id);
    }
    // Python `[LEVEL]\ttime\tid\tmessage`, Node `time\tid\tLEVEL\tmessage`, and the timeout
    // line `time id Task timed out…`: the id is a UUID among the first fields.
    message
        .split(['\t', ' '])
        .take(4)
        .find(|field| is_uuid(field))
        .map(ToOwned::to_owned)
}

/// `8-4-4-4-12` hexadecimal digits, as Lambda's request ids are.
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether a line reports an error.
pub fn is_error_line(message: &str) -> bool {
    let level = json_text_field(message, &["level", "levelname", "severity"]);
    if let Some(level) = level {
        return matches!(
            level.to_ascii_uppercase().as_str(),
            "ERROR" | "FATAL" | "CRITICAL"
        );
    }
    message.starts_with("[ERROR]")
        || message.contains("\tERROR\t")
        || message.contains("Runtime.") && (message.contains("Error") || message.contains("Exit"))
        || message.contains("\"errorType\"")
        || is_timeout_line(message)
        || message.starts_with("REPORT ")
            && message.contains("Status: ")
            && !message.contains("Status: success")
}

/// Whether a line says the invocation timed out.
pub fn is_timeout_line(message: &str) -> bool {
    message.contains("Task timed out after") || message.contains("Status: timeout")
}

/// Groups `events` (in time order) by invocation, in the order invocations first appear.
pub fn group_invocations(events: &[LogEvent]) -> Vec<Invocation> {
    let mut groups: Vec<Invocation> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    // The invocation between its START and its END/REPORT, per log stream.
    let mut open: HashMap<&str, usize> = HashMap::new();
    for (index, event) in events.iter().enumerate() {
        let message = event.message.as_str();
        let stream = event.stream.as_str();
        let group = match request_id_of(message) {
            Some(id) => *by_id.entry(id.clone()).or_insert_with(|| {
                groups.push(Invocation {
                    request_id: Some(id),
                    stream: event.stream.clone(),
                    first_ms: event.timestamp_ms,
                    ..Invocation::default()
                });
                groups.len() - 1
            }),
            None => match open.get(stream) {
                Some(group) => *group,
                None => match groups.last() {
                    Some(last) if last.request_id.is_none() && last.stream == stream => {
                        groups.len() - 1
                    }
                    _ => {
                        groups.push(Invocation {
                            request_id: None,
                            stream: event.stream.clone(),
                            first_ms: event.timestamp_ms,
                            ..Invocation::default()
                        });
                        groups.len() - 1
                    }
                },
            },
        };
        if message.starts_with("START RequestId: ") {
            open.insert(stream, group);
        } else if (message.starts_with("END RequestId: ") || message.starts_with("REPORT "))
            && open.get(stream) == Some(&group)
        {
            open.remove(stream);
        }
        let Some(invocation) = groups.get_mut(group) else {
            continue;
        };
        if message.starts_with("REPORT ") {
            invocation.report = parse_report(message);
        }
        invocation.error |= is_error_line(message);
        invocation.timed_out |= is_timeout_line(message);
        invocation.events.push(index);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "8f507cfc-6d8b-4c0e-9d4e-0a1b2c3d4e5f";
    const B: &str = "1a2b3c4d-0000-4c0e-9d4e-ffffffffffff";

    fn event(ms: i64, stream: &str, message: &str) -> LogEvent {
        LogEvent {
            timestamp_ms: ms,
            message: message.to_owned(),
            stream: stream.to_owned(),
            event_id: ms.to_string(),
        }
    }

    fn ids(groups: &[Invocation]) -> Vec<Option<&str>> {
        groups.iter().map(|g| g.request_id.as_deref()).collect()
    }

    #[test]
    fn interleaved_invocations_stay_apart() {
        let events = vec![
            event(1, "s1", "INIT_START Runtime Version: python:3.12"),
            event(2, "s1", &format!("START RequestId: {A} Version: $LATEST")),
            event(3, "s2", &format!("START RequestId: {B} Version: $LATEST")),
            event(4, "s1", "a line without an id, in A's stream"),
            event(
                5,
                "s2",
                &format!("[INFO]\t2024-05-01T10:00:00Z\t{B}\tfrom B"),
            ),
            event(
                6,
                "s2",
                &format!(r#"{{"level":"ERROR","requestId":"{B}","message":"x"}}"#),
            ),
            event(7, "s1", &format!("END RequestId: {A}")),
            event(
                8,
                "s1",
                &format!(
                    "REPORT RequestId: {A}\tDuration: 1.50 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t"
                ),
            ),
            event(
                9,
                "s2",
                &format!("2024-05-01T10:00:03.005Z {B} Task timed out after 3.00 seconds"),
            ),
            event(
                10,
                "s2",
                &format!(
                    "REPORT RequestId: {B}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\tStatus: timeout"
                ),
            ),
            event(11, "s1", "after A ended"),
            event(12, "s1", "still outside"),
        ];
        let groups = group_invocations(&events);
        assert_eq!(ids(&groups), [None, Some(A), Some(B), None]);
        assert_eq!(groups[1].events, [1, 3, 6, 7]);
        assert_eq!(groups[2].events, [2, 4, 5, 8, 9]);
        assert_eq!(groups[3].events, [10, 11]);
        let report = groups[1].report.as_ref().expect("A's report");
        assert_eq!(report.duration_ms, Some(1.5));
        assert_eq!(report.max_memory_used_mb, Some(40));
        assert!(!groups[1].error && !groups[1].timed_out);
        assert!(groups[2].error && groups[2].timed_out);
        assert_eq!(
            groups[2].report.as_ref().and_then(|r| r.status.as_deref()),
            Some("timeout")
        );
    }

    #[test]
    fn odd_lines_never_panic_or_invent_ids() {
        for message in [
            "",
            "START RequestId: ",
            "START RequestId:",
            "REPORT RequestId: \t",
            "REPORT",
            "END RequestId: \u{0}",
            "\t\t\t\t",
            "8f507cfc-6d8b-4c0e-9d4e-0a1b2c3d4e5",
            "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
            "{\"requestId\": null}",
            "ü\tü\tü",
        ] {
            assert_eq!(request_id_of(message), None, "{message:?}");
            let groups = group_invocations(&[event(1, "s", message)]);
            assert_eq!(groups.len(), 1);
        }
        assert_eq!(request_id_of("START RequestId: x"), Some("x".to_owned()));
        assert!(group_invocations(&[]).is_empty());
    }

    #[test]
    fn errors_are_recognised_by_level_and_by_runtime_shape() {
        assert!(is_error_line("[ERROR]\t2024\tid\tboom"));
        assert!(is_error_line("2024\tid\tERROR\tInvoke Error"));
        assert!(is_error_line(
            r#"{"errorType":"KeyError","errorMessage":"'id'"}"#
        ));
        assert!(is_error_line(r#"{"level":"fatal"}"#));
        assert!(!is_error_line(
            r#"{"level":"INFO","message":"ERROR is just a word here"}"#
        ));
        assert!(is_error_line(
            "RequestId: x Error: Runtime exited with error: exit status 1\nRuntime.ExitError"
        ));
        assert!(!is_error_line("[INFO]\tall good"));
        assert!(!is_error_line("REPORT RequestId: a\tDuration: 1 ms"));
        assert!(is_error_line(
            "REPORT RequestId: a\tDuration: 1 ms\tStatus: error"
        ));
    }
}
