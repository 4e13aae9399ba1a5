//! One DynamoDB value as one CSV cell, and back, under a typed header `name (T)` as the AWS
//! console writes it. The header carries the type, so a cell holds only the value: `S` raw,
//! `N` its digits, `B` base64, `BOOL` true/false, `NULL` true, sets a JSON array of strings,
//! lists and maps their DynamoDB JSON (`[{"S": "a"}]`, `{"k": {"N": "1"}}`).

use crate::dynamodb::model::attribute::AttrType;

use crate::dynamodb::model::attribute::AttrValue;

use crate::dynamodb::model::attribute::base64_decode;

use crate::dynamodb::model::attribute::base64_encode;

use crate::dynamodb::model::attribute::validate_number;
use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::attribute_json::item_to_json;
use crate::dynamodb::model::attribute_json::parse_dynamodb_value;
use crate::dynamodb::model::attribute_json::value_to_json;

/// The header cell of a column: `name (T)`.
pub fn header_cell(name: &str, attr_type: AttrType) -> String {
    format!("{name} ({})", attr_type.tag())
}

/// Splits a header cell into name and type. `None` type means the header had no ` (T)`;
/// an unknown tag is an error rather than part of the name, so typos do not pass silently.
pub fn parse_header_cell(cell: &str) -> Result<(String, Option<AttrType>), String> {
    let typed = cell
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once(" ("));
    let Some((name, tag)) = typed else {
        return Ok((cell.to_owned(), None));
    };
    let tag = tag.trim();
    match AttrType::from_tag(&tag.to_ascii_uppercase()) {
        Some(attr_type) if !name.is_empty() => Ok((name.to_owned(), Some(attr_type))),
        Some(_) => Err(format!("header {cell:?} has no attribute name")),
        None => Err(format!(
            "header {cell:?}: unknown type tag {tag:?} (expected S, N, B, BOOL, NULL, L, M, SS, \
             NS or BS)"
        )),
    }
}

/// A value's cell text.
pub fn cell_text(value: &AttrValue) -> String {
    let json_strings = |items: &mut dyn Iterator<Item = String>| {
        serde_json::to_string(&items.collect::<Vec<_>>()).unwrap_or_default()
    };
    match value {
        AttrValue::S(s) | AttrValue::N(s) => s.to_string(),
        AttrValue::B(b) => base64_encode(b),
        AttrValue::Bool(b) => b.to_string(),
        AttrValue::Null => "true".to_owned(),
        AttrValue::Ss(items) | AttrValue::Ns(items) => {
            json_strings(&mut items.iter().map(ToString::to_string))
        }
        AttrValue::Bs(items) => json_strings(&mut items.iter().map(|b| base64_encode(b))),
        AttrValue::L(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|v| value_to_json(v, JsonStyle::DynamoDb, false))
                .collect();
            format!("[{}]", parts.join(", "))
        }
        AttrValue::M(entries) => item_to_json(
            entries.iter().map(|(k, v)| (&**k, v)),
            JsonStyle::DynamoDb,
            false,
        ),
    }
}

/// Reads a non-empty cell as a value of the column's type.
pub fn parse_cell(text: &str, attr_type: AttrType) -> Result<AttrValue, String> {
    let word = |expected: &str| {
        let trimmed = text.trim();
        match trimmed.to_ascii_lowercase().as_str() {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(format!("{trimmed:?} is not {expected}")),
        }
    };
    match attr_type {
        AttrType::S => Ok(AttrValue::s(text)),
        AttrType::N => {
            validate_number(text)?;
            Ok(AttrValue::N(text.trim().into()))
        }
        AttrType::B => Ok(AttrValue::B(base64_decode(text)?.into_boxed_slice())),
        AttrType::Bool => Ok(AttrValue::Bool(word("true or false")?)),
        AttrType::Null => match word("true (NULL cells hold true)")? {
            true => Ok(AttrValue::Null),
            false => Err("a NULL cell holds true (leave it empty when absent)".to_owned()),
        },
        AttrType::L | AttrType::M | AttrType::Ss | AttrType::Ns | AttrType::Bs => {
            // Parsed once as JSON, then checked as the DynamoDB JSON value `{"T": cell}`.
            let inner: serde_json::Value = serde_json::from_str(text)
                .map_err(|e| format!("not valid JSON (column {}): {e}", e.column()))?;
            let mut wrapped = serde_json::Map::new();
            wrapped.insert(attr_type.tag().to_owned(), inner);
            let typed = serde_json::Value::Object(wrapped).to_string();
            parse_dynamodb_value(&typed).map_err(|e| e.message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_type() -> Vec<AttrValue> {
        vec![
            AttrValue::s("zoë, \"quoted\"\nline ☂"),
            AttrValue::N("-12345678901234567890123456789012345678".into()),
            AttrValue::B(vec![0xFF, 0x00, 0xC3, 0x28].into()),
            AttrValue::Bool(false),
            AttrValue::Null,
            AttrValue::L(vec![AttrValue::s("a"), AttrValue::N("1.5".into())].into()),
            AttrValue::map(vec![
                ("k".into(), AttrValue::L(vec![AttrValue::Null].into())),
                ("é".into(), AttrValue::Bool(true)),
            ]),
            AttrValue::Ss(vec!["b".into(), "a\"".into()].into()),
            AttrValue::Ns(vec!["1".into(), "99999999999999999999999999999999999999".into()].into()),
            AttrValue::Bs(vec![vec![0x80u8].into(), vec![0u8, 1].into()].into()),
        ]
    }

    #[test]
    fn every_type_round_trips_through_its_cell() {
        for value in every_type() {
            let text = cell_text(&value);
            assert_eq!(
                parse_cell(&text, value.attr_type()),
                Ok(value.clone()),
                "{text}"
            );
        }
    }

    #[test]
    fn cells_read_as_the_console_writes_them() {
        assert_eq!(cell_text(&AttrValue::B(vec![1, 2, 3].into())), "AQID");
        assert_eq!(cell_text(&AttrValue::Null), "true");
        assert_eq!(
            cell_text(&AttrValue::Ns(vec!["1".into(), "2".into()].into())),
            r#"["1","2"]"#
        );
        assert_eq!(
            cell_text(&AttrValue::L(vec![AttrValue::s("a")].into())),
            r#"[{"S": "a"}]"#
        );
        assert_eq!(
            cell_text(&AttrValue::map(vec![(
                "k".into(),
                AttrValue::N("1".into())
            )])),
            r#"{"k": {"N": "1"}}"#
        );
        assert_eq!(
            parse_cell("TRUE", AttrType::Bool),
            Ok(AttrValue::Bool(true))
        );
    }

    #[test]
    fn headers_carry_the_type() {
        assert_eq!(header_cell("price", AttrType::N), "price (N)");
        assert_eq!(
            parse_header_cell("price (N)"),
            Ok(("price".into(), Some(AttrType::N)))
        );
        assert_eq!(
            parse_header_cell("a (N) (BOOL)"),
            Ok(("a (N)".into(), Some(AttrType::Bool)))
        );
        assert_eq!(parse_header_cell("plain"), Ok(("plain".into(), None)));
        assert_eq!(
            parse_header_cell("x (ss)"),
            Ok(("x".into(), Some(AttrType::Ss)))
        );
        assert!(parse_header_cell("price (USD)").is_err());
        assert!(parse_header_cell(" (S)").is_err());
    }

    #[test]
    fn wrong_cells_say_why() {
        let too_many_digits = "1".repeat(39);
        let cases = [
            ("abc", AttrType::N, "\"abc\" is not a number"),
            (too_many_digits.as_str(), AttrType::N, "significant digits"),
            ("%%", AttrType::B, "base64"),
            ("yes", AttrType::Bool, "not true or false"),
            ("false", AttrType::Null, "NULL"),
            ("[1,", AttrType::L, "not valid JSON"),
            ("[]", AttrType::Ss, "empty"),
            (r#"["a","a"]"#, AttrType::Ss, "once"),
            (r#"[1]"#, AttrType::Ns, "string"),
            (r#"{"a": 1}"#, AttrType::M, "typed value"),
            (r#"[{"Q": 1}]"#, AttrType::L, "unknown type tag"),
            (r#"{"a": {"S": "x"}}"#, AttrType::L, "array"),
        ];
        for (text, attr_type, words) in cases {
            let error = parse_cell(text, attr_type).expect_err(text);
            assert!(error.contains(words), "{text}: {error}");
        }
    }

    #[test]
    fn hostile_cells_are_refused_without_panicking() {
        let deep = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
        assert!(parse_cell(&deep, AttrType::L).is_err());
        assert!(parse_cell(&"9".repeat(100_000), AttrType::N).is_err());
        assert!(parse_cell("1e999999999", AttrType::N).is_err());
        assert!(parse_cell("\u{0}", AttrType::M).is_err());
    }
}
