//! Pure data types shared by the SDK layer and the UI: no IO, no egui.

pub mod api_details;
pub mod api_parts;
pub mod attribute;
pub mod attribute_json;
pub mod cell_text;
pub mod connection;
pub mod connection_colour;
pub mod edit_tree;
pub mod event_templates;
pub mod expression;
pub mod function_details;
pub mod fuzzy;
pub mod invocation;
pub mod item_edit;
pub mod item_store;
pub mod lambda_log;
pub mod ordering;
pub mod query_draft;
pub mod regions;
pub mod resource;
pub mod route_event;
pub mod saved_events;
pub mod service_error;
pub mod table_details;
pub mod workspace;

pub use api_details::ApiDetails;
pub use attribute::{AttrType, AttrValue};
pub use connection::{ConnectionSpec, EndpointPreset, StaticCredentials};
pub use connection_colour::ConnectionColour;
pub use function_details::FunctionDetails;
pub use item_store::{ColumnId, ItemStore, RawItem};
pub use resource::{ApiSummary, FunctionSummary, ResourceRef, TableSummary};
pub use service_error::{ErrorKind, ServiceError};
pub use table_details::TableDetails;
