//! Editing items safely: what changed, how big the item is as DynamoDB counts it, whether its
//! key matches the schema, and the condition that makes a write fail if someone else changed it.

use std::collections::BTreeMap;

use crate::dynamodb::model::attribute::AttrValue;

use crate::dynamodb::model::attribute::Decimal;
use crate::dynamodb::model::table_details::KeyAttribute;
use crate::dynamodb::model::table_details::KeyRole;

/// An item by attribute name.
pub type Item = BTreeMap<String, AttrValue>;

/// DynamoDB's item size limit.
pub const MAX_ITEM_BYTES: usize = 400 * 1024;

/// How one attribute differs between the loaded and the edited item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Changed,
    Removed,
}

/// One attribute's change, with both sides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributeChange {
    pub name: String,
    pub kind: ChangeKind,
    pub before: Option<AttrValue>,
    pub after: Option<AttrValue>,
}

/// The attributes that differ, by name. Sets compare as sets (member order does not matter).
pub fn diff(before: &Item, after: &Item) -> Vec<AttributeChange> {
    let mut changes = Vec::new();
    for (name, old) in before {
        match after.get(name) {
            None => changes.push(AttributeChange {
                name: name.clone(),
                kind: ChangeKind::Removed,
                before: Some(old.clone()),
                after: None,
            }),
            Some(new) if !same_value(old, new) => changes.push(AttributeChange {
                name: name.clone(),
                kind: ChangeKind::Changed,
                before: Some(old.clone()),
                after: Some(new.clone()),
            }),
            Some(_) => {}
        }
    }
    for (name, new) in after {
        if !before.contains_key(name) {
            changes.push(AttributeChange {
                name: name.clone(),
                kind: ChangeKind::Added,
                before: None,
                after: Some(new.clone()),
            });
        }
    }
    changes.sort_by(|a, b| a.name.cmp(&b.name));
    changes
}

/// Equality as DynamoDB sees it: numbers by value, sets regardless of order.
pub fn same_value(a: &AttrValue, b: &AttrValue) -> bool {
    use AttrValue as V;
    let same_numbers = |x: &str, y: &str| match (Decimal::parse(x), Decimal::parse(y)) {
        (Ok(x), Ok(y)) => x.cmp_exact(&y).is_eq(),
        _ => x == y,
    };
    match (a, b) {
        (V::N(x), V::N(y)) => same_numbers(x, y),
        (V::L(x), V::L(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(x, y)| same_value(x, y))
        }
        (V::M(x), V::M(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((kx, vx), (ky, vy))| kx == ky && same_value(vx, vy))
        }
        (V::Ss(x), V::Ss(y)) => {
            let mut x: Vec<_> = x.iter().collect();
            let mut y: Vec<_> = y.iter().collect();
            x.sort();
            y.sort();
            x == y
        }
        (V::Bs(x), V::Bs(y)) => {
            let mut x: Vec<_> = x.iter().collect();
            let mut y: Vec<_> = y.iter().collect();
            x.sort();
            y.sort();
            x == y
        }
        (V::Ns(x), V::Ns(y)) => {
            x.len() == y.len() && x.iter().all(|n| y.iter().any(|m| same_numbers(n, m)))
        }
        _ => a == b,
    }
}

/// A value's size as DynamoDB counts it toward the 400 KB item limit.
pub fn value_size_bytes(value: &AttrValue) -> usize {
    match value {
        AttrValue::S(s) => s.len(),
        AttrValue::N(n) => number_size_bytes(n),
        AttrValue::B(b) => b.len(),
        AttrValue::Bool(_) | AttrValue::Null => 1,
        // Lists and maps: 3 bytes, plus each element and 1 byte per element.
        AttrValue::L(items) => 3 + items.iter().map(|v| value_size_bytes(v) + 1).sum::<usize>(),
        AttrValue::M(entries) => {
            3 + entries
                .iter()
                .map(|(k, v)| k.len() + value_size_bytes(v) + 1)
                .sum::<usize>()
        }
        AttrValue::Ns(items) => items.iter().map(|n| number_size_bytes(n)).sum(),
        AttrValue::Ss(items) => items.iter().map(|s| s.len()).sum(),
        AttrValue::Bs(items) => items.iter().map(|b| b.len()).sum(),
    }
}

/// One byte per two significant digits, plus one.
fn number_size_bytes(text: &str) -> usize {
    let digits = Decimal::parse(text).map_or(text.len(), |d| d.digits.len().max(1));
    digits.div_ceil(2) + 1
}

/// An item's size: every attribute name plus its value.
pub fn item_size_bytes(item: &Item) -> usize {
    item.iter()
        .map(|(name, value)| name.len() + value_size_bytes(value))
        .sum()
}

/// Why an edited item cannot be saved, and which attribute it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemError {
    pub attribute: Option<String>,
    pub message: String,
}

/// Checks what DynamoDB would refuse: key attributes present with the schema's types and not
/// empty, and the size limit. (Numbers, binary and sets are checked when they are parsed.)
pub fn validate_item(item: &Item, key_schema: &[KeyAttribute]) -> Result<(), ItemError> {
    for key in key_schema {
        let role = match key.role {
            KeyRole::Partition => "partition key",
            KeyRole::Sort => "sort key",
        };
        let error = |message: String| ItemError {
            attribute: Some(key.name.clone()),
            message,
        };
        let Some(value) = item.get(&key.name) else {
            return Err(error(format!("The {role} {:?} is missing", key.name)));
        };
        let tag = value.attr_type().tag();
        if tag != key.attribute_type {
            return Err(error(format!(
                "The {role} {:?} must be of type {} (it is {tag})",
                key.name, key.attribute_type
            )));
        }
        let empty = match value {
            AttrValue::S(s) => s.is_empty(),
            AttrValue::B(b) => b.is_empty(),
            _ => false,
        };
        if empty {
            return Err(error(format!("The {role} {:?} cannot be empty", key.name)));
        }
    }
    let size = item_size_bytes(item);
    if size > MAX_ITEM_BYTES {
        return Err(ItemError {
            attribute: None,
            message: format!(
                "The item is {size} bytes; DynamoDB stores items of at most {MAX_ITEM_BYTES} bytes"
            ),
        });
    }
    Ok(())
}

/// The key attributes of an item.
pub fn key_of(item: &Item, key_schema: &[KeyAttribute]) -> Item {
    key_schema
        .iter()
        .filter_map(|k| item.get(&k.name).map(|v| (k.name.clone(), v.clone())))
        .collect()
}

/// Whether the edit changes the item's key (a save then moves the item).
pub fn key_changed(before: &Item, after: &Item, key_schema: &[KeyAttribute]) -> bool {
    key_schema
        .iter()
        .any(|k| match (before.get(&k.name), after.get(&k.name)) {
            (Some(a), Some(b)) => !same_value(a, b),
            (a, b) => a.is_some() != b.is_some(),
        })
}

/// A condition expression with its placeholders.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Condition {
    pub expression: String,
    pub names: Vec<(String, String)>,
    pub values: Vec<(String, AttrValue)>,
}

/// "No item with this key exists yet", for creating and for the new side of a move.
pub fn absent_condition(key_schema: &[KeyAttribute], prefix: &str) -> Condition {
    let Some(partition) = key_schema.iter().find(|k| k.role == KeyRole::Partition) else {
        return Condition::default();
    };
    let placeholder = format!("#{prefix}pk");
    Condition {
        expression: format!("attribute_not_exists({placeholder})"),
        names: vec![(placeholder, partition.name.clone())],
        values: Vec::new(),
    }
}

/// A save the user confirmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveRequest {
    pub table: String,
    /// The item as loaded; `None` creates a new item.
    pub loaded: Option<Item>,
    pub edited: Item,
    pub key_schema: Vec<KeyAttribute>,
    /// The table's version attribute, as the user designated it: checked and bumped by every
    /// save (see [`super::item_update::update_plan`]).
    pub version_attribute: Option<String>,
}

/// What a save did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved {
        /// The full previous image as stored (for the history), `None` for a new item.
        before: Option<Item>,
        /// The full item as stored after the write.
        after: Item,
        /// The old key when the save moved the item.
        moved_from: Option<Item>,
    },
    /// The stored item differs from what was loaded; nothing was written.
    Conflict { stored: Option<Item> },
}

/// One write of this session, so it can be reverted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteRecord {
    pub key: Item,
    /// The item before the write; `None` when the write created it.
    pub before: Option<Item>,
    /// The item after the write; `None` when the write deleted it.
    pub after: Option<Item>,
    /// Wall-clock time, for the list.
    pub at: String,
    pub reverted: bool,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) use crate::dynamodb::model::table_details::pk_sk_keys as keys;

    /// An item from (name, value) pairs, as tests write them.
    pub(crate) fn item(pairs: &[(&str, AttrValue)]) -> Item {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    #[test]
    fn diffs_name_added_changed_and_removed_attributes() {
        let before = item(&[
            ("pk", AttrValue::s("a")),
            ("n", AttrValue::N("1.50".into())),
            ("gone", AttrValue::Null),
            ("set", AttrValue::Ss(vec!["x".into(), "y".into()].into())),
        ]);
        let after = item(&[
            ("pk", AttrValue::s("a")),
            ("n", AttrValue::N("1.5".into())),
            ("new", AttrValue::Bool(true)),
            ("set", AttrValue::Ss(vec!["y".into(), "x".into()].into())),
        ]);
        let changes = diff(&before, &after);
        let summary: Vec<(&str, &ChangeKind)> =
            changes.iter().map(|c| (c.name.as_str(), &c.kind)).collect();
        assert_eq!(
            summary,
            [("gone", &ChangeKind::Removed), ("new", &ChangeKind::Added)]
        );
        let changed = item(&[("n", AttrValue::N("1.51".into()))]);
        assert_eq!(
            diff(&item(&[("n", AttrValue::N("1.5".into()))]), &changed)[0].kind,
            ChangeKind::Changed
        );
    }

    #[test]
    fn sizes_follow_dynamodbs_rules() {
        assert_eq!(value_size_bytes(&AttrValue::s("héllo")), 6);
        assert_eq!(
            value_size_bytes(&AttrValue::N(
                "12345678901234567890123456789012345678".into()
            )),
            20
        );
        assert_eq!(value_size_bytes(&AttrValue::N("0.5".into())), 2);
        assert_eq!(value_size_bytes(&AttrValue::Bool(true)), 1);
        assert_eq!(value_size_bytes(&AttrValue::L(vec![].into())), 3);
        assert_eq!(
            value_size_bytes(&AttrValue::L(vec![AttrValue::s("ab")].into())),
            6
        );
        assert_eq!(
            value_size_bytes(&AttrValue::map(vec![("k".into(), AttrValue::Null)])),
            6
        );
        assert_eq!(
            value_size_bytes(&AttrValue::Ns(vec!["1".into(), "22".into()].into())),
            4
        );
        assert_eq!(item_size_bytes(&item(&[("name", AttrValue::s("x"))])), 5);
    }

    #[test]
    fn keys_and_size_are_validated() {
        let good = item(&[("pk", AttrValue::s("a")), ("sk", AttrValue::N("1".into()))]);
        assert!(validate_item(&good, &keys()).is_ok());
        let missing = item(&[("pk", AttrValue::s("a"))]);
        assert_eq!(
            validate_item(&missing, &keys())
                .expect_err("no sk")
                .attribute
                .as_deref(),
            Some("sk")
        );
        let wrong = item(&[
            ("pk", AttrValue::N("1".into())),
            ("sk", AttrValue::N("1".into())),
        ]);
        assert!(
            validate_item(&wrong, &keys())
                .expect_err("wrong type")
                .message
                .contains("type S")
        );
        let empty = item(&[("pk", AttrValue::s("")), ("sk", AttrValue::N("1".into()))]);
        assert!(validate_item(&empty, &keys()).is_err());
        let mut huge = good.clone();
        huge.insert("blob".into(), AttrValue::B(vec![0; MAX_ITEM_BYTES].into()));
        assert!(
            validate_item(&huge, &keys())
                .expect_err("too big")
                .message
                .contains("at most 409600")
        );
    }

    #[test]
    fn key_changes_and_absent_conditions() {
        let loaded = item(&[
            ("pk", AttrValue::s("a")),
            ("sk", AttrValue::N("1".into())),
            ("v", AttrValue::N("7".into())),
        ]);
        assert_eq!(
            absent_condition(&keys(), "n").expression,
            "attribute_not_exists(#npk)"
        );
        let moved = item(&[
            ("pk", AttrValue::s("b")),
            ("sk", AttrValue::N("1.0".into())),
        ]);
        assert!(key_changed(&loaded, &moved, &keys()));
        let same_key = item(&[
            ("pk", AttrValue::s("a")),
            ("sk", AttrValue::N("1.0".into())),
        ]);
        assert!(!key_changed(&loaded, &same_key, &keys()));
    }
}
