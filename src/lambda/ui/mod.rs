//! Drawing function tabs (no SDK calls).

mod configuration;
mod function_logs;
pub mod function_view;
mod invocation_result;
mod routes;
mod saved_events;
mod test_invoke;
