//! Pure data types shared by the SDK layer and the UI: no IO, no egui.

pub mod api_details;
pub mod connection;
pub mod function_details;
pub mod regions;
pub mod resource;
pub mod service_error;
pub mod table_details;

pub use api_details::ApiDetails;
pub use connection::{ConnectionSpec, EndpointPreset, StaticCredentials};
pub use function_details::FunctionDetails;
pub use resource::{ApiSummary, FunctionSummary, ResourceRef, TableSummary};
pub use service_error::{ErrorKind, ServiceError};
pub use table_details::TableDetails;
