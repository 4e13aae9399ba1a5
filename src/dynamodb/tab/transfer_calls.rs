//! A table tab's exports, import checks, imports and file dialogs.

use std::path::PathBuf;

use super::table_tab::{TableContext, TableTab};
use crate::dynamodb::calls::transfer::ExportOutcome;
use crate::dynamodb::model::ItemStore;
use crate::dynamodb::model::export_format::ExportFormat;
use crate::dynamodb::model::import_rows::ImportPlan;
use crate::dynamodb::model::import_rows::parse_import;
use crate::dynamodb::tab::transfer_state::ExportScope;
use crate::dynamodb::tab::transfer_state::FilePurpose;
use crate::shared::model::ErrorKind;
use crate::shared::model::ServiceError;

impl TableTab {
    pub(super) fn export(
        &mut self,
        ctx: &TableContext<'_>,
        (scope, rows): (ExportScope, Vec<u32>),
        format: ExportFormat,
        path: PathBuf,
    ) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        let (name, backend, table) = (ctx.table.to_owned(), ctx.backend, self);
        let Some(details) = table.details.value() else {
            return;
        };
        let keys = details.key_schema.clone();
        let transfer = &mut table.transfer;
        transfer.export_path = Some(path.clone());
        transfer.export_scope = Some(scope);
        let progress = transfer.export_progress.clone();
        progress.restart();
        let repaint = backend.repaint_callback();
        match scope {
            ExportScope::Loaded | ExportScope::Selected => {
                // A copy lets the grid stay live while the file is written off the UI thread;
                // for a selection, only the selected items are copied.
                let loaded = &table.items.store;
                let store = if scope == ExportScope::Selected {
                    let mut subset = ItemStore::default();
                    for row in rows
                        .into_iter()
                        .map(|i| i as usize)
                        .filter(|i| *i < loaded.len())
                    {
                        let named = loaded.named_attributes(row).into_iter();
                        subset.push(named.map(|(k, v)| (k.into(), v.clone())).collect());
                    }
                    subset
                } else {
                    loaded.clone()
                };
                progress
                    .total
                    .store(store.len(), std::sync::atomic::Ordering::Relaxed);
                transfer
                    .export
                    .start(backend.spawn_fallible("Export", async move {
                        let written = tokio::task::spawn_blocking(move || {
                            let items = (0..store.len()).map(|i| store.named_attributes(i));
                            crate::dynamodb::calls::export_file::export_items(
                                items, format, &keys, &path,
                            )
                        })
                        .await
                        .map_err(|e| {
                            ServiceError::new("Export", ErrorKind::Other, e.to_string())
                        })??;
                        progress
                            .done
                            .store(written, std::sync::atomic::Ordering::Relaxed);
                        Ok(ExportOutcome::Written { items: written })
                    }));
            }
            ExportScope::FullTable => {
                transfer
                    .export
                    .start(backend.spawn_fallible("Export", async move {
                        let done = progress.done.clone();
                        crate::dynamodb::calls::transfer::export_scan(
                            &clients,
                            &name,
                            &keys,
                            format,
                            &path,
                            move |items| {
                                done.store(items, std::sync::atomic::Ordering::Relaxed);
                                repaint();
                            },
                            &progress.cancel,
                        )
                        .await
                    }));
            }
        }
    }

    pub(super) fn check_import(
        &mut self,
        ctx: &TableContext<'_>,
        format: ExportFormat,
        path: PathBuf,
    ) {
        let (backend, table) = (ctx.backend, self);
        let Some(details) = table.details.value() else {
            return;
        };
        let keys = details.key_schema.clone();
        table.transfer.import_path = Some(path.clone());
        // A new file's check replaces the last one's plan and report at once.
        table.transfer.import.reset();
        table.transfer.import_plan.reset();
        table
            .transfer
            .import_plan
            .start(backend.spawn_fallible("Check import file", async move {
                tokio::task::spawn_blocking(move || read_and_check(&path, format, &keys))
                    .await
                    .map_err(|e| {
                        ServiceError::new("Check import file", ErrorKind::Other, e.to_string())
                    })?
            }));
    }

    pub(super) fn run_import(&mut self, ctx: &TableContext<'_>) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        let (name, backend, table) = (ctx.table.to_owned(), ctx.backend, self);
        let Some(plan) = table.transfer.import_plan.value().cloned() else {
            return;
        };
        let progress = table.transfer.import_progress.clone();
        progress.restart();
        let repaint = backend.repaint_callback();
        table
            .transfer
            .import
            .start(backend.spawn_fallible("BatchWriteItem", async move {
                let (done, total) = (progress.done.clone(), progress.total.clone());
                crate::dynamodb::calls::transfer::import_items(
                    &clients,
                    &name,
                    &plan,
                    move |rows, of| {
                        done.store(rows, std::sync::atomic::Ordering::Relaxed);
                        total.store(of, std::sync::atomic::Ordering::Relaxed);
                        repaint();
                    },
                    &progress.cancel,
                )
                .await
            }));
    }

    /// Opens the system's file dialog off the UI thread; its answer fills the field.
    pub(super) fn pick_file(
        &mut self,
        ctx: &TableContext<'_>,
        purpose: FilePurpose,
        suggested: String,
    ) {
        let (backend, table) = (ctx.backend, self);
        table.transfer.picked_for = Some(purpose);
        if let Some(why) = no_file_dialog() {
            table
                .transfer
                .picked
                .start(poll_promise::Promise::from_ready(Err(ServiceError::new(
                    "Choose file",
                    ErrorKind::Other,
                    why,
                ))));
            return;
        }
        table
            .transfer
            .picked
            .start(backend.spawn_fallible("Choose file", async move {
                let dialog = rfd::AsyncFileDialog::new()
                    .add_filter("JSON Lines, JSON, CSV", &["jsonl", "json", "csv"])
                    .add_filter("All files", &["*"]);
                let chosen = match purpose {
                    FilePurpose::Export => dialog.set_file_name(suggested).save_file().await,
                    FilePurpose::Import => dialog.pick_file().await,
                };
                Ok(chosen.map(|file| file.path().to_owned()))
            }));
    }
}

/// Why no file dialog can open here, if that is known beforehand. On Linux the dialog comes
/// from the desktop portal (over the session D-Bus) or, failing that, from zenity; with neither,
/// rfd answers "no file" at once, which would look like a button that does nothing.
pub(super) fn no_file_dialog() -> Option<String> {
    if !cfg!(target_os = "linux") || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        return None;
    }
    let zenity = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("zenity").is_file()));
    (!zenity).then(|| {
        "No file dialog on this system (no desktop portal on D-Bus, no zenity): type the path."
            .to_owned()
    })
}

/// Reads an import file and checks every row; a file that is not text is one clear error.
fn read_and_check(
    path: &std::path::Path,
    format: ExportFormat,
    keys: &[crate::dynamodb::model::table_details::KeyAttribute],
) -> Result<ImportPlan, ServiceError> {
    let bytes = std::fs::read(path)
        .map_err(|e| crate::dynamodb::calls::export_file::file_error(path, &e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        ServiceError::new(
            "Check import file",
            ErrorKind::Other,
            format!(
                "{} is not UTF-8 text (first bad byte at offset {})",
                path.display(),
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    Ok(parse_import(&text, format, keys))
}
