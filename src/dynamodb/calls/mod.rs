//! DynamoDB SDK calls (no egui): each takes the clients and returns model types or a
//! readable [`ServiceError`](crate::shared::model::ServiceError).

pub mod admin;
pub mod attribute_conversion;
pub mod deletes;
pub mod export_file;
pub mod fast_pages;
pub mod items;
pub mod schema_sample;
pub mod stream;
pub mod tables;
pub mod transfer;
pub mod writes;
