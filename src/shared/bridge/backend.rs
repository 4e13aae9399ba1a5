//! Runs SDK calls on the injected tokio runtime and wakes the UI when one finishes.
//!
//! Every future runs as its own tokio task whose `JoinHandle` is awaited by a small watcher:
//! a panic in the work ends only that task, and the watcher turns it into an error on the
//! request (or a log line) instead of a promise that never resolves or a UI thread that
//! panics on a dropped promise sender.

use std::future::Future;

use poll_promise::Promise;

use crate::shared::model::ErrorKind;

use crate::shared::model::ServiceError;

/// The bridge between the UI thread and the tokio runtime. The UI thread never awaits:
/// it gets a promise back at once and polls it each frame.
#[derive(Clone)]
pub struct Backend {
    runtime: tokio::runtime::Handle,
    egui_ctx: egui::Context,
}

impl Backend {
    pub fn new(runtime: tokio::runtime::Handle, egui_ctx: egui::Context) -> Self {
        Self { runtime, egui_ctx }
    }

    /// Spawns a task that reports through its own channel; the handle cancels it.
    ///
    /// A panic is logged; the task's channel then closes, which its reader treats as an
    /// unfinished job. Use [`Self::spawn_task_reporting`] to hand the panic to the reader.
    pub fn spawn_task<F>(&self, future: F) -> tokio::task::AbortHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.spawn_task_reporting(future, |_| {})
    }

    /// [`Self::spawn_task`], calling `on_panic` with the panic's message should the task
    /// panic (not when it is aborted).
    pub fn spawn_task_reporting<F, P>(&self, future: F, on_panic: P) -> tokio::task::AbortHandle
    where
        F: Future<Output = ()> + Send + 'static,
        P: FnOnce(String) + Send + 'static,
    {
        let task = self.runtime.spawn(future);
        let abort = task.abort_handle();
        self.runtime.spawn(async move {
            if let Err(error) = task.await
                && error.is_panic()
            {
                let message = panic_message(error);
                tracing::error!(panic = %message, "a background task panicked");
                on_panic(message);
            }
        });
        abort
    }

    /// A callback that wakes the UI, for tasks that stream results.
    pub fn repaint_callback(&self) -> impl Fn() + Send + Sync + Clone + 'static {
        let egui_ctx = self.egui_ctx.clone();
        move || egui_ctx.request_repaint()
    }

    /// Spawns `future` and returns a promise of its output; repaints when it is ready.
    ///
    /// Should the future panic there is no `T` to give, so the promise stays pending (and the
    /// panic is logged) rather than crashing the UI thread that polls it. Calls that return a
    /// `Result` use [`Self::spawn_fallible`], which turns the panic into an error.
    pub fn spawn<T, F>(&self, future: F) -> Promise<T>
    where
        T: Send + 'static,
        F: Future<Output = T> + Send + 'static,
    {
        let (sender, promise) = Promise::new();
        let egui_ctx = self.egui_ctx.clone();
        let task = self.runtime.spawn(future);
        self.runtime.spawn(async move {
            match task.await {
                Ok(value) => sender.send(value),
                Err(error) => {
                    tracing::error!(error = %describe(error), "a background task ended without a result");
                    // A dropped sender would make the UI thread panic when it polls.
                    std::mem::forget(sender);
                }
            }
            egui_ctx.request_repaint();
        });
        promise
    }

    /// Spawns a call of `operation` and returns a promise of its outcome; repaints when it
    /// is ready. A panic in the call becomes an error naming `operation`.
    pub fn spawn_fallible<T, F>(
        &self,
        operation: &'static str,
        future: F,
    ) -> Promise<Result<T, ServiceError>>
    where
        T: Send + 'static,
        F: Future<Output = Result<T, ServiceError>> + Send + 'static,
    {
        let (sender, promise) = Promise::new();
        let egui_ctx = self.egui_ctx.clone();
        let task = self.runtime.spawn(future);
        self.runtime.spawn(async move {
            sender.send(task.await.unwrap_or_else(|error| {
                let message = describe(error);
                tracing::error!(operation, error = %message, "a background task ended without a result");
                Err(ServiceError::new(operation, ErrorKind::Other, message))
            }));
            egui_ctx.request_repaint();
        });
        promise
    }
}

/// What a task that ended without a result went through, for the user.
fn describe(error: tokio::task::JoinError) -> String {
    if error.is_panic() {
        format!("internal error: {}", panic_message(error))
    } else {
        "internal error: the task was cancelled".to_owned()
    }
}

/// The text a panic was raised with (`panic!("…")` gives a `&str` or a `String`).
fn panic_message(error: tokio::task::JoinError) -> String {
    let Ok(payload) = error.try_into_panic() else {
        return "the task was cancelled".to_owned();
    };
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    fn backend(runtime: &tokio::runtime::Runtime) -> Backend {
        Backend::new(runtime.handle().clone(), egui::Context::default())
    }

    /// Polls `promise` the way the UI does, for at most five seconds.
    fn wait<T: Send + 'static>(mut promise: Promise<T>) -> Option<T> {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            match promise.try_take() {
                Ok(value) => return Some(value),
                Err(pending) => promise = pending,
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    }

    async fn explode(fuse: bool) -> Result<u32, ServiceError> {
        if fuse {
            panic!("index out of bounds: the len is 0 but the index is 3");
        }
        Ok(7)
    }

    #[test]
    fn a_panicking_call_becomes_an_error_naming_its_operation() {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let backend = backend(&runtime);
        let error = wait(backend.spawn_fallible("Scan", explode(true)))
            .expect("the promise resolves")
            .expect_err("a panic is an error");
        assert_eq!(error.operation, "Scan");
        assert_eq!(error.kind, ErrorKind::Other);
        assert_eq!(
            error.message,
            "internal error: index out of bounds: the len is 0 but the index is 3"
        );
        let formatted = async { panic!("{} rows", 3) };
        let error = wait(backend.spawn_fallible::<(), _>("Import", formatted))
            .expect("the promise resolves")
            .expect_err("a panic is an error");
        assert_eq!(error.message, "internal error: 3 rows");
        assert_eq!(
            wait(backend.spawn_fallible("Scan", explode(false))),
            Some(Ok(7))
        );
    }

    #[test]
    fn a_panicking_plain_task_never_panics_the_poller() {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let backend = backend(&runtime);
        let promise = backend.spawn(async {
            panic!("boom");
        });
        std::thread::sleep(Duration::from_millis(200));
        // Polling a promise whose sender was dropped would panic here.
        assert!(promise.poll().is_pending());
        assert_eq!(wait(backend.spawn(async { 5 })), Some(5));
    }

    #[test]
    fn a_panicking_streaming_task_reports_its_panic() {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let backend = backend(&runtime);
        let (sender, panics) = std::sync::mpsc::channel();
        backend.spawn_task_reporting(async { panic!("segment 3") }, move |message| {
            let _ignored = sender.send(message);
        });
        let reported = panics.recv_timeout(Duration::from_secs(5));
        assert_eq!(reported.as_deref(), Ok("segment 3"));
        // An aborted task is not a panic: nothing is reported, the callback is dropped.
        let (sender, panics) = std::sync::mpsc::channel::<String>();
        let abort = backend.spawn_task_reporting(
            async { tokio::time::sleep(Duration::from_secs(60)).await },
            move |message| {
                let _ignored = sender.send(message);
            },
        );
        abort.abort();
        assert_eq!(
            panics.recv_timeout(Duration::from_secs(5)),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected)
        );
    }
}
