//! How a value reads in a grid cell: exact, compact, abbreviated only where it must be.

use std::borrow::Cow;

use crate::dynamodb::model::attribute::AttrValue;

use crate::dynamodb::model::attribute::base64_encode;
use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::attribute_json::value_to_json;

/// Longest cell text before it is cut with an ellipsis; the full value is on hover and in the
/// item pane. Numbers are never cut (38 digits fit).
pub const MAX_CELL_CHARS: usize = 120;
/// Binary shows this many base64 characters in a cell.
const BINARY_PREVIEW_CHARS: usize = 24;

/// The text of a cell. Numbers come back exactly as stored.
pub fn cell_text(value: &AttrValue) -> Cow<'_, str> {
    match value {
        AttrValue::S(s) => abbreviate(s),
        AttrValue::N(n) => Cow::Borrowed(n),
        AttrValue::B(b) => {
            let full = base64_encode(b);
            if full.len() > BINARY_PREVIEW_CHARS {
                Cow::Owned(format!("{}…", &full[..BINARY_PREVIEW_CHARS]))
            } else {
                Cow::Owned(full)
            }
        }
        AttrValue::Bool(true) => Cow::Borrowed("true"),
        AttrValue::Bool(false) => Cow::Borrowed("false"),
        AttrValue::Null => Cow::Borrowed("null"),
        other => match abbreviate(&value_to_json(other, JsonStyle::Plain, false)) {
            Cow::Borrowed(s) => Cow::Owned(s.to_owned()),
            Cow::Owned(s) => Cow::Owned(s),
        },
    }
}

/// The full value for a hover: its type and every character.
pub fn cell_hover_text(value: &AttrValue) -> String {
    let full = match value {
        AttrValue::S(s) => s.to_string(),
        AttrValue::B(b) => base64_encode(b),
        other => value_to_json(other, JsonStyle::Plain, true),
    };
    format!(
        "{} ({})\n{full}",
        value.attr_type().description(),
        value.attr_type().tag()
    )
}

fn abbreviate(text: &str) -> Cow<'_, str> {
    let first_line = text.lines().next().unwrap_or_default();
    match text.char_indices().nth(MAX_CELL_CHARS) {
        None if first_line.len() == text.len() => Cow::Borrowed(text),
        None => Cow::Owned(format!("{first_line}…")),
        Some((cut, _)) => {
            let cut = cut.min(first_line.len());
            Cow::Owned(format!("{}…", &text[..cut]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_exact_and_long_text_is_cut() {
        let big = AttrValue::N("12345678901234567890123456789012345678".into());
        assert_eq!(cell_text(&big), "12345678901234567890123456789012345678");
        let long = AttrValue::s("ü".repeat(500));
        let text = cell_text(&long);
        assert_eq!(text.chars().count(), MAX_CELL_CHARS + 1);
        assert!(text.ends_with('…'));
        assert_eq!(cell_text(&AttrValue::s("a\nb")), "a…");
        assert_eq!(cell_text(&AttrValue::s("")), "");
    }

    #[test]
    fn binary_is_abbreviated_but_complete_on_hover() {
        let bytes: Vec<u8> = (0..=255).collect();
        let value = AttrValue::B(bytes.clone().into());
        assert!(cell_text(&value).ends_with('…'));
        assert!(cell_hover_text(&value).contains(&base64_encode(&bytes)));
        assert!(cell_hover_text(&value).starts_with("Binary (B)"));
    }

    #[test]
    fn collections_are_compact_json() {
        let value = AttrValue::Ns(vec!["1".into(), "2.50".into()].into());
        assert_eq!(cell_text(&value), "[1, 2.50]");
        let map = AttrValue::map(vec![("k".into(), AttrValue::Null)]);
        assert_eq!(cell_text(&map), r#"{"k": null}"#);
    }
}
