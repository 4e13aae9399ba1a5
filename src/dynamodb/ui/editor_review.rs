//! The item editor's last steps: the preview of a save (the changes and the exact request)
//! and the conflict view when someone else changed the item (theirs beside ours).

use egui::RichText;

use crate::connection::LiveConnection;
use crate::dynamodb::model::AttrValue;
use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::attribute_json::item_to_json;
use crate::dynamodb::model::attribute_json::value_to_json;
use crate::dynamodb::model::item_edit::ChangeKind;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::item_edit::diff;
use crate::dynamodb::model::item_edit::key_changed;
use crate::dynamodb::model::item_edit::key_of;
use crate::dynamodb::model::item_edit::same_value;
use crate::dynamodb::model::request_code::{render, save_code};
use crate::dynamodb::model::save_preview::save_request_preview;
use crate::dynamodb::model::table_details::TableDetails;
use crate::dynamodb::tab::TableCommand;
use crate::dynamodb::ui::item_editor::Conflict;
use crate::dynamodb::ui::item_editor::ItemEditor;
use crate::dynamodb::ui::item_editor::Stage;
use crate::dynamodb::ui::item_editor::save_request;
use crate::dynamodb::ui::table_context::TableViewContext;
use crate::shared::model::request_code::CodeTarget;
use crate::shared::widgets::StripedTable;
use crate::shared::widgets::error_color;
use crate::shared::widgets::named_button;
use crate::shared::widgets::request_code_ui_cached;
use crate::shared::widgets::set_accessible_name;

fn compact(value: Option<&AttrValue>) -> String {
    value.map_or_else(
        || "—".to_owned(),
        |v| value_to_json(v, JsonStyle::DynamoDb, false),
    )
}

/// The changes and the exact request, with Save (Ctrl+S) and Back.
pub fn preview_ui(
    ui: &mut egui::Ui,
    cx: &mut TableViewContext<'_>,
    table: &TableDetails,
    editor: &mut ItemEditor,
    edited: &Item,
) {
    let writes = &cx.table.writes;
    let empty = Item::new();
    let before = editor.loaded.as_ref().unwrap_or(&empty);
    let changes = diff(before, edited);
    ui.label(RichText::new(format!("{} change(s)", changes.len())).strong());
    StripedTable::new("item_changes").columns(4).show(ui, |ui| {
        for change in &changes {
            let kind = match change.kind {
                ChangeKind::Added => "added",
                ChangeKind::Changed => "changed",
                ChangeKind::Removed => "removed",
            };
            ui.label(kind);
            ui.label(&change.name);
            ui.label(compact(change.before.as_ref()));
            ui.label(compact(change.after.as_ref()));
            ui.end_row();
        }
    });
    if let Some(loaded) = &editor.loaded
        && key_changed(loaded, edited, &table.key_schema)
    {
        ui.label(
            RichText::new(format!(
                "The key changes: the item moves from {} to {} in one transaction.",
                compact_item(&key_of(loaded, &table.key_schema)),
                compact_item(&key_of(edited, &table.key_schema))
            ))
            .italics(),
        );
    }
    let request = save_request(
        table,
        editor.loaded.clone(),
        edited,
        editor.version_attribute.as_deref(),
    );
    if let Some(version) = &editor.version_attribute {
        ui.label(format!(
            "Version attribute {version:?}: checked against what you loaded and bumped by this save."
        ));
    }
    ui.label(RichText::new("Request").strong());
    // The exact request, also what its code is written from (written again when it changes).
    let preview = save_request_preview(&request);
    egui::ScrollArea::both()
        .id_salt("save_request_preview")
        .max_height(200.0)
        .show(ui, |ui| {
            ui.add(egui::Label::new(RichText::new(preview.as_str()).monospace()).extend());
        });
    // Folded until asked for: a 400 KB item's code is megabytes to lay out every frame.
    egui::CollapsingHeader::new("Request as code")
        .id_salt(("save_code", cx.tab))
        .show(ui, |ui| {
            let target = CodeTarget::new(
                cx.connection.and_then(LiveConnection::region),
                cx.connection.and_then(|c| c.spec.endpoint_url.as_deref()),
            );
            let source = (&preview, &target.region, &target.endpoint_url);
            request_code_ui_cached(
                ui,
                ("save_code", cx.tab),
                source,
                |language| match save_code(&request) {
                    Ok(code) => render(&code, language, &target),
                    Err(reason) => format!("Not sent: {reason}"),
                },
            );
        });
    // Deviations from the accepted schema never block a save: one tick confirms it.
    let warnings = crate::dynamodb::ui::schema_warnings::warnings_for(
        cx.memory.and_then(|m| m.schema.as_ref()),
        Some(edited),
    );
    let confirmed = crate::dynamodb::ui::schema_warnings::review_warnings_ui(
        ui,
        &warnings,
        &mut editor.save_despite_warnings,
    );
    ui.horizontal(|ui| {
        let ctrl_s = ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::S));
        let busy = writes.is_busy();
        let save = ui
            .add_enabled(!busy && confirmed, egui::Button::new("Save"))
            .on_disabled_hover_text(if busy {
                "Another write to this table is in flight"
            } else {
                "Tick \"Save despite warnings\" first"
            });
        set_accessible_name(ui, &save, "Confirm save");
        if (save.clicked() || ctrl_s) && !busy && confirmed {
            cx.commands.push(TableCommand::SaveItem { request });
            editor.mark_sent(writes);
        }
        if named_button(ui, "Back", "Back to editing").clicked() {
            editor.stage = Stage::Editing;
        }
    });
}

fn compact_item(item: &Item) -> String {
    item_to_json(
        item.iter().map(|(k, v)| (k.as_str(), v)),
        JsonStyle::DynamoDb,
        false,
    )
}

/// Theirs beside ours, with Reload and an explicit (still conditional) Overwrite.
pub fn conflict_ui(
    ui: &mut egui::Ui,
    cx: &mut TableViewContext<'_>,
    table: &TableDetails,
    editor: &mut ItemEditor,
    conflict: &Conflict,
) {
    let (mine, stored) = (&conflict.mine, conflict.stored.as_ref());
    ui.label(
        RichText::new("Someone changed this item since you loaded it. Nothing was saved.")
            .color(error_color(ui))
            .strong(),
    );
    let empty = Item::new();
    let theirs = stored.unwrap_or(&empty);
    if stored.is_none() {
        ui.label("The item has been deleted.");
    }
    let mut names: Vec<&String> = mine.keys().chain(theirs.keys()).collect();
    names.sort();
    names.dedup();
    StripedTable::new("item_conflict")
        .headings(&["Attribute", "Yours", "Stored now"])
        .show(ui, |ui| {
            for name in names {
                let (a, b) = (mine.get(name), theirs.get(name));
                let differs = match (a, b) {
                    (Some(a), Some(b)) => !same_value(a, b),
                    (a, b) => a.is_some() != b.is_some(),
                };
                let text = |s: String| {
                    if differs {
                        RichText::new(s).strong()
                    } else {
                        RichText::new(s)
                    }
                };
                ui.label(text(name.clone()));
                ui.label(text(compact(a)));
                ui.label(text(compact(b)));
                ui.end_row();
            }
        });
    ui.horizontal(|ui| {
        if named_button(ui, "Reload", "Reload the stored item").clicked() {
            editor.reload(stored.cloned());
        }
        // Overwriting is explicit, and still conditional: on the item just shown.
        if named_button(ui, "Overwrite", "Overwrite with my version").clicked() {
            let request = save_request(
                table,
                stored.cloned(),
                mine,
                editor.version_attribute.as_deref(),
            );
            editor.loaded = stored.cloned();
            cx.commands.push(TableCommand::SaveItem { request });
            editor.mark_sent(&cx.table.writes);
        }
    });
}
