//! Drawing a table tab (no SDK calls).

pub mod column_action;
pub mod compact_layout;
pub mod create_table_form;
pub mod editor_faces;
pub mod editor_review;
pub mod grid_view;
pub mod item_editor;
pub mod item_grid;
pub mod item_pane;
pub mod partiql_editor;
pub mod query_builder;
pub mod schema_view;
pub mod schema_warnings;
pub mod stream_records;
pub mod stream_view;
pub mod table_admin;
pub mod table_context;
pub mod table_overview;
pub mod table_view;
pub mod transfer_window;
pub mod write_toolbar;
