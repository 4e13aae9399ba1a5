//! The item grid: virtualized rows, keys first, type-aware sort, quick filter, column layout,
//! selection and copy.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use crate::shared::widgets::named_text_field;

use crate::dynamodb::model::ColumnId;
use crate::dynamodb::model::ItemStore;
use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::attribute_json::item_to_json;
use crate::dynamodb::model::cell_text::cell_hover_text;
use crate::dynamodb::model::cell_text::cell_text;
use crate::dynamodb::model::ordering::TextQuery;
use crate::dynamodb::model::ordering::sort_rows;
use crate::dynamodb::model::table_memory::ColumnLayout;
use crate::shared::widgets::set_accessible_name;

/// While pages stream in, a sorted grid re-sorts at most this often.
const RESORT_INTERVAL: Duration = Duration::from_millis(500);
const ROW_HEIGHT: f32 = 20.0;

/// A cell being edited in place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineEdit {
    pub item: u32,
    pub column: ColumnId,
    pub text: String,
    focused: bool,
}

/// An inline edit the user committed with Enter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineCommit {
    pub item: u32,
    pub column: ColumnId,
    pub text: String,
}

/// How the user arranged the grid, and the rows it shows.
#[derive(Default)]
pub struct GridView {
    /// The cell being edited in place (double-click a string, number or boolean).
    pub inline: Option<InlineEdit>,
    /// Whether cells may be edited in place (not on a read-only connection).
    pub editable: bool,
    /// The cell whose context menu is open.
    menu_cell: Option<(u32, ColumnId)>,
    generation: u64,
    /// Items seen so far; newer ones are filtered and placed on the next frame.
    indexed: usize,
    /// Item indexes shown, after filter and sort.
    rows: Vec<u32>,
    sort: Option<(ColumnId, bool)>,
    sorted_at: Option<Instant>,
    needs_sort: bool,
    pub filter: String,
    applied_filter: String,
    /// Column order; `None` until the user moves a column (then new columns append).
    custom_order: Option<Vec<ColumnId>>,
    hidden: BTreeSet<ColumnId>,
    /// Selected item indexes.
    pub selected: BTreeSet<u32>,
    anchor: Option<usize>,
    /// The layout remembered by attribute name, applied as its columns appear in the store.
    remembered: ColumnLayout,
    /// Store columns when `remembered` was last applied.
    applied_columns: usize,
    /// The user changed the layout since the app last took it.
    layout_changed: bool,
    /// The store's removals this view has followed (see [`crate::dynamodb::model::removal_log`]).
    removals_seen: u64,
    /// Why an inline edit was cancelled under the user, shown over the grid until the next one.
    pub notice: Option<String>,
}

impl GridView {
    /// Starts from a layout remembered between runs.
    pub fn restore_layout(&mut self, layout: &ColumnLayout) {
        self.remembered = layout.clone();
        self.applied_columns = 0;
    }

    /// Applies the remembered layout to columns that appeared since the last time.
    fn apply_remembered(&mut self, store: &ItemStore) {
        if store.column_count() == self.applied_columns {
            return;
        }
        self.applied_columns = store.column_count();
        let layout = &self.remembered;
        self.hidden
            .extend(layout.hidden.iter().filter_map(|n| store.column_id(n)));
        if let Some(order) = &layout.order {
            let mut ids: Vec<ColumnId> = order.iter().filter_map(|n| store.column_id(n)).collect();
            // Columns the user moved before but the store lacked then keep their place.
            if let Some(current) = &self.custom_order {
                let moved: Vec<ColumnId> = current
                    .iter()
                    .filter(|c| !ids.contains(c))
                    .copied()
                    .collect();
                ids.extend(moved);
            }
            self.custom_order = Some(ids);
        }
        if self.sort.is_none()
            && let Some((name, ascending)) = &layout.sort
            && let Some(column) = store.column_id(name)
        {
            self.sort_by(column, !ascending);
        }
    }

    /// The layout by attribute name, keeping remembered names the store has not seen.
    pub fn layout(&self, store: &ItemStore) -> ColumnLayout {
        let known = |name: &String| store.column_id(name).is_some();
        let mut hidden: Vec<String> = self
            .hidden
            .iter()
            .map(|c| store.column_name(*c).to_owned())
            .collect();
        hidden.extend(self.remembered.hidden.iter().filter(|n| !known(n)).cloned());
        let order = self.custom_order.as_ref().map(|order| {
            let mut names: Vec<String> = order
                .iter()
                .map(|c| store.column_name(*c).to_owned())
                .collect();
            let unseen = self.remembered.order.iter().flatten();
            names.extend(unseen.filter(|n| !known(n)).cloned());
            names
        });
        ColumnLayout {
            order,
            hidden,
            sort: self
                .sort
                .map(|(column, descending)| (store.column_name(column).to_owned(), !descending)),
        }
    }

    /// The new layout, once after each change the user makes.
    pub fn take_layout_change(&mut self, store: &ItemStore) -> Option<ColumnLayout> {
        if !std::mem::take(&mut self.layout_changed) {
            return None;
        }
        let layout = self.layout(store);
        self.remembered = layout.clone();
        Some(layout)
    }

    /// Brings rows up to date with the store: new items, a new filter, a pending sort.
    pub fn sync(&mut self, store: &ItemStore, generation: u64) {
        self.apply_remembered(store);
        if generation != self.generation {
            self.generation = generation;
            self.indexed = 0;
            self.rows.clear();
            self.selected.clear();
            self.anchor = None;
            self.removals_seen = store.removals().version();
            if self.inline.take().is_some() {
                self.notice = Some(
                    "The grid was reloaded: your edit in place was cancelled, nothing was saved."
                        .to_owned(),
                );
            }
            self.menu_cell = None;
        }
        self.follow_removals(store);
        if self.filter != self.applied_filter {
            self.applied_filter = self.filter.clone();
            self.indexed = 0;
            self.rows.clear();
        }
        if self.indexed == 0 {
            // A full rebuild sorts at once; only streaming appends wait for the interval.
            self.sorted_at = None;
        }
        if store.len() > self.indexed {
            let query = TextQuery::new(&self.applied_filter);
            let new_rows = (self.indexed..store.len())
                .filter(|row| query.as_ref().is_none_or(|q| q.item_matches(store, *row)));
            self.rows.extend(new_rows.map(|r| r as u32));
            self.indexed = store.len();
            self.needs_sort = self.sort.is_some();
        }
        if self.needs_sort
            && let Some((column, descending)) = self.sort
        {
            let due = self
                .sorted_at
                .is_none_or(|at| at.elapsed() >= RESORT_INTERVAL);
            if due {
                sort_rows(store, &mut self.rows, column, descending);
                self.sorted_at = Some(Instant::now());
                self.needs_sort = false;
            }
        }
    }

    /// Follows rows, selection and the inline edit through items removed from the store (a
    /// delete), keeping the order: no rebuild, no re-sort, and nothing rebinds to another item.
    fn follow_removals(&mut self, store: &ItemStore) {
        use crate::dynamodb::model::removal_log::follow;
        let removals = store.removals();
        if removals.version() == self.removals_seen {
            return;
        }
        let seen = std::mem::replace(&mut self.removals_seen, removals.version());
        let Some(maps) = removals.since(seen) else {
            // Too far behind to follow: rebuild, and drop what cannot be followed.
            self.indexed = 0;
            self.rows.clear();
            self.selected.clear();
            self.anchor = None;
            self.menu_cell = None;
            if self.inline.take().is_some() {
                self.notice = Some(
                    "Items were removed: your edit in place was cancelled, nothing was saved."
                        .to_owned(),
                );
            }
            return;
        };
        let indexed = self.indexed as u32;
        self.indexed = (0..indexed).filter(|i| follow(*i, &maps).is_some()).count();
        self.rows = self
            .rows
            .iter()
            .filter_map(|row| follow(*row, &maps))
            .collect();
        self.selected = self
            .selected
            .iter()
            .filter_map(|row| follow(*row, &maps))
            .collect();
        self.anchor = None;
        self.menu_cell = self
            .menu_cell
            .and_then(|(row, column)| follow(row, &maps).map(|row| (row, column)));
        if let Some(mut edit) = self.inline.take() {
            match follow(edit.item, &maps) {
                Some(row) => {
                    edit.item = row;
                    self.inline = Some(edit);
                }
                None => {
                    self.notice = Some(
                        "The item you were editing in place was deleted: the edit was cancelled, nothing was saved."
                            .to_owned(),
                    );
                }
            }
        }
    }

    /// Sorts by `column`, as the header's context menu does.
    pub fn sort_by(&mut self, column: ColumnId, descending: bool) {
        self.sort = Some((column, descending));
        self.sorted_at = None;
        self.needs_sort = true;
    }

    fn set_sort(&mut self, column: ColumnId) {
        self.sort = match self.sort {
            Some((c, false)) if c == column => Some((column, true)),
            Some((c, true)) if c == column => None,
            _ => Some((column, false)),
        };
        if self.sort.is_none() {
            self.rows.sort_unstable();
        }
        self.sorted_at = None;
        self.needs_sort = true;
    }

    /// Visible columns in display order.
    pub fn columns(&self, store: &ItemStore) -> Vec<ColumnId> {
        let default = store.default_column_order();
        let order = match &self.custom_order {
            Some(custom) => {
                let mut order = custom.clone();
                order.extend(default.iter().filter(|c| !custom.contains(c)));
                order
            }
            None => default,
        };
        order
            .into_iter()
            .filter(|c| !self.hidden.contains(c))
            .collect()
    }

    fn move_column(&mut self, store: &ItemStore, column: ColumnId, step: isize) {
        let mut order = self
            .custom_order
            .clone()
            .unwrap_or_else(|| store.default_column_order());
        order.extend(
            store
                .default_column_order()
                .into_iter()
                .filter(|c| !order.contains(c))
                .collect::<Vec<_>>(),
        );
        if let Some(at) = order.iter().position(|c| *c == column) {
            let to = at.saturating_add_signed(step).min(order.len() - 1);
            order.swap(at, to);
        }
        self.custom_order = Some(order);
    }

    /// Rows shown, in order.
    pub fn rows(&self) -> &[u32] {
        &self.rows
    }

    fn click_row(&mut self, position: usize, modifiers: egui::Modifiers) {
        let Some(item) = self.rows.get(position).copied() else {
            return;
        };
        if modifiers.shift
            && let Some(anchor) = self.anchor
        {
            let (from, to) = (anchor.min(position), anchor.max(position));
            self.selected = self.rows[from..=to].iter().copied().collect();
        } else if modifiers.command {
            if !self.selected.remove(&item) {
                self.selected.insert(item);
            }
            self.anchor = Some(position);
        } else {
            self.selected = BTreeSet::from([item]);
            self.anchor = Some(position);
        }
    }

    /// The selected items (or, with none selected, every shown row) as JSON Lines-like text.
    fn copy_text(&self, store: &ItemStore, style: JsonStyle) -> String {
        let rows: Vec<u32> = if self.selected.is_empty() {
            self.rows.clone()
        } else {
            self.rows
                .iter()
                .copied()
                .filter(|r| self.selected.contains(r))
                .collect()
        };
        let items: Vec<String> = rows
            .iter()
            .map(|r| item_to_json(store.named_attributes(*r as usize), style, false))
            .collect();
        match style {
            JsonStyle::Plain => format!("[{}]", items.join(",\n")),
            JsonStyle::DynamoDb => items.join("\n"),
        }
    }
}

/// Whether the result set is complete, for the count line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    Loading,
    More,
    All,
}

/// The toolbar over the grid: quick filter, counts, columns, copy.
pub fn grid_toolbar_ui(
    ui: &mut egui::Ui,
    store: &ItemStore,
    generation: u64,
    view: &mut GridView,
    availability: Availability,
) {
    view.sync(store, generation);
    if let Some(notice) = view.notice.clone() {
        ui.horizontal(|ui| {
            ui.label(RichText::new(notice).color(ui.visuals().warn_fg_color));
            if crate::shared::widgets::named_button(ui, "OK", "Dismiss the grid notice").clicked() {
                view.notice = None;
            }
        });
    }
    ui.horizontal_wrapped(|ui| {
        let filter = named_text_field(
            ui,
            &mut view.filter,
            "Filter loaded items",
            "Filter loaded items…",
            200.0,
        );
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::F)) {
            filter.request_focus();
        }
        let shown = view.rows.len();
        let loaded = store.len();
        let noun = |n: usize| if n == 1 { "item" } else { "items" };
        let mut status = if shown == loaded {
            format!("{loaded} {} loaded", noun(loaded))
        } else {
            format!("{shown} of {loaded} {} shown", noun(loaded))
        };
        status.push_str(match availability {
            Availability::Loading => " · loading…",
            Availability::More => " · more available",
            Availability::All => " · all loaded",
        });
        if !view.selected.is_empty() {
            status.push_str(&format!(" · {} selected", view.selected.len()));
        }
        ui.label(status);
        ui.menu_button("Columns", |ui| {
            let mut all = store.default_column_order();
            if let Some(custom) = &view.custom_order {
                all.sort_by_key(|c| custom.iter().position(|x| x == c).unwrap_or(usize::MAX));
            }
            for column in all {
                let mut visible = !view.hidden.contains(&column);
                if ui
                    .checkbox(&mut visible, store.column_name(column))
                    .changed()
                {
                    if visible {
                        view.hidden.remove(&column);
                    } else {
                        view.hidden.insert(column);
                    }
                    view.layout_changed = true;
                }
            }
            ui.separator();
            if ui.button("Reset column layout").clicked() {
                view.hidden.clear();
                view.custom_order = None;
                view.remembered = ColumnLayout::default();
                view.layout_changed = true;
            }
        });
        let what = if view.selected.is_empty() {
            "shown"
        } else {
            "selected"
        };
        ui.menu_button("Copy", |ui| {
            if ui.button(format!("Copy {what} items as JSON")).clicked() {
                ui.ctx().copy_text(view.copy_text(store, JsonStyle::Plain));
                ui.close();
            }
            if ui
                .button(format!("Copy {what} items as DynamoDB JSON"))
                .clicked()
            {
                ui.ctx()
                    .copy_text(view.copy_text(store, JsonStyle::DynamoDb));
                ui.close();
            }
        });
    });
}

/// The grid itself. Only visible rows are laid out, so it stays smooth at any item count.
/// Returns an inline edit the user committed.
pub fn item_grid_ui(
    ui: &mut egui::Ui,
    store: &ItemStore,
    generation: u64,
    view: &mut GridView,
) -> Option<InlineCommit> {
    view.sync(store, generation);
    if view.needs_sort {
        // A re-sort is due soon; come back for it even if nothing else happens.
        ui.ctx().request_repaint_after(RESORT_INTERVAL);
    }
    let columns = view.columns(store);
    if store.is_empty() {
        ui.label(RichText::new("No items.").weak());
        return None;
    }
    if columns.is_empty() {
        ui.label(RichText::new("Every column is hidden: use Columns to show some.").weak());
        return None;
    }
    let mut inline = view.inline.take();
    let mut menu_cell = view.menu_cell.take();
    let mut commit = None;
    let mut clicked: Option<(usize, egui::Modifiers)> = None;
    let mut header_action: Option<HeaderAction> = None;
    // Wide tables scroll sideways; rows scroll inside the table.
    egui::ScrollArea::horizontal()
        .id_salt("item_grid_columns")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let mut cells = CellEdits {
                inline: &mut inline,
                commit: &mut commit,
                menu_cell: &mut menu_cell,
            };
            grid_table_ui(
                ui,
                store,
                view,
                &columns,
                &mut clicked,
                &mut header_action,
                &mut cells,
            );
        });
    view.inline = inline;
    view.menu_cell = menu_cell;
    if let Some((position, modifiers)) = clicked {
        view.click_row(position, modifiers);
    }
    view.layout_changed |= header_action.is_some();
    match header_action {
        Some(HeaderAction::Sort(column)) => view.set_sort(column),
        Some(HeaderAction::SortDirection(column, descending)) => {
            view.sort_by(column, descending);
        }
        Some(HeaderAction::Hide(column)) => {
            view.hidden.insert(column);
        }
        Some(HeaderAction::Move(column, step)) => view.move_column(store, column, step),
        None => {}
    }
    commit
}

/// The text a cell edits in place; only strings, numbers and booleans are edited in place.
fn inline_text(value: &crate::dynamodb::model::AttrValue) -> Option<String> {
    match value {
        crate::dynamodb::model::AttrValue::S(s) | crate::dynamodb::model::AttrValue::N(s) => {
            Some(s.to_string())
        }
        crate::dynamodb::model::AttrValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The inline editor's state while the table is drawn.
struct CellEdits<'a> {
    inline: &'a mut Option<InlineEdit>,
    commit: &'a mut Option<InlineCommit>,
    /// The cell a context menu was opened on.
    menu_cell: &'a mut Option<(u32, ColumnId)>,
}

/// Draws an editable cell's text box; Enter commits, Esc (or leaving it) cancels.
fn inline_cell_ui(ui: &mut egui::Ui, cells: &mut CellEdits<'_>) {
    let Some(edit) = cells.inline.as_mut() else {
        return;
    };
    let response = ui.add(egui::TextEdit::singleline(&mut edit.text).desired_width(f32::INFINITY));
    set_accessible_name(ui, &response, "Edit cell value");
    if !edit.focused {
        response.request_focus();
        edit.focused = true;
    } else if response.lost_focus() {
        if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            *cells.commit = Some(InlineCommit {
                item: edit.item,
                column: edit.column,
                text: edit.text.clone(),
            });
        }
        *cells.inline = None;
    }
}

fn grid_table_ui(
    ui: &mut egui::Ui,
    store: &ItemStore,
    view: &GridView,
    columns: &[ColumnId],
    clicked: &mut Option<(usize, egui::Modifiers)>,
    header_action: &mut Option<HeaderAction>,
    cells: &mut CellEdits<'_>,
) {
    ui.style_mut().interaction.selectable_labels = false;
    let mut table = TableBuilder::new(ui)
        .id_salt("item_grid")
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .min_scrolled_height(0.0)
        .max_scroll_height(f32::INFINITY)
        .column(Column::auto().at_least(36.0));
    for _ in columns {
        table = table.column(Column::initial(150.0).at_least(40.0).clip(true));
    }
    table
        .header(ROW_HEIGHT + 2.0, |mut header| {
            header.col(|ui| {
                ui.label(RichText::new("#").weak());
            });
            for column in columns {
                header.col(|ui| {
                    header_cell_ui(ui, store, view, *column, header_action);
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, view.rows.len(), |mut row| {
                let position = row.index();
                let Some(item_index) = view.rows.get(position).copied() else {
                    return;
                };
                row.set_selected(view.selected.contains(&item_index));
                let item = store.item(item_index as usize);
                row.col(|ui| {
                    ui.label(RichText::new((position + 1).to_string()).weak());
                });
                // Cell rectangles, to find which cell a double-click on the row hit.
                let mut cell_rects: Vec<(ColumnId, egui::Rect)> = Vec::with_capacity(columns.len());
                for column in columns {
                    let mut cell_rect = egui::Rect::NOTHING;
                    row.col(|ui| {
                        // The whole cell, not just its text: a double-click anywhere in it counts.
                        cell_rect = ui.max_rect();
                        let editing = cells
                            .inline
                            .as_ref()
                            .is_some_and(|e| e.item == item_index && e.column == *column);
                        if editing {
                            inline_cell_ui(ui, cells);
                            return;
                        }
                        let Some(value) = item.and_then(|i| i.get(*column)) else {
                            return;
                        };
                        ui.add(egui::Label::new(cell_text(value)).truncate())
                            .on_hover_ui(|ui| {
                                ui.label(cell_hover_text(value));
                            });
                    });
                    cell_rects.push((*column, cell_rect));
                }
                let response = row.response();
                if response.clicked() {
                    *clicked = Some((position, response.ctx.input(|i| i.modifiers)));
                }
                // The row takes the clicks, so find the cell under the pointer.
                let cell_under_pointer = || {
                    let pointer = response.interact_pointer_pos()?;
                    cell_rects
                        .iter()
                        .find(|(_, r)| r.x_range().contains(pointer.x))
                        .map(|(column, _)| *column)
                };
                let start_inline = |column: ColumnId| {
                    let text = item.and_then(|i| i.get(column)).and_then(inline_text)?;
                    Some(InlineEdit {
                        item: item_index,
                        column,
                        text,
                        focused: false,
                    })
                };
                if view.editable
                    && response.double_clicked()
                    && let Some(edit) = cell_under_pointer().and_then(start_inline)
                {
                    *cells.inline = Some(edit);
                }
                if response.secondary_clicked() {
                    *cells.menu_cell = cell_under_pointer().map(|c| (item_index, c));
                }
                let menu_cell = *cells.menu_cell;
                response.context_menu(|ui| {
                    let Some((menu_item, column)) = menu_cell else {
                        return;
                    };
                    if menu_item != item_index {
                        return;
                    }
                    let value = item.and_then(|i| i.get(column));
                    ui.label(RichText::new(store.column_name(column)).weak());
                    let copy = ui.add_enabled(value.is_some(), egui::Button::new("Copy value"));
                    if copy.clicked()
                        && let Some(value) = value
                    {
                        let text = match value {
                            crate::dynamodb::model::AttrValue::S(s) => s.to_string(),
                            other => crate::dynamodb::model::attribute_json::value_to_json(
                                other,
                                JsonStyle::Plain,
                                false,
                            ),
                        };
                        ui.ctx().copy_text(text);
                        ui.close();
                    }
                    let editable = view.editable && value.and_then(inline_text).is_some();
                    let edit = ui.add_enabled(editable, egui::Button::new("Edit in place"));
                    if edit.clicked() {
                        *cells.inline = start_inline(column);
                        ui.close();
                    }
                });
            });
        });
}

enum HeaderAction {
    Sort(ColumnId),
    SortDirection(ColumnId, bool),
    Hide(ColumnId),
    Move(ColumnId, isize),
}

fn header_cell_ui(
    ui: &mut egui::Ui,
    store: &ItemStore,
    view: &GridView,
    column: ColumnId,
    action: &mut Option<HeaderAction>,
) {
    let name = store.column_name(column);
    let is_key = store.key_columns().contains(&column);
    let arrow = match view.sort {
        Some((c, false)) if c == column => " ↑",
        Some((c, true)) if c == column => " ↓",
        _ => "",
    };
    let mut text = RichText::new(format!("{name}{arrow}"));
    if is_key {
        text = text.strong();
    }
    let response = ui
        .add(egui::Button::new(text).frame(false).truncate())
        .on_hover_text(if is_key {
            format!("{name} (key) · click to sort, right-click for more")
        } else {
            format!("{name} · click to sort, right-click for more")
        });
    set_accessible_name(ui, &response, &format!("Sort by {name}"));
    if response.clicked() {
        *action = Some(HeaderAction::Sort(column));
    }
    response.context_menu(|ui| {
        if ui.button("Sort ascending").clicked() {
            *action = Some(HeaderAction::SortDirection(column, false));
        }
        if ui.button("Sort descending").clicked() {
            *action = Some(HeaderAction::SortDirection(column, true));
        }
        if ui.button("Move left").clicked() {
            *action = Some(HeaderAction::Move(column, -1));
        }
        if ui.button("Move right").clicked() {
            *action = Some(HeaderAction::Move(column, 1));
        }
        if ui.button("Hide column").clicked() {
            *action = Some(HeaderAction::Hide(column));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::model::AttrValue;

    fn store() -> ItemStore {
        let mut store = ItemStore::with_keys(&["pk"]);
        for (pk, n) in [("a", "10"), ("b", "9"), ("c", "100"), ("d", "-1")] {
            store.push(vec![
                ("pk".to_owned(), AttrValue::s(pk)),
                ("n".to_owned(), AttrValue::N(n.into())),
            ]);
        }
        store
    }

    #[test]
    fn sorting_filtering_and_selection_follow_the_user() {
        let store = store();
        let mut view = GridView::default();
        view.sync(&store, 1);
        assert_eq!(view.rows(), [0, 1, 2, 3]);
        let n = store.column_id("n").expect("n");
        view.set_sort(n);
        view.sync(&store, 1);
        assert_eq!(view.rows(), [3, 1, 0, 2]);
        view.set_sort(n);
        view.sync(&store, 1);
        assert_eq!(view.rows(), [2, 0, 1, 3]);
        view.filter = "10".into();
        view.sync(&store, 1);
        assert_eq!(view.rows(), [2, 0], "filter keeps the sort");
        view.click_row(0, egui::Modifiers::default());
        view.click_row(1, egui::Modifiers::SHIFT);
        assert_eq!(view.selected, BTreeSet::from([0, 2]));
        let copied = view.copy_text(&store, JsonStyle::DynamoDb);
        assert_eq!(copied.lines().count(), 2);
        assert!(
            copied.contains(r#"{"pk": {"S": "c"}, "n": {"N": "100"}}"#),
            "{copied}"
        );
        view.sync(&store, 2);
        assert!(
            view.selected.is_empty(),
            "a new result set clears the selection"
        );
    }

    #[test]
    fn columns_hide_and_move() {
        let store = store();
        let mut view = GridView::default();
        let n = store.column_id("n").expect("n");
        let pk = store.column_id("pk").expect("pk");
        assert_eq!(view.columns(&store), [pk, n]);
        view.move_column(&store, n, -1);
        assert_eq!(view.columns(&store), [n, pk]);
        view.hidden.insert(pk);
        assert_eq!(view.columns(&store), [n]);
    }
}
