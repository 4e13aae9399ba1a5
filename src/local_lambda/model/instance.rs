//! A local instance of a function (Lambda's execution environment), as the UI lists it.

use std::time::Duration;

/// What an instance is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstanceState {
    /// Started, its runtime not yet asking for work.
    Starting,
    /// Running an invocation.
    Busy,
    /// Waiting for the next invocation (warm).
    Idle,
}

/// One instance, as of when it was listed.
#[derive(Clone, Debug, PartialEq)]
pub struct InstanceSnapshot {
    pub id: u64,
    pub function: String,
    pub state: InstanceState,
    /// Since it was started.
    pub age: Duration,
    pub invocations: u64,
    /// The process's resident memory, in MB, when last measured.
    pub memory_used_mb: Option<u32>,
    pub pid: Option<u32>,
}
