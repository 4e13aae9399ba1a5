//! Stratus: a native explorer for DynamoDB, Lambda and API Gateway.
//!
//! The tree is cut by service first; inside each service the same layers:
//! - `model/`: pure types, no IO, no egui, no tokio;
//! - `calls`: SDK calls, no egui;
//! - `tab`: the tab's state;
//! - `ui/`: drawing, no SDK calls.
//!
//! [`dynamodb`], [`lambda`], [`apigateway`] and [`logs`] are the services, and [`local_lambda`]
//! runs functions locally; [`connection`] and
//! [`shared`] hold what they share; [`shell`] draws around them; [`app`] is the glue on top.

pub mod apigateway;
pub mod app;
pub mod cli;
pub mod connection;
pub mod dynamodb;
pub mod lambda;
pub mod local_lambda;
pub mod logging;
pub mod logs;
pub mod shared;
pub mod shell;

pub use app::{AppOptions, StratusApp};
