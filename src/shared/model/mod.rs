//! Shared pure types. No IO.

pub mod fuzzy;
pub mod http_exchange;
pub mod json_text;
pub mod redaction;
pub mod request_code;
pub mod resource;
pub mod service_error;
pub mod tab_id;
pub mod tab_request;

pub use resource::{ApiSummary, FunctionSummary, ResourceRef, TableSummary};
pub use service_error::{ErrorKind, ServiceError};
pub use tab_id::TabId;
pub use tab_request::TabRequest;
