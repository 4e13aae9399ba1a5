//! API Gateway's pure types and the events it sends. No IO.

pub mod api_details;
pub mod api_parts;
pub mod lambda_target;
pub mod resource_tree;
pub mod rest_api;
pub mod route_event;
pub mod route_match;
pub mod served_api;
pub mod served_log;

pub use api_details::ApiDetails;
