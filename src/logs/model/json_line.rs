//! Structured log lines: a message that is a JSON object shows as its fields, and pretty on
//! expand.

/// Lines longer than this are shown as text: CloudWatch caps events at 256 KB anyway.
const MAX_JSON_BYTES: usize = 256 * 1024;

/// A JSON log line's top-level fields (values compact, strings unquoted) and its pretty text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonLine {
    pub fields: Vec<(String, String)>,
    pub pretty: String,
}

/// The message as a JSON object, when it is one (and nothing else: arrays, numbers and text
/// around an object are plain lines).
pub fn parse_json_line(message: &str) -> Option<JsonLine> {
    let text = message.trim();
    if !text.starts_with('{') || text.len() > MAX_JSON_BYTES {
        return None;
    }
    // Raw values, so a number shows as logged, never rounded through an f64.
    let object: std::collections::BTreeMap<String, Box<serde_json::value::RawValue>> =
        serde_json::from_str(text).ok()?;
    let fields = object
        .iter()
        .map(|(key, value)| {
            let raw = value.get();
            let shown = match serde_json::from_str::<String>(raw) {
                Ok(s) => s,
                Err(_) => raw.to_owned(),
            };
            (key.clone(), shown)
        })
        .collect();
    let pretty = crate::shared::model::json_text::reindent(text).unwrap_or_else(|| text.to_owned());
    Some(JsonLine { fields, pretty })
}

/// A string field of a JSON line, at the top level or inside `record` (Lambda's platform
/// events put the request id there).
pub fn json_text_field(message: &str, names: &[&str]) -> Option<String> {
    let text = message.trim();
    if !text.starts_with('{') || text.len() > MAX_JSON_BYTES {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let object = value.as_object()?;
    let nested = object.get("record").and_then(|r| r.as_object());
    names.iter().find_map(|name| {
        object
            .get(*name)
            .or_else(|| nested.and_then(|r| r.get(*name)))
            .and_then(|v| v.as_str())
            .map(ToOwned::to_owned)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_show_as_fields() {
        let line = parse_json_line(
            r#" {"level":"ERROR","message":"boom","requestId":"r1","n":1.5,"nested":{"a":[1,2]}} "#,
        )
        .expect("a JSON line");
        assert!(
            line.fields
                .contains(&("level".to_owned(), "ERROR".to_owned()))
        );
        assert!(line.fields.contains(&("n".to_owned(), "1.5".to_owned())));
        assert!(
            line.fields
                .contains(&("nested".to_owned(), r#"{"a":[1,2]}"#.to_owned()))
        );
        assert!(line.pretty.contains("\n  \"level\": \"ERROR\""));
        // A number is shown as logged, not through an f64.
        let big = parse_json_line(r#"{"amount":12345678901234567890123456789012345678}"#)
            .expect("a JSON line");
        let digits = "12345678901234567890123456789012345678".to_owned();
        assert_eq!(big.fields, vec![("amount".to_owned(), digits.clone())]);
        assert!(big.pretty.contains(&digits), "{}", big.pretty);
    }

    #[test]
    fn lines_that_are_not_objects_stay_text() {
        for text in [
            "",
            "{",
            "{}}",
            "[1,2]",
            "42",
            "\"{}\"",
            "[INFO]\t2024-05-01T10:00:00Z\tr1\t{\"a\":1}",
            "{\"a\":1} trailing",
            "{\"a\":\u{0}}",
            "{'single': 'quotes'}",
        ] {
            assert!(parse_json_line(text).is_none(), "{text:?}");
        }
        assert!(parse_json_line(&format!("{{\"a\":\"{}\"}}", "x".repeat(300_000))).is_none());
        let deep = format!("{}{}", "{\"a\":".repeat(200), "}".repeat(200));
        assert!(
            parse_json_line(&deep).is_none(),
            "too deep for serde_json, not a panic"
        );
        assert!(parse_json_line("{}").is_some_and(|l| l.fields.is_empty()));
    }

    #[test]
    fn request_ids_are_found_at_the_top_or_in_the_record() {
        let names = ["requestId", "AWSRequestId"];
        assert_eq!(
            json_text_field(r#"{"requestId":"r1"}"#, &names).as_deref(),
            Some("r1")
        );
        assert_eq!(
            json_text_field(
                r#"{"type":"platform.start","record":{"requestId":"r2"}}"#,
                &names
            )
            .as_deref(),
            Some("r2")
        );
        assert_eq!(json_text_field(r#"{"requestId":7}"#, &names), None);
        assert_eq!(json_text_field("requestId r1", &names), None);
    }
}
