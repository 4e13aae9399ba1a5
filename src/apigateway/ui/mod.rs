//! Drawing API tabs (no SDK calls).

pub mod api_view;
