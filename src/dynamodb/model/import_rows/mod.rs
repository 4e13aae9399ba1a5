//! Reading an import file into items, every row checked before anything is written: a file
//! with one wrong row is refused whole, with each wrong row named by its line.

mod json_rows;
mod limits;
mod plan;

pub use limits::{MAX_NESTED_CONTAINERS, MAX_PARTITION_KEY_BYTES, MAX_SORT_KEY_BYTES};
pub use plan::{ImportPlan, ImportRow, RowError, parse_import, parse_rows};

/// A row's line and its item, or what is wrong with it (before key checks).
pub(super) type ParsedRow = (
    usize,
    Result<crate::dynamodb::model::item_edit::Item, String>,
);
