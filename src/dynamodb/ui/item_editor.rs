//! The item editor: its state (the item as loaded, the form and DynamoDB JSON faces over the
//! same item, where it is in a save) and its window, which reads the save's outcome and shows
//! the stage: the faces (`editor_faces`), or the preview and conflict (`editor_review`).

use crate::dynamodb::model::AttrValue;
use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::attribute_json::item_to_json;
use crate::dynamodb::model::attribute_json::parse_dynamodb_item;
use crate::dynamodb::model::edit_tree::EditItem;
use crate::dynamodb::model::edit_tree::edit_item_from;
use crate::dynamodb::model::edit_tree::item_from_edit;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::item_edit::SaveOutcome;
use crate::dynamodb::model::item_edit::SaveRequest;
use crate::dynamodb::model::item_edit::key_of;
use crate::dynamodb::model::table_details::KeyAttribute;
use crate::dynamodb::model::table_details::TableDetails;
use crate::dynamodb::tab::item_writes::WriteState;
use crate::dynamodb::ui::editor_faces::editing_ui;
use crate::dynamodb::ui::editor_review::conflict_ui;
use crate::dynamodb::ui::editor_review::preview_ui;
use crate::dynamodb::ui::table_context::TableViewContext;

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
    Conflict(Conflict),
}

/// A save refused because the stored item changed since it was loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// What the user tried to save.
    pub mine: Item,
    /// The item as stored now; `None` when it was deleted.
    pub stored: Option<Item>,
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
    /// The user ticked "Save despite warnings" in this review (reset by each review).
    pub save_despite_warnings: bool,
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
            save_despite_warnings: false,
        }
    }

    /// Records that a save is being sent now: its outcome is the next one the table reports.
    pub fn mark_sent(&mut self, writes: &WriteState) {
        self.sent = (writes.saves_started, writes.refusals);
        self.stage = Stage::Saving;
    }

    /// The item the active face describes, or why it cannot be read.
    pub fn current_item(&self) -> Result<Item, String> {
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
    pub fn switch_to(&mut self, face: Face) {
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
    pub fn reload(&mut self, stored: Option<Item>) {
        let item = stored.clone().unwrap_or_default();
        self.loaded = stored;
        self.form = edit_item_from(&item);
        self.json = pretty_json(&item);
        self.stage = Stage::Editing;
        self.error = None;
    }

    /// Follows the table's writes since the editor opened: its item deleted by another write,
    /// its save refused, failed, in conflict or saved. `Keep` while the editor stays open.
    pub fn follow_writes(&mut self, table: &TableDetails, writes: &WriteState) -> EditorAction {
        let opened_at = *self.history_at_open.get_or_insert(writes.history.len());
        if let Some(loaded) = &self.loaded {
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
        let (saves_then, refusals_then) = self.sent;
        if self.stage == Stage::Saving && writes.refusals > refusals_then {
            self.error = writes.refused.clone();
            self.stage = Stage::Editing;
        } else if self.stage == Stage::Saving
            && writes.saves_started > saves_then
            && !writes.save.is_pending()
        {
            match writes.save.latest() {
                Some(Err(error)) => {
                    self.error = Some(format!("{}: {}", error.headline(), error.message));
                    self.stage = Stage::Editing;
                }
                Some(Ok(SaveOutcome::Conflict { stored })) => {
                    let mine = self.current_item().unwrap_or_default();
                    self.stage = Stage::Conflict(Conflict {
                        mine,
                        stored: stored.clone(),
                    });
                }
                Some(Ok(SaveOutcome::Saved { .. })) => return EditorAction::Close,
                None => {}
            }
        }
        EditorAction::Keep
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

/// Draws the editor window and says whether it stays open.
pub fn item_editor_ui(
    ctx: &egui::Context,
    cx: &mut TableViewContext<'_>,
    table: &TableDetails,
    editor: &mut ItemEditor,
) -> EditorAction {
    let action = editor.follow_writes(table, &cx.table.writes);
    if action != EditorAction::Keep {
        return action;
    }
    let mut open = true;
    egui::Window::new(format!("{} · {}", editor.title, table.name))
        .id(egui::Id::unique(("item_editor", cx.tab)))
        .open(&mut open)
        .default_size([780.0, 560.0])
        .resizable(true)
        .show(ctx, |ui| match editor.stage.clone() {
            Stage::Editing => editing_ui(
                ui,
                table,
                editor,
                cx.read_only,
                cx.memory.and_then(|m| m.schema.as_ref()),
            ),
            Stage::Preview(edited) => preview_ui(ui, cx, table, editor, &edited),
            Stage::Saving => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Saving…");
                });
            }
            Stage::Conflict(conflict) => conflict_ui(ui, cx, table, editor, &conflict),
        });
    if open {
        EditorAction::Keep
    } else {
        EditorAction::Close
    }
}

#[cfg(test)]
mod tests {
    use poll_promise::Promise;

    use super::*;
    use crate::dynamodb::model::item_edit::WriteRecord;
    use crate::dynamodb::model::table_details::KeyRole;

    fn table() -> TableDetails {
        TableDetails {
            name: "Orders".to_owned(),
            key_schema: vec![KeyAttribute {
                name: "pk".to_owned(),
                role: KeyRole::Partition,
                attribute_type: "S".to_owned(),
            }],
            ..TableDetails::default()
        }
    }

    fn order(pk: &str, total: &str) -> Item {
        Item::from([
            ("pk".to_owned(), AttrValue::s(pk)),
            ("total".to_owned(), AttrValue::N(total.into())),
        ])
    }

    #[test]
    fn an_editor_reads_only_its_own_save_outcome() {
        let table = table();
        let mut writes = WriteState::default();
        let mut editor = ItemEditor::edit(order("a", "1"), &table.key_schema);
        assert_eq!(editor.follow_writes(&table, &writes), EditorAction::Keep);
        editor.mark_sent(&writes);
        writes.refusals += 1;
        writes.refused = Some("Another write is in flight".to_owned());
        assert_eq!(editor.follow_writes(&table, &writes), EditorAction::Keep);
        assert_eq!(
            editor.stage,
            Stage::Editing,
            "a refusal goes back to editing"
        );
        assert_eq!(editor.error.as_deref(), Some("Another write is in flight"));

        editor.json = pretty_json(&order("a", "2"));
        editor.face = Face::Json;
        editor.mark_sent(&writes);
        assert_eq!(editor.follow_writes(&table, &writes), EditorAction::Keep);
        assert_eq!(editor.stage, Stage::Saving, "no outcome of its own yet");
        writes.saves_started += 1;
        let stored = Some(order("a", "5"));
        writes
            .save
            .start(Promise::from_ready(Ok(SaveOutcome::Conflict {
                stored: stored.clone(),
            })));
        writes.save.poll();
        assert_eq!(editor.follow_writes(&table, &writes), EditorAction::Keep);
        assert_eq!(
            editor.stage,
            Stage::Conflict(Conflict {
                mine: order("a", "2"),
                stored
            })
        );
    }

    #[test]
    fn a_delete_after_opening_cancels_the_edit() {
        let table = table();
        let mut writes = WriteState::default();
        let deleted = |pk: &str| WriteRecord {
            key: Item::from([("pk".to_owned(), AttrValue::s(pk))]),
            before: Some(order(pk, "1")),
            after: None,
            at: "12:00".to_owned(),
            reverted: false,
        };
        writes.history.push(deleted("a"));
        let mut editor = ItemEditor::edit(order("a", "1"), &table.key_schema);
        assert_eq!(
            editor.follow_writes(&table, &writes),
            EditorAction::Keep,
            "a delete before the editor opened is not its concern"
        );
        writes.history.push(deleted("b"));
        assert_eq!(editor.follow_writes(&table, &writes), EditorAction::Keep);
        writes.history.push(deleted("a"));
        assert_eq!(
            editor.follow_writes(&table, &writes),
            EditorAction::ItemDeleted
        );
    }
}
