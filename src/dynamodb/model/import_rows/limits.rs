//! What DynamoDB refuses beyond an item's own checks: key sizes, empty names, deep nesting.

use crate::dynamodb::model::attribute::AttrValue;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::table_details::KeyAttribute;
use crate::dynamodb::model::table_details::KeyRole;

/// The largest partition key value DynamoDB stores, in bytes (UTF-8 for strings).
pub const MAX_PARTITION_KEY_BYTES: usize = 2048;
/// The largest sort key value DynamoDB stores, in bytes.
pub const MAX_SORT_KEY_BYTES: usize = 1024;
/// Lists and maps an attribute may nest: DynamoDB allows 32 levels, the item being the first.
pub const MAX_NESTED_CONTAINERS: usize = 31;

/// What DynamoDB refuses beyond [`validate_item`](crate::dynamodb::model::item_edit::validate_item)'s checks, so an import stops before its
/// first write rather than failing half way: key value sizes, empty attribute names (at any
/// depth) and nesting deeper than 32 levels.
pub(super) fn check_service_limits(item: &Item, key_schema: &[KeyAttribute]) -> Result<(), String> {
    for key in key_schema {
        let (role, limit) = match key.role {
            KeyRole::Partition => ("partition key", MAX_PARTITION_KEY_BYTES),
            KeyRole::Sort => ("sort key", MAX_SORT_KEY_BYTES),
        };
        let size = match item.get(&key.name) {
            Some(AttrValue::S(s)) => s.len(),
            Some(AttrValue::B(b)) => b.len(),
            _ => 0,
        };
        if size > limit {
            return Err(format!(
                "the {role} {:?} is {size} bytes; DynamoDB allows at most {limit}",
                key.name
            ));
        }
    }
    for (name, value) in item {
        if name.is_empty() {
            return Err("an attribute name is empty".to_owned());
        }
        if has_empty_name(value) {
            return Err(format!(
                "attribute {name:?} holds a map with an empty attribute name"
            ));
        }
        if nesting_exceeds(value, MAX_NESTED_CONTAINERS) {
            return Err(format!(
                "attribute {name:?} nests lists and maps more than {MAX_NESTED_CONTAINERS} deep; \
                 DynamoDB allows 32 levels counting the item"
            ));
        }
    }
    Ok(())
}

/// Whether a map inside `value` (at any depth) has an empty key.
fn has_empty_name(value: &AttrValue) -> bool {
    any_child(value, |name, inner| {
        name == Some("") || has_empty_name(inner)
    })
    .unwrap_or(false)
}

/// Whether `value` holds more than `allowed` lists and maps one inside the other (the value
/// itself counting as the first). Stops descending once the answer is known.
fn nesting_exceeds(value: &AttrValue, allowed: usize) -> bool {
    // An empty list or map is a level too.
    any_child(value, |_, child| {
        allowed == 0 || nesting_exceeds(child, allowed - 1)
    })
    .is_some_and(|deeper| allowed == 0 || deeper)
}

/// Whether `test` holds for any value directly inside a list or map (with its name in a map),
/// or `None` when `value` holds no attributes (scalars and sets).
fn any_child(
    value: &AttrValue,
    mut test: impl FnMut(Option<&str>, &AttrValue) -> bool,
) -> Option<bool> {
    match value {
        AttrValue::L(items) => Some(items.iter().any(|item| test(None, item))),
        AttrValue::M(entries) => Some(entries.iter().any(|(name, inner)| test(Some(name), inner))),
        AttrValue::S(_)
        | AttrValue::N(_)
        | AttrValue::B(_)
        | AttrValue::Bool(_)
        | AttrValue::Null
        | AttrValue::Ss(_)
        | AttrValue::Ns(_)
        | AttrValue::Bs(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::model::export_format::ExportFormat;
    use crate::dynamodb::model::import_rows::parse_import;
    use crate::dynamodb::model::import_rows::plan::tests::{error_lines, keys, message_at};

    #[test]
    fn what_dynamodb_refuses_is_refused_before_any_write() {
        let row = |pk: &str, sk: &str, extra: &str| {
            format!(r#"{{"pk": {{"S": "{pk}"}}, "sk": {{"N": "{sk}"}}{extra}}}"#)
        };
        let nested = |containers: usize| {
            let mut value = r#"{"S": "x"}"#.to_owned();
            for _ in 0..containers {
                value = format!(r#"{{"L": [{value}]}}"#);
            }
            format!(r#", "deep": {value}"#)
        };
        let lines = [
            row(&"p".repeat(MAX_PARTITION_KEY_BYTES), "1", ""),
            row(&"p".repeat(MAX_PARTITION_KEY_BYTES + 1), "2", ""),
            row(
                &"é".repeat(MAX_PARTITION_KEY_BYTES / 2),
                "3",
                r#", "x": {"S": "é"}"#,
            ),
            row(
                &format!("{}é", "p".repeat(MAX_PARTITION_KEY_BYTES - 1)),
                "4",
                "",
            ),
            row("a", "5", r#", "": {"S": "x"}"#),
            row(
                "a",
                "6",
                r#", "m": {"M": {"ok": {"L": [{"M": {"": {"N": "1"}}}]}}}"#,
            ),
            row("a", "7", &nested(MAX_NESTED_CONTAINERS)),
            row("a", "8", &nested(MAX_NESTED_CONTAINERS + 1)),
            row("a", "9", r#", "e": {"L": [{"M": {}}]}"#),
        ];
        let plan = parse_import(&lines.join("\n"), ExportFormat::JsonLines, &keys());
        assert_eq!(error_lines(&plan), [2, 4, 5, 6, 8], "{plan:?}");
        assert!(message_at(&plan, 2).contains("partition key \"pk\" is 2049 bytes"));
        assert!(message_at(&plan, 4).contains("2049 bytes"), "{plan:?}");
        assert!(message_at(&plan, 5).contains("empty"));
        assert!(message_at(&plan, 6).contains("attribute \"m\""));
        assert!(message_at(&plan, 8).contains("32 levels"));

        let sort_keys = vec![KeyAttribute {
            name: "k".to_owned(),
            role: KeyRole::Sort,
            attribute_type: "B".to_owned(),
        }];
        let binary = |bytes: usize| {
            let b64 = crate::dynamodb::model::attribute::base64_encode(&vec![7u8; bytes]);
            format!(r#"{{"k": {{"B": "{b64}"}}}}"#)
        };
        let text = [binary(MAX_SORT_KEY_BYTES), binary(MAX_SORT_KEY_BYTES + 1)].join("\n");
        let plan = parse_import(&text, ExportFormat::JsonLines, &sort_keys);
        assert_eq!(error_lines(&plan), [2]);
        assert!(message_at(&plan, 2).contains("sort key \"k\" is 1025 bytes"));
        // CSV rows are held to the same limits.
        let big = "p".repeat(MAX_PARTITION_KEY_BYTES + 1);
        let plan = parse_import(
            &format!("pk,sk (N)\na,1\n{big},2\n"),
            ExportFormat::Csv,
            &keys(),
        );
        assert_eq!(error_lines(&plan), [3], "{plan:?}");
    }
}
