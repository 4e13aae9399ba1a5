//! A Dynamoose (v4) schema and model of a schema, in JavaScript or TypeScript. Loading it
//! touches nothing: the model neither creates, updates nor waits for the table.

use super::export_typescript::interface_body;
use super::infer::{AttributeSchema, InferredSchema};
use super::naming::{literal, type_name};
use crate::dynamodb::model::attribute::AttrType;
use crate::dynamodb::model::table_details::{KeyRole, TableDetails};

/// Which language the model is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    JavaScript,
    TypeScript,
}

/// The model of `table`'s items (or of one entity's, which shares the table).
pub fn dynamoose_model(
    schema: &InferredSchema,
    table: &TableDetails,
    entity: Option<&str>,
    language: Language,
) -> String {
    let model = type_name(entity.unwrap_or(&table.name));
    let writer = Writer { schema, table };
    let mut out = format!(
        "// Dynamoose model of the DynamoDB table {}{}, read by Stratus from {} item{}.\n\
         // Loading it touches nothing: create, update and waitForActive are off.\n\
         // Numbers are JavaScript numbers: past 15 significant digits they lose precision.\n",
        literal(&table.name),
        entity
            .map(|e| format!(" (entity {})", literal(e)))
            .unwrap_or_default(),
        schema.items,
        if schema.items == 1 { "" } else { "s" }
    );
    if schema.attributes.iter().any(|a| a.beyond_js_numbers > 0) {
        out.push_str(
            "// Numbers past 2^53 arrive as BigInt, which Dynamoose's Number refuses: their \
             attributes are typed dynamoose.type.ANY.\n",
        );
    }
    match language {
        Language::JavaScript => out.push_str("const dynamoose = require(\"dynamoose\");\n\n"),
        Language::TypeScript => {
            out.push_str("import * as dynamoose from \"dynamoose\";\n");
            out.push_str("import { Item } from \"dynamoose/dist/Item\";\n\n");
            out.push_str(&format!(
                "export interface {model}Item extends Item {}\n\n",
                interface_body(schema)
            ));
        }
    }
    let export = match language {
        Language::JavaScript => "",
        Language::TypeScript => "export ",
    };
    out.push_str(&format!(
        "{export}const {model}Schema = new dynamoose.Schema(\n  {},\n  {{ \"saveUnknown\": {} }}\n);\n\n",
        writer.members(None, 1),
        schema.truncated
    ));
    let generic = match language {
        Language::JavaScript => String::new(),
        Language::TypeScript => format!("<{model}Item>"),
    };
    out.push_str(&format!(
        "{export}const {model} = dynamoose.model{generic}({}, {model}Schema, {{\n  \"tableName\": {},\n  \"create\": false,\n  \"update\": false,\n  \"waitForActive\": false,\n}});\n",
        literal(entity.unwrap_or(&table.name)),
        literal(&table.name),
    ));
    if language == Language::JavaScript {
        out.push_str(&format!(
            "\nmodule.exports = {{ {model}, {model}Schema }};\n"
        ));
    }
    out
}

struct Writer<'a> {
    schema: &'a InferredSchema,
    table: &'a TableDetails,
}

impl Writer<'_> {
    /// `{ "name": definition, ... }` for the keys under `parent` (`None`: the item).
    fn members(&self, parent: Option<&AttributeSchema>, indent: usize) -> String {
        let children = self.schema.children(parent);
        let pad = "  ".repeat(indent + 1);
        let mut out = String::from("{\n");
        for child in children {
            let name = child.path.last_key().unwrap_or_default();
            let settings = if parent.is_none() {
                self.key_settings(name)
            } else {
                Vec::new()
            };
            out.push_str(&format!(
                "{pad}{}: {},\n",
                literal(name),
                self.definition(child, settings, indent + 1)
            ));
        }
        out.push_str(&"  ".repeat(indent));
        out.push('}');
        out
    }

    /// `{ "type": ..., "schema": ..., "required": ..., ... }` for one path.
    fn definition(
        &self,
        attribute: &AttributeSchema,
        settings: Vec<String>,
        indent: usize,
    ) -> String {
        let types = attribute.type_list();
        let mut fields = Vec::new();
        let big_numbers = attribute.beyond_js_numbers > 0;
        match types.as_slice() {
            // The SDK hands numbers past 2^53 over as BigInt, which Dynamoose's Number refuses.
            _ if big_numbers
                && types
                    .iter()
                    .any(|t| matches!(t, AttrType::N | AttrType::Ns)) =>
            {
                fields.push("\"type\": dynamoose.type.ANY".to_owned());
                fields.push("\"schema\": dynamoose.type.ANY".to_owned());
            }
            [single] => {
                fields.push(format!("\"type\": {}", constructor(*single)));
                if let Some(schema) = self.nested(attribute, *single, indent) {
                    fields.push(format!("\"schema\": {schema}"));
                }
            }
            several if several.iter().all(|t| is_scalar(*t)) => {
                let list: Vec<&str> = several.iter().map(|t| constructor(*t)).collect();
                fields.push(format!("\"type\": [{}]", list.join(", ")));
            }
            // Nested values of several types: Dynamoose cannot say "a map or a string".
            _ => {
                fields.push("\"type\": dynamoose.type.ANY".to_owned());
                fields.push("\"schema\": dynamoose.type.ANY".to_owned());
            }
        }
        if attribute.required() {
            fields.push("\"required\": true".to_owned());
        }
        if let (Some(values), [AttrType::S]) = (&attribute.enumeration, types.as_slice()) {
            let values: Vec<String> = values.iter().map(|(v, _)| literal(v)).collect();
            fields.push(format!("\"enum\": [{}]", values.join(", ")));
        }
        fields.extend(settings);
        let pad = "  ".repeat(indent + 1);
        let mut out = String::from("{\n");
        for field in fields {
            out.push_str(&format!("{pad}{field},\n"));
        }
        out.push_str(&"  ".repeat(indent));
        out.push('}');
        out
    }

    /// The `schema` of a map, list or set.
    fn nested(&self, attribute: &AttributeSchema, t: AttrType, indent: usize) -> Option<String> {
        match t {
            AttrType::M => Some(self.members(Some(attribute), indent)),
            AttrType::L => Some(match self.schema.element(attribute) {
                Some(element) => format!("[{}]", self.definition(element, Vec::new(), indent)),
                // Only empty lists were seen.
                None => "dynamoose.type.ANY".to_owned(),
            }),
            AttrType::Ss => Some("[String]".to_owned()),
            AttrType::Ns => Some("[Number]".to_owned()),
            AttrType::Bs => Some("[Buffer]".to_owned()),
            AttrType::S | AttrType::N | AttrType::B | AttrType::Bool | AttrType::Null => None,
        }
    }

    /// `hashKey`, `rangeKey` and `index` settings of a top-level attribute.
    fn key_settings(&self, name: &str) -> Vec<String> {
        let mut settings = Vec::new();
        for key in self.table.key_schema.iter().filter(|k| k.name == name) {
            settings.push(match key.role {
                KeyRole::Partition => "\"hashKey\": true".to_owned(),
                KeyRole::Sort => "\"rangeKey\": true".to_owned(),
            });
        }
        let mut indexes = Vec::new();
        for index in &self.table.indexes {
            let hash = index.keys.iter().find(|k| k.role == KeyRole::Partition);
            let range = index.keys.iter().find(|k| k.role == KeyRole::Sort);
            // A global index is declared on its partition key, a local one on its sort key.
            let declared_on = if index.global { hash } else { range };
            if declared_on.is_none_or(|k| k.name != name) {
                continue;
            }
            let mut fields = vec![
                format!("\"name\": {}", literal(&index.name)),
                format!(
                    "\"type\": {}",
                    literal(if index.global { "global" } else { "local" })
                ),
            ];
            if index.global
                && let Some(range) = range
            {
                fields.push(format!("\"rangeKey\": {}", literal(&range.name)));
            }
            fields.push(format!("\"project\": {}", projection(&index.projection)));
            indexes.push(format!("{{ {} }}", fields.join(", ")));
        }
        if !indexes.is_empty() {
            settings.push(format!("\"index\": [{}]", indexes.join(", ")));
        }
        settings
    }
}

/// `ALL` → `true`, `KEYS_ONLY` → `false`, `INCLUDE (a, b)` → `["a", "b"]`.
fn projection(text: &str) -> String {
    match text.strip_prefix("INCLUDE") {
        Some(rest) => {
            let names: Vec<String> = rest
                .trim()
                .trim_start_matches('(')
                .trim_end_matches(')')
                .split(", ")
                .filter(|n| !n.is_empty())
                .map(literal)
                .collect();
            format!("[{}]", names.join(", "))
        }
        None if text == "KEYS_ONLY" => "false".to_owned(),
        None => "true".to_owned(),
    }
}

fn is_scalar(t: AttrType) -> bool {
    matches!(
        t,
        AttrType::S | AttrType::N | AttrType::B | AttrType::Bool | AttrType::Null
    )
}

fn constructor(t: AttrType) -> &'static str {
    match t {
        AttrType::S => "String",
        AttrType::N => "Number",
        AttrType::B => "Buffer",
        AttrType::Bool => "Boolean",
        AttrType::Null => "dynamoose.type.NULL",
        AttrType::L => "Array",
        AttrType::M => "Object",
        AttrType::Ss | AttrType::Ns | AttrType::Bs => "Set",
    }
}
