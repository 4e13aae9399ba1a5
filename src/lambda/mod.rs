//! Lambda: functions, their configuration and test invocations.

pub mod calls;
pub mod model;
pub mod tab;
pub mod ui;
