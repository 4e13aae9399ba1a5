//! Helpers every service's SDK calls share: error mapping, paging, polling, plain HTTP.

pub mod error;
pub mod http_client;
pub mod pagination;
pub mod polling;
