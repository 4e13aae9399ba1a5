//! Reading an import file into items, every row checked before anything is written: a file
//! with one wrong row is refused whole, with each wrong row named by its line.

use std::collections::HashMap;

use super::attribute::{AttrValue, Decimal};
use super::attribute_json::{JsonError, parse_dynamodb_item};
use super::csv_import::csv_rows;
use super::export_format::ExportFormat;
use super::item_edit::{Item, validate_item};
use super::table_details::KeyAttribute;

/// Why one row cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line of the file (CSV: where the record starts; the header is line 1).
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// One valid item and the line it came from, so a write that fails later can name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    pub line: usize,
    pub item: Item,
}

/// What an import would write, and every row that is wrong.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportPlan {
    pub rows: Vec<ImportRow>,
    pub errors: Vec<RowError>,
}

impl ImportPlan {
    /// Whether the import may run: no row is wrong (a partial import is never offered).
    pub fn is_ready(&self) -> bool {
        self.errors.is_empty()
    }

    /// One sentence for the dialog, listing at most `listed` wrong rows.
    pub fn summary(&self, listed: usize) -> String {
        if self.errors.is_empty() {
            return match self.rows.len() {
                1 => "1 item ready to import".to_owned(),
                n => format!("{n} items ready to import"),
            };
        }
        let head = match self.errors.len() {
            1 => "1 row is wrong, nothing will be written".to_owned(),
            n => format!("{n} rows are wrong, nothing will be written"),
        };
        let shown: Vec<String> = self
            .errors
            .iter()
            .take(listed)
            .map(ToString::to_string)
            .collect();
        let more = self.errors.len().saturating_sub(listed);
        let tail = if more > 0 {
            format!("; and {more} more")
        } else {
            String::new()
        };
        format!("{head}: {}{tail}", shown.join("; "))
    }
}

/// Parses and checks every row: each becomes an item or an error with its line.
pub fn parse_import(text: &str, format: ExportFormat, key_schema: &[KeyAttribute]) -> ImportPlan {
    let mut plan = ImportPlan::default();
    for row in parse_rows(text, format, key_schema) {
        match row {
            Ok(row) => plan.rows.push(row),
            Err(error) => plan.errors.push(error),
        }
    }
    plan
}

/// Every row in file order. JSON formats accept either one item per line or a JSON array,
/// whichever the file holds. A byte order mark and CRLF line ends are accepted.
pub fn parse_rows(
    text: &str,
    format: ExportFormat,
    key_schema: &[KeyAttribute],
) -> Vec<Result<ImportRow, RowError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parsed = match format {
        ExportFormat::Csv => csv_rows(text, key_schema),
        ExportFormat::Json | ExportFormat::JsonLines => {
            if text.trim_start().starts_with('[') {
                json_array_rows(text)
            } else {
                json_lines_rows(text)
            }
        }
    };
    let mut first_line_of_key: HashMap<Vec<KeyPart>, usize> = HashMap::new();
    parsed
        .into_iter()
        .map(|(line, item)| {
            let error = |message: String| RowError { line, message };
            let item = item.map_err(error)?;
            validate_item(&item, key_schema).map_err(|e| error(e.message))?;
            if !key_schema.is_empty() {
                let key = key_fingerprint(&item, key_schema);
                if let Some(first) = first_line_of_key.get(&key) {
                    return Err(error(format!(
                        "duplicate key: line {first} has the same key"
                    )));
                }
                first_line_of_key.insert(key, line);
            }
            Ok(ImportRow { line, item })
        })
        .collect()
}

/// One key attribute as DynamoDB compares it: numbers by value (`1` and `1.0` are one key).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum KeyPart {
    Text(String),
    Number(bool, Vec<u8>, i64),
    Bytes(Vec<u8>),
    Other(String),
}

fn key_fingerprint(item: &Item, key_schema: &[KeyAttribute]) -> Vec<KeyPart> {
    key_schema
        .iter()
        .map(|key| match item.get(&key.name) {
            Some(AttrValue::S(s)) => KeyPart::Text(s.to_string()),
            Some(AttrValue::N(n)) => match Decimal::parse(n) {
                Ok(d) => KeyPart::Number(d.negative, d.digits, d.exponent),
                Err(_) => KeyPart::Other(n.to_string()),
            },
            Some(AttrValue::B(b)) => KeyPart::Bytes(b.to_vec()),
            other => KeyPart::Other(format!("{other:?}")),
        })
        .collect()
}

/// A row's line and its item, or what is wrong with it (before key checks).
pub(super) type ParsedRow = (usize, Result<Item, String>);

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

fn json_lines_rows(text: &str) -> Vec<ParsedRow> {
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
fn json_array_rows(text: &str) -> Vec<ParsedRow> {
    let bytes = text.as_bytes();
    let mut lines = LineCounter {
        bytes,
        counted_to: 0,
        line: 1,
    };
    let skip_space = |mut at: usize| {
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        at
    };
    let mut rows = Vec::new();
    // Just past the opening bracket, which the caller saw.
    let mut at = skip_space(0) + 1;
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
        let mut stream =
            serde_json::Deserializer::from_str(&text[start..]).into_iter::<serde::de::IgnoredAny>();
        match stream.next() {
            Some(Ok(_)) => {
                at = start + stream.byte_offset();
                let item = parse_dynamodb_item(&text[start..at])
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
    use super::*;
    use crate::model::item_edit::MAX_ITEM_BYTES;

    fn keys() -> Vec<KeyAttribute> {
        crate::model::table_details::pk_sk_keys()
    }

    fn error_lines(plan: &ImportPlan) -> Vec<usize> {
        plan.errors.iter().map(|e| e.line).collect()
    }

    fn message_at(plan: &ImportPlan, line: usize) -> &str {
        plan.errors
            .iter()
            .find(|e| e.line == line)
            .map_or("", |e| e.message.as_str())
    }

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
    fn csv_rows_are_typed_by_header_and_checked() {
        let text = "pk,sk,qty (N),tags (SS),note,flag (BOOL)\r\n\
                    a,1,5,\"[\"\"x\"\"]\",\"\",true\r\n\
                    b,2,abc,,,\r\n\
                    c,x,,,,\r\n\
                    ,3,,,,\r\n\
                    \"multi\r\nline\",4,,,,maybe\r\n\
                    a,1.0,,,,\r\n\
                    e,5,,,hello,,extra\r\n\
                    ,,,,,\r\n\
                    f,6,,,,\r\n";
        let plan = parse_import(text, ExportFormat::Csv, &keys());
        assert_eq!(error_lines(&plan), [3, 4, 5, 6, 8, 9], "{plan:?}");
        assert_eq!(
            message_at(&plan, 3),
            "column \"qty (N)\": \"abc\" is not a number"
        );
        assert!(message_at(&plan, 4).contains("column \"sk\""));
        assert!(message_at(&plan, 5).contains("partition key \"pk\" is missing"));
        assert!(message_at(&plan, 6).contains("\"maybe\" is not true or false"));
        assert!(message_at(&plan, 8).contains("duplicate key"));
        assert!(message_at(&plan, 9).contains("7 cells"));
        let first = &plan.rows[0].item;
        assert_eq!(first["sk"], AttrValue::N("1".into()));
        assert_eq!(first["qty"], AttrValue::N("5".into()));
        assert_eq!(first["tags"], AttrValue::Ss(vec!["x".into()].into()));
        assert_eq!(first["note"], AttrValue::s(""));
        assert_eq!(first["flag"], AttrValue::Bool(true));
        assert_eq!(plan.rows.len(), 2);
        assert_eq!(plan.rows[1].line, 11);
        assert!(
            !plan.rows[1].item.contains_key("note"),
            "absent stays absent"
        );
    }

    #[test]
    fn csv_headers_are_checked_against_the_key_schema() {
        let cases = [
            ("pk (N),sk\n1,1\n", "partition key \"pk\" is of type S"),
            ("pk,other\na,1\n", "no column for the sort key \"sk\""),
            ("pk,sk,x (Q)\n", "unknown type tag \"Q\""),
            ("pk,sk,a,a (S)\n", "appears twice"),
            ("pk,sk,,b\n", "column 3 has no header"),
        ];
        for (text, words) in cases {
            let plan = parse_import(text, ExportFormat::Csv, &keys());
            assert_eq!(error_lines(&plan), [1], "{text}");
            assert!(plan.rows.is_empty());
            assert!(message_at(&plan, 1).contains(words), "{text}: {plan:?}");
        }
        let mixed = "pk,sk,v (N),v (S)\na,1,1,\nb,2,,x\nc,3,1,x\n";
        let plan = parse_import(mixed, ExportFormat::Csv, &keys());
        assert_eq!(error_lines(&plan), [4]);
        assert!(message_at(&plan, 4).contains("values in both"));
        assert!(parse_import("", ExportFormat::Csv, &keys()).rows.is_empty());
    }

    #[test]
    fn huge_items_and_hostile_input_are_refused_without_panicking() {
        let big = "x".repeat(MAX_ITEM_BYTES + 1);
        let text = format!(
            "{{\"pk\": {{\"S\": \"a\"}}, \"sk\": {{\"N\": \"1\"}}, \"b\": {{\"S\": \"{big}\"}}}}"
        );
        let plan = parse_import(&text, ExportFormat::JsonLines, &keys());
        assert!(message_at(&plan, 1).contains("at most 409600 bytes"));
        let csv = format!("pk,sk,b\na,1,{big}\n");
        let plan = parse_import(&csv, ExportFormat::Csv, &keys());
        assert!(message_at(&plan, 2).contains("at most 409600 bytes"));

        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let hostile = [
            "\u{feff}",
            "\u{0}\u{1}",
            "\"",
            "{",
            "[",
            "]",
            "\r\r\r\n",
            "[[[[",
            "{\"pk\": {\"S\": \"\u{0}\"}}",
            deep.as_str(),
            "pk,sk\n\"unclosed,1\n",
        ];
        for text in hostile {
            for format in ExportFormat::ALL {
                let _ = parse_import(text, format, &keys());
                let _ = parse_import(text, format, &[]);
            }
        }
    }

    #[test]
    fn without_a_key_schema_only_types_are_checked() {
        let plan = parse_import("a,b (N)\n,1\nx,\n", ExportFormat::Csv, &[]);
        assert!(plan.is_ready(), "{plan:?}");
        assert_eq!(plan.rows.len(), 2);
        assert_eq!(plan.summary(3), "2 items ready to import");
    }
}
