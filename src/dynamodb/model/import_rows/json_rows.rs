//! Reading JSON import files, either one item per line or one JSON array, each item with its
//! line.

use crate::dynamodb::model::attribute::AttrValue;
use crate::dynamodb::model::attribute_json::JsonError;
use crate::dynamodb::model::attribute_json::parse_dynamodb_item;
use crate::dynamodb::model::import_rows::ParsedRow;
use crate::dynamodb::model::item_edit::Item;

fn to_item(entries: Vec<(Box<str>, AttrValue)>) -> Item {
    entries
        .into_iter()
        .map(|(k, v)| (k.into_string(), v))
        .collect()
}

/// A JSON error without serde's own "at line 1 column N", which would contradict our line.
fn json_message(error: &JsonError, line_offset: usize) -> String {
    match error.line_column {
        Some((line, column)) => {
            let message = error
                .message
                .strip_suffix(&format!(" at line {line} column {column}"))
                .unwrap_or(&error.message);
            if line_offset == 0 && line == 1 {
                format!("malformed JSON at column {column}: {message}")
            } else {
                format!(
                    "malformed JSON at line {}, column {column}: {message}",
                    line_offset + line
                )
            }
        }
        None => error.to_string(),
    }
}

pub(super) fn json_lines_rows(text: &str) -> Vec<ParsedRow> {
    text.split('\n')
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let item = parse_dynamodb_item(line)
                .map(to_item)
                .map_err(|e| json_message(&e, 0));
            (index + 1, item)
        })
        .collect()
}

/// Whitespace as JSON defines it (RFC 8259): space, tab, line feed, carriage return.
pub(super) fn is_json_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Counts lines up to a byte offset, moving forward only, so a whole file costs one pass.
struct LineCounter<'a> {
    bytes: &'a [u8],
    counted_to: usize,
    line: usize,
}

impl LineCounter<'_> {
    fn line_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.bytes.len());
        if offset > self.counted_to {
            self.line += self.bytes[self.counted_to..offset]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.counted_to = offset;
        }
        self.line
    }
}

/// A JSON array of items, each parsed on its own so one wrong item does not hide the others.
/// A syntax error in the array itself ends the reading there: nothing after it can be trusted.
pub(super) fn json_array_rows(text: &str) -> Vec<ParsedRow> {
    let bytes = text.as_bytes();
    let mut lines = LineCounter {
        bytes,
        counted_to: 0,
        line: 1,
    };
    let skip_space = |mut at: usize| {
        while bytes.get(at).is_some_and(|b| is_json_space(char::from(*b))) {
            at += 1;
        }
        at
    };
    let mut rows = Vec::new();
    let mut at = skip_space(0);
    if bytes.get(at) != Some(&b'[') {
        rows.push((lines.line_at(at), Err("expected a JSON array".to_owned())));
        return rows;
    }
    // Just past the opening bracket. Every offset below moves over whole ASCII bytes or
    // whole JSON values, so it stays on a character boundary; `get` makes sure of it.
    at += 1;
    let mut first = true;
    loop {
        at = skip_space(at);
        match bytes.get(at) {
            Some(b']') => {
                let end = skip_space(at + 1);
                if end < bytes.len() {
                    let line = lines.line_at(end);
                    rows.push((line, Err("unexpected text after the array".to_owned())));
                }
                return rows;
            }
            None => {
                let line = lines.line_at(at);
                rows.push((line, Err("the array is not closed with ]".to_owned())));
                return rows;
            }
            Some(b',') if !first => at = skip_space(at + 1),
            Some(_) if !first => {
                let line = lines.line_at(at);
                rows.push((line, Err("expected , or ] between items".to_owned())));
                return rows;
            }
            Some(_) => {}
        }
        first = false;
        let start = at;
        let line = lines.line_at(start);
        let Some(rest) = text.get(start..) else {
            rows.push((line, Err("malformed text inside a character".to_owned())));
            return rows;
        };
        let mut stream =
            serde_json::Deserializer::from_str(rest).into_iter::<serde::de::IgnoredAny>();
        match stream.next() {
            Some(Ok(_)) => {
                at = start + stream.byte_offset();
                let element = text.get(start..at).unwrap_or_default();
                let item = parse_dynamodb_item(element)
                    .map(to_item)
                    .map_err(|e| json_message(&e, line - 1));
                rows.push((line, item));
            }
            Some(Err(error)) => {
                let error_line = line + error.line().saturating_sub(1);
                let message = error.to_string();
                let suffix = format!(" at line {} column {}", error.line(), error.column());
                let message = message.strip_suffix(&suffix).unwrap_or(&message);
                rows.push((
                    error_line,
                    Err(format!(
                        "malformed JSON at column {}: {message}",
                        error.column()
                    )),
                ));
                return rows;
            }
            None => {
                rows.push((line, Err("the array is not closed with ]".to_owned())));
                return rows;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dynamodb::model::attribute::AttrValue;
    use crate::dynamodb::model::export_format::ExportFormat;
    use crate::dynamodb::model::import_rows::plan::tests::{error_lines, keys, message_at};
    use crate::dynamodb::model::import_rows::{ImportPlan, parse_import};

    #[test]
    fn json_lines_skip_blanks_and_name_each_wrong_line() {
        let text = "\u{feff}{\"pk\": {\"S\": \"a\"}, \"sk\": {\"N\": \"1\"}}\r\n\
                    \r\n\
                    {\"pk\": {\"S\": \"b\"}, \"sk\": {\"N\": \"1\"}, oops}\n\
                    {\"pk\": {\"S\": \"c\"}, \"sk\": {\"Q\": \"1\"}}\n\
                    {\"pk\": {\"S\": \"d\"}}\n\
                    {\"pk\": {\"N\": \"1\"}, \"sk\": {\"N\": \"1\"}}\n\
                    {\"pk\": {\"S\": \"a\"}, \"sk\": {\"N\": \"1.0\"}}\n\
                    [1]\n\
                    {\"pk\": {\"S\": \"☂ zoë\"}, \"sk\": {\"N\": \"2\"}}\n";
        let plan = parse_import(text, ExportFormat::JsonLines, &keys());
        assert_eq!(error_lines(&plan), [3, 4, 5, 6, 7, 8], "{plan:?}");
        assert!(
            message_at(&plan, 3).starts_with("malformed JSON at column 38: key must be a string"),
            "{}",
            message_at(&plan, 3)
        );
        assert!(message_at(&plan, 4).contains("unknown type tag \"Q\""));
        assert!(message_at(&plan, 5).contains("sort key \"sk\" is missing"));
        assert!(message_at(&plan, 6).contains("must be of type S"));
        assert_eq!(
            message_at(&plan, 7),
            "duplicate key: line 1 has the same key"
        );
        let lines: Vec<usize> = plan.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 9]);
        assert_eq!(plan.rows[1].item["pk"], AttrValue::s("☂ zoë"));
        assert!(!plan.is_ready());
        assert!(
            plan.summary(2)
                .starts_with("6 rows are wrong, nothing will be written: line 3: malformed"),
            "{}",
            plan.summary(2)
        );
        assert!(plan.summary(2).ends_with("; and 4 more"));
    }

    #[test]
    fn json_arrays_are_read_item_by_item_with_lines() {
        let text = "[\n{\"pk\": {\"S\": \"a\"}, \"sk\": {\"N\": \"1\"}},\n\
                    {\"pk\": {\"S\": \"b\"}, \"sk\": {\"N\": \"x\"}},\n\
                    {\"pk\": {\"S\": \"c\"}, \"sk\": {\"N\": \"3\"}}\n]\n";
        let plan = parse_import(text, ExportFormat::Json, &keys());
        assert_eq!(error_lines(&plan), [3]);
        assert!(message_at(&plan, 3).contains("\"x\" is not a number"));
        assert_eq!(plan.rows.len(), 2);
        assert_eq!(plan.rows[1].line, 4);

        let broken = "[\n{\"pk\": {\"S\": \"a\"}, \"sk\": {\"N\": \"1\"}}\n{\"pk\": 1}\n]";
        let plan = parse_import(broken, ExportFormat::Json, &keys());
        assert_eq!(error_lines(&plan), [3]);
        assert!(message_at(&plan, 3).contains("expected , or ]"));

        let syntax = "[\n{\"pk\": {\"S\": \"a\"},\n \"sk\": }\n]";
        let plan = parse_import(syntax, ExportFormat::Json, &keys());
        assert_eq!(error_lines(&plan), [3], "{plan:?}");

        for bad in ["[", "[{}", "[] x", "[,]"] {
            let plan = parse_import(bad, ExportFormat::Json, &keys());
            assert!(!plan.errors.is_empty(), "{bad}");
        }
        assert_eq!(
            parse_import("  [ ]  ", ExportFormat::Json, &keys()),
            ImportPlan::default()
        );
        // An array file chosen as JSON Lines is still read as an array.
        assert_eq!(
            parse_import(text, ExportFormat::JsonLines, &keys())
                .rows
                .len(),
            2
        );
    }

    #[test]
    fn non_ascii_space_before_the_first_brace_is_an_error_not_a_panic() {
        let item = r#"{"pk": {"S": "a"}, "sk": {"N": "1"}}"#;
        for space in [
            "\u{a0}",
            "\u{3000}",
            "\u{2028}",
            "\u{feff}\u{a0}",
            " \u{3000}\t",
        ] {
            for shape in [
                format!("{space}{item}"),
                format!("{space}[{item}]"),
                format!("[{space}{item}]"),
                format!("[{item},{space}{item}]"),
                format!("[{item}{space}]"),
                format!("[{item}]{space}"),
                format!("{item}\n{space}{item}"),
            ] {
                for keys in [keys(), Vec::new()] {
                    // CSV reads the line as a header; it only must not panic.
                    let _ = parse_import(&shape, ExportFormat::Csv, &keys);
                    for format in [ExportFormat::Json, ExportFormat::JsonLines] {
                        let plan = parse_import(&shape, format, &keys);
                        assert!(
                            !plan.rows.is_empty() || !plan.errors.is_empty(),
                            "{shape:?} gives neither rows nor errors"
                        );
                    }
                }
            }
        }
        // A multi-byte character anywhere in any format never panics a reader.
        let samples = [
            format!("[{item},\n{item}]"),
            format!("{item}\r\n{item}"),
            "pk,sk (N),s (SS)\r\na,1,\"[\"\"x\"\"]\"\n".to_owned(),
        ];
        for sample in &samples {
            for (at, _) in sample.char_indices() {
                for wide in ["\u{a0}", "\u{3000}", "é", "\u{feff}", "☂"] {
                    let mut text = sample.clone();
                    text.insert_str(at, wide);
                    for format in ExportFormat::ALL {
                        let _ = parse_import(&text, format, &keys());
                    }
                }
            }
        }
        let plan = parse_import(&format!("\u{a0}[{item}]"), ExportFormat::Json, &keys());
        assert_eq!(error_lines(&plan), [1]);
        assert!(message_at(&plan, 1).contains("malformed JSON"), "{plan:?}");
    }
}
