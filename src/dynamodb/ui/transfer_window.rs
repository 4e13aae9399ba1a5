//! Export and import windows of a table tab: format, file (typed or from the system's file
//! dialog), progress with cancel, and every wrong or failed row by line number.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use egui::RichText;

use crate::shared::model::TabId;
use crate::shared::widgets::dialog::dialog_window;

use crate::shared::widgets::error_color;

use crate::shared::widgets::error_ui;

use crate::shared::widgets::named_button;

use crate::shared::widgets::named_text_field;

use crate::dynamodb::model::export_format::ExportFormat;
use crate::dynamodb::model::transfer_outcome::ExportOutcome;
use crate::dynamodb::model::transfer_outcome::ImportStop;
use crate::dynamodb::model::transfer_outcome::default_file_name;
use crate::dynamodb::tab::TableCommand;
use crate::dynamodb::tab::transfer_state::ExportScope;
use crate::dynamodb::tab::transfer_state::FilePurpose;
use crate::dynamodb::tab::transfer_state::TransferState;
use crate::dynamodb::ui::table_context::TableViewContext;
use crate::shared::widgets::set_accessible_name;

/// Wrong rows listed in the import window; the summary counts the rest.
const ROWS_LISTED: usize = 50;

/// What the user chose in the two windows of one table tab.
pub struct TransferViewState {
    pub export_open: bool,
    pub import_open: bool,
    scope: ExportScope,
    format: ExportFormat,
    export_path: String,
    import_path: String,
    import_format: ExportFormat,
    /// The last dialog answer copied into a field, so typing afterwards is not overwritten.
    picked_applied: Option<PathBuf>,
}

impl TransferViewState {
    pub fn new(table: &str) -> Self {
        let format = ExportFormat::JsonLines;
        Self {
            export_open: false,
            import_open: false,
            scope: ExportScope::Loaded,
            format,
            export_path: suggested_path(table, format),
            import_path: String::new(),
            import_format: format,
            picked_applied: None,
        }
    }
}

/// The user's downloads folder (else home) and a file name made from the table's.
fn suggested_path(table: &str, format: ExportFormat) -> String {
    let dir = directories::UserDirs::new().and_then(|dirs| {
        dirs.download_dir()
            .map(Path::to_owned)
            .or_else(|| Some(dirs.home_dir().to_owned()))
    });
    let name = default_file_name(table, format);
    dir.map_or(name.clone(), |d| d.join(&name))
        .display()
        .to_string()
}

/// Copies a file chosen in the system dialog into its field, once.
fn apply_picked(transfer: &TransferState, view: &mut TransferViewState) {
    let Some(Some(path)) = transfer.picked.value() else {
        return;
    };
    if view.picked_applied.as_ref() == Some(path) {
        return;
    }
    view.picked_applied = Some(path.clone());
    let text = path.display().to_string();
    match transfer.picked_for {
        Some(FilePurpose::Export) => view.export_path = text,
        Some(FilePurpose::Import) => {
            if let Some(format) = ExportFormat::from_file_name(&text) {
                view.import_format = format;
            }
            view.import_path = text;
        }
        None => {}
    }
}

fn format_ui(
    ui: &mut egui::Ui,
    format: &mut ExportFormat,
    salt: (&str, TabId),
    name: &str,
) -> bool {
    let before = *format;
    let combo = egui::ComboBox::from_id_salt(salt)
        .selected_text(format.label())
        .show_ui(ui, |ui| {
            for choice in ExportFormat::ALL {
                ui.selectable_value(format, choice, choice.label());
            }
        });
    set_accessible_name(ui, &combo.response, name);
    before != *format
}

fn path_ui(
    ui: &mut egui::Ui,
    path: &mut String,
    name: &str,
    purpose: FilePurpose,
    transfer: &TransferState,
    commands: &mut Vec<TableCommand>,
) {
    ui.horizontal(|ui| {
        ui.label("File");
        named_text_field(ui, path, name, "/path/to/file.jsonl", 380.0);
        let browse = ui.add_enabled(!transfer.picked.is_pending(), egui::Button::new("Browse…"));
        set_accessible_name(ui, &browse, &format!("{name}: browse"));
        if browse.clicked() {
            let suggested = Path::new(path.as_str())
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            commands.push(TableCommand::PickFile { purpose, suggested });
        }
    });
    if let Some(error) = transfer.picked.error() {
        ui.label(RichText::new(error.to_string()).color(error_color(ui)));
    }
}

/// The export window, when open.
pub fn export_window(
    ctx: &egui::Context,
    cx: &mut TableViewContext<'_>,
    table_name: &str,
    selected: &BTreeSet<u32>,
    view: &mut TransferViewState,
) {
    let (index, table, commands) = (cx.tab, cx.table, &mut *cx.commands);
    let transfer = &table.transfer;
    apply_picked(transfer, view);
    let mut open = view.export_open;
    let mut close = false;
    dialog_window(ctx, format!("Export {table_name}"), ("export", index))
        .open(&mut open)
        .default_width(560.0)
        .show(ctx, |ui| {
            let loaded = table.items.store.len();
            ui.horizontal(|ui| {
                ui.label("Items");
                ui.radio_value(
                    &mut view.scope,
                    ExportScope::Loaded,
                    format!("Loaded in the grid ({loaded})"),
                );
                ui.add_enabled_ui(!selected.is_empty(), |ui| {
                    ui.radio_value(
                        &mut view.scope,
                        ExportScope::Selected,
                        format!("Selected ({})", selected.len()),
                    );
                });
                ui.radio_value(
                    &mut view.scope,
                    ExportScope::FullTable,
                    "Whole table (full scan, streamed to the file)",
                );
            });
            ui.horizontal(|ui| {
                ui.label("Format");
                if format_ui(ui, &mut view.format, ("export_format", index), "Export format") {
                    // Keep the folder and name; follow the format's extension.
                    let path = Path::new(&view.export_path).with_extension(view.format.extension());
                    view.export_path = path.display().to_string();
                }
            });
            ui.label(
                RichText::new(match view.format {
                    ExportFormat::JsonLines => "One DynamoDB JSON item per line: exact for every type.",
                    ExportFormat::Json => "A JSON array of DynamoDB JSON items: exact for every type.",
                    ExportFormat::Csv => "Columns “name (TYPE)”, one per attribute and type; sets, lists and maps as DynamoDB JSON. An empty string is written \"\" and an absent attribute as an empty cell.",
                })
                .weak(),
            );
            path_ui(
                ui,
                &mut view.export_path,
                "Export file",
                FilePurpose::Export,
                transfer,
                commands);
            let progress = &transfer.export_progress;
            if transfer.export.is_pending() {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(format!("{} items written…", progress.done()));
                    if transfer.export_scope == Some(ExportScope::FullTable)
                        && named_button(ui, "Cancel", "Cancel export").clicked()
                    {
                        commands.push(TableCommand::CancelExport);
                    }
                });
            } else {
                if let Some(error) = transfer.export.error() {
                    ui.label(RichText::new(error.to_string()).color(error_color(ui)));
                }
                match transfer.export.value() {
                    Some(ExportOutcome::Written { items }) => {
                        let path = transfer
                            .export_path
                            .as_deref()
                            .map(|p| p.display().to_string())
                            .unwrap_or_default();
                        let noun = if *items == 1 { "item" } else { "items" };
                        ui.label(format!("Exported {items} {noun} to {path}"));
                    }
                    Some(ExportOutcome::Cancelled) => {
                        ui.label("Export cancelled: no file was written.");
                    }
                    None => {}
                }
                let path = view.export_path.trim();
                let nothing_selected = view.scope == ExportScope::Selected && selected.is_empty();
                let ready = !path.is_empty() && !nothing_selected;
                ui.horizontal(|ui| {
                    let export = ui.add_enabled(ready, egui::Button::new("Export"));
                    set_accessible_name(ui, &export, "Start export");
                    if export.clicked() {
                        commands.push(TableCommand::Export { scope: view.scope,
                            rows: selected.iter().copied().collect(),
                            format: view.format,
                            path: PathBuf::from(path),
                        });
                    }
                    if named_button(ui, "Close", "Close export window").clicked() {
                        close = true;
                    }
                });
            }
        });
    view.export_open = open && !close;
}

/// The import window, when open: check first, then import only a file with no wrong row.
pub fn import_window(
    ctx: &egui::Context,
    cx: &mut TableViewContext<'_>,
    table_name: &str,
    view: &mut TransferViewState,
) {
    let (index, table, read_only) = (cx.tab, cx.table, cx.read_only);
    let commands = &mut *cx.commands;
    let transfer = &table.transfer;
    apply_picked(transfer, view);
    let mut open = view.import_open;
    let mut close = false;
    dialog_window(ctx, format!("Import into {table_name}"), ("import", index))
        .open(&mut open)
        .default_width(600.0)
        .show(ctx, |ui| {
            ui.label(
                RichText::new(
                    "Every row is checked before anything is written. Items with an existing \
                     key are replaced.",
                )
                .weak(),
            );
            let before = view.import_path.clone();
            path_ui(
                ui,
                &mut view.import_path,
                "Import file",
                FilePurpose::Import,
                transfer,
                commands,
            );
            if view.import_path != before
                && let Some(format) = ExportFormat::from_file_name(&view.import_path)
            {
                view.import_format = format;
            }
            ui.horizontal(|ui| {
                ui.label("Format");
                format_ui(
                    ui,
                    &mut view.import_format,
                    ("import_format", index),
                    "Import format",
                );
                let path = view.import_path.trim();
                let check = ui.add_enabled(
                    !path.is_empty() && !transfer.import.is_pending(),
                    egui::Button::new("Check file"),
                );
                set_accessible_name(ui, &check, "Check import file");
                if check.clicked() {
                    commands.push(TableCommand::CheckImport {
                        format: view.import_format,
                        path: PathBuf::from(path),
                    });
                }
                if transfer.import_plan.is_pending() {
                    ui.spinner();
                }
                if named_button(ui, "Close", "Close import window").clicked() {
                    close = true;
                }
            });
            if let Some(error) = transfer.import_plan.error() {
                ui.label(RichText::new(error.to_string()).color(error_color(ui)));
            }
            let Some(plan) = transfer.import_plan.value() else {
                return;
            };
            let colour = if plan.is_ready() {
                ui.visuals().text_color()
            } else {
                error_color(ui)
            };
            let headline = match plan.errors.len() {
                0 => plan.summary(0),
                1 => "1 row is wrong, nothing will be written:".to_owned(),
                n => format!("{n} rows are wrong, nothing will be written:"),
            };
            ui.label(RichText::new(headline).color(colour).strong());
            if !plan.errors.is_empty() {
                egui::ScrollArea::vertical()
                    .id_salt(("import_errors", index))
                    .max_height(220.0)
                    .show(ui, |ui| {
                        for error in plan.errors.iter().take(ROWS_LISTED) {
                            ui.label(RichText::new(error.to_string()).color(error_color(ui)));
                        }
                        if plan.errors.len() > ROWS_LISTED {
                            ui.label(format!(
                                "… and {} more wrong rows",
                                plan.errors.len() - ROWS_LISTED
                            ));
                        }
                    });
                return;
            }
            import_progress_ui(ui, transfer, plan.rows.len(), read_only, commands);
        });
    view.import_open = open && !close;
}

fn import_progress_ui(
    ui: &mut egui::Ui,
    transfer: &TransferState,
    rows: usize,
    read_only: bool,
    commands: &mut Vec<TableCommand>,
) {
    let progress = &transfer.import_progress;
    if transfer.import.is_pending() {
        let total = progress.total().max(1);
        ui.add(
            egui::ProgressBar::new(progress.done() as f32 / total as f32).text(format!(
                "{} of {} rows written",
                progress.done(),
                progress.total()
            )),
        );
        if named_button(ui, "Cancel", "Cancel import").clicked() {
            commands.push(TableCommand::CancelImport);
        }
        return;
    }
    if let Some(error) = transfer.import.error() {
        error_ui(ui, error, TableCommand::RunImport, commands);
    }
    if let Some(report) = transfer.import.value() {
        ui.label(RichText::new(format!("Wrote {} of {rows} items.", report.written)).strong());
        match &report.stopped {
            Some(ImportStop::Cancelled) => {
                ui.label("Import cancelled.");
            }
            Some(ImportStop::Failed(error)) => {
                ui.label(RichText::new(error.to_string()).color(error_color(ui)));
            }
            None => {}
        }
        for failure in report.failed.iter().take(ROWS_LISTED) {
            ui.label(
                RichText::new(format!(
                    "line {}: not written: {}",
                    failure.line, failure.message
                ))
                .color(error_color(ui)),
            );
        }
        if !report.not_attempted.is_empty() {
            ui.label(format!(
                "{} rows not attempted (from line {})",
                report.not_attempted.len(),
                report.not_attempted[0]
            ));
        }
        return;
    }
    let import = ui.add_enabled(
        !read_only && rows > 0,
        egui::Button::new(format!("Import {rows} items")),
    );
    set_accessible_name(ui, &import, "Start import");
    if read_only {
        ui.label(RichText::new("This connection is read-only.").weak());
    }
    if import.clicked() {
        commands.push(TableCommand::RunImport);
    }
}
