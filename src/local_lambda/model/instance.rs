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
    /// The connection it runs for (`LocalEnvironment::connection`).
    pub connection: String,
    pub function: String,
    pub state: InstanceState,
    /// Since it was started.
    pub age: Duration,
    pub invocations: u64,
    /// The process's resident memory, in MB, when last measured.
    pub memory_used_mb: Option<u32>,
    pub pid: Option<u32>,
}

impl InstanceSnapshot {
    /// Whether this is an instance of `function` on `connection`: another connection's
    /// function of the same name is another function.
    pub fn is_of(&self, connection: &str, function: &str) -> bool {
        self.connection == connection && self.function == function
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instance_belongs_to_one_connections_function() {
        let instance = InstanceSnapshot {
            id: 1,
            connection: "dev|eu-west-1|".to_owned(),
            function: "orders-get".to_owned(),
            state: InstanceState::Idle,
            age: Duration::ZERO,
            invocations: 0,
            memory_used_mb: None,
            pid: None,
        };
        assert!(instance.is_of("dev|eu-west-1|", "orders-get"));
        assert!(!instance.is_of("prod|eu-west-1|", "orders-get"));
        assert!(!instance.is_of("dev|eu-west-1|", "orders-create"));
        assert!(!instance.is_of("", ""));
    }
}
