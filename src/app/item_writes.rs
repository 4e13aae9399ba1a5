//! Writes from a table tab: saves, deletes and reverts, and the session's write history.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::request::Request;
use crate::aws::dynamodb_writes::BatchDeleteReport;
use crate::model::item_edit::{Item, SaveOutcome, SaveRequest, WriteRecord, key_of};
use crate::model::table_details::KeyAttribute;
use crate::model::{AttrValue, ItemStore, RawItem};

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

/// What a table tab is writing, and what it wrote.
pub struct WriteState {
    pub save: Request<SaveOutcome>,
    /// The save in flight, to apply its outcome.
    pub saving: Option<SaveRequest>,
    pub delete: Request<BatchDeleteReport>,
    /// Loaded images of the items being deleted.
    pub deleting: Vec<Item>,
    pub delete_progress: DeleteProgress,
    pub revert: Request<SaveOutcome>,
    pub reverting: Option<usize>,
    /// Every write of this session, newest last.
    pub history: Vec<WriteRecord>,
}

impl Default for WriteState {
    fn default() -> Self {
        Self {
            save: Request::new("PutItem"),
            saving: None,
            delete: Request::new("BatchWriteItem"),
            deleting: Vec::new(),
            delete_progress: DeleteProgress::default(),
            revert: Request::new("Revert"),
            reverting: None,
            history: Vec::new(),
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
    item.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// Index of the loaded item with this key.
pub fn find_by_key(store: &ItemStore, key: &Item) -> Option<usize> {
    let columns: Vec<(Option<crate::model::ColumnId>, &AttrValue)> =
        key.iter().map(|(k, v)| (store.column_id(k), v)).collect();
    store.items().iter().position(|item| {
        columns
            .iter()
            .all(|(column, value)| column.and_then(|c| item.get(c)) == Some(*value))
    })
}

impl WriteState {
    pub fn is_busy(&self) -> bool {
        self.save.is_pending() || self.delete.is_pending() || self.revert.is_pending()
    }

    /// Applies finished writes to the grid and the history. Returns true when the store was
    /// replaced wholesale (deletes), so views reset.
    pub fn poll(&mut self, store: &mut ItemStore, keys: &[KeyAttribute]) -> (bool, bool) {
        let mut changed = false;
        let mut reset = false;
        if self.save.poll() {
            changed = true;
            if let (
                Some(SaveOutcome::Saved {
                    before,
                    after,
                    moved_from,
                }),
                Some(_),
            ) = (self.save.value(), self.saving.take())
            {
                let (before, after, moved_from) =
                    (before.clone(), after.clone(), moved_from.clone());
                apply_saved(store, before.as_ref(), &after, moved_from.as_ref(), keys);
                self.history.push(WriteRecord {
                    key: key_of(&after, keys),
                    before,
                    after: Some(after),
                    at: super::tab::wall_clock_now(),
                    reverted: false,
                });
            }
        }
        if self.delete.poll() {
            changed = true;
            if let Some(report) = self.delete.value() {
                let failed: Vec<&Item> = report.failed.iter().map(|(k, _)| k).collect();
                let deleted: Vec<Item> = self
                    .deleting
                    .drain(..)
                    .filter(|item| !failed.contains(&&key_of(item, keys)))
                    .collect();
                for item in &deleted {
                    self.history.push(WriteRecord {
                        key: key_of(item, keys),
                        before: Some(item.clone()),
                        after: None,
                        at: super::tab::wall_clock_now(),
                        reverted: false,
                    });
                }
                let keys_deleted: Vec<Item> = deleted.iter().map(|i| key_of(i, keys)).collect();
                store.retain(|s, index| {
                    let key = key_of(&stored_item(s, index), keys);
                    !keys_deleted.contains(&key)
                });
                reset = true;
            }
        }
        if self.revert.poll() {
            changed = true;
            if let (Some(SaveOutcome::Saved { .. }), Some(index)) =
                (self.revert.value(), self.reverting.take())
                && let Some(record) = self.history.get_mut(index)
            {
                record.reverted = true;
                let record = record.clone();
                match (&record.before, &record.after) {
                    (Some(before), _) => match find_by_key(store, &record.key) {
                        Some(i) => store.replace(i, raw(before)),
                        None => store.push(raw(before)),
                    },
                    (None, Some(_)) => {
                        let key = record.key.clone();
                        store.retain(|s, index| key_of(&stored_item(s, index), keys) != key);
                        reset = true;
                    }
                    (None, None) => {}
                }
            }
        }
        (changed, reset)
    }
}

/// Puts a saved item into the grid where the old one was (or at the end for a new one).
fn apply_saved(
    store: &mut ItemStore,
    before: Option<&Item>,
    after: &Item,
    moved_from: Option<&Item>,
    keys: &[KeyAttribute],
) {
    let old_key = moved_from
        .cloned()
        .or_else(|| before.map(|b| key_of(b, keys)));
    match old_key.and_then(|key| find_by_key(store, &key)) {
        Some(index) => store.replace(index, raw(after)),
        None => store.push(raw(after)),
    }
}
