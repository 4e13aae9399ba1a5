//! The grid's state: the rows it shows (type-aware sort, quick filter), the column layout,
//! the selection and the cell edited in place, following the store through reloads and
//! deletes. No drawing: the grid's view (`item_grid`) reads it and asks it to change.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::dynamodb::model::AttrValue;
use crate::dynamodb::model::ColumnId;
use crate::dynamodb::model::ItemStore;
use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::attribute_json::item_to_json;
use crate::dynamodb::model::ordering::TextQuery;
use crate::dynamodb::model::sorted_keys::SortedKeys;
use crate::dynamodb::model::table_memory::ColumnLayout;
use crate::dynamodb::ui::column_action::ColumnAction;

/// While pages stream in, a sorted grid re-sorts at most this often.
pub const RESORT_INTERVAL: Duration = Duration::from_millis(500);

/// A cell being edited in place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineEdit {
    pub item: u32,
    pub column: ColumnId,
    pub text: String,
    /// Whether the text box has been given focus (once, when it first draws).
    pub(super) focused: bool,
    /// The item's key and the attribute's name, to find the cell again after a reload.
    pub key: Vec<(String, AttrValue)>,
    pub column_name: String,
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
    pub(super) menu_cell: Option<(u32, ColumnId)>,
    generation: u64,
    generation_seen: bool,
    /// Items seen so far; newer ones are filtered and placed on the next frame.
    indexed: usize,
    /// Item indexes shown, after filter and sort.
    rows: Vec<u32>,
    sort: Option<(ColumnId, bool)>,
    sorted_at: Option<Instant>,
    needs_sort: bool,
    /// How many leading rows are in the sort's order (when `sorted_at` is set; else none):
    /// rows after them arrived since and are merged in by the keys kept of these.
    sorted_rows: usize,
    keys: SortedKeys,
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
    /// An inline edit whose grid was reloaded, waiting for its item (by key) to arrive.
    rebinding: Option<InlineEdit>,
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
            // The new store numbers its columns anew: the layout comes back by name.
            if self.generation_seen {
                (self.sort, self.custom_order, self.applied_columns) = (None, None, 0);
                self.hidden.clear();
                self.apply_remembered(store);
            }
            self.generation_seen = true;
            // The edit stays with its item: it comes back when the item's row arrives.
            if let Some(edit) = self.inline.take() {
                self.rebinding = Some(edit);
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
            self.rebind(store, self.indexed);
            let query = TextQuery::new(&self.applied_filter);
            let new_rows = (self.indexed..store.len())
                .filter(|row| query.as_ref().is_none_or(|q| q.item_matches(store, *row)));
            self.rows.extend(new_rows.map(|r| r as u32));
            self.indexed = store.len();
            self.needs_sort = self.sort.is_some();
        }
        if self.needs_sort
            && let Some(sort) = self.sort
        {
            if self.sorted_at.is_some() {
                // The rows that arrived this frame get their keys now, not all at the merge.
                self.keys.prepare(store, &self.rows, self.sorted_rows, sort);
            }
            let due = self
                .sorted_at
                .is_none_or(|at| at.elapsed() >= RESORT_INTERVAL);
            if due {
                let sorted = self.sorted_at.map_or(0, |_| self.sorted_rows);
                self.keys.merge(store, &mut self.rows, sorted, sort);
                self.sorted_rows = self.rows.len();
                self.sorted_at = Some(Instant::now());
                self.needs_sort = false;
            }
        }
    }

    /// Puts a waiting inline edit back on its item if it is among the items from `first` on.
    fn rebind(&mut self, store: &ItemStore, first: usize) {
        let Some(edit) = &self.rebinding else {
            return;
        };
        let Some(row) = (first..store.len()).find(|row| store.has_key(*row, &edit.key)) else {
            return;
        };
        let Some(mut edit) = self.rebinding.take() else {
            return;
        };
        match store.column_id(&edit.column_name) {
            Some(column) => {
                edit.item = row as u32;
                edit.column = column;
                edit.focused = false;
                self.inline = Some(edit);
            }
            None => {
                self.notice = Some(cancelled_notice(&edit.column_name));
            }
        }
    }

    /// Gives up on an inline edit whose item did not come back once the reload is complete.
    pub fn finish_rebinding(&mut self) {
        if let Some(edit) = self.rebinding.take() {
            self.notice = Some(cancelled_notice(&edit.column_name));
        }
    }

    /// Whether an inline edit waits for its item after a reload.
    pub fn is_rebinding(&self) -> bool {
        self.rebinding.is_some()
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
        self.indexed = crate::dynamodb::model::removal_log::remaining(indexed, &maps) as usize;
        let sorted = &self.rows[..self.sorted_rows.min(self.rows.len())];
        self.sorted_rows = sorted.iter().filter_map(|r| follow(*r, &maps)).count();
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

    /// Whether a re-sort waits for its interval.
    pub fn needs_sort(&self) -> bool {
        self.needs_sort
    }

    /// The sorted column, and whether it sorts descending.
    pub fn sort(&self) -> Option<(ColumnId, bool)> {
        self.sort
    }

    /// Whether the user hid `column`.
    pub fn is_hidden(&self, column: ColumnId) -> bool {
        self.hidden.contains(&column)
    }

    /// Every column of the store in the user's order, hidden ones too (the Columns menu).
    pub fn all_columns(&self, store: &ItemStore) -> Vec<ColumnId> {
        let mut all = store.default_column_order();
        if let Some(custom) = &self.custom_order {
            all.sort_by_key(|c| custom.iter().position(|x| x == c).unwrap_or(usize::MAX));
        }
        all
    }

    /// Shows or hides a column, as its box in the Columns menu does.
    pub fn set_visible(&mut self, column: ColumnId, visible: bool) {
        if visible {
            self.hidden.remove(&column);
        } else {
            self.hidden.insert(column);
        }
        self.layout_changed = true;
    }

    /// Forgets the column layout, remembered one included: every column, in the default order.
    pub fn reset_layout(&mut self) {
        self.hidden.clear();
        self.custom_order = None;
        self.remembered = ColumnLayout::default();
        self.layout_changed = true;
    }

    /// Does what the user chose on a column's header.
    pub fn apply(&mut self, store: &ItemStore, action: ColumnAction) {
        self.layout_changed = true;
        match action {
            ColumnAction::Sort(column) => self.set_sort(column),
            ColumnAction::SortDirection(column, descending) => self.sort_by(column, descending),
            ColumnAction::Hide(column) => {
                self.hidden.insert(column);
            }
            ColumnAction::Move(column, step) => self.move_column(store, column, step),
        }
    }

    /// Selects as a click on the row at `position` does: alone, added (command) or a range (shift).
    pub fn click_row(&mut self, position: usize, modifiers: egui::Modifiers) {
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
    pub fn copy_text(&self, store: &ItemStore, style: JsonStyle) -> String {
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
/// What the grid says when an edit in place lost its item in a reload.
fn cancelled_notice(column: &str) -> String {
    format!(
        "The item you were editing in place ({column}) is not in the reloaded grid: the edit was cancelled, nothing was saved."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::model::AttrValue;

    fn store() -> ItemStore {
        let mut store = ItemStore::with_keys(&["pk"]);
        for (pk, n) in [("a", "10"), ("b", "9"), ("c", "100"), ("d", "-1")] {
            store.push(vec![
                ("pk".into(), AttrValue::s(pk)),
                ("n".into(), AttrValue::N(n.into())),
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
    fn a_new_result_set_keeps_the_sort_by_name_when_its_columns_number_differently() {
        let item = |pk: &str, a: (&str, &str), b: (&str, &str)| {
            let value = |(name, text): (&str, &str)| (name.into(), AttrValue::N(text.into()));
            vec![("pk".into(), AttrValue::s(pk)), value(a), value(b)]
        };
        let mut first = ItemStore::with_keys(&["pk"]);
        first.push(item("a", ("total", "2"), ("note", "9")));
        let mut view = GridView::default();
        let total = first.column_id("total").expect("total");
        view.sync(&first, 1);
        view.apply(&first, ColumnAction::Sort(total));
        let _ = view.take_layout_change(&first);
        let mut second = ItemStore::with_keys(&["pk"]);
        for (pk, note, total) in [("b", "1", "3"), ("c", "3", "1"), ("d", "2", "2")] {
            second.push(item(pk, ("note", note), ("total", total)));
        }
        assert_ne!(second.column_id("total"), Some(total), "numbered anew");
        view.sync(&second, 2);
        assert_eq!(view.rows(), [1, 2, 0], "sorted by total, not by note");
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

    #[test]
    fn header_actions_and_the_columns_menu_change_the_layout_once() {
        let store = store();
        let mut view = GridView::default();
        let n = store.column_id("n").expect("n");
        let pk = store.column_id("pk").expect("pk");
        view.sync(&store, 1);
        assert_eq!(view.take_layout_change(&store), None);
        view.apply(&store, ColumnAction::Move(n, -1));
        view.apply(&store, ColumnAction::SortDirection(n, true));
        let layout = view.take_layout_change(&store).expect("changed");
        assert_eq!(layout.order, Some(vec!["n".to_owned(), "pk".to_owned()]));
        assert_eq!(layout.sort, Some(("n".to_owned(), false)));
        assert_eq!(view.take_layout_change(&store), None, "taken once");
        view.set_visible(pk, false);
        assert!(view.is_hidden(pk));
        assert_eq!(
            view.all_columns(&store),
            [n, pk],
            "the menu lists hidden columns"
        );
        assert_eq!(view.columns(&store), [n]);
        view.apply(&store, ColumnAction::Hide(n));
        assert!(view.columns(&store).is_empty());
        view.reset_layout();
        assert_eq!(view.columns(&store), [pk, n]);
        let layout = view.take_layout_change(&store).expect("reset");
        assert_eq!((layout.order, layout.hidden), (None, vec![]));
    }
}
