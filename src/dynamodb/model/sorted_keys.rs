//! The keys of a sorted grid's rows, kept beside the row ids, so merging the rows that
//! arrived since the last sort reaches only the new items: the rows already placed are
//! compared by their kept keys (issue 18). The order is exactly `ordering::sort_rows`'s.

use std::cmp::Ordering;

use crate::dynamodb::model::item_store::ColumnId;
use crate::dynamodb::model::item_store::ItemStore;
use crate::dynamodb::model::ordering::compare_values;
use crate::dynamodb::model::row_key::RowKey;

/// One key per leading sorted row of a grid, in the rows' order.
#[derive(Default)]
pub struct SortedKeys {
    keys: Vec<RowKey>,
    /// The column the keys were made for and the store's replacements then (an item saved
    /// in place changes its value, so the keys are made again from the items).
    made_for: Option<(ColumnId, u64)>,
    /// Keys of the rows after the sorted ones, made and sorted as they arrive (`prepare`, each
    /// frame), so the merge that is due every half second only places them: making and
    /// sorting 50,000 keys at once was most of a merge frame at a million rows.
    fresh: Vec<(RowKey, u32)>,
    /// What `fresh` holds: the sort and store state it was made under, and up to which row.
    fresh_for: Option<FreshFor>,
}

/// The state `SortedKeys::fresh` was made under; any change makes it again at the merge.
#[derive(Clone, Copy, PartialEq, Eq)]
struct FreshFor {
    sort: (ColumnId, bool),
    replacements: u64,
    removals: u64,
    /// The sorted rows before the fresh ones.
    sorted: usize,
    /// `fresh` covers `rows[sorted..covered]`.
    covered: usize,
}

impl FreshFor {
    fn of(store: &ItemStore, sort: (ColumnId, bool), sorted: usize, covered: usize) -> Self {
        Self {
            sort,
            replacements: store.replacements(),
            removals: store.removals().version(),
            sorted,
            covered,
        }
    }
}

impl SortedKeys {
    /// Brings `rows` into `sort_rows`'s order when only `rows[sorted..]` is new and
    /// `rows[..sorted]` is already in that order (0: sort them all), as
    /// `ordering::merge_new_rows` does: the new rows are sorted and each placed by galloping
    /// search among the kept keys; equal keys keep the older rows first.
    pub fn merge(
        &mut self,
        store: &ItemStore,
        rows: &mut Vec<u32>,
        sorted: usize,
        (column, descending): (ColumnId, bool),
    ) {
        let made_for = Some((column, store.replacements()));
        let (sorted, rebuild) = if sorted == 0 || sorted > rows.len() {
            (0, true)
        } else {
            (
                sorted,
                self.made_for != made_for || self.keys.len() != sorted,
            )
        };
        if rebuild {
            self.keys.clear();
            let head = rows[..sorted].iter();
            self.keys.extend(head.map(|row| key(store, *row, column)));
        }
        self.made_for = made_for;
        let prepared = FreshFor::of(store, (column, descending), sorted, rows.len());
        let fresh = if !rebuild && self.fresh_for.take() == Some(prepared) {
            std::mem::take(&mut self.fresh)
        } else {
            self.fresh.clear();
            sorted_keys_of(store, &rows[sorted..], (column, descending))
        };
        let ends = self.insertion_points(store, &rows[..sorted], &fresh, column, descending);
        // In place from the back: each old row moves right by the new rows placed before it.
        rows.resize(sorted + fresh.len(), 0);
        self.keys.resize(sorted + fresh.len(), RowKey::Missing);
        let mut tail = sorted;
        for (i, ((key, row), end)) in fresh.iter().zip(&ends).enumerate().rev() {
            rows.copy_within(*end..tail, end + i + 1);
            self.keys.copy_within(*end..tail, end + i + 1);
            rows[end + i] = *row;
            self.keys[end + i] = *key;
            tail = *end;
        }
    }

    /// Makes and sorts the keys of the rows that arrived after `rows[..sorted]` (the rows the
    /// next `merge` will be given `sorted` for), adding to those made on earlier frames.
    pub fn prepare(
        &mut self,
        store: &ItemStore,
        rows: &[u32],
        sorted: usize,
        (column, descending): (ColumnId, bool),
    ) {
        let sort = (column, descending);
        let from = match self.fresh_for {
            Some(f) if f == FreshFor::of(store, sort, sorted, f.covered) => f.covered,
            _ => {
                self.fresh.clear();
                sorted
            }
        };
        let Some(new_rows) = rows.get(from..) else {
            return;
        };
        let batch = sorted_keys_of(store, new_rows, sort);
        if self.fresh.is_empty() {
            self.fresh = batch;
        } else if !batch.is_empty() {
            self.fresh = merge_sorted(store, std::mem::take(&mut self.fresh), batch, sort);
        }
        self.fresh_for = Some(FreshFor::of(store, sort, sorted, rows.len()));
    }

    /// For each new row (in order), how many old rows come before it: those up to the first
    /// that orders after it.
    fn insertion_points(
        &self,
        store: &ItemStore,
        old: &[u32],
        fresh: &[(RowKey, u32)],
        column: ColumnId,
        descending: bool,
    ) -> Vec<usize> {
        let mut ends = Vec::with_capacity(fresh.len());
        let mut at = 0;
        for new in fresh {
            let after = |i: usize| {
                let old_row = (self.keys[i], old[i]);
                order(store, column, &old_row, new, descending).is_gt()
            };
            let low = crate::dynamodb::model::ordering::first_after(at, old.len(), after);
            ends.push(low);
            at = low;
        }
        ends
    }
}

/// The keys of `rows`, sorted; rows of equal keys keep their order.
fn sorted_keys_of(
    store: &ItemStore,
    rows: &[u32],
    (column, descending): (ColumnId, bool),
) -> Vec<(RowKey, u32)> {
    let mut keys: Vec<(RowKey, u32)> = rows
        .iter()
        .map(|row| (key(store, *row, column), *row))
        .collect();
    keys.sort_by(|a, b| order(store, column, a, b, descending));
    keys
}

/// Two sorted runs as one; on equal keys `older`'s rows come first, as a stable sort of
/// both (in arrival order) would place them.
fn merge_sorted(
    store: &ItemStore,
    older: Vec<(RowKey, u32)>,
    newer: Vec<(RowKey, u32)>,
    (column, descending): (ColumnId, bool),
) -> Vec<(RowKey, u32)> {
    let mut merged = Vec::with_capacity(older.len() + newer.len());
    let mut newer = newer.into_iter().peekable();
    for old in older {
        while let Some(new) =
            newer.next_if(|new| order(store, column, &old, new, descending).is_gt())
        {
            merged.push(new);
        }
        merged.push(old);
    }
    merged.extend(newer);
    merged
}

fn key(store: &ItemStore, row: u32, column: ColumnId) -> RowKey {
    RowKey::of(store.item(row as usize).and_then(|i| i.get(column)))
}

/// The keys' order, or the values' where the keys cannot tell.
fn order(
    store: &ItemStore,
    column: ColumnId,
    (a, a_row): &(RowKey, u32),
    (b, b_row): &(RowKey, u32),
    descending: bool,
) -> Ordering {
    a.order(b, descending).unwrap_or_else(|| {
        let value = |row: u32| store.item(row as usize).and_then(|i| i.get(column));
        let order = compare_values(value(*a_row), value(*b_row));
        if descending { order.reverse() } else { order }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::model::attribute::AttrValue;
    use crate::dynamodb::model::ordering::{merge_new_rows, sort_rows};

    fn n(text: &str) -> AttrValue {
        AttrValue::N(text.into())
    }

    /// Mixed types, missing values, many ties, 38- and 39-digit numbers, bad numbers, texts
    /// sharing their first 16 bytes.
    fn hostile_store() -> ItemStore {
        let mut store = ItemStore::with_keys(&["v"]);
        let mut state = 11u64;
        for i in 0..400u64 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let r = state >> 40;
            let value = match (state >> 33) % 11 {
                0 => n(&format!("{}", r % 7)),
                1 => n(&format!("-{}.5e{}", r % 5, r % 3)),
                2 => n(&format!("1234567890123456789012345678901234567{}", r % 3)),
                3 => n(&format!("-12345678901234567890123456789012345678{}", r % 3)),
                4 => AttrValue::s(["a", "b", "É", "", "-0"][(r % 5) as usize]),
                5 => AttrValue::s(format!("2026-11-30T12:47:{:02}Z", r % 4)),
                6 => AttrValue::Bool(i % 2 == 0),
                7 => AttrValue::Null,
                8 => n(["NaN", "-0", "0.0", "1e-130", " 7 "][(r % 5) as usize]),
                9 => AttrValue::B(vec![7; 15 + (r % 4) as usize].into()),
                _ => {
                    store.push(vec![("other".into(), n("1"))]);
                    continue;
                }
            };
            store.push(vec![("v".into(), value)]);
        }
        store
    }

    #[test]
    fn kept_and_prepared_keys_merge_to_the_full_sort_exactly() {
        let store = hostile_store();
        let column = store.column_id("v").expect("v");
        let all: Vec<u32> = (0..store.len() as u32).collect();
        for descending in [false, true] {
            let mut expected = all.clone();
            sort_rows(&store, &mut expected, column, descending);
            for split in [0, 1, 2, 17, 200, 398, 399, all.len()] {
                let split = split.min(all.len());
                let mut keys = SortedKeys::default();
                let mut rows = all[..split].to_vec();
                keys.merge(&store, &mut rows, 0, (column, descending));
                let sorted = rows.len();
                rows.extend_from_slice(&all[split..]);
                keys.merge(&store, &mut rows, sorted, (column, descending));
                assert_eq!(rows, expected, "split {split}, descending {descending}");
            }
            // Streaming: a page at a time, merged after each.
            let (mut keys, mut rows) = (SortedKeys::default(), Vec::new());
            for page in all.chunks(23) {
                let sorted = rows.len();
                rows.extend_from_slice(page);
                keys.merge(&store, &mut rows, sorted, (column, descending));
                assert_eq!(keys.keys.len(), rows.len(), "a key beside every row");
            }
            assert_eq!(rows, expected, "page by page, descending {descending}");
            // As the grid streams: keys prepared every frame, merged every few frames.
            for (page, merge_every) in [(1, 1), (7, 3), (23, 5), (50, 100)] {
                let (mut keys, mut rows, mut sorted) = (SortedKeys::default(), Vec::new(), 0);
                for (frame, chunk) in all.chunks(page).enumerate() {
                    rows.extend_from_slice(chunk);
                    keys.prepare(&store, &rows, sorted, (column, descending));
                    if frame % merge_every == 0 {
                        keys.merge(&store, &mut rows, sorted, (column, descending));
                        sorted = rows.len();
                    }
                }
                keys.merge(&store, &mut rows, sorted, (column, descending));
                assert_eq!(rows, expected, "pages of {page}, descending {descending}");
            }
        }
    }

    #[test]
    fn prepared_keys_are_not_used_after_the_store_changed() {
        let mut store = hostile_store();
        let column = store.column_id("v").expect("v");
        let (mut keys, mut rows) = (SortedKeys::default(), (0..100).collect::<Vec<u32>>());
        keys.merge(&store, &mut rows, 0, (column, false));
        rows.extend(100..250);
        keys.prepare(&store, &rows, 100, (column, false));
        // A save changes a row's value after its key was prepared: the merge makes it again.
        store.replace(120, vec![("v".into(), n("-99999"))]);
        let mut reference = rows.clone();
        keys.merge(&store, &mut rows, 100, (column, false));
        merge_new_rows(&store, &mut reference, 100, column, false);
        assert_eq!(rows, reference);
        // Prepared under another direction: not used either.
        rows.extend(250..store.len() as u32);
        keys.prepare(&store, &rows, 250, (column, true));
        let mut reference = rows.clone();
        keys.merge(&store, &mut rows, 250, (column, false));
        merge_new_rows(&store, &mut reference, 250, column, false);
        assert_eq!(rows, reference);
    }

    #[test]
    fn an_item_saved_in_place_merges_as_before() {
        // The old rows' order is not re-sorted after an edit; the next merge reads the new value,
        // exactly as merging by the items does.
        let mut store = hostile_store();
        let column = store.column_id("v").expect("v");
        let (mut keys, mut rows) = (SortedKeys::default(), (0..200).collect::<Vec<u32>>());
        keys.merge(&store, &mut rows, 0, (column, false));
        let mut reference = rows.clone();
        store.replace(rows[50] as usize, vec![("v".into(), n("3"))]);
        rows.extend(200..store.len() as u32);
        reference.extend(200..store.len() as u32);
        keys.merge(&store, &mut rows, 200, (column, false));
        merge_new_rows(&store, &mut reference, 200, column, false);
        assert_eq!(rows, reference);
        // A head shorter than the keys (rows removed) makes them again.
        rows.truncate(300);
        rows.remove(10);
        let mut reference = rows.clone();
        rows.extend(300..store.len() as u32);
        reference.extend(300..store.len() as u32);
        keys.merge(&store, &mut rows, 299, (column, false));
        merge_new_rows(&store, &mut reference, 299, column, false);
        assert_eq!(rows, reference);
    }
}
