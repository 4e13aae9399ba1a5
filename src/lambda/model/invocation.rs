//! A test invocation: what is sent and what came back.

use std::time::Duration;

/// Lambda refuses synchronous payloads over 6 MB (6,291,456 bytes).
pub const MAX_SYNC_PAYLOAD_BYTES: usize = 6 * 1024 * 1024;
/// Asynchronous (Event) payloads are limited to 1 MB.
pub const MAX_ASYNC_PAYLOAD_BYTES: usize = 1024 * 1024;

/// How Lambda runs the invocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum InvocationType {
    RequestResponse,
    Event,
    DryRun,
}

impl InvocationType {
    pub const ALL: [Self; 3] = [Self::RequestResponse, Self::Event, Self::DryRun];

    pub fn label(self) -> &'static str {
        match self {
            Self::RequestResponse => "RequestResponse (wait for the result)",
            Self::Event => "Event (asynchronous)",
            Self::DryRun => "DryRun (check permissions)",
        }
    }

    pub fn max_payload_bytes(self) -> usize {
        match self {
            Self::Event => MAX_ASYNC_PAYLOAD_BYTES,
            Self::RequestResponse | Self::DryRun => MAX_SYNC_PAYLOAD_BYTES,
        }
    }
}

/// A payload the user typed, checked before anything is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayloadError {
    /// 1-based line and column of a JSON syntax error.
    pub line_column: Option<(usize, usize)>,
    pub message: String,
}

/// Checks a payload: valid JSON (an empty payload is allowed) and within the size limit.
pub fn validate_payload(text: &str, invocation_type: InvocationType) -> Result<(), PayloadError> {
    let limit = invocation_type.max_payload_bytes();
    if text.len() > limit {
        return Err(PayloadError {
            line_column: None,
            message: format!(
                "The payload is {} bytes; Lambda accepts at most {limit} bytes for {:?} invocations",
                text.len(),
                invocation_type
            ),
        });
    }
    if text.trim().is_empty() {
        return Ok(());
    }
    serde_json::from_str::<serde::de::IgnoredAny>(text)
        .map(|_| ())
        .map_err(|e| PayloadError {
            line_column: Some((e.line(), e.column())),
            message: format!(
                "Invalid JSON at line {}, column {}: {e}",
                e.line(),
                e.column()
            ),
        })
}

/// What an Invoke returned, with the time the app measured.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InvocationResult {
    pub status_code: i32,
    pub executed_version: Option<String>,
    /// `Handled`/`Unhandled` when the function failed.
    pub function_error: Option<String>,
    pub payload: Vec<u8>,
    /// Decoded log tail, when Lambda returned one.
    pub log_tail: Option<String>,
    pub round_trip: Duration,
    /// The invocation's request id (Lambda's `x-amzn-RequestId`), to find its logs.
    pub request_id: Option<String>,
    /// True when Stratus ran the function itself (Invoke locally), not Lambda.
    pub ran_locally: bool,
    /// The local instance that ran it (Invoke locally only).
    pub local_instance: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_are_checked_before_sending() {
        assert!(validate_payload("", InvocationType::RequestResponse).is_ok());
        assert!(validate_payload(r#"{"a": [1, "☂"]}"#, InvocationType::RequestResponse).is_ok());
        let error = validate_payload("{\n  \"a\": 1,\n}", InvocationType::RequestResponse)
            .expect_err("trailing comma");
        assert_eq!(error.line_column.map(|(l, _)| l), Some(3));
        let huge = format!("\"{}\"", "x".repeat(MAX_SYNC_PAYLOAD_BYTES));
        let error = validate_payload(&huge, InvocationType::RequestResponse).expect_err("6 MB");
        assert!(
            error.message.contains("at most 6291456 bytes"),
            "{}",
            error.message
        );
        let async_big = format!("\"{}\"", "x".repeat(MAX_ASYNC_PAYLOAD_BYTES));
        assert!(validate_payload(&async_big, InvocationType::Event).is_err());
        assert!(validate_payload("\u{0}", InvocationType::DryRun).is_err());
        assert!(validate_payload(&"[".repeat(100_000), InvocationType::DryRun).is_err());
    }
}
