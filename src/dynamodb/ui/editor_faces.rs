//! The item editor's two faces over the same item, a form and DynamoDB JSON text, and the
//! Review button that checks the item before its preview.

use egui::RichText;

use crate::dynamodb::model::AttrType;
use crate::dynamodb::model::edit_tree::EditValue;
use crate::dynamodb::model::item_edit::diff;
use crate::dynamodb::model::item_edit::validate_item;
use crate::dynamodb::model::schema::{AcceptedSchema, SchemaWarning};
use crate::dynamodb::model::table_details::KeyAttribute;
use crate::dynamodb::model::table_details::TableDetails;
use crate::dynamodb::ui::item_editor::Face;
use crate::dynamodb::ui::item_editor::ItemEditor;
use crate::dynamodb::ui::item_editor::Stage;
use crate::dynamodb::ui::schema_warnings::{field_warnings_ui, other_warnings_ui, warnings_for};
use crate::shared::widgets::error_color;
use crate::shared::widgets::named_button;
use crate::shared::widgets::named_text_field;
use crate::shared::widgets::set_accessible_name;

/// The face switcher, the active face, and Review (Ctrl+S).
pub fn editing_ui(
    ui: &mut egui::Ui,
    table: &TableDetails,
    editor: &mut ItemEditor,
    read_only: bool,
    accepted: Option<&AcceptedSchema>,
) {
    // Read the item only when there is a schema to check it against (a big item's JSON face
    // would otherwise be parsed every frame for nothing).
    let warnings = match accepted {
        Some(accepted) => warnings_for(Some(accepted), editor.current_item().ok().as_ref()),
        None => Vec::new(),
    };
    ui.horizontal(|ui| {
        let mut face = editor.face;
        let form = ui.selectable_value(&mut face, Face::Form, "Form");
        set_accessible_name(ui, &form, "Edit as a form");
        let json = ui.selectable_value(&mut face, Face::Json, "DynamoDB JSON");
        set_accessible_name(ui, &json, "Edit as DynamoDB JSON");
        editor.switch_to(face);
    });
    if let Some(error) = &editor.error {
        ui.label(RichText::new(error).color(error_color(ui)));
    }
    let height = (ui.available_height() - 40.0).max(120.0);
    egui::ScrollArea::both()
        .id_salt("item_editor_body")
        .max_height(height)
        .auto_shrink([false, true])
        .show(ui, |ui| match editor.face {
            Face::Form => form_ui(ui, &table.key_schema, editor, &warnings),
            Face::Json => {
                let dark_mode = ui.visuals().dark_mode;
                let mut layouter = |ui: &egui::Ui, text: &dyn egui::TextBuffer, wrap: f32| {
                    let job = crate::shared::widgets::payload_cache::json_layout_job_cached(
                        ui.ctx(),
                        text.as_str(),
                        dark_mode,
                        wrap,
                    );
                    ui.fonts_mut(|f| f.layout_job(job))
                };
                let response = ui.add(
                    egui::TextEdit::multiline(&mut editor.json)
                        .code_editor()
                        .desired_rows(16)
                        .desired_width(f32::INFINITY)
                        .layouter(&mut layouter),
                );
                set_accessible_name(ui, &response, "Item DynamoDB JSON");
                if response.changed() {
                    editor.error = None;
                }
                other_warnings_ui(ui, &warnings, &[]);
            }
        });
    ui.horizontal(|ui| {
        let review = ui.add_enabled(!read_only, egui::Button::new("Review changes"));
        set_accessible_name(ui, &review, "Review changes");
        if read_only {
            ui.label(RichText::new("Read-only connection: saving is disabled").weak());
        }
        // Ctrl+S reviews, and a second Ctrl+S in the review saves: a save is always seen first.
        let ctrl_s =
            !read_only && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::S));
        if review.clicked() || ctrl_s {
            match editor.current_item() {
                Err(message) => editor.error = Some(message),
                Ok(item) => match validate_item(&item, &table.key_schema) {
                    Err(error) => {
                        editor.error = Some(match error.attribute {
                            Some(attribute) => format!("{attribute}: {}", error.message),
                            None => error.message,
                        });
                    }
                    Ok(())
                        if editor
                            .loaded
                            .as_ref()
                            .is_some_and(|l| diff(l, &item).is_empty()) =>
                    {
                        editor.error = Some("Nothing changed".to_owned());
                    }
                    Ok(()) => {
                        editor.error = None;
                        editor.save_despite_warnings = false;
                        editor.stage = Stage::Preview(item);
                    }
                },
            }
        }
    });
}

fn form_ui(
    ui: &mut egui::Ui,
    keys: &[KeyAttribute],
    editor: &mut ItemEditor,
    warnings: &[SchemaWarning],
) {
    let mut remove = None;
    let shown: Vec<String> = editor.form.iter().map(|(name, _)| name.clone()).collect();
    let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
    other_warnings_ui(ui, warnings, &shown);
    for (i, (name, value)) in editor.form.iter_mut().enumerate() {
        let is_key = keys.iter().any(|k| &k.name == name);
        ui.horizontal(|ui| {
            if is_key {
                ui.label(RichText::new(format!("{name} (key)")).strong());
            } else {
                named_text_field(
                    ui,
                    name,
                    &format!("Attribute {} name", i + 1),
                    "name",
                    140.0,
                );
            }
            let label = if name.is_empty() {
                format!("attribute {}", i + 1)
            } else {
                name.clone()
            };
            value_ui(ui, value, &label, !is_key);
            if !is_key && named_button(ui, "Remove", &format!("Remove {label}")).clicked() {
                remove = Some(i);
            }
        });
        field_warnings_ui(ui, warnings, name);
    }
    if let Some(i) = remove {
        editor.form.remove(i);
    }
    ui.horizontal(|ui| {
        named_text_field(
            ui,
            &mut editor.new_attribute,
            "New attribute name",
            "new attribute",
            160.0,
        );
        if named_button(ui, "Add attribute", "Add attribute").clicked() {
            let name = editor.new_attribute.trim().to_owned();
            editor.form.push((name, EditValue::empty(AttrType::S)));
            editor.new_attribute.clear();
        }
    });
}

/// One value: its type and its editor; lists and maps open into their entries.
fn value_ui(ui: &mut egui::Ui, value: &mut EditValue, path: &str, retypable: bool) {
    let mut kind = value.attr_type();
    let combo = egui::ComboBox::from_id_salt(("type", path))
        .selected_text(kind.tag())
        .width(60.0)
        .show_ui(ui, |ui| {
            for t in AttrType::ALL {
                ui.selectable_value(&mut kind, t, format!("{} · {}", t.tag(), t.description()));
            }
        });
    set_accessible_name(ui, &combo.response, &format!("{path} type"));
    if retypable || matches!(kind, AttrType::S | AttrType::N | AttrType::B) {
        value.retype(kind);
    }
    match value {
        EditValue::Scalar { text, .. } => {
            let field = ui.add(egui::TextEdit::singleline(text).desired_width(260.0));
            set_accessible_name(ui, &field, &format!("{path} value"));
        }
        EditValue::Bool(b) => {
            let check = ui.checkbox(b, "true");
            set_accessible_name(ui, &check, &format!("{path} value"));
        }
        EditValue::Null => {
            ui.label(RichText::new("null").weak());
        }
        // One field per member (multiline, so a member keeps its newlines).
        EditValue::Set { members, .. } => {
            ui.vertical(|ui| {
                let mut remove = None;
                for (i, member) in members.iter_mut().enumerate() {
                    ui.horizontal(|ui| {
                        let child = format!("{path} member {}", i + 1);
                        let field = ui.add(
                            egui::TextEdit::multiline(member)
                                .desired_rows(1)
                                .desired_width(220.0),
                        );
                        set_accessible_name(ui, &field, &child);
                        if named_button(ui, "Remove", &format!("Remove {child}")).clicked() {
                            remove = Some(i);
                        }
                    });
                }
                if let Some(i) = remove {
                    members.remove(i);
                }
                if named_button(ui, "Add member", &format!("Add member to {path}")).clicked() {
                    members.push(String::new());
                }
            });
        }
        EditValue::List(items) => {
            ui.vertical(|ui| {
                let mut remove = None;
                for (i, item) in items.iter_mut().enumerate() {
                    ui.horizontal(|ui| {
                        ui.label(format!("[{i}]"));
                        let child = format!("{path}[{i}]");
                        value_ui(ui, item, &child, true);
                        if named_button(ui, "Remove", &format!("Remove {child}")).clicked() {
                            remove = Some(i);
                        }
                    });
                }
                if let Some(i) = remove {
                    items.remove(i);
                }
                if named_button(ui, "Add element", &format!("Add element to {path}")).clicked() {
                    items.push(EditValue::empty(AttrType::S));
                }
            });
        }
        EditValue::Map(entries) => {
            ui.vertical(|ui| {
                let mut remove = None;
                for (i, (key, entry)) in entries.iter_mut().enumerate() {
                    ui.horizontal(|ui| {
                        let child = format!("{path}.{key}");
                        named_text_field(ui, key, &format!("{path} key {}", i + 1), "key", 100.0);
                        value_ui(ui, entry, &child, true);
                        if named_button(ui, "Remove", &format!("Remove {child}")).clicked() {
                            remove = Some(i);
                        }
                    });
                }
                if let Some(i) = remove {
                    entries.remove(i);
                }
                if named_button(ui, "Add entry", &format!("Add entry to {path}")).clicked() {
                    entries.push((String::new(), EditValue::empty(AttrType::S)));
                }
            });
        }
    }
}
