//! Drawing function tabs (no SDK calls).

pub mod function_view;
