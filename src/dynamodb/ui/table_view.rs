//! The table tab: items (builder, grid, item pane), PartiQL, and the overview.

use egui::RichText;

use crate::dynamodb::ui::item_editor::EditorAction;
use crate::shared::model::TabId;

use crate::dynamodb::ui::item_editor::ItemEditor;

use crate::connection::LiveConnection;
use crate::dynamodb::model::AttrValue;
use crate::dynamodb::model::TableDetails;
use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::item_edit::SaveOutcome;
use crate::dynamodb::model::load_mode::LoadMode;
use crate::dynamodb::model::table_memory::TableMemory;
use crate::dynamodb::tab::TableCommand;
use crate::dynamodb::tab::TableTab;
use crate::dynamodb::tab::item_writes::RowsAt;
use crate::dynamodb::tab::item_writes::stored_item;
use crate::dynamodb::tab::items_state::ItemsSource;
use crate::dynamodb::tab::items_state::ItemsState;
use crate::dynamodb::ui::item_editor::item_editor_ui;
use crate::dynamodb::ui::item_grid::Availability;
use crate::dynamodb::ui::item_grid::GridView;
use crate::dynamodb::ui::item_grid::InlineCommit;
use crate::dynamodb::ui::item_grid::grid_toolbar_ui;
use crate::dynamodb::ui::item_grid::item_grid_ui;
use crate::dynamodb::ui::item_pane::item_pane_ui;
use crate::dynamodb::ui::partiql_editor::PartiqlForm;
use crate::dynamodb::ui::partiql_editor::partiql_editor_ui;
use crate::dynamodb::ui::query_builder::QueryForm;
use crate::dynamodb::ui::query_builder::query_builder_ui;
use crate::dynamodb::ui::table_admin::TableAdminState;
use crate::dynamodb::ui::table_admin::table_admin_ui;
use crate::dynamodb::ui::table_overview::table_overview_ui;
use crate::dynamodb::ui::transfer_window::TransferViewState;
use crate::dynamodb::ui::transfer_window::export_window;
use crate::dynamodb::ui::transfer_window::import_window;
use crate::shared::model::ResourceRef;
use crate::shared::model::TabRequest;
use crate::shared::widgets::error_ui;
use crate::shared::widgets::named_button;
use crate::shared::widgets::named_text_field;
use crate::shared::widgets::request_ui;
use crate::shared::widgets::set_accessible_name;
use crate::shared::widgets::shortcut;
use crate::shared::widgets::view_header_ui;

/// What the editor opens for once its item is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditPurpose {
    Edit,
    Duplicate,
}

/// Which part of the table tab is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableSection {
    Items,
    Partiql,
    Overview,
}

/// Everything the user arranged in one table tab.
pub struct TableViewState {
    /// The open item editor, if any.
    pub editor: Option<ItemEditor>,
    /// Items waiting for the user to confirm their deletion (with where their rows are), and
    /// the typed confirmation.
    pub delete_confirm: Option<(Vec<Item>, RowsAt, String)>,
    /// An editor waiting for its item to be read whole: the read counter when asked, and
    /// whether it duplicates.
    pub pending_edit: Option<(u64, EditPurpose)>,
    /// Why the editor did not open (the read failed or the item is gone).
    pub edit_error: Option<String>,
    /// The table's designated version attribute (from the remembered table settings).
    pub version_attribute: Option<String>,
    pub section: TableSection,
    pub form: QueryForm,
    pub grid: GridView,
    pub pane_style: JsonStyle,
    pub partiql: PartiqlForm,
    /// TTL and delete-table drafts.
    pub admin: TableAdminState,
    /// Export and import windows.
    pub transfer: TransferViewState,
}

impl TableViewState {
    /// A fresh view, with the column layout remembered for this table.
    pub fn new(table: &str, memory: Option<&TableMemory>) -> Self {
        let mut grid = GridView::default();
        if let Some(memory) = memory {
            grid.restore_layout(&memory.columns);
        }
        Self {
            editor: None,
            delete_confirm: None,
            pending_edit: None,
            edit_error: None,
            version_attribute: memory.and_then(|m| m.version_attribute.clone()),
            section: TableSection::Items,
            form: QueryForm::default(),
            grid,
            pane_style: JsonStyle::Plain,
            partiql: PartiqlForm::new(table),
            admin: TableAdminState::default(),
            transfer: TransferViewState::new(table),
        }
    }
}

pub fn table_view_ui(
    ui: &mut egui::Ui,
    index: TabId,
    resource: &ResourceRef,
    table: &TableTab,
    view: &mut TableViewState,
    (connection, memory): (Option<&LiveConnection>, Option<&TableMemory>),
    commands: &mut Vec<TableCommand>,
) {
    let read_only = connection.is_none_or(|c| c.spec.read_only);
    view.version_attribute = memory.and_then(|m| m.version_attribute.clone());
    view_header_ui(
        ui,
        ("DynamoDB table", resource.title()),
        table.details.is_pending(),
        TableCommand::Tab(TabRequest::Refresh),
        commands,
    );
    ui.horizontal(|ui| {
        ui.selectable_value(&mut view.section, TableSection::Items, "Items");
        ui.selectable_value(&mut view.section, TableSection::Partiql, "PartiQL");
        ui.selectable_value(&mut view.section, TableSection::Overview, "Overview");
    });
    ui.separator();
    if view.section == TableSection::Overview {
        egui::ScrollArea::vertical()
            .id_salt(("overview", index))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                request_ui(
                    ui,
                    &table.details,
                    TableCommand::Tab(TabRequest::Refresh),
                    commands,
                    |ui, details, _| table_overview_ui(ui, details, &table.ttl),
                );
                table_admin_ui(
                    ui,
                    index,
                    resource.title(),
                    table,
                    &mut view.admin,
                    read_only,
                    commands,
                );
            });
        return;
    }
    if let Some(error) = table.details.error() {
        error_ui(ui, error, TableCommand::Tab(TabRequest::Refresh), commands);
    }
    match view.section {
        TableSection::Items => {
            let builder_height = ui.available_height() * 0.45;
            egui::CollapsingHeader::new(RichText::new("Query and scan").strong())
                .id_salt(("builder", index))
                .default_open(true)
                .show(ui, |ui| {
                    // The grid keeps most of the height however long the form grows.
                    egui::ScrollArea::vertical()
                        .id_salt(("builder_scroll", index))
                        .max_height(builder_height)
                        .auto_shrink([false, true])
                        .show(ui, |ui| {
                            builder_ui(ui, index, table, view, connection, memory, commands)
                        });
                });
        }
        TableSection::Partiql => {
            partiql_editor_ui(ui, &table.items, &mut view.partiql, commands);
        }
        TableSection::Overview => {}
    }
    progress_ui(ui, &table.items, commands);
    if let Some(details) = table.details.value() {
        writes_ui(ui, index, table, details, view, read_only, commands);
        if let Some(editor) = &mut view.editor {
            match item_editor_ui(
                ui.ctx(),
                index,
                details,
                &table.writes,
                read_only,
                editor,
                commands,
            ) {
                EditorAction::Keep => {}
                EditorAction::Close => view.editor = None,
                EditorAction::ItemDeleted => {
                    view.editor = None;
                    view.edit_error = Some(
                        "The item you were editing was deleted: the editor closed, nothing was saved."
                            .to_owned(),
                    );
                }
            }
        }
        delete_confirm_ui(ui.ctx(), index, details, view, commands);
        if view.transfer.export_open {
            export_window(
                ui.ctx(),
                index,
                &details.name,
                table,
                &view.grid.selected,
                &mut view.transfer,
                commands,
            );
        }
        if view.transfer.import_open {
            import_window(
                ui.ctx(),
                index,
                &details.name,
                table,
                read_only,
                &mut view.transfer,
                commands,
            );
        }
    }
    let store = &table.items.store;
    egui::Panel::right(("item_pane", index))
        .resizable(true)
        .default_size(340.0)
        .show(ui, |ui| {
            let selected = view.grid.selected.iter().next().copied();
            item_pane_ui(ui, store, selected, &mut view.pane_style);
        });
    egui::CentralPanel::no_frame().show(ui, |ui| {
        let availability = if table.items.is_loading() {
            Availability::Loading
        } else if table.items.next.is_some() {
            Availability::More
        } else {
            Availability::All
        };
        grid_toolbar_ui(
            ui,
            store,
            table.items.generation,
            &mut view.grid,
            availability,
        );
        view.grid.editable = !read_only;
        if let Some(commit) = item_grid_ui(ui, store, table.items.generation, &mut view.grid)
            && let Some(details) = table.details.value()
        {
            commit_inline_edit((details, &table.writes), store, commit, view, commands);
        }
        if let Some(layout) = view.grid.take_layout_change(store) {
            commands.push(TableCommand::RememberColumns { layout });
        }
    });
}

/// The query and scan builder, once the key schema is known.
fn builder_ui(
    ui: &mut egui::Ui,
    index: TabId,
    table: &TableTab,
    view: &mut TableViewState,
    connection: Option<&LiveConnection>,
    memory: Option<&TableMemory>,
    commands: &mut Vec<TableCommand>,
) {
    let region = connection.and_then(LiveConnection::region);
    let endpoint = connection.and_then(|c| c.spec.endpoint_url.as_deref());
    match table.details.value() {
        Some(details) => query_builder_ui(
            ui,
            index,
            details,
            &table.items,
            &mut view.form,
            (region, endpoint),
            memory,
            commands,
        ),
        // A spinner only while DescribeTable is in flight: when it failed, its error (with
        // Retry) shows above and the builder says what it waits for, instead of spinning.
        None if table.details.is_pending() => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Reading the key schema…");
            });
        }
        None => {
            let why = match table.details.error() {
                Some(error) => format!(
                    "The query builder needs the table's key schema, which {} could not read; \
                     retry above. Items already loaded stay browsable.",
                    error.operation
                ),
                None => "The query builder needs the table's key schema, not read yet.".to_owned(),
            };
            ui.label(RichText::new(why).weak());
        }
    }
}

/// Saves a cell edited in place: the value keeps the cell's type (a number stays a number,
/// checked exactly), the save is conditional like any other, and its outcome shows in the
/// editor window (which closes itself on success, or shows the conflict).
fn commit_inline_edit(
    (details, writes): (
        &TableDetails,
        &crate::dynamodb::tab::item_writes::WriteState,
    ),
    store: &crate::dynamodb::model::ItemStore,
    commit: InlineCommit,
    view: &mut TableViewState,
    commands: &mut Vec<TableCommand>,
) {
    let loaded = stored_item(store, commit.item as usize);
    let name = store.column_name(commit.column).to_owned();
    let mut editor = ItemEditor::edit(loaded.clone(), &details.key_schema);
    editor.version_attribute = view.version_attribute.clone();
    let value = match loaded.get(&name) {
        Some(AttrValue::N(_)) => {
            AttrValue::n(&commit.text).map_err(|e| format!("{name}: not a valid number: {e}"))
        }
        Some(AttrValue::Bool(_)) => match commit.text.trim() {
            "true" => Ok(AttrValue::Bool(true)),
            "false" => Ok(AttrValue::Bool(false)),
            _ => Err(format!("{name}: enter true or false")),
        },
        _ => Ok(AttrValue::s(commit.text.clone())),
    };
    let mut edited = loaded.clone();
    match value {
        Ok(value) => {
            edited.insert(name, value);
            if let Err(error) =
                crate::dynamodb::model::item_edit::validate_item(&edited, &details.key_schema)
            {
                editor.error = Some(error.message);
            } else if crate::dynamodb::model::item_edit::diff(&loaded, &edited).is_empty() {
                return;
            } else {
                // One SET on one attribute, conditioned on the value the user saw.
                editor.show(&edited);
                editor.mark_sent(writes);
                commands.push(TableCommand::SaveItem {
                    request: crate::dynamodb::ui::item_editor::save_request(
                        details,
                        Some(loaded),
                        &edited,
                        view.version_attribute.as_deref(),
                    ),
                });
            }
        }
        // Bad input opens the editor on the item with the message; nothing is sent.
        Err(message) => editor.error = Some(message),
    }
    view.editor = Some(editor);
}

/// Most items a delete sends without asking for the count to be typed.
const DELETE_WITHOUT_TYPING: usize = 25;

/// Asks for the whole item before the editor opens on it: the row may be a projection (a
/// projected scan, a KEYS_ONLY or INCLUDE index, a PartiQL SELECT of some attributes), and an
/// editor must never save a partial item.
fn read_for_edit(
    (details, store): (&TableDetails, &crate::dynamodb::model::ItemStore),
    row: u32,
    purpose: EditPurpose,
    writes: &crate::dynamodb::tab::item_writes::WriteState,
    view: &mut TableViewState,
    commands: &mut Vec<TableCommand>,
) {
    let key = crate::dynamodb::model::item_edit::key_of(
        &stored_item(store, row as usize),
        &details.key_schema,
    );
    view.edit_error = None;
    view.pending_edit = Some((writes.reads_started, purpose));
    commands.push(TableCommand::ReadForEdit { key });
}

/// Opens the editor once its item has been read, or says why it did not.
fn pending_edit_ui(
    ui: &mut egui::Ui,
    details: &TableDetails,
    writes: &crate::dynamodb::tab::item_writes::WriteState,
    view: &mut TableViewState,
) {
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
        ui.label(RichText::new(error).color(crate::shared::widgets::error_color(ui)));
    }
}

/// Picks the table's version attribute: none, or an attribute every save checks and bumps.
fn version_attribute_ui(
    ui: &mut egui::Ui,
    index: TabId,
    details: &TableDetails,
    store: &crate::dynamodb::model::ItemStore,
    view: &TableViewState,
    commands: &mut Vec<TableCommand>,
) {
    let current = view.version_attribute.clone();
    let mut chosen = current.clone();
    let combo = egui::ComboBox::from_id_salt(("version_attribute", index))
        .selected_text(format!("Version: {}", current.as_deref().unwrap_or("none")))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut chosen, None, "none");
            let mut names: Vec<&str> = (0..store.column_count()
                as crate::dynamodb::model::ColumnId)
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
        commands.push(TableCommand::SetVersionAttribute { name: chosen });
    }
}

/// New, edit, duplicate and delete, the write status, and this session's changes.
fn writes_ui(
    ui: &mut egui::Ui,
    index: TabId,
    table: &TableTab,
    details: &TableDetails,
    view: &mut TableViewState,
    read_only: bool,
    commands: &mut Vec<TableCommand>,
) {
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
            read_for_edit(
                (details, store),
                *i,
                EditPurpose::Edit,
                writes,
                view,
                commands,
            );
        }
        let duplicate = ui.add_enabled(allowed && one, egui::Button::new("Duplicate"));
        set_accessible_name(ui, &duplicate, "Duplicate item");
        if duplicate.clicked()
            && let Some(i) = selected.first()
        {
            read_for_edit(
                (details, store),
                *i,
                EditPurpose::Duplicate,
                writes,
                view,
                commands,
            );
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
        version_attribute_ui(ui, index, details, store, view, commands);
        pending_edit_ui(ui, details, writes, view);
        if let Some(refused) = &writes.refused {
            ui.label(RichText::new(refused).color(crate::shared::widgets::error_color(ui)));
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
                    .color(crate::shared::widgets::error_color(ui)),
            );
        }
        if let Some(Ok(SaveOutcome::Conflict { .. })) = writes.revert.latest() {
            ui.label(
                RichText::new("Revert refused: the item changed since that write")
                    .color(crate::shared::widgets::error_color(ui)),
            );
        }
    });
    if let Some(Ok(report)) = writes.delete.latest()
        && !writes.delete.is_pending()
        && !report.failed.is_empty()
    {
        egui::CollapsingHeader::new(
            RichText::new(format!("{} not deleted", report.failed.len()))
                .color(crate::shared::widgets::error_color(ui)),
        )
        .id_salt(("delete_kept", index))
        .default_open(report.failed.len() <= 5)
        .show(ui, |ui| {
            for (key, reason) in &report.failed {
                ui.label(format!("{}: {reason}", compact_key(key)));
            }
        });
    }
    if writes.history.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!("Changes this session ({})", writes.history.len()))
        .id_salt(("write_history", index))
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
                            !read_only && !writes.is_busy(),
                            egui::Button::new("Revert"),
                        );
                        set_accessible_name(ui, &revert, &format!("Revert change {}", i + 1));
                        if revert.clicked() {
                            commands.push(TableCommand::RevertWrite { index: i });
                        }
                    }
                });
            }
        });
}

fn compact_key(key: &Item) -> String {
    crate::dynamodb::model::attribute_json::item_to_json(
        key.iter().map(|(k, v)| (k.as_str(), v)),
        JsonStyle::Plain,
        false,
    )
}

/// Asks before deleting; more than 25 items need their count typed.
fn delete_confirm_ui(
    ctx: &egui::Context,
    index: TabId,
    details: &TableDetails,
    view: &mut TableViewState,
    commands: &mut Vec<TableCommand>,
) {
    let Some((items, at, typed)) = &mut view.delete_confirm else {
        return;
    };
    let count = items.len();
    let mut close = false;
    egui::Window::new("Delete items")
        .id(egui::Id::unique(("delete_confirm", index)))
        .collapsible(false)
        .show(ctx, |ui| {
            ui.label(format!(
                "Delete {count} item{} from {}? Each can be restored from this session's changes.",
                if count == 1 { "" } else { "s" },
                details.name
            ));
            let needs_typing = count > DELETE_WITHOUT_TYPING;
            if needs_typing {
                ui.label(format!("Type {count} to confirm."));
                named_text_field(ui, typed, "Type the number of items to delete", "", 80.0);
            }
            ui.horizontal(|ui| {
                let confirmed = !needs_typing || typed.trim() == count.to_string();
                let delete = ui.add_enabled(confirmed, egui::Button::new("Delete"));
                set_accessible_name(ui, &delete, "Confirm delete");
                if delete.clicked() {
                    commands.push(TableCommand::DeleteItems {
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

/// What the load did or is doing, with cancel and errors.
fn progress_ui(ui: &mut egui::Ui, items: &ItemsState, commands: &mut Vec<TableCommand>) {
    let p = &items.progress;
    if let Some(error) = &items.error
        && !matches!(items.source, Some(ItemsSource::Partiql { .. }))
    {
        let retry = match (&items.source, items.next.is_some()) {
            (_, true) => TableCommand::LoadMore,
            (Some(ItemsSource::Request(request)), false) => TableCommand::RunItems {
                request: request.clone(),
                mode: LoadMode::OnePage,
            },
            _ => TableCommand::Tab(TabRequest::Refresh),
        };
        error_ui(ui, error, retry, commands);
    }
    if p.pages == 0 && !items.is_loading() && !p.cancelled {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        if items.is_loading() {
            ui.spinner();
        }
        let mut text = format!(
            "{} page{} · {} scanned · {} returned · {:.1} capacity units · {:.1} s",
            p.pages,
            if p.pages == 1 { "" } else { "s" },
            p.scanned,
            p.returned,
            p.capacity_units,
            p.elapsed.as_secs_f32()
        );
        if p.segments > 1 {
            text.push_str(&format!(" · {} segments", p.segments));
        }
        if p.throttled > 0 {
            text.push_str(&format!(" · throttled {} times, retried", p.throttled));
        }
        if p.cancelled {
            text.push_str(" · cancelled");
        }
        ui.label(text);
    });
}
