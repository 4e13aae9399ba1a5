//! Stratus: a native explorer for DynamoDB, Lambda and API Gateway v2.
//!
//! Layers, from the outside in:
//! - [`aws`]: SDK calls, no egui;
//! - [`model`]: pure data types, no IO;
//! - [`app`]: state, commands and the background bridge;
//! - [`ui`]: drawing, no SDK calls.

pub mod app;
pub mod aws;
pub mod cli;
pub mod logging;
pub mod model;
pub mod ui;

pub use app::{AppOptions, StratusApp};
