//! Drawing log views (no SDK calls).

pub mod log_events;
pub mod logs_view;
