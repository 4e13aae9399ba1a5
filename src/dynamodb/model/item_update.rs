//! How an edit is written: only the difference, as one UpdateItem (SET for added and changed
//! attributes, REMOVE for removed ones), conditional on what the user saw of every attribute it
//! touches. Attributes the user never loaded, or that someone else added meanwhile, are left as
//! they are; a concurrent change to a touched attribute fails the condition.

use crate::dynamodb::model::attribute::AttrValue;

use crate::dynamodb::model::attribute::Decimal;
use crate::dynamodb::model::item_edit::ChangeKind;
use crate::dynamodb::model::item_edit::Condition;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::item_edit::diff;
use crate::dynamodb::model::table_details::KeyAttribute;
use crate::dynamodb::model::table_details::KeyRole;

/// Largest number of digits DynamoDB stores in a number.
const MAX_DIGITS: usize = 38;

/// An UpdateItem's expressions with their shared placeholders.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpdatePlan {
    /// `SET #u0 = :u0, … REMOVE #u2`.
    pub update: String,
    pub condition: String,
    pub names: Vec<(String, String)>,
    pub values: Vec<(String, AttrValue)>,
    /// The attributes the update writes or removes (the version attribute included), so the
    /// grid and the history apply exactly these.
    pub touched: Vec<String>,
}

/// Why a save cannot be planned; said at the editor, nothing is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanError(pub String);

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The next value of a version attribute, or why it cannot be bumped. `None` when absent
/// (the first save writes 1).
pub fn next_version(name: &str, current: Option<&AttrValue>) -> Result<AttrValue, PlanError> {
    let Some(current) = current else {
        return Ok(AttrValue::N("1".into()));
    };
    let AttrValue::N(text) = current else {
        return Err(PlanError(format!(
            "The version attribute {name:?} holds a {}, not a number: pick another version \
             attribute for this table, or none",
            current.attr_type().tag()
        )));
    };
    let whole = Decimal::parse(text)
        .ok()
        .filter(|_| !text.contains(['.', 'e', 'E']))
        .and_then(|_| text.trim().parse::<i128>().ok());
    let Some(whole) = whole else {
        return Err(PlanError(format!(
            "The version attribute {name:?} holds {text}, not a whole number: pick another \
             version attribute for this table, or none"
        )));
    };
    let next = whole
        .checked_add(1)
        .map(|n| n.to_string())
        .filter(|n| n.trim_start_matches('-').len() <= MAX_DIGITS);
    match next {
        Some(next) => Ok(AttrValue::N(next.into())),
        None => Err(PlanError(format!(
            "The version attribute {name:?} holds {text}; one more would not fit in \
             DynamoDB's {MAX_DIGITS} digits"
        ))),
    }
}

/// The update that turns `loaded` into `edited` on an item with the same key.
///
/// The condition requires the item to exist (an update never re-creates an item someone
/// deleted) and every touched attribute to be what the user saw: equal to its loaded value, or
/// absent where the user added it. With a version attribute, that attribute must also be what
/// was loaded, and the update bumps it; when the loaded copy lacks it (a projection), it is
/// bumped in place without a check, since the user never saw it.
pub fn update_plan(
    loaded: &Item,
    edited: &Item,
    key_schema: &[KeyAttribute],
    version_attribute: Option<&str>,
) -> Result<UpdatePlan, PlanError> {
    let is_key = |name: &str| key_schema.iter().any(|k| k.name == name);
    let changes: Vec<_> = diff(loaded, edited)
        .into_iter()
        .filter(|c| !is_key(&c.name))
        .collect();
    if let Some(version) = version_attribute
        && changes.iter().any(|c| c.name == version)
    {
        return Err(PlanError(format!(
            "{version:?} is this table's version attribute: every save bumps it, so it is not \
             edited by hand (undo that change, or pick no version attribute)"
        )));
    }
    let mut plan = UpdatePlan::default();
    let mut sets = Vec::new();
    let mut removes = Vec::new();
    let mut conditions = Vec::new();
    if let Some(partition) = key_schema.iter().find(|k| k.role == KeyRole::Partition) {
        plan.names.push(("#k".into(), partition.name.clone()));
        conditions.push("attribute_exists(#k)".to_owned());
    }
    for (i, change) in changes.iter().enumerate() {
        let name = format!("#u{i}");
        plan.names.push((name.clone(), change.name.clone()));
        plan.touched.push(change.name.clone());
        match (&change.kind, &change.after) {
            (ChangeKind::Added | ChangeKind::Changed, Some(after)) => {
                let value = format!(":u{i}");
                sets.push(format!("{name} = {value}"));
                plan.values.push((value, after.clone()));
            }
            (ChangeKind::Removed, _) | (_, None) => removes.push(name.clone()),
        }
        match &change.before {
            Some(before) => {
                let value = format!(":c{i}");
                conditions.push(format!("{name} = {value}"));
                plan.values.push((value, before.clone()));
            }
            None => conditions.push(format!("attribute_not_exists({name})")),
        }
    }
    if let Some(version) = version_attribute {
        plan.names.push(("#v".into(), version.to_owned()));
        plan.touched.push(version.to_owned());
        match loaded.get(version) {
            Some(current) => {
                let next = next_version(version, Some(current))?;
                sets.push("#v = :vnext".to_owned());
                plan.values.push((":vnext".into(), next));
                conditions.push("#v = :vwas".to_owned());
                plan.values.push((":vwas".into(), current.clone()));
            }
            None => {
                sets.push("#v = if_not_exists(#v, :vzero) + :vone".to_owned());
                plan.values
                    .push((":vzero".into(), AttrValue::N("0".into())));
                plan.values.push((":vone".into(), AttrValue::N("1".into())));
            }
        }
    }
    let mut update = Vec::new();
    if !sets.is_empty() {
        update.push(format!("SET {}", sets.join(", ")));
    }
    if !removes.is_empty() {
        update.push(format!("REMOVE {}", removes.join(", ")));
    }
    plan.update = update.join(" ");
    plan.condition = conditions.join(" AND ");
    Ok(plan)
}

/// `stored` with the change from `loaded` to `edited` applied: what an update or a move leaves.
pub fn apply_changes(stored: &Item, loaded: &Item, edited: &Item) -> Item {
    let mut result = stored.clone();
    for change in diff(loaded, edited) {
        match change.after {
            Some(value) => result.insert(change.name, value),
            None => result.remove(&change.name),
        };
    }
    result
}

/// "The stored item is exactly `item`" as far as a condition can say: each attribute equal.
/// (A condition cannot say "no other attribute", so callers that must know read first.)
pub fn equals_condition(item: &Item, prefix: &str) -> Condition {
    let mut condition = Condition::default();
    let mut parts = Vec::new();
    for (i, (name, value)) in item.iter().enumerate() {
        let name_placeholder = format!("#{prefix}{i}");
        let value_placeholder = format!(":{prefix}{i}");
        parts.push(format!("{name_placeholder} = {value_placeholder}"));
        condition.names.push((name_placeholder, name.clone()));
        condition.values.push((value_placeholder, value.clone()));
    }
    condition.expression = parts.join(" AND ");
    condition
}

/// A delete's condition: the item exists and every attribute loaded is unchanged (so a delete
/// never removes an item someone changed after it was loaded).
pub fn delete_condition(item: &Item, key_schema: &[KeyAttribute]) -> Condition {
    let mut condition = equals_condition(item, "o");
    if let Some(partition) = key_schema.iter().find(|k| k.role == KeyRole::Partition) {
        condition.names.push(("#k".into(), partition.name.clone()));
        condition.expression = if condition.expression.is_empty() {
            "attribute_exists(#k)".to_owned()
        } else {
            format!("attribute_exists(#k) AND {}", condition.expression)
        };
    }
    condition
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::dynamodb::model::item_edit::tests::{item, keys};

    fn n(text: &str) -> AttrValue {
        AttrValue::N(text.into())
    }

    #[test]
    fn an_edit_sets_and_removes_only_what_changed_conditioned_on_what_was_seen() {
        let loaded = item(&[
            ("pk", AttrValue::s("a")),
            ("sk", n("1")),
            ("flag", AttrValue::Bool(false)),
            ("gone", AttrValue::s("x")),
            ("same", AttrValue::s("kept")),
        ]);
        let mut edited = loaded.clone();
        edited.insert("flag".into(), AttrValue::Bool(true));
        edited.remove("gone");
        edited.insert("new".into(), n("1.50"));
        let plan = update_plan(&loaded, &edited, &keys(), None).expect("plan");
        // diff sorts by name: flag, gone, new.
        assert_eq!(plan.update, "SET #u0 = :u0, #u2 = :u2 REMOVE #u1");
        assert_eq!(
            plan.condition,
            "attribute_exists(#k) AND #u0 = :c0 AND #u1 = :c1 AND attribute_not_exists(#u2)"
        );
        assert_eq!(plan.touched, ["flag", "gone", "new"]);
        assert!(
            !plan.names.iter().any(|(_, name)| name == "same"),
            "an untouched attribute is neither written nor checked"
        );
        assert!(plan.values.contains(&(":u2".into(), n("1.50"))));
        assert!(plan.values.contains(&(":c1".into(), AttrValue::s("x"))));
    }

    #[test]
    fn a_version_attribute_is_checked_and_bumped_exactly() {
        let loaded = item(&[
            ("pk", AttrValue::s("a")),
            ("sk", n("1")),
            ("v", n("99999999999999999999999999999999999998")),
            ("x", n("1")),
        ]);
        let mut edited = loaded.clone();
        edited.insert("x".into(), n("2"));
        let plan = update_plan(&loaded, &edited, &keys(), Some("v")).expect("plan");
        assert_eq!(plan.update, "SET #u0 = :u0, #v = :vnext");
        assert!(plan.condition.ends_with("#v = :vwas"));
        assert!(
            plan.values
                .contains(&(":vnext".into(), n("99999999999999999999999999999999999999")))
        );
        // One more would need 39 digits.
        let at_limit = item(&[("v", n("99999999999999999999999999999999999999"))]);
        let mut edited = at_limit.clone();
        edited.insert("x".into(), n("1"));
        let error = update_plan(&at_limit, &edited, &keys(), Some("v")).expect_err("too big");
        assert!(error.0.contains("38 digits"), "{error}");
        // Not whole, not a number: said, not guessed.
        for bad in [n("1.5"), n("1e3"), AttrValue::s("7")] {
            let loaded = item(&[("v", bad.clone())]);
            let error = update_plan(&loaded, &item(&[("v", bad)]), &keys(), Some("v"))
                .expect_err("refused");
            assert!(error.0.contains("version attribute"), "{error}");
        }
        // Edited by hand: refused.
        let hand = item(&[("v", n("5")), ("x", n("1"))]);
        assert!(update_plan(&loaded, &hand, &keys(), Some("v")).is_err());
        // Not loaded (a projection): bumped in place, not checked.
        let projected = item(&[("pk", AttrValue::s("a")), ("x", n("1"))]);
        let mut edited = projected.clone();
        edited.insert("x".into(), n("3"));
        let plan = update_plan(&projected, &edited, &keys(), Some("v")).expect("plan");
        assert!(
            plan.update
                .contains("#v = if_not_exists(#v, :vzero) + :vone")
        );
        assert!(!plan.condition.contains("#v"));
        assert_eq!(next_version("v", None), Ok(n("1")));
        assert_eq!(next_version("v", Some(&n("-1"))), Ok(n("0")));
    }

    #[test]
    fn key_attributes_are_never_in_an_update() {
        let loaded = item(&[("pk", AttrValue::s("a")), ("sk", n("1"))]);
        let edited = item(&[("pk", AttrValue::s("a")), ("sk", n("1.0"))]);
        let plan = update_plan(&loaded, &edited, &keys(), None).expect("plan");
        assert_eq!(plan.update, "");
        assert_eq!(plan.condition, "attribute_exists(#k)");
    }

    #[test]
    fn changes_apply_onto_the_full_stored_item() {
        let stored = item(&[
            ("pk", AttrValue::s("a")),
            ("unseen", AttrValue::s("keep me")),
            ("flag", AttrValue::Bool(false)),
            ("old", n("1")),
        ]);
        let loaded = item(&[
            ("pk", AttrValue::s("a")),
            ("flag", AttrValue::Bool(false)),
            ("old", n("1")),
        ]);
        let edited = item(&[("pk", AttrValue::s("b")), ("flag", AttrValue::Bool(true))]);
        let result = apply_changes(&stored, &loaded, &edited);
        assert_eq!(
            result,
            item(&[
                ("pk", AttrValue::s("b")),
                ("unseen", AttrValue::s("keep me")),
                ("flag", AttrValue::Bool(true)),
            ])
        );
        let condition = equals_condition(&loaded, "o");
        assert_eq!(
            condition.expression,
            "#o0 = :o0 AND #o1 = :o1 AND #o2 = :o2"
        );
    }
}
