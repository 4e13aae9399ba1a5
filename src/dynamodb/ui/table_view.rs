//! The table tab's layout: items (builder, grid, item pane), PartiQL, and the overview, each
//! drawn by its own view from one [`TableViewContext`].

use egui::RichText;

use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::cell_edit::cell_value;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::item_edit::diff;
use crate::dynamodb::model::item_edit::validate_item;
use crate::dynamodb::model::load_mode::LoadMode;
use crate::dynamodb::model::table_details::TableDetails;
use crate::dynamodb::model::table_memory::TableMemory;
use crate::dynamodb::tab::TableCommand;
use crate::dynamodb::tab::item_writes::RowsAt;
use crate::dynamodb::tab::item_writes::stored_item;
use crate::dynamodb::tab::items_state::ItemsSource;
use crate::dynamodb::ui::compact_layout::{ItemPaneChoice, builder_fold_ui};
use crate::dynamodb::ui::grid_view::GridView;
use crate::dynamodb::ui::grid_view::InlineCommit;
use crate::dynamodb::ui::item_editor::EditorAction;
use crate::dynamodb::ui::item_editor::ItemEditor;
use crate::dynamodb::ui::item_editor::item_editor_ui;
use crate::dynamodb::ui::item_editor::save_request;
use crate::dynamodb::ui::item_grid::Availability;
use crate::dynamodb::ui::item_grid::grid_toolbar_ui;
use crate::dynamodb::ui::item_grid::item_grid_ui;
use crate::dynamodb::ui::item_pane::item_pane_ui;
use crate::dynamodb::ui::partiql_editor::PartiqlForm;
use crate::dynamodb::ui::partiql_editor::partiql_editor_ui;
use crate::dynamodb::ui::query_builder::QueryForm;
use crate::dynamodb::ui::query_builder::query_builder_ui;
use crate::dynamodb::ui::table_admin::TableAdminState;
use crate::dynamodb::ui::table_admin::table_admin_ui;
use crate::dynamodb::ui::table_context::TableViewContext;
use crate::dynamodb::ui::table_overview::table_overview_ui;
use crate::dynamodb::ui::transfer_window::TransferViewState;
use crate::dynamodb::ui::transfer_window::export_window;
use crate::dynamodb::ui::transfer_window::import_window;
use crate::dynamodb::ui::write_toolbar::EditPurpose;
use crate::dynamodb::ui::write_toolbar::delete_confirm_ui;
use crate::dynamodb::ui::write_toolbar::writes_ui;
use crate::shared::model::TabRequest;
use crate::shared::widgets::error_ui;
use crate::shared::widgets::request_ui;
use crate::shared::widgets::view_header_ui;

/// Which part of the table tab is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableSection {
    Items,
    Partiql,
    Overview,
    /// The schema read off the items, its exports, and the one accepted for editing.
    Schema,
    /// The table's DynamoDB stream, followed live.
    Stream,
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
    /// Whether the item pane shows (see `compact_layout`).
    pub item_pane: ItemPaneChoice,
    pub partiql: PartiqlForm,
    /// TTL and delete-table drafts.
    pub admin: TableAdminState,
    /// Export and import windows.
    pub transfer: TransferViewState,
    /// The Schema section's choices.
    pub schema: crate::dynamodb::ui::schema_view::SchemaViewState,
    /// The Stream section's choices.
    pub stream: crate::dynamodb::ui::stream_view::StreamViewState,
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
            item_pane: ItemPaneChoice::default(),
            partiql: PartiqlForm::new(table),
            admin: TableAdminState::default(),
            transfer: TransferViewState::new(table),
            schema: Default::default(),
            stream: Default::default(),
        }
    }
}

/// Draws the table tab: its header and sections, the write toolbar and its windows, the item
/// pane and the grid.
pub fn table_view_ui(ui: &mut egui::Ui, cx: &mut TableViewContext<'_>, view: &mut TableViewState) {
    let (index, table) = (cx.tab, cx.table);
    view.version_attribute = cx.memory.and_then(|m| m.version_attribute.clone());
    view_header_ui(
        ui,
        ("DynamoDB table", cx.name),
        table.details.is_pending(),
        TableCommand::Tab(TabRequest::Refresh),
        cx.commands,
    );
    ui.horizontal(|ui| {
        ui.selectable_value(&mut view.section, TableSection::Items, "Items");
        ui.selectable_value(&mut view.section, TableSection::Partiql, "PartiQL");
        ui.selectable_value(&mut view.section, TableSection::Overview, "Overview");
        ui.selectable_value(&mut view.section, TableSection::Schema, "Schema");
        ui.selectable_value(&mut view.section, TableSection::Stream, "Stream");
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
                    cx.commands,
                    |ui, details, _| table_overview_ui(ui, details, &table.ttl),
                );
                table_admin_ui(ui, cx, &mut view.admin);
            });
        return;
    }
    if view.section == TableSection::Stream {
        crate::dynamodb::ui::stream_view::stream_view_ui(ui, cx, &mut view.stream);
        return;
    }
    if view.section == TableSection::Schema {
        crate::dynamodb::ui::schema_view::schema_view_ui(ui, cx, &mut view.schema);
        return;
    }
    if let Some(error) = table.details.error() {
        error_ui(
            ui,
            error,
            TableCommand::Tab(TabRequest::Refresh),
            cx.commands,
        );
    }
    match view.section {
        TableSection::Items => {
            let form = &mut view.form;
            builder_fold_ui(ui, cx, &mut view.item_pane, |ui, cx| {
                builder_ui(ui, cx, form);
            });
        }
        TableSection::Partiql => {
            partiql_editor_ui(ui, cx, &mut view.partiql);
        }
        TableSection::Overview | TableSection::Stream | TableSection::Schema => {}
    }
    progress_ui(ui, cx);
    if let Some(details) = table.details.value() {
        writes_ui(ui, cx, details, view);
        if let Some(editor) = &mut view.editor {
            match item_editor_ui(ui.ctx(), cx, details, editor) {
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
        delete_confirm_ui(ui.ctx(), cx, details, view);
        if view.transfer.export_open {
            export_window(
                ui.ctx(),
                cx,
                &details.name,
                &view.grid.selected,
                &mut view.transfer,
            );
        }
        if view.transfer.import_open {
            import_window(ui.ctx(), cx, &details.name, &mut view.transfer);
        }
    }
    let store = &table.items.store;
    // PartiQL has no toggle line: its pane shows whenever the items' would.
    if view.item_pane.shown(ui.available_width()) {
        egui::Panel::right(("item_pane", index))
            .resizable(true)
            .default_size(340.0)
            .show(ui, |ui| {
                let selected = view.grid.selected.iter().next().copied();
                item_pane_ui(ui, store, selected, &mut view.pane_style);
            });
    }
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
        view.grid.editable = !cx.read_only;
        if let Some(commit) = item_grid_ui(ui, store, table.items.generation, &mut view.grid)
            && let Some(details) = table.details.value()
        {
            commit_inline_edit(cx, details, commit, view);
        }
        if let Some(layout) = view.grid.take_layout_change(store) {
            cx.commands.push(TableCommand::RememberColumns { layout });
        }
    });
}

/// The query and scan builder, once the key schema is known.
fn builder_ui(ui: &mut egui::Ui, cx: &mut TableViewContext<'_>, form: &mut QueryForm) {
    let details = &cx.table.details;
    match details.value() {
        Some(table) => query_builder_ui(ui, cx, table, form),
        // A spinner only while DescribeTable is in flight: when it failed, its error (with
        // Retry) shows above and the builder says what it waits for, instead of spinning.
        None if details.is_pending() => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Reading the key schema…");
            });
        }
        None => {
            let why = match details.error() {
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
    cx: &mut TableViewContext<'_>,
    details: &TableDetails,
    commit: InlineCommit,
    view: &mut TableViewState,
) {
    let store = &cx.table.items.store;
    let loaded = stored_item(store, commit.item as usize);
    let name = store.column_name(commit.column).to_owned();
    let mut editor = ItemEditor::edit(loaded.clone(), &details.key_schema);
    editor.version_attribute = view.version_attribute.clone();
    match cell_value(&name, loaded.get(&name), &commit.text) {
        Ok(value) => {
            let mut edited = loaded.clone();
            edited.insert(name, value);
            if let Err(error) = validate_item(&edited, &details.key_schema) {
                editor.error = Some(error.message);
            } else if diff(&loaded, &edited).is_empty() {
                return;
            } else {
                // One SET on one attribute, conditioned on the value the user saw.
                editor.show(&edited);
                editor.mark_sent(&cx.table.writes);
                cx.commands.push(TableCommand::SaveItem {
                    request: save_request(
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

/// What the load did or is doing, with cancel and errors.
fn progress_ui(ui: &mut egui::Ui, cx: &mut TableViewContext<'_>) {
    let items = &cx.table.items;
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
        error_ui(ui, error, retry, cx.commands);
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
