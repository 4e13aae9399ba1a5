//! Items as CSV: one column per (attribute, type) pair seen, headed `name (T)`.
//!
//! A CSV header comes before the first row, so the columns must be known before any row is
//! written: gather them with [`CsvColumns::observe`] over every item first. For a full-table
//! export that means two passes; `aws::dynamodb_transfer` spools the scan to a JSON Lines temp
//! file while gathering, then converts it.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::dynamodb::model::attribute::AttrType;

use crate::dynamodb::model::attribute::AttrValue;
use crate::dynamodb::model::csv_cells::cell_text;
use crate::dynamodb::model::csv_cells::header_cell;
use crate::dynamodb::model::csv_records::RecordWriter;
use crate::dynamodb::model::export_format::ItemWriter;
use crate::dynamodb::model::table_details::KeyAttribute;
use crate::dynamodb::model::table_details::KeyRole;

/// One CSV column: an attribute name with one of its types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvColumn {
    pub name: String,
    pub attr_type: AttrType,
}

impl CsvColumn {
    /// `name (T)`.
    pub fn header(&self) -> String {
        header_cell(&self.name, self.attr_type)
    }
}

/// The columns an export needs, gathered from the items it will write.
#[derive(Clone, Debug, Default)]
pub struct CsvColumns {
    /// Key attributes: partition, then sort. Always present, even for an empty export.
    keys: Vec<(String, AttrType)>,
    seen: BTreeMap<String, Vec<AttrType>>,
}

impl CsvColumns {
    /// No columns yet but the table's keys.
    pub fn new(key_schema: &[KeyAttribute]) -> Self {
        let mut keys: Vec<&KeyAttribute> = key_schema.iter().collect();
        keys.sort_by_key(|k| k.role == KeyRole::Sort);
        Self {
            keys: keys
                .into_iter()
                .map(|k| {
                    let attr_type = AttrType::from_tag(&k.attribute_type).unwrap_or(AttrType::S);
                    (k.name.clone(), attr_type)
                })
                .collect(),
            seen: BTreeMap::new(),
        }
    }

    /// The columns of all `items`.
    pub fn from_items<'a, I, A>(items: I, key_schema: &[KeyAttribute]) -> Self
    where
        I: IntoIterator<Item = A>,
        A: IntoIterator<Item = (&'a str, &'a AttrValue)>,
    {
        let mut columns = Self::new(key_schema);
        for item in items {
            columns.observe(item);
        }
        columns
    }

    /// Adds the columns one item needs.
    pub fn observe<'a>(&mut self, item: impl IntoIterator<Item = (&'a str, &'a AttrValue)>) {
        for (name, value) in item {
            let attr_type = value.attr_type();
            match self.seen.get_mut(name) {
                Some(types) if types.contains(&attr_type) => {}
                Some(types) => types.push(attr_type),
                None => {
                    self.seen.insert(name.to_owned(), vec![attr_type]);
                }
            }
        }
    }

    /// Keys first (with their schema types), then every other column by name, then type.
    pub fn columns(&self) -> Vec<CsvColumn> {
        let mut columns: Vec<CsvColumn> = Vec::new();
        let mut push = |name: &str, attr_type: AttrType| {
            let column = CsvColumn {
                name: name.to_owned(),
                attr_type,
            };
            if !columns.contains(&column) {
                columns.push(column);
            }
        };
        for (name, attr_type) in &self.keys {
            push(name, *attr_type);
        }
        for (name, attr_type) in &self.keys {
            let mut others = self.seen.get(name).cloned().unwrap_or_default();
            others.sort();
            for other in others.into_iter().filter(|t| t != attr_type) {
                push(name, other);
            }
        }
        for (name, types) in &self.seen {
            let mut types = types.clone();
            types.sort();
            for attr_type in types {
                push(name, attr_type);
            }
        }
        columns
    }
}

/// Streams items as CSV rows under a fixed header.
pub struct CsvWriter<W: Write> {
    out: W,
    records: RecordWriter,
    /// Column index by attribute name and type.
    index: BTreeMap<String, Vec<(AttrType, usize)>>,
    width: usize,
}

impl<W: Write> CsvWriter<W> {
    /// Writes the header row.
    pub fn new(mut out: W, columns: &CsvColumns) -> io::Result<Self> {
        let columns = columns.columns();
        let mut records = RecordWriter::default();
        let headers: Vec<String> = columns.iter().map(CsvColumn::header).collect();
        out.write_all(records.record(headers.iter().map(|h| Some(h.as_str()))))?;
        let mut index: BTreeMap<String, Vec<(AttrType, usize)>> = BTreeMap::new();
        for (i, column) in columns.iter().enumerate() {
            index
                .entry(column.name.clone())
                .or_default()
                .push((column.attr_type, i));
        }
        Ok(Self {
            out,
            records,
            index,
            width: columns.len(),
        })
    }
}

impl<W: Write> ItemWriter for CsvWriter<W> {
    type Output = W;

    /// Writes one row. Refuses an attribute without a column rather than drop it.
    fn write_item<'a>(
        &mut self,
        item: impl IntoIterator<Item = (&'a str, &'a AttrValue)>,
    ) -> io::Result<()> {
        let mut cells: Vec<Option<String>> = vec![None; self.width];
        for (name, value) in item {
            let attr_type = value.attr_type();
            let column = self
                .index
                .get(name)
                .and_then(|types| types.iter().find(|(t, _)| *t == attr_type))
                .map(|(_, i)| *i);
            let Some(cell) = column.and_then(|i| cells.get_mut(i)) else {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "attribute {name:?} of type {} has no CSV column",
                        attr_type.tag()
                    ),
                ));
            };
            *cell = Some(cell_text(value));
        }
        self.out
            .write_all(self.records.record(cells.iter().map(Option::as_deref)))
    }

    fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Vec<KeyAttribute> {
        vec![
            KeyAttribute {
                name: "sk".into(),
                role: KeyRole::Sort,
                attribute_type: "N".into(),
            },
            KeyAttribute {
                name: "pk".into(),
                role: KeyRole::Partition,
                attribute_type: "S".into(),
            },
        ]
    }

    fn named(item: &[(String, AttrValue)]) -> impl Iterator<Item = (&str, &AttrValue)> {
        item.iter().map(|(k, v)| (k.as_str(), v))
    }

    #[test]
    fn columns_put_keys_first_and_split_mixed_types() {
        let items: Vec<Vec<(String, AttrValue)>> = vec![
            vec![
                ("pk".into(), AttrValue::s("a")),
                ("sk".into(), AttrValue::N("1".into())),
                ("b".into(), AttrValue::N("1".into())),
                ("a".into(), AttrValue::s("x")),
            ],
            vec![
                ("pk".into(), AttrValue::s("b")),
                ("sk".into(), AttrValue::s("odd")),
                ("b".into(), AttrValue::s("one")),
            ],
        ];
        let columns = CsvColumns::from_items(items.iter().map(|i| named(i)), &keys());
        let headers: Vec<String> = columns.columns().iter().map(CsvColumn::header).collect();
        assert_eq!(
            headers,
            ["pk (S)", "sk (N)", "sk (S)", "a (S)", "b (S)", "b (N)"]
        );
        let mut writer = CsvWriter::new(Vec::new(), &columns).expect("header");
        for item in &items {
            writer.write_item(named(item)).expect("row");
        }
        let text = String::from_utf8(writer.finish().expect("finish")).expect("utf-8");
        assert_eq!(
            text,
            "pk (S),sk (N),sk (S),a (S),b (S),b (N)\na,1,,x,,1\nb,,odd,,one,\n"
        );
    }

    #[test]
    fn an_empty_export_still_has_the_key_header() {
        let columns = CsvColumns::new(&keys());
        let writer = CsvWriter::new(Vec::new(), &columns).expect("header");
        assert_eq!(writer.finish().expect("finish"), b"pk (S),sk (N)\n");
    }

    #[test]
    fn an_attribute_without_a_column_is_refused_not_dropped() {
        let columns = CsvColumns::new(&keys());
        let mut writer = CsvWriter::new(Vec::new(), &columns).expect("header");
        let extra = AttrValue::Bool(true);
        assert!(writer.write_item([("extra", &extra)]).is_err());
    }
}
