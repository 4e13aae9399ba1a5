//! The import plan: every row of a file, each an item to write or an error with its line.

use std::collections::HashMap;

use crate::dynamodb::model::attribute::AttrValue;
use crate::dynamodb::model::attribute::Decimal;
use crate::dynamodb::model::csv_import::csv_rows;
use crate::dynamodb::model::export_format::ExportFormat;
use crate::dynamodb::model::import_rows::json_rows::{
    is_json_space, json_array_rows, json_lines_rows,
};
use crate::dynamodb::model::import_rows::limits::check_service_limits;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::item_edit::validate_item;
use crate::dynamodb::model::table_details::KeyAttribute;

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

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::dynamodb::model::item_edit::MAX_ITEM_BYTES;

    /// A `pk` (S) and `sk` (N) key schema.
    pub(in crate::dynamodb::model::import_rows) fn keys() -> Vec<KeyAttribute> {
        crate::dynamodb::model::table_details::pk_sk_keys()
    }

    /// The lines of the plan's errors, in order.
    pub(in crate::dynamodb::model::import_rows) fn error_lines(plan: &ImportPlan) -> Vec<usize> {
        plan.errors.iter().map(|e| e.line).collect()
    }

    /// The message of the error at `line`, or "".
    pub(in crate::dynamodb::model::import_rows) fn message_at(
        plan: &ImportPlan,
        line: usize,
    ) -> &str {
        plan.errors
            .iter()
            .find(|e| e.line == line)
            .map_or("", |e| e.message.as_str())
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
