//! Reading an import file into items, every row checked before anything is written: a file
//! with one wrong row is refused whole, with each wrong row named by its line.

use std::collections::HashMap;

use crate::dynamodb::model::attribute::AttrValue;

use crate::dynamodb::model::attribute::Decimal;
use crate::dynamodb::model::attribute_json::JsonError;
use crate::dynamodb::model::attribute_json::parse_dynamodb_item;
use crate::dynamodb::model::csv_import::csv_rows;
use crate::dynamodb::model::export_format::ExportFormat;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::item_edit::validate_item;
use crate::dynamodb::model::table_details::KeyAttribute;
use crate::dynamodb::model::table_details::KeyRole;

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
            // JSON's own whitespace only: `trim_start` would also skip U+00A0 or U+3000,
            // which the array reader does not, and the two would disagree on where `[` is.
            if text.trim_start_matches(is_json_space).starts_with('[') {
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
            check_service_limits(&item, key_schema).map_err(error)?;
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

/// The largest partition key value DynamoDB stores, in bytes (UTF-8 for strings).
pub const MAX_PARTITION_KEY_BYTES: usize = 2048;
/// The largest sort key value DynamoDB stores, in bytes.
pub const MAX_SORT_KEY_BYTES: usize = 1024;
/// Lists and maps an attribute may nest: DynamoDB allows 32 levels, the item being the first.
pub const MAX_NESTED_CONTAINERS: usize = 31;

/// What DynamoDB refuses beyond [`validate_item`]'s checks, so an import stops before its
/// first write rather than failing half way: key value sizes, empty attribute names (at any
/// depth) and nesting deeper than 32 levels.
fn check_service_limits(item: &Item, key_schema: &[KeyAttribute]) -> Result<(), String> {
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
    match value {
        AttrValue::M(entries) => entries
            .iter()
            .any(|(name, inner)| name.is_empty() || has_empty_name(inner)),
        AttrValue::L(items) => items.iter().any(has_empty_name),
        AttrValue::S(_)
        | AttrValue::N(_)
        | AttrValue::B(_)
        | AttrValue::Bool(_)
        | AttrValue::Null
        | AttrValue::Ss(_)
        | AttrValue::Ns(_)
        | AttrValue::Bs(_) => false,
    }
}

/// Whether `value` holds more than `allowed` lists and maps one inside the other (the value
/// itself counting as the first). Stops descending once the answer is known.
fn nesting_exceeds(value: &AttrValue, allowed: usize) -> bool {
    let deeper = |child: &AttrValue| allowed == 0 || nesting_exceeds(child, allowed - 1);
    match value {
        // An empty list or map is a level too.
        AttrValue::L(items) => allowed == 0 || items.iter().any(deeper),
        AttrValue::M(entries) => allowed == 0 || entries.iter().any(|(_, v)| deeper(v)),
        AttrValue::S(_)
        | AttrValue::N(_)
        | AttrValue::B(_)
        | AttrValue::Bool(_)
        | AttrValue::Null
        | AttrValue::Ss(_)
        | AttrValue::Ns(_)
        | AttrValue::Bs(_) => false,
    }
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

/// Whitespace as JSON defines it (RFC 8259): space, tab, line feed, carriage return.
fn is_json_space(c: char) -> bool {
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
fn json_array_rows(text: &str) -> Vec<ParsedRow> {
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
    use super::*;
    use crate::dynamodb::model::item_edit::MAX_ITEM_BYTES;

    fn keys() -> Vec<KeyAttribute> {
        crate::dynamodb::model::table_details::pk_sk_keys()
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
