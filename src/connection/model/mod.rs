//! What a connection is, as pure data.

pub mod connection;
pub mod connection_colour;
pub mod health;
pub mod regions;
pub mod table_size;

pub use connection::{ConnectionSpec, EndpointPreset, StaticCredentials};
pub use connection_colour::ConnectionColour;
