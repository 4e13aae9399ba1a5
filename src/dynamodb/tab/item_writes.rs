//! Writes from a table tab: saves, deletes and reverts, and the session's write history.
//!
//! A write's outcome is applied to the grid and the history only when that write succeeded
//! (never the previous write's value, which `Request` keeps for display), and only to the rows
//! of the items it wrote, found by key.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::dynamodb::calls::deletes::BatchDeleteReport;
use crate::dynamodb::model::AttrValue;
use crate::dynamodb::model::ColumnId;
use crate::dynamodb::model::ItemStore;
use crate::dynamodb::model::RawItem;
use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::attribute_json::item_to_json;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::item_edit::SaveOutcome;
use crate::dynamodb::model::item_edit::SaveRequest;
use crate::dynamodb::model::item_edit::WriteRecord;
use crate::dynamodb::model::item_edit::diff;
use crate::dynamodb::model::item_edit::key_of;
use crate::dynamodb::model::removal_log::follow;
use crate::dynamodb::model::table_details::KeyAttribute;
use crate::shared::bridge::request::Request;

/// Progress of a batch delete: (done, total), updated from the background task.
#[derive(Clone, Debug, Default)]
pub struct DeleteProgress {
    pub done: Arc<AtomicUsize>,
    pub total: Arc<AtomicUsize>,
}

impl DeleteProgress {
    pub fn get(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// Where grid rows were when a write was asked for: the store's generation and removal count,
/// and the rows, so the outcome finds them again without scanning the store.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowsAt {
    pub generation: u64,
    pub removals: u64,
    pub rows: Vec<u32>,
}

/// A delete in flight: the loaded images and where their rows were.
#[derive(Clone, Debug, Default)]
pub struct Deleting {
    pub items: Vec<Item>,
    pub at: RowsAt,
}

/// What a table tab is writing, and what it wrote.
pub struct WriteState {
    pub save: Request<SaveOutcome>,
    /// The save in flight, to apply its outcome.
    pub saving: Option<SaveRequest>,
    pub delete: Request<BatchDeleteReport>,
    pub deleting: Deleting,
    pub delete_progress: DeleteProgress,
    pub revert: Request<SaveOutcome>,
    pub reverting: Option<usize>,
    /// Every write of this session, newest last.
    pub history: Vec<WriteRecord>,
    /// A write refused before sending (another is in flight), shown at the write toolbar.
    pub refused: Option<String>,
    /// Counts refusals and saves sent, so an editor knows which outcome is its own.
    pub refusals: u64,
    pub saves_started: u64,
    /// The whole item read before an editor opens on it.
    pub read_for_edit: Request<Option<Item>>,
    pub reads_started: u64,
}

impl Default for WriteState {
    fn default() -> Self {
        Self {
            save: Request::new("UpdateItem"),
            saving: None,
            delete: Request::new("DeleteItem"),
            deleting: Deleting::default(),
            delete_progress: DeleteProgress::default(),
            revert: Request::new("Revert"),
            reverting: None,
            history: Vec::new(),
            refused: None,
            refusals: 0,
            saves_started: 0,
            read_for_edit: Request::new("GetItem"),
            reads_started: 0,
        }
    }
}

/// An item of the store as a map, for editing.
pub fn stored_item(store: &ItemStore, index: usize) -> Item {
    store
        .named_attributes(index)
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.clone()))
        .collect()
}

fn raw(item: &Item) -> RawItem {
    item.iter().map(|(k, v)| (k.into(), v.clone())).collect()
}

/// A key's columns in this store, to compare rows with.
fn key_columns<'a>(store: &ItemStore, key: &'a Item) -> Option<Vec<(ColumnId, &'a AttrValue)>> {
    key.iter()
        .map(|(name, value)| store.column_id(name).map(|c| (c, value)))
        .collect()
}

/// Index of the loaded item with this key.
pub fn find_by_key(store: &ItemStore, key: &Item) -> Option<usize> {
    store.find(&key_columns(store, key)?)
}

/// Whether the row at `index` holds the item with this key.
fn row_has_key(store: &ItemStore, index: u32, key: &Item) -> bool {
    let (Some(item), Some(columns)) = (store.item(index as usize), key_columns(store, key)) else {
        return false;
    };
    columns.iter().all(|(c, v)| item.get(*c) == Some(*v))
}

/// A key as text, for matching many keys in one pass.
fn key_text(key: &Item) -> String {
    item_to_json(
        key.iter().map(|(k, v)| (k.as_str(), v)),
        JsonStyle::DynamoDb,
        false,
    )
}

/// The rows now holding the items with these keys. Rows recorded when the write was asked
/// for are followed through later removals and checked (cheap, whatever the store's size);
/// only when that fails (the grid was reloaded) is the store scanned, once.
fn rows_of(
    store: &ItemStore,
    generation: u64,
    at: &RowsAt,
    keys: &[Item],
    key_schema: &[KeyAttribute],
) -> BTreeSet<u32> {
    let maps = (at.generation == generation)
        .then(|| store.removals().since(at.removals))
        .flatten();
    let mut found = BTreeSet::new();
    let mut missing: Vec<&Item> = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        let row = maps
            .as_ref()
            .and_then(|maps| at.rows.get(i).and_then(|row| follow(*row, maps)))
            .filter(|row| row_has_key(store, *row, key));
        match row {
            Some(row) => {
                found.insert(row);
            }
            None => missing.push(key),
        }
    }
    if !missing.is_empty() {
        let wanted: HashMap<String, ()> = missing.iter().map(|k| (key_text(k), ())).collect();
        for index in 0..store.len() {
            let key = key_of(&stored_item(store, index), key_schema);
            if wanted.contains_key(&key_text(&key)) {
                found.insert(index as u32);
            }
        }
    }
    found
}

impl WriteState {
    pub fn is_busy(&self) -> bool {
        self.save.is_pending() || self.delete.is_pending() || self.revert.is_pending()
    }

    /// Keys of the items the writes in flight touch.
    fn keys_in_flight(&self, key_schema: &[KeyAttribute]) -> Vec<Item> {
        let mut keys = Vec::new();
        if self.save.is_pending()
            && let Some(request) = &self.saving
        {
            keys.extend(request.loaded.iter().map(|l| key_of(l, key_schema)));
            keys.push(key_of(&request.edited, key_schema));
        }
        if self.delete.is_pending() {
            keys.extend(self.deleting.items.iter().map(|i| key_of(i, key_schema)));
        }
        if self.revert.is_pending()
            && let Some(record) = self.reverting.and_then(|i| self.history.get(i))
        {
            keys.push(record.key.clone());
            keys.extend(record.before.iter().map(|b| key_of(b, key_schema)));
        }
        keys
    }

    /// Refuses a write that would run beside another of its kind (each kind has one slot, whose
    /// answer must not be dropped) or touch an item another write in flight touches, saying
    /// so; true when refused. Nothing is sent for a refused write.
    pub fn refuse_if_busy(
        &mut self,
        kind_pending: bool,
        items: &[Item],
        key_schema: &[KeyAttribute],
    ) -> bool {
        let in_flight = self.keys_in_flight(key_schema);
        let overlaps = items
            .iter()
            .any(|item| in_flight.contains(&key_of(item, key_schema)));
        if !kind_pending && !overlaps {
            self.refused = None;
            return false;
        }
        self.refusals += 1;
        self.refused = Some(
            "Another write to this item is still in flight: nothing was sent. Wait for it to \
             finish, then try again."
                .to_owned(),
        );
        true
    }

    /// Applies finished writes to the grid and the history; a failed one changes neither.
    pub fn poll(&mut self, store: &mut ItemStore, generation: u64, keys: &[KeyAttribute]) -> bool {
        let mut changed = self.read_for_edit.poll();
        if self.save.poll() {
            changed = true;
            let request = self.saving.take();
            if let (Some(Ok(SaveOutcome::Saved { before, after, .. })), Some(request)) =
                (self.save.latest(), request)
            {
                let (before, after) = (before.clone(), after.clone());
                apply_saved(store, &request, &after, keys);
                self.history.push(WriteRecord {
                    key: key_of(&after, keys),
                    before,
                    after: Some(after),
                    at: crate::shared::clock::wall_clock_now(),
                    reverted: false,
                });
            }
        }
        if self.delete.poll() {
            changed = true;
            let deleting = std::mem::take(&mut self.deleting);
            let succeeded = matches!(self.delete.latest(), Some(Ok(_)));
            // The images move into the history (the report keeps its counts and failures for
            // display): a large delete copies no item on the UI thread.
            let deleted = self.delete.value_mut().filter(|_| succeeded).map(|report| {
                (
                    std::mem::take(&mut report.deleted_images),
                    std::mem::take(&mut report.deleted_positions),
                )
            });
            if let Some((images, positions)) = deleted {
                let deleted_keys: Vec<Item> =
                    images.iter().map(|item| key_of(item, keys)).collect();
                // Rows were recorded in the order of the items sent; the report says where
                // each deleted item was in that order.
                let at = RowsAt {
                    rows: positions
                        .iter()
                        .map(|p| deleting.at.rows.get(*p).copied().unwrap_or(u32::MAX))
                        .collect(),
                    ..deleting.at.clone()
                };
                let rows = rows_of(store, generation, &at, &deleted_keys, keys);
                if !rows.is_empty() {
                    store.remove_indexes(&rows);
                }
                let at = crate::shared::clock::wall_clock_now();
                for (key, image) in deleted_keys.into_iter().zip(images) {
                    self.history.push(WriteRecord {
                        key,
                        before: Some(image),
                        after: None,
                        at: at.clone(),
                        reverted: false,
                    });
                }
            }
            // The loaded copies are dropped off the UI thread: a large delete frees thousands
            // of values at once.
            std::thread::spawn(move || drop(deleting));
        }
        if self.revert.poll() {
            changed = true;
            let reverting = self.reverting.take();
            if let (Some(Ok(SaveOutcome::Saved { .. })), Some(index)) =
                (self.revert.latest(), reverting)
                && let Some(record) = self.history.get_mut(index)
            {
                record.reverted = true;
                let record = record.clone();
                apply_reverted(store, &record);
            }
        }
        changed
    }
}

/// Puts a saved item into the grid: in its row, only the attributes the save changed (the
/// row may be a projection, and stays one); a new item at the end.
fn apply_saved(store: &mut ItemStore, request: &SaveRequest, after: &Item, keys: &[KeyAttribute]) {
    let Some(loaded) = &request.loaded else {
        store.push(raw(after));
        return;
    };
    let Some(index) = find_by_key(store, &key_of(loaded, keys)) else {
        return;
    };
    let mut row = stored_item(store, index);
    let mut touched: Vec<String> = diff(loaded, &request.edited)
        .into_iter()
        .map(|c| c.name)
        .collect();
    touched.extend(request.version_attribute.clone());
    for name in touched {
        match after.get(&name) {
            Some(value) => row.insert(name, value.clone()),
            None => row.remove(&name),
        };
    }
    store.replace(index, raw(&row));
}

/// Shows a reverted write in the grid: the previous image back in its row (or a new row), or
/// the row of an item the revert deleted removed.
fn apply_reverted(store: &mut ItemStore, record: &WriteRecord) {
    let current = find_by_key(store, &record.key);
    match (&record.before, current) {
        (Some(before), Some(index)) => store.replace(index, raw(before)),
        (Some(before), None) => store.push(raw(before)),
        (None, Some(index)) => {
            store.remove_indexes(&BTreeSet::from([index as u32]));
        }
        (None, None) => {}
    }
}
