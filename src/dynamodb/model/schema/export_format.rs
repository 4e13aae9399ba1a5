//! The export formats the Schema tab offers, and the file name each suggests.

use super::export_dynamoose::{Language, dynamoose_model};
use super::export_json_schema::json_schema;
use super::export_typescript::typescript_interfaces;
use super::infer::InferredSchema;
use super::naming::type_name;
use crate::dynamodb::model::table_details::TableDetails;

/// One way to write a schema out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaFormat {
    DynamooseJavaScript,
    DynamooseTypeScript,
    TypeScriptInterfaces,
    JsonSchema,
}

impl SchemaFormat {
    pub const ALL: [Self; 4] = [
        Self::DynamooseJavaScript,
        Self::DynamooseTypeScript,
        Self::TypeScriptInterfaces,
        Self::JsonSchema,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::DynamooseJavaScript => "Dynamoose model (JavaScript)",
            Self::DynamooseTypeScript => "Dynamoose model (TypeScript)",
            Self::TypeScriptInterfaces => "TypeScript interfaces",
            Self::JsonSchema => "JSON Schema",
        }
    }

    /// The file name suggested for `name` (the table or entity).
    pub fn file_name(self, name: &str) -> String {
        let base = type_name(name);
        match self {
            Self::DynamooseJavaScript => format!("{base}.model.js"),
            Self::DynamooseTypeScript => format!("{base}.model.ts"),
            Self::TypeScriptInterfaces => format!("{base}.d.ts"),
            Self::JsonSchema => format!("{base}.schema.json"),
        }
    }

    /// The schema written in this format. `entity` names the kind of item it describes, when
    /// the items were grouped.
    pub fn render(
        self,
        schema: &InferredSchema,
        table: &TableDetails,
        entity: Option<&str>,
    ) -> String {
        let name = entity.unwrap_or(&table.name);
        match self {
            Self::DynamooseJavaScript => {
                dynamoose_model(schema, table, entity, Language::JavaScript)
            }
            Self::DynamooseTypeScript => {
                dynamoose_model(schema, table, entity, Language::TypeScript)
            }
            Self::TypeScriptInterfaces => typescript_interfaces(schema, name),
            Self::JsonSchema => json_schema(schema, name),
        }
    }
}
