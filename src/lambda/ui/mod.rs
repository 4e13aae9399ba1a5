//! Drawing function tabs (no SDK calls).

pub mod function_list_view;
pub mod function_view;
