//! Type-aware ordering and text matching of loaded items, for sorting and the quick filter.

use std::cmp::Ordering;

use crate::dynamodb::model::attribute::AttrValue;

use crate::dynamodb::model::attribute::Decimal;
use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::attribute_json::value_to_json;
use crate::dynamodb::model::item_store::ColumnId;
use crate::dynamodb::model::item_store::ItemStore;

/// A precomputed sort key, so each comparison is cheap and numbers parse once.
enum SortKey<'a> {
    Number(Decimal),
    /// Text that is not a valid number still sorts, after the numbers.
    BadNumber(&'a str),
    Text(&'a str),
    Binary(&'a [u8]),
    Bool(bool),
    /// Types without a natural order (null, sets, lists, maps), grouped by type.
    Grouped(u8),
    Missing,
}

impl SortKey<'_> {
    /// Mixed types sort in groups: numbers, strings, binary, booleans, then the rest.
    fn rank(&self) -> u8 {
        match self {
            Self::Number(_) => 0,
            Self::BadNumber(_) => 1,
            Self::Text(_) => 2,
            Self::Binary(_) => 3,
            Self::Bool(_) => 4,
            Self::Grouped(g) => 5 + g,
            Self::Missing => u8::MAX,
        }
    }

    fn of(value: Option<&AttrValue>) -> SortKey<'_> {
        match value {
            None => SortKey::Missing,
            Some(AttrValue::N(n)) => match Decimal::parse(n) {
                Ok(d) => SortKey::Number(d),
                Err(_) => SortKey::BadNumber(n),
            },
            Some(AttrValue::S(s)) => SortKey::Text(s),
            Some(AttrValue::B(b)) => SortKey::Binary(b),
            Some(AttrValue::Bool(b)) => SortKey::Bool(*b),
            Some(AttrValue::Null) => SortKey::Grouped(0),
            Some(AttrValue::Ss(_)) => SortKey::Grouped(1),
            Some(AttrValue::Ns(_)) => SortKey::Grouped(2),
            Some(AttrValue::Bs(_)) => SortKey::Grouped(3),
            Some(AttrValue::L(_)) => SortKey::Grouped(4),
            Some(AttrValue::M(_)) => SortKey::Grouped(5),
        }
    }

    fn compare(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Number(a), Self::Number(b)) => a.cmp_exact(b),
            (Self::BadNumber(a), Self::BadNumber(b)) | (Self::Text(a), Self::Text(b)) => {
                // UTF-8 byte order is code point order.
                a.cmp(b)
            }
            (Self::Binary(a), Self::Binary(b)) => a.cmp(b),
            (Self::Bool(a), Self::Bool(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

/// Compares two optional values as the grid sorts them.
pub fn compare_values(a: Option<&AttrValue>, b: Option<&AttrValue>) -> Ordering {
    SortKey::of(a).compare(&SortKey::of(b))
}

/// Sorts `rows` (item indexes) by one column; ties keep load order. Items without the
/// attribute go last in both directions, as in a spreadsheet.
pub fn sort_rows(store: &ItemStore, rows: &mut Vec<u32>, column: ColumnId, descending: bool) {
    let mut keyed = keyed_rows(store, rows, column);
    keyed.sort_by(|(a, _), (b, _)| row_order(a, b, descending));
    rows.clear();
    rows.extend(keyed.into_iter().map(|(_, row)| row));
}

fn keyed_rows<'s>(store: &'s ItemStore, rows: &[u32], column: ColumnId) -> Vec<(SortKey<'s>, u32)> {
    rows.iter()
        .map(|row| (row_key(store, *row, column), *row))
        .collect()
}

fn row_key(store: &ItemStore, row: u32, column: ColumnId) -> SortKey<'_> {
    SortKey::of(store.item(row as usize).and_then(|i| i.get(column)))
}

/// The grid's order: missing values last in both directions.
fn row_order(a: &SortKey<'_>, b: &SortKey<'_>, descending: bool) -> Ordering {
    let missing = matches!(a, SortKey::Missing).cmp(&matches!(b, SortKey::Missing));
    missing.then_with(|| {
        let order = a.compare(b);
        if descending { order.reverse() } else { order }
    })
}

/// Brings `rows` into [`sort_rows`]'s order when only `rows[sorted..]` is new and
/// `rows[..sorted]` is already in that order: the new rows are sorted and merged in, each
/// placed by galloping search, so the cost follows the new rows, not the whole grid. A sorted
/// grid fed pages while it streams (a million items) stays within a frame. Equal keys keep the
/// older rows first, as the stable full sort does.
pub fn merge_new_rows(
    store: &ItemStore,
    rows: &mut Vec<u32>,
    sorted: usize,
    column: ColumnId,
    descending: bool,
) {
    if sorted == 0 || sorted > rows.len() {
        return sort_rows(store, rows, column, descending);
    }
    if sorted == rows.len() {
        return;
    }
    let mut fresh = keyed_rows(store, &rows[sorted..], column);
    fresh.sort_by(|(a, _), (b, _)| row_order(a, b, descending));
    let old = &rows[..sorted];
    let mut merged = Vec::with_capacity(rows.len());
    let mut at = 0;
    for (key, row) in &fresh {
        // Old rows up to the first that orders after the new one come before it.
        let after = |i: usize| row_order(&row_key(store, old[i], column), key, descending).is_gt();
        let end = first_after(at, old.len(), after);
        merged.extend_from_slice(&old[at..end]);
        merged.push(*row);
        at = end;
    }
    merged.extend_from_slice(&old[at..]);
    *rows = merged;
}

/// The first index in `start..len` for which `after` holds (`len` when none), given that it
/// holds for every index past the first that does: galloping from `start`, then a binary
/// search, so a new row placed near the previous one costs a few comparisons.
pub fn first_after(start: usize, len: usize, after: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut step) = (start, 1);
    let mut high = loop {
        let probe = start + step - 1;
        if probe >= len {
            break len;
        }
        if after(probe) {
            break probe;
        }
        low = probe + 1;
        step *= 2;
    };
    // Every index before `low` is not after; `high` is (or is `len`).
    while low < high {
        let middle = low + (high - low) / 2;
        if after(middle) {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    low
}

/// A lower-cased needle for [`value_matches`].
pub struct TextQuery {
    needle: String,
}

impl TextQuery {
    /// `None` when the query is blank (everything matches).
    pub fn new(text: &str) -> Option<Self> {
        let needle = text.trim().to_lowercase();
        (!needle.is_empty()).then_some(Self { needle })
    }

    fn matches_text(&self, haystack: &str) -> bool {
        if haystack.is_ascii() && self.needle.is_ascii() {
            let needle = self.needle.as_bytes();
            haystack
                .as_bytes()
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle))
        } else {
            haystack.to_lowercase().contains(&self.needle)
        }
    }

    /// Whether any attribute of the item shows text containing the query.
    pub fn item_matches(&self, store: &ItemStore, row: usize) -> bool {
        let Some(item) = store.item(row) else {
            return false;
        };
        item.attributes()
            .iter()
            .any(|(_, value)| self.value_matches(value))
    }

    pub fn value_matches(&self, value: &AttrValue) -> bool {
        match value {
            AttrValue::S(s) | AttrValue::N(s) => self.matches_text(s),
            AttrValue::Bool(b) => self.matches_text(if *b { "true" } else { "false" }),
            AttrValue::Null => self.matches_text("null"),
            other => self.matches_text(&value_to_json(other, JsonStyle::Plain, false)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> AttrValue {
        AttrValue::N(text.into())
    }

    #[test]
    fn numbers_sort_exactly_and_types_group() {
        let mut store = ItemStore::with_keys(&["v"]);
        let values = [
            n("10"),
            AttrValue::s("b"),
            n("-2.5"),
            n("12345678901234567890123456789012345679"),
            AttrValue::s("a"),
            n("12345678901234567890123456789012345678"),
            AttrValue::Bool(true),
            n("9.99"),
            AttrValue::s("É"),
            AttrValue::s("Z"),
        ];
        for value in &values {
            store.push(vec![("v".into(), value.clone())]);
        }
        store.push(vec![("other".into(), n("1"))]);
        let column = store.column_id("v").expect("v");
        let mut rows: Vec<u32> = (0..store.len() as u32).collect();
        sort_rows(&store, &mut rows, column, false);
        let shown: Vec<String> = rows
            .iter()
            .map(
                |r| match store.item(*r as usize).and_then(|i| i.get(column)) {
                    Some(AttrValue::N(t) | AttrValue::S(t)) => t.to_string(),
                    Some(AttrValue::Bool(b)) => b.to_string(),
                    _ => "missing".to_owned(),
                },
            )
            .collect();
        assert_eq!(
            shown,
            [
                "-2.5",
                "9.99",
                "10",
                "12345678901234567890123456789012345678",
                "12345678901234567890123456789012345679",
                "Z",
                "a",
                "b",
                "É",
                "true",
                "missing"
            ]
        );
        sort_rows(&store, &mut rows, column, true);
        assert_eq!(
            rows.first().copied(),
            Some(6),
            "groups reverse too: booleans first"
        );
        assert_eq!(rows.get(1).copied(), Some(8), "then É, the highest string");
        assert_eq!(rows.last().copied(), Some(10), "missing stays last");
    }

    #[test]
    fn merging_new_rows_gives_the_full_sort_exactly() {
        // Mixed types, missing values, many ties, 38-digit numbers, bad numbers: every split
        // of the rows into an already sorted head and new rows, in both directions.
        let mut store = ItemStore::with_keys(&["v"]);
        let mut state = 7u64;
        for i in 0..300u64 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let pick = (state >> 33) % 9;
            let value = match pick {
                0 => n(&format!("{}", (state >> 40) % 7)),
                1 => n(&format!("-{}.5", (state >> 40) % 5)),
                2 => n(&format!(
                    "1234567890123456789012345678901234567{}",
                    (state >> 40) % 3
                )),
                3 => AttrValue::s(["a", "b", "É", ""][((state >> 40) % 4) as usize]),
                4 => AttrValue::Bool(i % 2 == 0),
                5 => AttrValue::Null,
                6 => AttrValue::N("NaN".into()),
                7 => AttrValue::B(vec![(state >> 45) as u8 % 3].into()),
                _ => {
                    store.push(vec![("other".into(), n("1"))]);
                    continue;
                }
            };
            store.push(vec![("v".into(), value)]);
        }
        let column = store.column_id("v").expect("v");
        let all: Vec<u32> = (0..store.len() as u32).collect();
        for descending in [false, true] {
            let mut expected = all.clone();
            sort_rows(&store, &mut expected, column, descending);
            for split in [0, 1, 2, 17, 150, 298, 299, all.len()] {
                let split = split.min(all.len());
                let mut rows = all[..split].to_vec();
                sort_rows(&store, &mut rows, column, descending);
                let sorted = rows.len();
                rows.extend_from_slice(&all[split..]);
                merge_new_rows(&store, &mut rows, sorted, column, descending);
                assert_eq!(rows, expected, "split {split}, descending {descending}");
            }
            // Streaming: a page at a time, merged after each.
            let mut rows = Vec::new();
            for page in all.chunks(23) {
                let sorted = rows.len();
                rows.extend_from_slice(page);
                merge_new_rows(&store, &mut rows, sorted, column, descending);
            }
            assert_eq!(rows, expected, "page by page, descending {descending}");
        }
        let mut rows = vec![2, 1];
        merge_new_rows(&store, &mut rows, 5, column, false);
        assert_eq!(rows.len(), 2, "a head longer than the rows sorts them all");
    }

    #[test]
    fn quick_filter_is_case_insensitive_across_types() {
        let query = TextQuery::new("  ÄB ").expect("query");
        assert!(query.value_matches(&AttrValue::s("xäbc")));
        let query = TextQuery::new("ship").expect("query");
        assert!(query.value_matches(&AttrValue::map(vec![(
            "status".into(),
            AttrValue::s("SHIPPED")
        )])));
        assert!(!query.value_matches(&n("5")));
        assert!(TextQuery::new("   ").is_none());
        let query = TextQuery::new("12345678901234567890123456789012345678").expect("q");
        assert!(query.value_matches(&n("12345678901234567890123456789012345678")));
    }
}
