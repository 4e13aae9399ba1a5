//! API Gateway: APIs, routes, integrations, stages, and the route tester.

pub mod calls;
pub mod model;
pub mod tab;
pub mod ui;
