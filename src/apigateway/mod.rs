//! API Gateway: HTTP and WebSocket APIs (v2) and REST APIs (v1), their routes, resources,
//! integrations, stages, and the route testers.

pub mod calls;
pub mod model;
pub mod rest_tab;
pub mod tab;
pub mod ui;
