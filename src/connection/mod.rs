//! Connections: where Stratus points (profile, region, endpoint), the clients built from that,
//! and a connection's live state.

pub mod calls;
pub mod live_connection;
pub mod model;

pub use live_connection::{ConnectionId, LiveConnection};
