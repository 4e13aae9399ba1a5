//! Building a connection's SDK clients, and reading the AWS config files.

pub mod clients;
pub mod identity;
pub mod profiles;

pub use clients::AwsClients;
