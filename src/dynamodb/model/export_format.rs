//! Export file formats and the writers that stream items into any `std::io::Write`.
//!
//! JSON formats write DynamoDB JSON through `attribute_json`, so every digit and byte
//! survives; CSV lives in `csv_export`.

use std::io::{self, Write};

use crate::dynamodb::model::attribute::AttrValue;
use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::attribute_json::item_to_json;
use crate::dynamodb::model::csv_export::CsvColumns;
use crate::dynamodb::model::csv_export::CsvWriter;
use crate::dynamodb::model::table_details::KeyAttribute;

/// A file format for export and import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// One DynamoDB JSON item per line: exact, streamable, the format to re-import.
    JsonLines,
    /// A JSON array of DynamoDB JSON items: exact.
    Json,
    /// A spreadsheet-friendly table with typed headers `name (T)`.
    Csv,
}

impl ExportFormat {
    pub const ALL: [Self; 3] = [Self::JsonLines, Self::Json, Self::Csv];

    /// What a menu shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::JsonLines => "JSON Lines (DynamoDB JSON)",
            Self::Json => "JSON array (DynamoDB JSON)",
            Self::Csv => "CSV",
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::JsonLines => "jsonl",
            Self::Json => "json",
            Self::Csv => "csv",
        }
    }

    /// The format a file name's extension suggests, for import.
    pub fn from_file_name(name: &str) -> Option<Self> {
        let (_, extension) = name.rsplit_once('.')?;
        let extension = extension.to_ascii_lowercase();
        match extension.as_str() {
            "jsonl" | "ndjson" => Some(Self::JsonLines),
            "json" => Some(Self::Json),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }
}

/// A writer that streams items into an export file, whatever its format, so the code that
/// feeds it (a whole store, or pages as a scan sends them) is written once.
pub trait ItemWriter {
    /// What [`ItemWriter::finish`] hands back: the output written into.
    type Output;

    /// Writes one item.
    fn write_item<'a>(
        &mut self,
        item: impl IntoIterator<Item = (&'a str, &'a AttrValue)>,
    ) -> io::Result<()>;

    /// Ends the file (closing what it opened), flushes and hands back the output.
    fn finish(self) -> io::Result<Self::Output>;
}

/// Writes every item of `items` with `writer`, finishes it, and returns how many were written.
pub fn write_all<'a, A>(
    mut writer: impl ItemWriter,
    items: impl IntoIterator<Item = A>,
) -> io::Result<usize>
where
    A: IntoIterator<Item = (&'a str, &'a AttrValue)>,
{
    let mut count = 0;
    for item in items {
        writer.write_item(item)?;
        count += 1;
    }
    writer.finish()?;
    Ok(count)
}

fn json_line<'a>(item: impl IntoIterator<Item = (&'a str, &'a AttrValue)>) -> String {
    item_to_json(item, JsonStyle::DynamoDb, false)
}

/// Writes one DynamoDB JSON item per line.
pub struct JsonLinesWriter<W: Write> {
    out: W,
}

impl<W: Write> JsonLinesWriter<W> {
    pub fn new(out: W) -> Self {
        Self { out }
    }
}

impl<W: Write> ItemWriter for JsonLinesWriter<W> {
    type Output = W;

    fn write_item<'a>(
        &mut self,
        item: impl IntoIterator<Item = (&'a str, &'a AttrValue)>,
    ) -> io::Result<()> {
        let mut line = json_line(item);
        line.push('\n');
        self.out.write_all(line.as_bytes())
    }

    fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Writes a JSON array of DynamoDB JSON items as they come, one item per line, so neither
/// the writer nor a reader that goes line by line needs the whole array in memory.
pub struct JsonArrayWriter<W: Write> {
    out: W,
    any: bool,
}

impl<W: Write> JsonArrayWriter<W> {
    /// Writes the opening bracket.
    pub fn new(mut out: W) -> io::Result<Self> {
        out.write_all(b"[")?;
        Ok(Self { out, any: false })
    }
}

impl<W: Write> ItemWriter for JsonArrayWriter<W> {
    type Output = W;

    fn write_item<'a>(
        &mut self,
        item: impl IntoIterator<Item = (&'a str, &'a AttrValue)>,
    ) -> io::Result<()> {
        let separator: &[u8] = if self.any { b",\n" } else { b"\n" };
        self.any = true;
        self.out.write_all(separator)?;
        self.out.write_all(json_line(item).as_bytes())
    }

    /// Writes the closing bracket, flushes and hands back the output.
    fn finish(mut self) -> io::Result<W> {
        self.out.write_all(b"\n]\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Writes `items` in `format` and returns how many were written. For CSV the items are walked
/// twice (columns, then rows), hence `Clone`: pass a cheap iterator such as
/// `(0..store.len()).map(|i| store.named_attributes(i))`.
pub fn write_items<'a, W, I, A>(
    out: W,
    items: I,
    format: ExportFormat,
    key_schema: &[KeyAttribute],
) -> io::Result<usize>
where
    W: Write,
    I: IntoIterator<Item = A> + Clone,
    A: IntoIterator<Item = (&'a str, &'a AttrValue)>,
{
    match format {
        ExportFormat::JsonLines => write_all(JsonLinesWriter::new(out), items),
        ExportFormat::Json => write_all(JsonArrayWriter::new(out)?, items),
        ExportFormat::Csv => {
            let columns = CsvColumns::from_items(items.clone(), key_schema);
            write_all(CsvWriter::new(out, &columns)?, items)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::model::attribute_json::parse_dynamodb_item;

    fn items() -> Vec<Vec<(String, AttrValue)>> {
        vec![
            vec![
                ("pk".into(), AttrValue::s("a")),
                (
                    "n".into(),
                    AttrValue::N("12345678901234567890123456789012345678".into()),
                ),
            ],
            vec![
                ("pk".into(), AttrValue::s("b\n\"c\"")),
                ("bin".into(), AttrValue::B(vec![0xFF, 0x00].into())),
            ],
        ]
    }

    fn write(format: ExportFormat) -> String {
        let items = items();
        let named = items
            .iter()
            .map(|item| item.iter().map(|(k, v)| (k.as_str(), v)));
        let mut out = Vec::new();
        let count = write_items(&mut out, named, format, &[]).expect("write");
        assert_eq!(count, 2);
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn json_lines_are_exact_dynamodb_json() {
        let text = write(ExportFormat::JsonLines);
        assert_eq!(
            text,
            "{\"pk\": {\"S\": \"a\"}, \"n\": {\"N\": \"12345678901234567890123456789012345678\"}}\n\
             {\"pk\": {\"S\": \"b\\n\\\"c\\\"\"}, \"bin\": {\"B\": \"/wA=\"}}\n"
        );
        for (line, item) in text.lines().zip(items()) {
            let mut expected = item;
            expected.sort_by(|a, b| a.0.cmp(&b.0));
            let parsed: Vec<(String, AttrValue)> = parse_dynamodb_item(line)
                .expect("parse")
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
            assert_eq!(parsed, expected);
        }
    }

    #[test]
    fn json_array_is_valid_json_one_item_per_line() {
        let text = write(ExportFormat::Json);
        let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(value.as_array().map(Vec::len), Some(2));
        assert!(text.starts_with("[\n{\"pk\""), "{text}");
        assert!(text.contains("},\n{"), "{text}");
        let mut empty = Vec::new();
        let none: Vec<Vec<(&str, &AttrValue)>> = Vec::new();
        write_items(
            &mut empty,
            none.iter().map(|i| i.iter().copied()),
            ExportFormat::Json,
            &[],
        )
        .expect("write");
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&empty).expect("valid"),
            serde_json::json!([])
        );
    }

    #[test]
    fn csv_has_typed_headers() {
        let text = write(ExportFormat::Csv);
        assert_eq!(
            text,
            "bin (B),n (N),pk (S)\n,12345678901234567890123456789012345678,a\n/wA=,,\"b\n\"\"c\"\"\"\n"
        );
    }

    #[test]
    fn formats_know_their_extensions() {
        for format in ExportFormat::ALL {
            let name = format!("table.{}", format.extension());
            assert_eq!(ExportFormat::from_file_name(&name), Some(format));
            assert!(!format.label().is_empty());
        }
        assert_eq!(ExportFormat::from_file_name("x.TXT"), None);
        assert_eq!(ExportFormat::from_file_name("noext"), None);
    }
}
