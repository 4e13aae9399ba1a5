//! The local runner: one per app, shared by the Test tab, the route testers and served APIs.
//! It keeps the pool of instances: an idle instance of the same function and environment is
//! reused (warm), a busy one makes a new instance up to Lambda's per-function limit.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use crate::lambda::model::invocation::MAX_SYNC_PAYLOAD_BYTES;
use crate::local_lambda::calls::instance::{self, Instance, InstanceKey};
use crate::local_lambda::calls::run::{self, Prepared};
use crate::local_lambda::model::{
    InstanceSnapshot, InstanceState, LocalEnvironment, LocalFunction, LocalInvocation,
};
use crate::shared::model::{ErrorKind, ServiceError};

/// The operation local runs report under.
pub const OPERATION: &str = "Invoke locally";

/// Instances of one function at once, beyond which an invocation is throttled.
pub const MAX_INSTANCES_PER_FUNCTION: usize = 10;

/// What a caller may add to an invocation, handed to the runtime as Lambda hands it over.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InvokeContext {
    /// JSON, as `Lambda-Runtime-Client-Context` (the handler's `context.client_context`).
    pub client_context: Option<String>,
    /// JSON, as `Lambda-Runtime-Cognito-Identity` (the handler's `context.identity`).
    pub cognito_identity: Option<String>,
}

/// Runs functions locally. Cheap to clone; every instance stops when the last clone drops.
#[derive(Clone)]
pub struct LocalRunner {
    inner: Arc<RunnerInner>,
}

pub(crate) struct RunnerInner {
    /// Where bootstrap shims and downloaded code are kept.
    cache_dir: PathBuf,
    pool: Mutex<Pool>,
    next_id: AtomicU64,
}

#[derive(Default)]
struct Pool {
    /// By id: ids grow, so this is oldest first.
    instances: BTreeMap<u64, Arc<Instance>>,
    /// Instances being started, by connection and function name (they count towards the limit).
    starting: HashMap<(String, String), usize>,
}

/// What the pool gives an invocation.
enum Checkout {
    /// An idle instance, now marked busy.
    Warm(Arc<Instance>),
    /// A slot for a new instance with this id.
    Cold(u64),
}

impl LocalRunner {
    /// A runner keeping its shims and downloads under `cache_dir`.
    pub fn new(cache_dir: PathBuf) -> Self {
        Self {
            inner: Arc::new(RunnerInner {
                cache_dir,
                pool: Mutex::new(Pool::default()),
                next_id: AtomicU64::new(1),
            }),
        }
    }

    /// Where shims and downloads are kept.
    pub fn cache_dir(&self) -> &std::path::Path {
        &self.inner.cache_dir
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
        self.invoke_with(function, environment, payload, &InvokeContext::default())
            .await
    }

    /// [`Self::invoke`] with the client context and identity a mobile SDK caller would send.
    pub async fn invoke_with(
        &self,
        function: &LocalFunction,
        environment: &LocalEnvironment,
        payload: Vec<u8>,
        context: &InvokeContext,
    ) -> Result<LocalInvocation, ServiceError> {
        if payload.len() > MAX_SYNC_PAYLOAD_BYTES {
            return Err(ServiceError::new(
                OPERATION,
                ErrorKind::Service,
                format!(
                    "RequestEntityTooLargeException: {} byte payload is too large for the Invoke API (max {MAX_SYNC_PAYLOAD_BYTES} bytes)",
                    payload.len()
                ),
            ));
        }
        let payload = event_payload(payload)?;
        let key: InstanceKey = (function.clone(), environment.clone());
        let (job, prepared) = Prepared::new(function, payload, context);
        let checkout = self.inner.checkout(&key)?;
        let (instance, cold) = match checkout {
            Checkout::Warm(instance) => {
                instance.api.queue(job);
                (instance, false)
            }
            Checkout::Cold(id) => {
                let slot = StartSlot {
                    runner: &self.inner,
                    function: (environment.connection.clone(), function.name.clone()),
                };
                let weak = Arc::downgrade(&self.inner);
                let started = instance::start(
                    id,
                    key.clone(),
                    &self.inner.cache_dir,
                    job,
                    run::random_u128(),
                    move || forget(&weak, id),
                )
                .await;
                drop(slot);
                let instance = started?;
                self.inner
                    .pool()
                    .instances
                    .insert(id, Arc::clone(&instance));
                (instance, true)
            }
        };
        let guard = BusyGuard {
            runner: &self.inner,
            instance: Arc::clone(&instance),
            done: false,
        };
        let finished = run::drive(&instance, prepared, cold).await;
        guard.finish(finished.keep_instance);
        Ok(finished.invocation)
    }

    /// Every instance, oldest first.
    pub fn instances(&self) -> Vec<InstanceSnapshot> {
        let pool = self.inner.pool();
        pool.instances
            .values()
            .map(|instance| {
                let status = instance.status().clone();
                InstanceSnapshot {
                    id: instance.id,
                    connection: instance.key.1.connection.clone(),
                    function: instance.key.0.name.clone(),
                    state: status.state,
                    age: instance.started.elapsed(),
                    invocations: status.invocations,
                    memory_used_mb: status.memory_used_mb,
                    pid: Some(instance.pid),
                }
            })
            .collect()
    }

    /// Stops one instance (killing its process); an invocation it was running ends as failed.
    pub fn stop(&self, instance_id: u64) {
        let removed = self.inner.pool().instances.remove(&instance_id);
        if let Some(instance) = removed {
            instance.kill();
        }
    }

    /// Stops every instance.
    pub fn stop_all(&self) {
        let removed = std::mem::take(&mut self.inner.pool().instances);
        for instance in removed.values() {
            instance.kill();
        }
    }
}

/// The event as Lambda's Invoke takes it: no payload is `{}`, and one that is not JSON is
/// refused before any instance sees it.
fn event_payload(payload: Vec<u8>) -> Result<Vec<u8>, ServiceError> {
    if payload.iter().all(u8::is_ascii_whitespace) {
        return Ok(b"{}".to_vec());
    }
    match serde_json::from_slice::<serde::de::IgnoredAny>(&payload) {
        Ok(_) => Ok(payload),
        Err(error) => Err(ServiceError::new(
            OPERATION,
            ErrorKind::Service,
            format!(
                "InvalidRequestContentException: Could not parse request body into json: {error}"
            ),
        )),
    }
}

impl RunnerInner {
    fn pool(&self) -> MutexGuard<'_, Pool> {
        self.pool
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// An idle instance of `key` marked busy, or a slot for a new one; throttled at the limit.
    fn checkout(&self, key: &InstanceKey) -> Result<Checkout, ServiceError> {
        let mut pool = self.pool();
        let idle = pool.instances.values().find(|instance| {
            instance.key == *key
                && !instance.has_exited()
                && instance.status().state == InstanceState::Idle
        });
        if let Some(instance) = idle {
            instance.status().state = InstanceState::Busy;
            return Ok(Checkout::Warm(Arc::clone(instance)));
        }
        // The same function is the same name on the same connection.
        let same_function = |other: &InstanceKey| {
            other.0.name == key.0.name && other.1.connection == key.1.connection
        };
        // Idle instances of an older configuration of this function will not be used again.
        let stale: Vec<u64> = pool
            .instances
            .values()
            .filter(|i| same_function(&i.key) && i.key != *key)
            .filter(|i| i.status().state == InstanceState::Idle)
            .map(|i| i.id)
            .collect();
        for id in stale {
            if let Some(instance) = pool.instances.remove(&id) {
                instance.kill();
            }
        }
        let running = pool
            .instances
            .values()
            .filter(|i| same_function(&i.key))
            .count();
        let function = (key.1.connection.clone(), key.0.name.clone());
        let starting = pool.starting.get(&function).copied().unwrap_or(0);
        if running + starting >= MAX_INSTANCES_PER_FUNCTION {
            return Err(ServiceError::new(
                OPERATION,
                ErrorKind::Throttled,
                "TooManyRequestsException: Rate Exceeded",
            ));
        }
        *pool.starting.entry(function).or_insert(0) += 1;
        Ok(Checkout::Cold(self.next_id.fetch_add(1, Ordering::Relaxed)))
    }

    /// Takes an instance out of the pool and kills it.
    fn discard(&self, id: u64) {
        let removed = self.pool().instances.remove(&id);
        if let Some(instance) = removed {
            instance.kill();
        }
    }
}

impl Drop for RunnerInner {
    fn drop(&mut self) {
        let pool = self.pool();
        for instance in pool.instances.values() {
            instance.kill();
        }
    }
}

/// The pool forgets an instance whose process exited.
fn forget(runner: &Weak<RunnerInner>, id: u64) {
    if let Some(runner) = runner.upgrade() {
        let removed = runner.pool().instances.remove(&id);
        drop(removed);
    }
}

/// A new instance's place in the count while it starts, given back however the start ends.
struct StartSlot<'a> {
    runner: &'a RunnerInner,
    /// Connection and function name.
    function: (String, String),
}

impl Drop for StartSlot<'_> {
    fn drop(&mut self) {
        let mut pool = self.runner.pool();
        if let Some(count) = pool.starting.get_mut(&self.function) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                pool.starting.remove(&self.function);
            }
        }
    }
}

/// Marks an instance idle (or discards it) when its invocation ends, also when the caller
/// stops waiting: an instance left mid-invocation is never handed another one.
struct BusyGuard<'a> {
    runner: &'a RunnerInner,
    instance: Arc<Instance>,
    done: bool,
}

impl BusyGuard<'_> {
    fn finish(mut self, keep: bool) {
        self.done = true;
        let mut status = self.instance.status();
        status.invocations += 1;
        if keep && !self.instance.has_exited() {
            status.state = InstanceState::Idle;
        } else {
            drop(status);
            self.instance.kill();
            self.runner.discard(self.instance.id);
        }
    }
}

impl Drop for BusyGuard<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.instance.kill();
            self.runner.discard(self.instance.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_json_as_lambdas_invoke_takes_them() {
        assert_eq!(event_payload(Vec::new()).expect("empty"), b"{}");
        assert_eq!(event_payload(b" \n".to_vec()).expect("blank"), b"{}");
        assert_eq!(event_payload(b"[1]".to_vec()).expect("json"), b"[1]");
        assert_eq!(
            event_payload(b"\"x\"".to_vec()).expect("a string"),
            b"\"x\""
        );
        for hostile in [&b"{"[..], b"abc", b"\xff\xfe", b"{} {}", b"1 2"] {
            let refused = event_payload(hostile.to_vec()).expect_err("not json");
            assert!(
                refused
                    .message
                    .starts_with("InvalidRequestContentException"),
                "{}",
                refused.message
            );
        }
    }
}
