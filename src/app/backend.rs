//! Runs SDK calls on the injected tokio runtime and wakes the UI when one finishes.

use std::future::Future;

use poll_promise::Promise;

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
    pub fn spawn_task<F>(&self, future: F) -> tokio::task::AbortHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.runtime.spawn(future).abort_handle()
    }

    /// A callback that wakes the UI, for tasks that stream results.
    pub fn repaint_callback(&self) -> impl Fn() + Send + Sync + Clone + 'static {
        let egui_ctx = self.egui_ctx.clone();
        move || egui_ctx.request_repaint()
    }

    /// Spawns `future` and returns a promise of its output; repaints when it is ready.
    pub fn spawn<T, F>(&self, future: F) -> Promise<T>
    where
        T: Send + 'static,
        F: Future<Output = T> + Send + 'static,
    {
        let (sender, promise) = Promise::new();
        let egui_ctx = self.egui_ctx.clone();
        self.runtime.spawn(async move {
            sender.send(future.await);
            egui_ctx.request_repaint();
        });
        promise
    }
}
