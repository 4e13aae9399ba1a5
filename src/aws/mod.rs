//! Everything that talks to AWS. Knows nothing of egui: each function takes the clients and
//! returns model types or a [`ServiceError`](crate::model::ServiceError) naming the operation.

pub mod apigateway;
pub mod attribute_conversion;
pub mod clients;
pub mod dynamodb;
pub mod dynamodb_deletes;
pub mod dynamodb_items;
pub mod dynamodb_tables;
pub mod dynamodb_transfer;
pub mod dynamodb_writes;
pub mod error;
pub mod export_file;
pub mod fast_pages;
pub mod http_client;
pub mod lambda;
pub mod pagination;
pub mod polling;
pub mod profiles;

pub use clients::AwsClients;
