//! A function tab's *Download code* in flight: its request, shared progress and the folder
//! it gave, which the app attaches once as the function's code folder.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::local_lambda::calls::download::{DownloadProgress, OPERATION, download_code};
use crate::shared::bridge::backend::Backend;
use crate::shared::bridge::request::Request;

/// The download state of one function tab.
pub struct CodeDownload {
    pub request: Request<PathBuf>,
    pub progress: Arc<DownloadProgress>,
    /// A finished folder not attached yet: the app takes it (once) after polling.
    finished: Option<PathBuf>,
}

impl Default for CodeDownload {
    fn default() -> Self {
        Self {
            request: Request::new(OPERATION),
            progress: Arc::default(),
            finished: None,
        }
    }
}

impl CodeDownload {
    /// Starts fetching `location` into `destination`, forgetting any earlier one.
    pub fn start(&mut self, backend: &Backend, location: String, destination: PathBuf) {
        // A fresh progress: a cancel meant for an earlier download does not stop this one.
        self.progress = Arc::default();
        self.finished = None;
        let progress = self.progress.clone();
        let repaint = backend.repaint_callback();
        self.request
            .start(backend.spawn_fallible(OPERATION, async move {
                download_code(&location, destination, progress, repaint).await
            }));
    }

    /// Asks the download in flight to stop; it ends with a "cancelled" error.
    pub fn cancel(&self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
    }

    /// Moves a finished download into place; true when something changed.
    pub fn poll(&mut self) -> bool {
        if !self.request.poll() {
            return false;
        }
        if let Some(Ok(folder)) = self.request.latest() {
            self.finished = Some(folder.clone());
        }
        true
    }

    /// The downloaded folder, once, for the app to attach.
    pub fn take_finished(&mut self) -> Option<PathBuf> {
        self.finished.take()
    }

    /// Bytes received so far and the total when known, for the progress bar.
    pub fn received(&self) -> (u64, Option<u64>) {
        let received = self.progress.received_bytes.load(Ordering::Relaxed);
        let total = self.progress.total_bytes.load(Ordering::Relaxed);
        (received, (total > 0).then_some(total))
    }
}
