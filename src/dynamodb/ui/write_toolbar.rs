//! The write toolbar over the grid: new, edit, duplicate and delete (reading the whole item
//! before an editor opens, asking before a delete), the version attribute, the write status,
//! and this session's changes with Revert.

use egui::RichText;

use crate::connection::LiveConnection;
use crate::dynamodb::model::ColumnId;
use crate::dynamodb::model::TableDetails;
use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::attribute_json::item_to_json;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::item_edit::SaveOutcome;
use crate::dynamodb::model::item_edit::key_of;
use crate::dynamodb::model::request_code::{delete_code, render};
use crate::dynamodb::tab::TableCommand;
use crate::dynamodb::tab::item_writes::RowsAt;
use crate::dynamodb::tab::item_writes::stored_item;
use crate::dynamodb::ui::item_editor::ItemEditor;
use crate::dynamodb::ui::table_context::TableViewContext;
use crate::dynamodb::ui::table_view::TableViewState;
use crate::shared::model::request_code::CodeTarget;
use crate::shared::widgets::dialog::dialog_window;
use crate::shared::widgets::error_color;
use crate::shared::widgets::named_button;
use crate::shared::widgets::named_text_field;
use crate::shared::widgets::request_code_ui;
use crate::shared::widgets::set_accessible_name;
use crate::shared::widgets::shortcut;

/// What the editor opens for once its item is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditPurpose {
    Edit,
    Duplicate,
}

/// Most items a delete sends without asking for the count to be typed.
const DELETE_WITHOUT_TYPING: usize = 25;

/// Asks for the whole item before the editor opens on it: the row may be a projection (a
/// projected scan, a KEYS_ONLY or INCLUDE index, a PartiQL SELECT of some attributes), and an
/// editor must never save a partial item.
fn read_for_edit(
    cx: &mut TableViewContext<'_>,
    details: &TableDetails,
    row: u32,
    purpose: EditPurpose,
    view: &mut TableViewState,
) {
    let key = key_of(
        &stored_item(&cx.table.items.store, row as usize),
        &details.key_schema,
    );
    view.edit_error = None;
    view.pending_edit = Some((cx.table.writes.reads_started, purpose));
    cx.commands.push(TableCommand::ReadForEdit { key });
}

/// Opens the editor once its item has been read, or says why it did not.
fn pending_edit_ui(
    ui: &mut egui::Ui,
    cx: &TableViewContext<'_>,
    details: &TableDetails,
    view: &mut TableViewState,
) {
    let writes = &cx.table.writes;
    if let Some((asked_at, purpose)) = view.pending_edit {
        let answered = writes.reads_started > asked_at && !writes.read_for_edit.is_pending();
        if !answered {
            ui.spinner();
            ui.label("Reading the whole item…");
            return;
        }
        view.pending_edit = None;
        match writes.read_for_edit.latest() {
            Some(Ok(Some(item))) => {
                let mut editor = match purpose {
                    EditPurpose::Edit => ItemEditor::edit(item.clone(), &details.key_schema),
                    EditPurpose::Duplicate => {
                        ItemEditor::duplicate(item.clone(), &details.key_schema)
                    }
                };
                editor.version_attribute = view.version_attribute.clone();
                view.editor = Some(editor);
            }
            Some(Ok(None)) => {
                view.edit_error = Some(
                    "The item no longer exists (deleted since it was loaded): the editor did not open."
                        .to_owned(),
                );
            }
            Some(Err(error)) => {
                view.edit_error = Some(format!(
                    "Could not read the whole item ({}: {}): the editor did not open, so nothing partial can be saved.",
                    error.operation, error.message
                ));
            }
            None => {}
        }
    }
    if let Some(error) = &view.edit_error {
        ui.label(RichText::new(error).color(error_color(ui)));
    }
}

/// Picks the table's version attribute: none, or an attribute every save checks and bumps.
fn version_attribute_ui(
    ui: &mut egui::Ui,
    cx: &mut TableViewContext<'_>,
    details: &TableDetails,
    view: &TableViewState,
) {
    let store = &cx.table.items.store;
    let current = view.version_attribute.clone();
    let mut chosen = current.clone();
    let combo = egui::ComboBox::from_id_salt(("version_attribute", cx.tab))
        .selected_text(format!("Version: {}", current.as_deref().unwrap_or("none")))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut chosen, None, "none");
            let mut names: Vec<&str> = (0..store.column_count() as ColumnId)
                .map(|c| store.column_name(c))
                .filter(|name| !details.key_schema.iter().any(|k| k.name == *name))
                .collect();
            names.extend(current.as_deref());
            names.sort_unstable();
            names.dedup();
            for name in names {
                ui.selectable_value(&mut chosen, Some(name.to_owned()), name);
            }
        });
    set_accessible_name(ui, &combo.response, "Version attribute");
    combo.response.on_hover_text(
        "A number attribute every save checks against what you loaded and bumps by one, \
         which also catches changes to attributes you did not touch. Remembered per table.",
    );
    if chosen != current {
        cx.commands
            .push(TableCommand::SetVersionAttribute { name: chosen });
    }
}

/// New, edit, duplicate and delete, the write status, and this session's changes.
pub fn writes_ui(
    ui: &mut egui::Ui,
    cx: &mut TableViewContext<'_>,
    details: &TableDetails,
    view: &mut TableViewState,
) {
    let (table, read_only) = (cx.table, cx.read_only);
    let store = &table.items.store;
    let selected: Vec<u32> = view.grid.selected.iter().copied().collect();
    let writes = &table.writes;
    ui.horizontal_wrapped(|ui| {
        let allowed = !read_only && !writes.is_busy();
        let hint = if read_only {
            "Read-only connection"
        } else {
            ""
        };
        let new = ui
            .add_enabled(allowed, egui::Button::new("New item"))
            .on_disabled_hover_text(hint);
        set_accessible_name(ui, &new, "New item");
        let ctrl_n = allowed && shortcut(ui, egui::Key::N);
        if new.clicked() || ctrl_n {
            view.editor = Some(ItemEditor::create(&details.key_schema));
        }
        let one = selected.len() == 1;
        let edit = ui.add_enabled(allowed && one, egui::Button::new("Edit item"));
        set_accessible_name(ui, &edit, "Edit item");
        if edit.clicked()
            && let Some(i) = selected.first()
        {
            read_for_edit(cx, details, *i, EditPurpose::Edit, view);
        }
        let duplicate = ui.add_enabled(allowed && one, egui::Button::new("Duplicate"));
        set_accessible_name(ui, &duplicate, "Duplicate item");
        if duplicate.clicked()
            && let Some(i) = selected.first()
        {
            read_for_edit(cx, details, *i, EditPurpose::Duplicate, view);
        }
        if named_button(ui, "Export…", "Export items").clicked() {
            view.transfer.export_open = true;
        }
        let import = ui
            .add_enabled(!read_only, egui::Button::new("Import…"))
            .on_disabled_hover_text(hint);
        set_accessible_name(ui, &import, "Import items");
        if import.clicked() {
            view.transfer.import_open = true;
        }
        let label = format!("Delete ({})", selected.len());
        let delete = ui.add_enabled(allowed && !selected.is_empty(), egui::Button::new(&label));
        set_accessible_name(ui, &delete, "Delete selected items");
        if delete.clicked() {
            let items = selected
                .iter()
                .map(|i| stored_item(store, *i as usize))
                .collect();
            let at = RowsAt {
                generation: table.items.generation,
                removals: store.removals().version(),
                rows: selected.clone(),
            };
            view.delete_confirm = Some((items, at, String::new()));
        }
        version_attribute_ui(ui, cx, details, view);
        pending_edit_ui(ui, cx, details, view);
        if let Some(refused) = &writes.refused {
            ui.label(RichText::new(refused).color(error_color(ui)));
        }
        if writes.delete.is_pending() {
            let (done, total) = writes.delete_progress.get();
            ui.spinner();
            ui.label(format!("Deleting: {done} of {total}"));
        } else if let Some(Ok(report)) = writes.delete.latest() {
            ui.label(format!(
                "Deleted {} item{}",
                report.deleted,
                if report.deleted == 1 { "" } else { "s" }
            ));
        }
        if let Some(error) = writes.delete.error().or(writes.revert.error()) {
            ui.label(
                RichText::new(format!("{}: {}", error.headline(), error.message))
                    .color(error_color(ui)),
            );
        }
        if let Some(Ok(SaveOutcome::Conflict { .. })) = writes.revert.latest() {
            ui.label(
                RichText::new("Revert refused: the item changed since that write")
                    .color(error_color(ui)),
            );
        }
    });
    if let Some(Ok(report)) = writes.delete.latest()
        && !writes.delete.is_pending()
        && !report.failed.is_empty()
    {
        egui::CollapsingHeader::new(
            RichText::new(format!("{} not deleted", report.failed.len())).color(error_color(ui)),
        )
        .id_salt(("delete_kept", cx.tab))
        .default_open(report.failed.len() <= 5)
        .show(ui, |ui| {
            for (key, reason) in &report.failed {
                ui.label(format!("{}: {reason}", compact_key(key)));
            }
        });
    }
    history_ui(ui, cx);
}

/// This session's changes, newest first, each with Revert.
fn history_ui(ui: &mut egui::Ui, cx: &mut TableViewContext<'_>) {
    let writes = &cx.table.writes;
    if writes.history.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!("Changes this session ({})", writes.history.len()))
        .id_salt(("write_history", cx.tab))
        .show(ui, |ui| {
            for (i, record) in writes.history.iter().enumerate().rev() {
                ui.horizontal(|ui| {
                    let what = match (&record.before, &record.after) {
                        (None, Some(_)) => "created",
                        (Some(_), None) => "deleted",
                        _ => "edited",
                    };
                    ui.label(format!(
                        "{} · {what} · {}",
                        record.at,
                        compact_key(&record.key)
                    ));
                    if record.reverted {
                        ui.label(RichText::new("reverted").weak());
                    } else {
                        let revert = ui.add_enabled(
                            !cx.read_only && !writes.is_busy(),
                            egui::Button::new("Revert"),
                        );
                        set_accessible_name(ui, &revert, &format!("Revert change {}", i + 1));
                        if revert.clicked() {
                            cx.commands.push(TableCommand::RevertWrite { index: i });
                        }
                    }
                });
            }
        });
}

fn compact_key(key: &Item) -> String {
    item_to_json(
        key.iter().map(|(k, v)| (k.as_str(), v)),
        JsonStyle::Plain,
        false,
    )
}

/// The first item's conditional DeleteItem as code (each item gets its own).
fn delete_code_ui(
    ui: &mut egui::Ui,
    cx: &TableViewContext<'_>,
    details: &TableDetails,
    first: &Item,
    count: usize,
) {
    egui::CollapsingHeader::new("Request as code")
        .id_salt(("delete_code", cx.tab))
        .show(ui, |ui| {
            if count > 1 {
                ui.label(format!(
                    "One DeleteItem per item ({count}); this is the first item's."
                ));
            }
            let target = CodeTarget::new(
                cx.connection.and_then(LiveConnection::region),
                cx.connection.and_then(|c| c.spec.endpoint_url.as_deref()),
            );
            let code = delete_code(&details.name, first, &details.key_schema);
            request_code_ui(ui, ("delete_code", cx.tab), |language| {
                render(&code, language, &target)
            });
        });
}

/// Asks before deleting; more than 25 items need their count typed.
pub fn delete_confirm_ui(
    ctx: &egui::Context,
    cx: &mut TableViewContext<'_>,
    details: &TableDetails,
    view: &mut TableViewState,
) {
    let Some((items, at, typed)) = &mut view.delete_confirm else {
        return;
    };
    let count = items.len();
    let mut close = false;
    dialog_window(ctx, "Delete items", ("delete_confirm", cx.tab)).show(ctx, |ui| {
            ui.label(format!(
                "Delete {count} item{} from {}? Each is deleted only if it is still as you loaded it, and can be restored from this session's changes.",
                if count == 1 { "" } else { "s" },
                details.name
            ));
            let needs_typing = count > DELETE_WITHOUT_TYPING;
            if needs_typing {
                ui.label(format!("Type {count} to confirm."));
                named_text_field(ui, typed, "Type the number of items to delete", "", 80.0);
            }
            if let Some(first) = items.first() {
                delete_code_ui(ui, cx, details, first, count);
            }
            ui.horizontal(|ui| {
                let confirmed = !needs_typing || typed.trim() == count.to_string();
                let delete = ui.add_enabled(confirmed, egui::Button::new("Delete"));
                set_accessible_name(ui, &delete, "Confirm delete");
                if delete.clicked() {
                    cx.commands.push(TableCommand::DeleteItems {
                        items: std::mem::take(items),
                        at: std::mem::take(at),
                    });
                    close = true;
                }
                if named_button(ui, "Cancel", "Cancel delete").clicked() {
                    close = true;
                }
            });
        });
    if close {
        view.delete_confirm = None;
        view.grid.selected.clear();
    }
}
