//! The background bridge: SDK calls run on tokio, the UI polls their results.

pub mod backend;
pub mod request;
