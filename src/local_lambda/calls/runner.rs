//! The local runner: one per app, shared by the Test tab, the route testers and served APIs.

use std::path::PathBuf;
use std::sync::Arc;

use crate::local_lambda::model::{
    InstanceSnapshot, LocalEnvironment, LocalFunction, LocalInvocation,
};
use crate::shared::model::{ErrorKind, ServiceError};

/// The operation local runs report under.
pub const OPERATION: &str = "Invoke locally";

/// Runs functions locally. Cheap to clone; every instance stops when the last clone drops.
#[derive(Clone)]
pub struct LocalRunner {
    inner: Arc<RunnerInner>,
}

struct RunnerInner {
    /// Where bootstrap shims and downloaded code are kept.
    _cache_dir: PathBuf,
}

impl LocalRunner {
    /// A runner keeping its shims and downloads under `cache_dir`.
    pub fn new(cache_dir: PathBuf) -> Self {
        Self {
            inner: Arc::new(RunnerInner {
                _cache_dir: cache_dir,
            }),
        }
    }

    /// Runs one invocation: on an idle instance of the same function and environment, else on a
    /// new one (up to the concurrency limit). A function error, a timeout or an out-of-memory
    /// end is an `Ok` with `function_error` set; `Err` is for what stopped Stratus from running
    /// it at all (no interpreter, no code folder, payload over 6 MB).
    pub async fn invoke(
        &self,
        function: &LocalFunction,
        environment: &LocalEnvironment,
        payload: Vec<u8>,
    ) -> Result<LocalInvocation, ServiceError> {
        let _ = (&self.inner, function, environment, payload);
        Err(ServiceError::new(
            OPERATION,
            ErrorKind::Other,
            "local runs are being built".to_owned(),
        ))
    }

    /// Every instance, oldest first.
    pub fn instances(&self) -> Vec<InstanceSnapshot> {
        Vec::new()
    }

    /// Stops one instance (killing its process); an invocation it was running ends as failed.
    pub fn stop(&self, instance_id: u64) {
        let _ = instance_id;
    }

    /// Stops every instance.
    pub fn stop_all(&self) {}
}
