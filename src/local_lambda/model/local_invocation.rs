//! What one local run gave: the same shape as a deployed invocation's result, said to be local.

use std::time::Duration;

use crate::lambda::model::invocation::InvocationResult;
use crate::lambda::model::lambda_log::ReportLine;

/// One finished local invocation (a function error, a timeout or an out-of-memory end included).
#[derive(Clone, Debug, PartialEq)]
pub struct LocalInvocation {
    pub request_id: String,
    /// What the function returned, or the error payload (`errorMessage`, `errorType`, ...).
    pub payload: Vec<u8>,
    /// `Unhandled` when the function failed (raised, timed out, ran out of memory, or exited).
    pub function_error: Option<String>,
    /// This invocation's log: START, the process's stdout and stderr, END and REPORT lines.
    pub log: String,
    pub report: ReportLine,
    /// True when this invocation started its instance (the REPORT has an Init Duration).
    pub cold_start: bool,
    /// The instance that ran it.
    pub instance_id: u64,
    /// From the request to the answer, as measured by Stratus.
    pub round_trip: Duration,
}

impl LocalInvocation {
    /// The result the Test tab and the route testers show, marked as run locally.
    pub fn into_result(self) -> InvocationResult {
        InvocationResult {
            status_code: 200,
            executed_version: Some("$LATEST".to_owned()),
            function_error: self.function_error,
            payload: self.payload,
            log_tail: Some(self.log),
            round_trip: self.round_trip,
            request_id: Some(self.request_id),
            ran_locally: true,
            local_instance: Some(self.instance_id),
        }
    }
}
