//! Drawing API tabs (no SDK calls).

mod api_frame;
pub mod api_view;
mod parts;
mod rest_authorizers;
mod rest_resources;
mod rest_settings;
mod rest_stages;
mod rest_tester;
pub mod rest_view;
mod route_responses;
mod route_tester;
mod routes;
pub mod serve_view;
mod settings;
mod tester_parts;
mod websocket_tester;
