//! Lambda's pure types. No IO.

pub mod event_templates;
pub mod function_details;
pub mod invocation;
pub mod invoke_code;
pub mod lambda_log;
pub mod saved_events;

pub use function_details::FunctionDetails;
