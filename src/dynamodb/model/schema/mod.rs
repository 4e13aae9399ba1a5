//! A table's schema read off its items: paths, types, presence, examples, key templates and
//! enumerations, per entity when items are of several kinds; exported as Dynamoose models,
//! TypeScript interfaces and JSON Schema; and, once accepted, checked against edits.

pub mod accepted;
pub mod entities;
pub mod export_dynamoose;
pub mod export_format;
pub mod export_json_schema;
pub mod export_typescript;
pub mod from_store;
pub mod infer;
pub mod naming;
pub mod path;
pub mod path_stats;
pub mod string_shape;

#[cfg(test)]
mod tests;

pub use accepted::{AcceptedSchema, SchemaWarning};
pub use entities::{Discriminator, EntitiesBuilder, EntitySchema};
pub use export_format::SchemaFormat;
pub use from_store::{StoreSchema, infer_store};
pub use infer::{AttributeSchema, InferredSchema, SchemaBuilder};
pub use path::{SchemaPath, Segment};
