//! CloudWatch Logs' pure types. No IO.

pub mod follow_cursor;
pub mod follow_mode;
pub mod invocations;
pub mod json_line;
pub mod log_event;
pub mod time_range;

pub use log_event::{LogEvent, LogGroupSummary, LogStreamSummary};
