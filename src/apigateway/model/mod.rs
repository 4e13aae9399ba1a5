//! API Gateway's pure types and the events it sends. No IO.

pub mod api_details;
pub mod api_parts;
pub mod lambda_target;
pub mod resource_tree;
pub mod rest_api;
pub mod route_event;

pub use api_details::ApiDetails;
