//! A table tab's exports and imports: what runs, how far it got, and how it ended.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::dynamodb::calls::transfer::ExportOutcome;
use crate::dynamodb::calls::transfer::ImportReport;
use crate::dynamodb::model::import_rows::ImportPlan;
use crate::shared::bridge::request::Request;

/// What an export writes: the items in the grid, the selected ones, or every item of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportScope {
    Loaded,
    /// The rows selected in the grid.
    Selected,
    /// A full scan streamed to the file page by page, never held in memory.
    FullTable,
}

/// Which field a file dialog fills in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilePurpose {
    Export,
    Import,
}

/// Counters a running transfer updates from its task; the UI reads them each frame.
#[derive(Clone, Default)]
pub struct TransferProgress {
    pub done: Arc<AtomicUsize>,
    pub total: Arc<AtomicUsize>,
    pub cancel: Arc<AtomicBool>,
}

impl TransferProgress {
    /// Zeroed counters for a new run.
    pub fn restart(&self) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(0, Ordering::Relaxed);
        self.cancel.store(false, Ordering::Relaxed);
    }

    pub fn done(&self) -> usize {
        self.done.load(Ordering::Relaxed)
    }

    pub fn total(&self) -> usize {
        self.total.load(Ordering::Relaxed)
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// The exports and imports of one table tab.
pub struct TransferState {
    pub export: Request<ExportOutcome>,
    /// Where the running or last export writes.
    pub export_path: Option<PathBuf>,
    /// What the running or last export writes. Only a full scan can be cancelled: the loaded
    /// items are already in memory and are written in one go, with no network in between.
    pub export_scope: Option<ExportScope>,
    pub export_progress: TransferProgress,
    /// The file being checked: read and every row validated, nothing sent.
    pub import_plan: Request<ImportPlan>,
    pub import_path: Option<PathBuf>,
    pub import: Request<ImportReport>,
    pub import_progress: TransferProgress,
    /// The native file dialog's answer, and which field it is for.
    pub picked: Request<Option<PathBuf>>,
    pub picked_for: Option<FilePurpose>,
    /// An import just wrote items: the grid reloads to show them.
    pub(crate) imported: bool,
}

impl Default for TransferState {
    fn default() -> Self {
        Self {
            export: Request::new("Export"),
            export_path: None,
            export_scope: None,
            export_progress: TransferProgress::default(),
            import_plan: Request::new("Check import file"),
            import_path: None,
            import: Request::new("BatchWriteItem"),
            import_progress: TransferProgress::default(),
            picked: Request::new("Choose file"),
            picked_for: None,
            imported: false,
        }
    }
}

impl TransferState {
    /// Moves finished work into place; true when something changed.
    pub fn poll(&mut self) -> bool {
        let mut changed = self.export.poll();
        changed |= self.import_plan.poll();
        if self.import.poll() {
            changed = true;
            self.imported |= self.import.value().is_some_and(|report| report.written > 0);
        }
        changed |= self.picked.poll();
        changed
    }

    /// Operations in flight, for the status line.
    pub fn pending_operations(&self) -> Vec<&'static str> {
        [
            self.export.pending_operation(),
            self.import_plan.pending_operation(),
            self.import.pending_operation(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Whether a transfer is running, so the UI keeps repainting its progress.
    pub fn is_running(&self) -> bool {
        self.export.is_pending() || self.import.is_pending()
    }
}
