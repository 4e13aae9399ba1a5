//! The item editor: a form and a DynamoDB JSON text face over the same item, a preview of the
//! changes and the exact request, and a conflict view when someone else changed the item.

use egui::RichText;

use crate::shared::model::TabId;
use crate::shared::widgets::error_color;

use crate::shared::widgets::named_button;

use crate::shared::widgets::named_text_field;

use crate::dynamodb::model::AttrType;
use crate::dynamodb::model::AttrValue;
use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::attribute_json::item_to_json;
use crate::dynamodb::model::attribute_json::parse_dynamodb_item;
use crate::dynamodb::model::attribute_json::value_to_json;
use crate::dynamodb::model::edit_tree::EditItem;
use crate::dynamodb::model::edit_tree::EditValue;
use crate::dynamodb::model::edit_tree::edit_item_from;
use crate::dynamodb::model::edit_tree::item_from_edit;
use crate::dynamodb::model::item_edit::ChangeKind;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::item_edit::SaveOutcome;
use crate::dynamodb::model::item_edit::SaveRequest;
use crate::dynamodb::model::item_edit::diff;
use crate::dynamodb::model::item_edit::key_changed;
use crate::dynamodb::model::item_edit::key_of;
use crate::dynamodb::model::item_edit::validate_item;
use crate::dynamodb::model::save_preview::save_request_preview;
use crate::dynamodb::model::table_details::KeyAttribute;
use crate::dynamodb::model::table_details::TableDetails;
use crate::dynamodb::tab::TableCommand;
use crate::dynamodb::tab::item_writes::WriteState;
use crate::shared::widgets::set_accessible_name;

/// Which face of the editor is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    Form,
    Json,
}

/// Where the editor is in a save.
#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    Editing,
    /// Checked and ready: the user sees the changes and the request before confirming.
    Preview(Item),
    /// Sent; waiting for the outcome.
    Saving,
    /// Someone else changed the item: theirs beside ours.
    Conflict {
        mine: Item,
        stored: Option<Item>,
    },
}

/// An open editor.
pub struct ItemEditor {
    pub title: String,
    /// The item as loaded; `None` for a new item (create or duplicate).
    pub loaded: Option<Item>,
    pub face: Face,
    pub form: EditItem,
    pub json: String,
    pub error: Option<String>,
    pub stage: Stage,
    pub new_attribute: String,
    /// The table's write counters when this editor sent its save, so it reads its own outcome
    /// (see [`ItemEditor::mark_sent`]).
    sent: (u64, u64),
    /// The table's version attribute, as the user designated it (checked and bumped).
    pub version_attribute: Option<String>,
    /// The length of the table's write history when the editor first drew, to notice a delete
    /// of its item made after it opened.
    history_at_open: Option<usize>,
}

fn pretty_json(item: &Item) -> String {
    item_to_json(
        item.iter().map(|(k, v)| (k.as_str(), v)),
        JsonStyle::DynamoDb,
        true,
    )
}

impl ItemEditor {
    /// Edits a loaded item.
    pub fn edit(item: Item, keys: &[KeyAttribute]) -> Self {
        Self::open("Edit item", Some(item.clone()), item, keys)
    }

    /// A new item with the key attributes ready to fill.
    pub fn create(keys: &[KeyAttribute]) -> Self {
        let item = keys
            .iter()
            .map(|k| {
                let value = match k.attribute_type.as_str() {
                    "N" => AttrValue::N("0".into()),
                    "B" => AttrValue::B(vec![0].into()),
                    _ => AttrValue::s(""),
                };
                (k.name.clone(), value)
            })
            .collect();
        Self::open("New item", None, item, keys)
    }

    /// A copy of an item, to save under a new key.
    pub fn duplicate(item: Item, keys: &[KeyAttribute]) -> Self {
        Self::open("Duplicate item", None, item, keys)
    }

    fn open(title: &str, loaded: Option<Item>, item: Item, keys: &[KeyAttribute]) -> Self {
        // Key attributes lead the form, in schema order; the rest follow by name.
        let mut form = edit_item_from(&item);
        form.sort_by_key(|(name, _)| {
            keys.iter()
                .position(|k| &k.name == name)
                .unwrap_or(usize::MAX)
        });
        Self {
            title: title.to_owned(),
            loaded,
            face: Face::Form,
            form,
            json: pretty_json(&item),
            error: None,
            stage: Stage::Editing,
            new_attribute: String::new(),
            sent: (0, 0),
            version_attribute: None,
            history_at_open: None,
        }
    }

    /// Records that a save is being sent now: its outcome is the next one the table reports.
    pub fn mark_sent(&mut self, writes: &WriteState) {
        self.sent = (writes.saves_started, writes.refusals);
        self.stage = Stage::Saving;
    }

    /// The item the active face describes, or why it cannot be read.
    fn current_item(&self) -> Result<Item, String> {
        match self.face {
            Face::Form => item_from_edit(&self.form).map_err(|e| e.to_string()),
            Face::Json => parse_dynamodb_item(&self.json)
                .map(|entries| {
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect()
                })
                .map_err(|e| e.to_string()),
        }
    }

    /// Switches faces, carrying the edits across; an unreadable face keeps its text and says why.
    fn switch_to(&mut self, face: Face) {
        if face == self.face {
            return;
        }
        match self.current_item() {
            Ok(item) => {
                self.form = edit_item_from(&item);
                self.json = pretty_json(&item);
                self.face = face;
                self.error = None;
            }
            Err(message) => self.error = Some(format!("Fix this first: {message}")),
        }
    }

    /// Shows `item` in both faces.
    pub fn show(&mut self, item: &Item) {
        self.form = edit_item_from(item);
        self.json = pretty_json(item);
    }

    /// Replaces the contents with the stored item (after a conflict).
    fn reload(&mut self, stored: Option<Item>) {
        let item = stored.clone().unwrap_or_default();
        self.loaded = stored;
        self.form = edit_item_from(&item);
        self.json = pretty_json(&item);
        self.stage = Stage::Editing;
        self.error = None;
    }
}

/// What the editor window asks of the view after a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditorAction {
    Keep,
    Close,
    /// Its item was deleted after it opened: the edit is cancelled, and the view says so.
    ItemDeleted,
}

/// Draws the editor window and says whether it stays open.
pub fn item_editor_ui(
    ctx: &egui::Context,
    tab: TabId,
    table: &TableDetails,
    writes: &WriteState,
    read_only: bool,
    editor: &mut ItemEditor,
    commands: &mut Vec<TableCommand>,
) -> EditorAction {
    let mut open = true;
    let opened_at = *editor.history_at_open.get_or_insert(writes.history.len());
    if let Some(loaded) = &editor.loaded {
        let key = key_of(loaded, &table.key_schema);
        let deleted = writes
            .history
            .iter()
            .skip(opened_at)
            .any(|record| record.after.is_none() && record.key == key);
        if deleted {
            return EditorAction::ItemDeleted;
        }
    }
    let (saves_then, refusals_then) = editor.sent;
    if editor.stage == Stage::Saving && writes.refusals > refusals_then {
        editor.error = writes.refused.clone();
        editor.stage = Stage::Editing;
    } else if editor.stage == Stage::Saving
        && writes.saves_started > saves_then
        && !writes.save.is_pending()
    {
        match writes.save.latest() {
            Some(Err(error)) => {
                editor.error = Some(format!("{}: {}", error.headline(), error.message));
                editor.stage = Stage::Editing;
            }
            Some(Ok(SaveOutcome::Conflict { stored })) => {
                let mine = editor.current_item().unwrap_or_default();
                editor.stage = Stage::Conflict {
                    mine,
                    stored: stored.clone(),
                };
            }
            Some(Ok(SaveOutcome::Saved { .. })) => return EditorAction::Close,
            None => {}
        }
    }
    egui::Window::new(format!("{} · {}", editor.title, table.name))
        .id(egui::Id::unique(("item_editor", tab)))
        .open(&mut open)
        .default_size([780.0, 560.0])
        .resizable(true)
        .show(ctx, |ui| match editor.stage.clone() {
            Stage::Editing => editing_ui(ui, table, editor, read_only),
            Stage::Preview(edited) => {
                preview_ui(ui, table, writes, editor, &edited, commands);
            }
            Stage::Saving => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Saving…");
                });
            }
            Stage::Conflict { mine, stored } => {
                conflict_ui(
                    ui,
                    (table, writes),
                    editor,
                    &mine,
                    stored.as_ref(),
                    commands,
                );
            }
        });
    if open {
        EditorAction::Keep
    } else {
        EditorAction::Close
    }
}

fn editing_ui(ui: &mut egui::Ui, table: &TableDetails, editor: &mut ItemEditor, read_only: bool) {
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
            Face::Form => form_ui(ui, &table.key_schema, editor),
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
                        editor.stage = Stage::Preview(item);
                    }
                },
            }
        }
    });
}

fn form_ui(ui: &mut egui::Ui, keys: &[KeyAttribute], editor: &mut ItemEditor) {
    let mut remove = None;
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

fn compact(value: Option<&AttrValue>) -> String {
    value.map_or_else(
        || "—".to_owned(),
        |v| value_to_json(v, JsonStyle::DynamoDb, false),
    )
}

/// The save the editor sends for `edited`, with the table's designated version attribute
/// (never guessed from a name: the user picks it per table).
pub fn save_request(
    table: &TableDetails,
    loaded: Option<Item>,
    edited: &Item,
    version_attribute: Option<&str>,
) -> SaveRequest {
    SaveRequest {
        table: table.name.clone(),
        loaded,
        edited: edited.clone(),
        key_schema: table.key_schema.clone(),
        version_attribute: version_attribute.map(ToOwned::to_owned),
    }
}

fn preview_ui(
    ui: &mut egui::Ui,
    table: &TableDetails,
    writes: &WriteState,
    editor: &mut ItemEditor,
    edited: &Item,
    commands: &mut Vec<TableCommand>,
) {
    let empty = Item::new();
    let before = editor.loaded.as_ref().unwrap_or(&empty);
    let changes = diff(before, edited);
    ui.label(RichText::new(format!("{} change(s)", changes.len())).strong());
    egui::Grid::new("item_changes")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
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
    egui::ScrollArea::both()
        .id_salt("save_request_preview")
        .max_height(200.0)
        .show(ui, |ui| {
            ui.add(
                egui::Label::new(RichText::new(save_request_preview(&request)).monospace())
                    .extend(),
            );
        });
    ui.horizontal(|ui| {
        let ctrl_s = ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::S));
        let busy = writes.is_busy();
        let save = ui
            .add_enabled(!busy, egui::Button::new("Save"))
            .on_disabled_hover_text("Another write to this table is in flight");
        set_accessible_name(ui, &save, "Confirm save");
        if (save.clicked() || ctrl_s) && !busy {
            commands.push(TableCommand::SaveItem { request });
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

fn conflict_ui(
    ui: &mut egui::Ui,
    (table, writes): (&TableDetails, &WriteState),
    editor: &mut ItemEditor,
    mine: &Item,
    stored: Option<&Item>,
    commands: &mut Vec<TableCommand>,
) {
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
    egui::Grid::new("item_conflict")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            for heading in ["Attribute", "Yours", "Stored now"] {
                ui.label(RichText::new(heading).weak());
            }
            ui.end_row();
            for name in names {
                let (a, b) = (mine.get(name), theirs.get(name));
                let differs = match (a, b) {
                    (Some(a), Some(b)) => !crate::dynamodb::model::item_edit::same_value(a, b),
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
            commands.push(TableCommand::SaveItem { request });
            editor.mark_sent(writes);
        }
    });
}
