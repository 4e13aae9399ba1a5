//! DynamoDB's pure types: attribute values, items, expressions, schemas, edits, files. No IO.

pub mod attribute;
pub mod attribute_json;
pub mod cell_edit;
pub mod cell_text;
pub mod csv_cells;
pub mod csv_export;
pub mod csv_import;
pub mod csv_records;
pub mod edit_tree;
pub mod export_format;
pub mod expression;
pub mod import_rows;
pub mod item_edit;
pub mod item_store;
pub mod item_update;
pub mod load_mode;
pub mod ordering;
pub mod query_draft;
pub mod removal_log;
pub mod request_code;
pub mod save_preview;
pub mod schema;
pub mod table_details;
pub mod table_draft;
pub mod table_memory;
pub mod table_spec;
pub mod transfer_outcome;
pub mod ttl;

pub use attribute::{AttrType, AttrValue};
pub use item_store::{ColumnId, ItemStore, RawItem};
pub use table_details::TableDetails;
pub use table_draft::TableDraft;
pub use table_spec::TableSpec;
pub use ttl::{TtlState, TtlStatus};
