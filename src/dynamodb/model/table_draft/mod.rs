//! The create-table form as typed ([`TableDraft`]) and its validation into a
//! [`TableSpec`](crate::dynamodb::model::table_spec::TableSpec). Checking here lets the form
//! show every mistake at its field at once, instead of one ValidationException per attempt.

mod checker;
mod drafts;
mod fields;
mod validate;

pub use drafts::{
    BillingChoice, CapacityDraft, GsiDraft, KeyDraft, LsiDraft, ProjectionChoice, ProjectionDraft,
    TableDraft,
};
pub use fields::{FieldError, FieldId};
