//! DynamoDB: tables, items, queries and scans, edits, exports and imports.

pub mod calls;
pub mod model;
pub mod tab;
pub mod ui;
