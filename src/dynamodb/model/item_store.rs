//! Loaded items, kept compactly: attribute names are interned once per store, each item is a
//! shared slice of (column, value) pairs sorted by column.

use std::collections::HashMap;
use std::sync::Arc;

use compact_str::CompactString;

use crate::dynamodb::model::attribute::AttrValue;

/// Index of an attribute name in an [`ItemStore`].
pub type ColumnId = u32;

/// An item as read from DynamoDB, before interning.
pub type RawItem = Vec<(CompactString, AttrValue)>;

/// One loaded item. Shared, never changed in place (an edit replaces it): a copy of the store
/// for a worker (schema inference, exports) copies pointers, not values, so the UI thread does
/// not pause for it at 100,000 items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredItem {
    attributes: Arc<[(ColumnId, AttrValue)]>,
}

impl StoredItem {
    pub fn get(&self, column: ColumnId) -> Option<&AttrValue> {
        self.attributes
            .binary_search_by_key(&column, |(c, _)| *c)
            .ok()
            .map(|i| &self.attributes[i].1)
    }

    pub fn attributes(&self) -> &[(ColumnId, AttrValue)] {
        &self.attributes
    }
}

/// Items of one result set with the union of their attribute names. `Clone` is for exports and
/// schema inference, which read a copy off the UI thread while the grid keeps the original; it
/// shares the items, so it costs a pointer per item.
#[derive(Clone, Debug, Default)]
pub struct ItemStore {
    names: Vec<Box<str>>,
    ids: HashMap<Box<str>, ColumnId>,
    items: Vec<StoredItem>,
    key_columns: Vec<ColumnId>,
    removals: crate::dynamodb::model::removal_log::RemovalLog,
    /// The column of each attribute position in the last item pushed: items of one table
    /// mostly list their attributes alike, so a name compare replaces a hash lookup.
    recent: Vec<ColumnId>,
    /// Reused for each pushed item, so building one costs a single allocation (its `Arc`).
    scratch: Vec<(ColumnId, AttrValue)>,
    /// Items replaced so far: keys kept of item values (a sorted grid's) are stale after one.
    replacements: u64,
}

impl ItemStore {
    /// An empty store whose first columns are the table's keys (partition, then sort).
    pub fn with_keys(keys: &[&str]) -> Self {
        let mut store = Self::default();
        store.key_columns = keys.iter().map(|k| store.intern(k)).collect();
        store
    }

    fn intern(&mut self, name: &str) -> ColumnId {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let id = ColumnId::try_from(self.names.len()).unwrap_or(ColumnId::MAX);
        self.names.push(name.into());
        self.ids.insert(name.into(), id);
        id
    }

    /// Adds an item, interning its attribute names. Runs on the UI thread for every loaded
    /// item, so it avoids what it can: hash lookups (see `recent`) and a second allocation.
    pub fn push(&mut self, raw: RawItem) {
        let mut scratch = std::mem::take(&mut self.scratch);
        for (position, (name, value)) in raw.into_iter().enumerate() {
            let guess = self.recent.get(position).copied();
            let column = match guess {
                Some(c) if self.names.get(c as usize).is_some_and(|n| **n == *name) => c,
                _ => {
                    let c = self.intern(&name);
                    match self.recent.get_mut(position) {
                        Some(slot) => *slot = c,
                        None => self.recent.push(c),
                    }
                    c
                }
            };
            scratch.push((column, value));
        }
        scratch.sort_by_key(|(c, _)| *c);
        self.items.push(StoredItem {
            attributes: scratch.drain(..).collect(),
        });
        self.scratch = scratch;
    }

    /// Replaces the item at `index` (after an edit was saved).
    pub fn replace(&mut self, index: usize, raw: RawItem) {
        let mut attributes: Vec<(ColumnId, AttrValue)> = raw
            .into_iter()
            .map(|(name, value)| (self.intern(&name), value))
            .collect();
        attributes.sort_by_key(|(c, _)| *c);
        if let Some(item) = self.items.get_mut(index) {
            item.attributes = attributes.into();
            self.replacements += 1;
        }
    }

    /// How many items were replaced in place so far.
    pub fn replacements(&self) -> u64 {
        self.replacements
    }

    /// Removes the items at `indexes` (after deletes) in one pass and records them, so views
    /// can follow their rows instead of rebuilding (and re-sorting) everything.
    pub fn remove_indexes(&mut self, indexes: &std::collections::BTreeSet<u32>) {
        let removed: std::sync::Arc<[u32]> = indexes
            .iter()
            .copied()
            .filter(|i| (*i as usize) < self.items.len())
            .collect();
        let mut due = removed.iter().copied().peekable();
        let mut position = 0u32;
        self.items.retain(|_| {
            let gone = due.next_if_eq(&position).is_some();
            position += 1;
            !gone
        });
        self.removals.record(removed);
    }

    /// The removals since the store was cleared, for views following their rows.
    pub fn removals(&self) -> &crate::dynamodb::model::removal_log::RemovalLog {
        &self.removals
    }

    /// An item's key attributes by name, to find it again in another store (a reload).
    pub fn key_of(&self, item: &StoredItem) -> Vec<(String, AttrValue)> {
        self.key_columns
            .iter()
            .filter_map(|c| {
                item.get(*c)
                    .map(|v| (self.column_name(*c).to_owned(), v.clone()))
            })
            .collect()
    }

    /// Whether the item at `index` has this key (by attribute name).
    pub fn has_key(&self, index: usize, key: &[(String, AttrValue)]) -> bool {
        let Some(item) = self.items.get(index) else {
            return false;
        };
        !key.is_empty()
            && key.iter().all(|(name, value)| {
                self.column_id(name)
                    .and_then(|c| item.get(c))
                    .is_some_and(|v| v == value)
            })
    }

    /// Index of the item whose `columns` hold `values` (a key lookup), scanning once.
    pub fn find(&self, columns: &[(ColumnId, &AttrValue)]) -> Option<usize> {
        self.items.iter().position(|item| {
            columns
                .iter()
                .all(|(column, value)| item.get(*column) == Some(*value))
        })
    }

    pub fn extend(&mut self, items: impl IntoIterator<Item = RawItem>) {
        for item in items {
            self.push(item);
        }
    }

    /// Makes `keys` the leading columns (partition, then sort).
    pub fn set_key_columns(&mut self, keys: &[&str]) {
        self.key_columns = keys.iter().map(|k| self.intern(k)).collect();
    }

    /// Removes all items, keeping the key columns.
    pub fn clear(&mut self) {
        let keys: Vec<Box<str>> = self
            .key_columns
            .iter()
            .map(|c| self.names[*c as usize].clone())
            .collect();
        let keys: Vec<&str> = keys.iter().map(|k| &**k).collect();
        *self = Self::with_keys(&keys);
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn item(&self, index: usize) -> Option<&StoredItem> {
        self.items.get(index)
    }

    pub fn items(&self) -> &[StoredItem] {
        &self.items
    }

    pub fn column_name(&self, column: ColumnId) -> &str {
        self.names.get(column as usize).map_or("", |n| n)
    }

    pub fn column_id(&self, name: &str) -> Option<ColumnId> {
        self.ids.get(name).copied()
    }

    pub fn column_count(&self) -> usize {
        self.names.len()
    }

    pub fn key_columns(&self) -> &[ColumnId] {
        &self.key_columns
    }

    /// Default column order: keys first, then every other attribute seen, by name.
    pub fn default_column_order(&self) -> Vec<ColumnId> {
        let mut others: Vec<ColumnId> = (0..self.names.len() as ColumnId)
            .filter(|c| !self.key_columns.contains(c))
            .collect();
        others.sort_by(|a, b| self.names[*a as usize].cmp(&self.names[*b as usize]));
        self.key_columns.iter().copied().chain(others).collect()
    }

    /// An item's attributes by name: keys first, then by name. For JSON views and copying.
    pub fn named_attributes(&self, index: usize) -> Vec<(&str, &AttrValue)> {
        let Some(item) = self.items.get(index) else {
            return Vec::new();
        };
        // Keys in schema order (partition before sort), then the rest by name.
        let mut named: Vec<(&str, &AttrValue)> = self
            .key_columns
            .iter()
            .filter_map(|key| item.get(*key).map(|v| (self.column_name(*key), v)))
            .collect();
        let mut others: Vec<(&str, &AttrValue)> = item
            .attributes
            .iter()
            .filter(|(c, _)| !self.key_columns.contains(c))
            .map(|(c, v)| (self.column_name(*c), v))
            .collect();
        others.sort_by(|a, b| a.0.cmp(b.0));
        named.extend(others);
        named
    }

    /// Bytes held by the items' values and structure, for the memory benchmark.
    pub fn approximate_heap_bytes(&self) -> usize {
        fn value_bytes(value: &AttrValue) -> usize {
            match value {
                // Up to 24 bytes sit inline, in the value itself.
                AttrValue::S(s) | AttrValue::N(s) if s.is_heap_allocated() => s.len(),
                AttrValue::S(_) | AttrValue::N(_) => 0,
                AttrValue::B(b) => b.len(),
                AttrValue::Bool(_) | AttrValue::Null => 0,
                AttrValue::L(items) => items
                    .iter()
                    .map(|v| std::mem::size_of::<AttrValue>() + value_bytes(v))
                    .sum(),
                AttrValue::M(entries) => entries
                    .iter()
                    .map(|(k, v)| {
                        k.len() + std::mem::size_of::<(Box<str>, AttrValue)>() + value_bytes(v)
                    })
                    .sum(),
                AttrValue::Ss(items) | AttrValue::Ns(items) => {
                    items.iter().map(|s| 16 + s.len()).sum()
                }
                AttrValue::Bs(items) => items.iter().map(|b| 16 + b.len()).sum(),
            }
        }
        self.items
            .iter()
            .map(|item| {
                // The item's pointer, then its shared allocation's two counts.
                std::mem::size_of::<StoredItem>()
                    + 2 * std::mem::size_of::<usize>()
                    + item
                        .attributes
                        .iter()
                        .map(|(_, v)| std::mem::size_of::<(ColumnId, AttrValue)>() + value_bytes(v))
                        .sum::<usize>()
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(pairs: &[(&str, &str)]) -> RawItem {
        pairs
            .iter()
            .map(|(k, v)| ((*k).into(), AttrValue::s(*v)))
            .collect()
    }

    #[test]
    fn columns_are_keys_then_names_and_sparse_items_leave_gaps() {
        let mut store = ItemStore::with_keys(&["pk", "sk"]);
        store.push(raw(&[("zeta", "1"), ("sk", "a"), ("pk", "p1")]));
        store.push(raw(&[("pk", "p2"), ("sk", "b"), ("alpha", "x")]));
        let order: Vec<&str> = store
            .default_column_order()
            .into_iter()
            .map(|c| store.column_name(c))
            .collect();
        assert_eq!(order, ["pk", "sk", "alpha", "zeta"]);
        let zeta = store.column_id("zeta").expect("zeta");
        assert!(store.item(0).and_then(|i| i.get(zeta)).is_some());
        assert!(store.item(1).and_then(|i| i.get(zeta)).is_none());
        let named: Vec<&str> = store.named_attributes(0).iter().map(|(n, _)| *n).collect();
        assert_eq!(named, ["pk", "sk", "zeta"]);
        store.clear();
        assert!(store.is_empty());
        assert_eq!(store.key_columns().len(), 2);
    }

    #[test]
    fn items_listing_attributes_in_another_order_keep_each_value_under_its_name() {
        let mut store = ItemStore::with_keys(&["pk"]);
        store.push(raw(&[("pk", "1"), ("a", "a1"), ("b", "b1")]));
        store.push(raw(&[("pk", "2"), ("b", "b2"), ("a", "a2")]));
        store.push(raw(&[("b", "b3"), ("pk", "3"), ("c", "c3"), ("a", "a3")]));
        store.push(raw(&[("pk", "4")]));
        store.push(raw(&[("pk", "5"), ("a", "a5"), ("b", "b5")]));
        let get = |row: usize, name: &str| {
            let column = store.column_id(name).expect("column");
            match store.item(row).and_then(|i| i.get(column)) {
                Some(AttrValue::S(text)) => text.to_string(),
                _ => "-".to_owned(),
            }
        };
        for (row, expected) in [
            (0, ["1", "a1", "b1", "-"]),
            (1, ["2", "a2", "b2", "-"]),
            (2, ["3", "a3", "b3", "c3"]),
            (3, ["4", "-", "-", "-"]),
            (4, ["5", "a5", "b5", "-"]),
        ] {
            let shown = ["pk", "a", "b", "c"].map(|name| get(row, name));
            assert_eq!(shown, expected, "row {row}");
        }
        assert_eq!(store.column_count(), 4);
    }

    #[test]
    fn a_copy_shares_the_items_and_keeps_them_when_the_original_changes() {
        let mut store = ItemStore::with_keys(&["pk"]);
        store.push(raw(&[("pk", "a"), ("n", "1")]));
        store.push(raw(&[("pk", "b")]));
        let copy = store.clone();
        let (mine, theirs) = (store.item(0).expect("a"), copy.item(0).expect("a"));
        assert!(std::ptr::eq(mine.attributes(), theirs.attributes()));
        store.replace(0, raw(&[("pk", "a"), ("n", "2")]));
        store.remove_indexes(&[1].into_iter().collect());
        let n = copy.column_id("n").expect("n");
        assert_eq!(
            copy.item(0).and_then(|i| i.get(n)),
            Some(&AttrValue::s("1"))
        );
        assert_eq!(copy.len(), 2);
        assert_eq!(
            store.item(0).and_then(|i| i.get(n)),
            Some(&AttrValue::s("2"))
        );
    }

    #[test]
    fn removing_rows_says_where_each_row_went() {
        let mut store = ItemStore::with_keys(&["pk"]);
        for pk in ["a", "b", "c", "d"] {
            store.push(raw(&[("pk", pk)]));
        }
        store.remove_indexes(&[1, 3].into_iter().collect());
        let removals = store.removals().since(0).expect("kept");
        assert_eq!(removals, [&[1, 3][..]]);
        let pk = store.column_id("pk").expect("pk");
        let c = AttrValue::s("c");
        assert_eq!(store.find(&[(pk, &c)]), Some(1));
        assert_eq!(store.len(), 2);
    }
}
