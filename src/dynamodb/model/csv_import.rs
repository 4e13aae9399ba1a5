//! CSV import: the header's typed columns, checked against the key schema, then each record
//! as an item. Key checks across rows (missing, duplicate) are `import_rows`'.

use std::collections::HashMap;

use crate::dynamodb::model::attribute::AttrType;
use crate::dynamodb::model::csv_cells::parse_cell;
use crate::dynamodb::model::csv_cells::parse_header_cell;
use crate::dynamodb::model::csv_records::read_records;
use crate::dynamodb::model::import_rows::ParsedRow;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::table_details::KeyAttribute;
use crate::dynamodb::model::table_details::KeyRole;

/// A CSV column after its header was read.
struct Column {
    header: String,
    name: String,
    attr_type: AttrType,
}

fn csv_header(
    cells: &[Option<String>],
    key_schema: &[KeyAttribute],
) -> Result<Vec<Column>, Vec<String>> {
    let mut columns: Vec<Column> = Vec::new();
    let mut problems = Vec::new();
    for (index, cell) in cells.iter().enumerate() {
        let Some(header) = cell.as_deref().filter(|h| !h.is_empty()) else {
            problems.push(format!("column {} has no header", index + 1));
            continue;
        };
        let (name, declared) = match parse_header_cell(header) {
            Ok(parsed) => parsed,
            Err(message) => {
                problems.push(message);
                continue;
            }
        };
        let key = key_schema.iter().find(|k| k.name == name);
        let key_type = key.and_then(|k| AttrType::from_tag(&k.attribute_type));
        let attr_type = match (declared, key_type, key) {
            (Some(declared), Some(key_type), Some(key)) if declared != key_type => {
                problems.push(format!(
                    "column {header:?}: the {} {:?} is of type {}",
                    role_name(key.role),
                    key.name,
                    key_type.tag()
                ));
                continue;
            }
            (Some(declared), _, _) => declared,
            (None, Some(key_type), _) => key_type,
            (None, None, _) => AttrType::S,
        };
        if columns
            .iter()
            .any(|c| c.name == name && c.attr_type == attr_type)
        {
            problems.push(format!("column {header:?} appears twice"));
            continue;
        }
        columns.push(Column {
            header: header.to_owned(),
            name,
            attr_type,
        });
    }
    for key in key_schema {
        if !columns.iter().any(|c| c.name == key.name) {
            problems.push(format!(
                "no column for the {} {:?}",
                role_name(key.role),
                key.name
            ));
        }
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(problems)
    }
}

fn role_name(role: KeyRole) -> &'static str {
    match role {
        KeyRole::Partition => "partition key",
        KeyRole::Sort => "sort key",
    }
}

fn csv_item(cells: Vec<Option<String>>, columns: &[Column]) -> Result<Item, String> {
    let extra = cells.iter().skip(columns.len()).any(Option::is_some);
    if extra {
        return Err(format!(
            "{} cells, but the header has {} columns",
            cells.len(),
            columns.len()
        ));
    }
    let mut item = Item::new();
    let mut source: HashMap<&str, &str> = HashMap::new();
    let mut problems = Vec::new();
    for (cell, column) in cells.into_iter().zip(columns) {
        let Some(text) = cell else { continue };
        // A quoted empty cell is an empty string; for other types it can only mean absent.
        if text.is_empty() && column.attr_type != AttrType::S {
            continue;
        }
        match parse_cell(&text, column.attr_type) {
            Ok(value) => {
                if let Some(other) = source.insert(&column.name, &column.header) {
                    problems.push(format!(
                        "attribute {:?} has values in both {other:?} and {:?}",
                        column.name, column.header
                    ));
                }
                item.insert(column.name.clone(), value);
            }
            Err(message) => problems.push(format!("column {:?}: {message}", column.header)),
        }
    }
    if problems.is_empty() {
        Ok(item)
    } else {
        Err(problems.join("; "))
    }
}

/// Every record after the header as an item; a wrong header is one error on its line.
pub(super) fn csv_rows(text: &str, key_schema: &[KeyAttribute]) -> Vec<ParsedRow> {
    let mut records = read_records(text).into_iter();
    let Some(header) = records.next() else {
        return Vec::new();
    };
    let columns = match header.cells {
        Ok(cells) => csv_header(&cells, key_schema),
        Err(message) => Err(vec![message]),
    };
    let columns = match columns {
        Ok(columns) => columns,
        Err(problems) => {
            return vec![(header.line, Err(format!("header: {}", problems.join("; "))))];
        }
    };
    records
        // Rows of nothing but commas are what spreadsheets leave below the data.
        .filter(|r| !matches!(&r.cells, Ok(cells) if cells.iter().all(Option::is_none)))
        .map(|record| {
            let item = record.cells.and_then(|cells| csv_item(cells, &columns));
            (record.line, item)
        })
        .collect()
}
