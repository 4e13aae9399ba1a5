//! Reading what Lambda returns: the base64 log tail, its REPORT line, and error payloads.

use crate::dynamodb::model::attribute::base64_decode;

/// The numbers of a `REPORT RequestId: …` line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportLine {
    pub request_id: Option<String>,
    pub duration_ms: Option<f64>,
    pub billed_duration_ms: Option<f64>,
    pub memory_size_mb: Option<u32>,
    pub max_memory_used_mb: Option<u32>,
    pub init_duration_ms: Option<f64>,
    /// `timeout`, `error` … when Lambda adds a `Status:` field.
    pub status: Option<String>,
}

/// Decodes the `LogResult` of an Invoke with `LogType=Tail` (base64 of the last 4 KB).
pub fn decode_log_tail(log_result: &str) -> Result<String, String> {
    let bytes = base64_decode(log_result)?;
    // The tail is cut at 4 KB, possibly inside a UTF-8 sequence; show what is there.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Finds and parses the last REPORT line of a log tail.
pub fn parse_report(log: &str) -> Option<ReportLine> {
    let line = log.lines().rev().find(|l| l.starts_with("REPORT "))?;
    let mut report = ReportLine::default();
    for field in line.trim_start_matches("REPORT ").split('\t') {
        let Some((name, value)) = field.split_once(':') else {
            continue;
        };
        let value = value.trim();
        let number = || {
            value
                .split_whitespace()
                .next()
                .and_then(|n| n.parse::<f64>().ok())
        };
        match name.trim() {
            "RequestId" => report.request_id = Some(value.to_owned()),
            "Duration" => report.duration_ms = number(),
            "Billed Duration" => report.billed_duration_ms = number(),
            "Memory Size" => report.memory_size_mb = number().map(|n| n as u32),
            "Max Memory Used" => report.max_memory_used_mb = number().map(|n| n as u32),
            "Init Duration" => report.init_duration_ms = number(),
            "Status" => report.status = Some(value.to_owned()),
            _ => {}
        }
    }
    Some(report)
}

/// The error a function returned, as Lambda's runtimes shape it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FunctionErrorPayload {
    pub error_type: Option<String>,
    pub error_message: Option<String>,
    pub stack_trace: Vec<String>,
}

/// Reads `{"errorMessage", "errorType", "stackTrace"}` from an error response, if it is one.
/// Lambda's Node runtime names the stack `trace`; the other runtimes `stackTrace`.
pub fn parse_function_error(payload: &[u8]) -> Option<FunctionErrorPayload> {
    let json: serde_json::Value = serde_json::from_slice(payload).ok()?;
    let object = json.as_object()?;
    let text = |key: &str| {
        object
            .get(key)
            .and_then(|v| v.as_str())
            .map(ToOwned::to_owned)
    };
    let error = FunctionErrorPayload {
        error_type: text("errorType"),
        error_message: text("errorMessage"),
        stack_trace: ["stackTrace", "trace"]
            .iter()
            .find_map(|key| object.get(*key).and_then(|v| v.as_array()))
            .map(|lines| {
                lines
                    .iter()
                    .map(|l| match l {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    };
    (error.error_type.is_some() || error.error_message.is_some()).then_some(error)
}

/// A response body for display: pretty JSON when it parses, the raw text otherwise.
pub fn pretty_payload(payload: &[u8]) -> (bool, String) {
    let pretty = std::str::from_utf8(payload)
        .ok()
        .and_then(crate::shared::model::json_text::reindent);
    match pretty {
        Some(pretty) => (true, pretty),
        None => (false, String::from_utf8_lossy(payload).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::model::attribute::base64_encode;

    /// A Python runtime's tail after a cold start, as CloudWatch shows it.
    const COLD_START: &str = "START RequestId: 8f507cfc-6d8b-4c0e-9d4e-0a1b2c3d4e5f Version: $LATEST\n\
        [INFO]\t2024-05-01T10:00:00.123Z\t8f507cfc-6d8b-4c0e-9d4e-0a1b2c3d4e5f\tloading order 42\n\
        END RequestId: 8f507cfc-6d8b-4c0e-9d4e-0a1b2c3d4e5f\n\
        REPORT RequestId: 8f507cfc-6d8b-4c0e-9d4e-0a1b2c3d4e5f\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB\tMax Memory Used: 71 MB\tInit Duration: 245.67 ms\t\n";

    /// A timeout, with the runtime's message and the Status field.
    const TIMEOUT: &str = "START RequestId: 1a2b Version: 3\n\
        2024-05-01T10:00:03.005Z 1a2b Task timed out after 3.00 seconds\n\n\
        END RequestId: 1a2b\n\
        REPORT RequestId: 1a2b\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\tStatus: timeout\n";

    #[test]
    fn report_lines_parse() {
        let report = parse_report(COLD_START).expect("report");
        assert_eq!(report.duration_ms, Some(12.34));
        assert_eq!(report.billed_duration_ms, Some(13.0));
        assert_eq!(report.memory_size_mb, Some(256));
        assert_eq!(report.max_memory_used_mb, Some(71));
        assert_eq!(report.init_duration_ms, Some(245.67));
        assert_eq!(
            report.request_id.as_deref(),
            Some("8f507cfc-6d8b-4c0e-9d4e-0a1b2c3d4e5f")
        );
        let timeout = parse_report(TIMEOUT).expect("report");
        assert_eq!(timeout.status.as_deref(), Some("timeout"));
        assert_eq!(timeout.init_duration_ms, None, "warm start");
        assert_eq!(timeout.duration_ms, Some(3000.0));
        assert!(parse_report("no report here").is_none());
        assert!(parse_report("REPORT garbage:\tDuration: x ms").is_some());
    }

    #[test]
    fn log_tails_decode_even_when_cut_mid_character() {
        let mut bytes = "héllo ☂".as_bytes().to_vec();
        bytes.pop();
        let decoded = decode_log_tail(&base64_encode(&bytes)).expect("decodes");
        assert!(decoded.starts_with("héllo "));
        assert!(decode_log_tail("%%%").is_err());
        let full = decode_log_tail(&base64_encode(COLD_START.as_bytes())).expect("decodes");
        assert_eq!(full, COLD_START);
    }

    #[test]
    fn function_errors_parse_from_runtime_payloads() {
        let python = br#"{"errorMessage": "'id'", "errorType": "KeyError", "requestId": "8f50", "stackTrace": ["  File \"/var/task/app.py\", line 5, in handler\n    return event['id']\n"]}"#;
        let error = parse_function_error(python).expect("error");
        assert_eq!(error.error_type.as_deref(), Some("KeyError"));
        assert_eq!(error.error_message.as_deref(), Some("'id'"));
        assert_eq!(error.stack_trace.len(), 1);
        let node_timeout = br#"{"errorMessage":"2024-05-01T10:00:03.005Z 1a2b Task timed out after 3.00 seconds"}"#;
        let error = parse_function_error(node_timeout).expect("timeout");
        assert!(
            error
                .error_message
                .as_deref()
                .unwrap_or_default()
                .contains("timed out")
        );
        let node = br#"{"errorType":"TypeError","errorMessage":"bad type","trace":["TypeError: bad type","    at Runtime.handler (/var/task/index.js:2:9)"]}"#;
        let error = parse_function_error(node).expect("node error");
        assert_eq!(error.error_type.as_deref(), Some("TypeError"));
        assert_eq!(
            error.stack_trace,
            vec![
                "TypeError: bad type".to_owned(),
                "    at Runtime.handler (/var/task/index.js:2:9)".to_owned()
            ]
        );
        // A `trace` that is not a list does not hide a `stackTrace` that is; odd entries show.
        let odd = br#"{"errorMessage":"m","trace":"x","stackTrace":[1,null]}"#;
        let error = parse_function_error(odd).expect("error");
        assert_eq!(error.stack_trace, vec!["1".to_owned(), "null".to_owned()]);
        assert!(parse_function_error(br#"{"statusCode": 200}"#).is_none());
        assert!(parse_function_error(b"not json").is_none());
        assert!(parse_function_error(br#"[1]"#).is_none());
    }

    #[test]
    fn payloads_pretty_print_only_when_json() {
        assert_eq!(
            pretty_payload(br#"{"a":1}"#),
            (true, "{\n  \"a\": 1\n}".to_owned())
        );
        assert_eq!(
            pretty_payload(b"Simple Lambda happy path OK"),
            (false, "Simple Lambda happy path OK".to_owned())
        );
        assert!(!pretty_payload(&[0xFF, 0xFE]).0);
        let (json, text) = pretty_payload(br#"{"n":12345678901234567890123456789012345678}"#);
        assert!(
            json && text.contains("12345678901234567890123456789012345678"),
            "{text}"
        );
    }
}
