//! Drawing API tabs (no SDK calls).

pub mod api_view;
mod parts;
mod route_responses;
mod route_tester;
mod routes;
mod settings;
