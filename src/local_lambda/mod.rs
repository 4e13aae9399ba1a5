//! Running functions locally: Stratus serves the Lambda Runtime API itself and starts the
//! function's runtime as a child process (Python, Node.js, or a `provided` bootstrap), with
//! the deployed function's configuration. No Docker.

pub mod calls;
pub mod code_download;
pub mod model;
pub mod tab;
pub mod ui;
