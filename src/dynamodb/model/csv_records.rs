//! CSV records on top of `csv-core`, keeping the one distinction DynamoDB needs and the `csv`
//! crate drops: an unquoted empty cell (attribute absent) versus a quoted one (`""`, an empty
//! string). Quoting and unquoting are `csv-core`'s; this file only drives it.

use csv_core::{QuoteStyle, ReadFieldResult, Reader, WriteResult, Writer, WriterBuilder};

/// Writes CSV records, one cell at a time, into a byte buffer.
pub struct RecordWriter {
    /// Quotes only cells that need it.
    necessary: Writer,
    /// Quotes always: used for empty strings, so they read back as `Some("")`.
    always: Writer,
    buffer: Vec<u8>,
}

impl Default for RecordWriter {
    fn default() -> Self {
        Self {
            necessary: WriterBuilder::new()
                .quote_style(QuoteStyle::Necessary)
                .build(),
            always: WriterBuilder::new().quote_style(QuoteStyle::Always).build(),
            buffer: Vec::new(),
        }
    }
}

/// Runs one `csv-core` step into the spare room of `buffer`, growing it until the step fits.
fn grow_until_done(buffer: &mut Vec<u8>, mut step: impl FnMut(&mut [u8]) -> (WriteResult, usize)) {
    loop {
        let start = buffer.len();
        let room = buffer.capacity().saturating_sub(start).max(64);
        buffer.resize(start + room, 0);
        let (result, written) = step(&mut buffer[start..]);
        buffer.truncate(start + written);
        if matches!(result, WriteResult::InputEmpty) {
            return;
        }
        buffer.reserve(room * 2);
    }
}

impl RecordWriter {
    /// One record as bytes ending in `\n`: `None` cells are written empty, `Some("")` as `""`.
    pub fn record<'a>(&mut self, cells: impl IntoIterator<Item = Option<&'a str>>) -> &[u8] {
        self.buffer.clear();
        let mut previous_quoted_always: Option<bool> = None;
        for cell in cells {
            if let Some(always) = previous_quoted_always {
                let writer = if always {
                    &mut self.always
                } else {
                    &mut self.necessary
                };
                grow_until_done(&mut self.buffer, |out| writer.delimiter(out));
            }
            let always = cell == Some("");
            let writer = if always {
                &mut self.always
            } else {
                &mut self.necessary
            };
            let mut input = cell.unwrap_or_default().as_bytes();
            grow_until_done(&mut self.buffer, |out| {
                let (result, read, written) = writer.field(input, out);
                input = &input[read..];
                (result, written)
            });
            previous_quoted_always = Some(always);
        }
        let writer = if previous_quoted_always == Some(true) {
            &mut self.always
        } else {
            &mut self.necessary
        };
        grow_until_done(&mut self.buffer, |out| writer.terminator(out));
        &self.buffer
    }
}

/// One record read from CSV text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// 1-based line of the file on which the record starts.
    pub line: usize,
    /// Each cell: `None` when empty and unquoted, `Some` otherwise (`Some("")` for `""`).
    /// `Err` when the record's quoting is broken.
    pub cells: Result<Vec<Option<String>>, String>,
}

/// Reads every record. Blank lines are skipped; CRLF and LF both end records; a byte order
/// mark at the start is ignored. Never fails as a whole: broken quoting marks that record.
pub fn read_records(text: &str) -> Vec<Record> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bytes = text.as_bytes();
    let mut reader = Reader::new();
    let mut records = Vec::new();
    let mut scratch = vec![0u8; 64 * 1024];
    let mut position = 0usize;
    // Newlines before `line_counted_to`, so line numbers cost one pass over the text.
    let mut line_counted_to = 0usize;
    let mut lines_before = 0usize;
    let mut cells: Vec<Option<String>> = Vec::new();
    let mut problem: Option<String> = None;
    let mut record_line = 0usize;
    let mut field = Vec::new();
    loop {
        let field_start = position;
        field.clear();
        let (record_end, done) = loop {
            let (result, read, written) = reader.read_field(&bytes[position..], &mut scratch);
            position += read;
            field.extend_from_slice(&scratch[..written]);
            match result {
                ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => {}
                ReadFieldResult::Field { record_end } => break (record_end, false),
                ReadFieldResult::End => break (true, true),
            }
        };
        if done {
            break;
        }
        let raw = &bytes[field_start..position];
        // Blank lines and the `\n` of a CRLF come before a record's first cell.
        let leading = raw
            .iter()
            .take_while(|b| **b == b'\n' || **b == b'\r')
            .count();
        let mut cell_raw = &raw[leading..];
        if cells.is_empty() {
            let start = field_start + leading;
            lines_before += bytes[line_counted_to..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            line_counted_to = start;
            record_line = lines_before + 1;
        }
        // Drop the delimiter or terminator the reader consumed with the cell.
        if let Some((last, rest)) = cell_raw.split_last()
            && (*last == b',' && !record_end || matches!(last, b'\n' | b'\r') && record_end)
        {
            cell_raw = rest;
        }
        let quoted = cell_raw.first() == Some(&b'"');
        if quoted && problem.is_none() {
            let quotes = cell_raw.iter().filter(|b| **b == b'"').count();
            if cell_raw.len() < 2 || cell_raw.last() != Some(&b'"') || quotes % 2 != 0 {
                problem = Some(format!(
                    "cell {} has a stray or unclosed quote",
                    cells.len() + 1
                ));
            }
        }
        let text = String::from_utf8(std::mem::take(&mut field))
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        cells.push((quoted || !text.is_empty()).then_some(text));
        if record_end {
            records.push(Record {
                line: record_line,
                cells: match problem.take() {
                    Some(message) => Err(message),
                    None => Ok(std::mem::take(&mut cells)),
                },
            });
            cells.clear();
        }
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(record: &Record) -> Vec<Option<&str>> {
        record
            .cells
            .as_ref()
            .expect("well-formed")
            .iter()
            .map(Option::as_deref)
            .collect()
    }

    #[test]
    fn quoted_empty_differs_from_absent_and_round_trips() {
        let mut writer = RecordWriter::default();
        let row = [
            None,
            Some(""),
            Some("plain"),
            Some("a,b"),
            Some("say \"hi\""),
            Some("two\nlines"),
            Some(""),
        ];
        let bytes = writer.record(row).to_vec();
        let text = String::from_utf8(bytes).expect("utf-8");
        assert_eq!(
            text,
            ",\"\",plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"\"\n"
        );
        let records = read_records(&text);
        assert_eq!(records.len(), 1);
        assert_eq!(cells(&records[0]), row);
    }

    #[test]
    fn lines_count_blank_lines_crlf_and_multiline_cells() {
        let text = "\u{feff}h1,h2\r\n1,\"x\r\ny\"\r\n\r\n\n2,\"\"\r\n3,z";
        let records = read_records(text);
        let lines: Vec<usize> = records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 2, 6, 7]);
        assert_eq!(cells(&records[0]), [Some("h1"), Some("h2")]);
        assert_eq!(cells(&records[1]), [Some("1"), Some("x\r\ny")]);
        assert_eq!(cells(&records[2]), [Some("2"), Some("")]);
        assert_eq!(cells(&records[3]), [Some("3"), Some("z")]);
    }

    #[test]
    fn broken_quoting_marks_only_its_record() {
        let records = read_records("a,b\n\"x\"y,1\n2,3\n\"never closed,4\n");
        assert!(records[1].cells.is_err(), "{records:?}");
        assert_eq!(cells(&records[2]), [Some("2"), Some("3")]);
        assert!(records.last().expect("last").cells.is_err());
    }

    #[test]
    fn hostile_text_never_panics() {
        for text in [
            "",
            "\"",
            "\"\"\"",
            ",,,,\n\n\r\r\r",
            "\u{feff}",
            "é,\"ü\u{0}\"\n",
            &"\"".repeat(100_001),
            &",".repeat(100_000),
        ] {
            let _ = read_records(text);
        }
        let long = "x".repeat(200_000);
        let records = read_records(&format!("{long},\"{long}\"\n"));
        assert_eq!(
            cells(&records[0]),
            [Some(long.as_str()), Some(long.as_str())]
        );
    }
}
