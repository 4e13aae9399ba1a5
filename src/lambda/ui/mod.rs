//! Drawing function tabs (no SDK calls).

mod configuration;
mod function_logs;
pub mod function_view;
mod invocation_result;
mod local_code;
mod local_invoke;
mod routes;
mod saved_events;
mod test_invoke;
