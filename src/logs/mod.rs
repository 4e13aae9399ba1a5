//! CloudWatch Logs: a log group's streams and events, searched and followed live, grouped by
//! Lambda invocation.

pub mod calls;
pub mod model;
pub mod tab;
pub mod ui;
