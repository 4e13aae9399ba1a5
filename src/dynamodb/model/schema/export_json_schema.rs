//! JSON Schema (draft 2020-12) of a schema, for items as plain JSON: the document form the
//! grid's *Copy as JSON* writes (numbers as JSON numbers, binary as base64 strings, sets as
//! arrays of unique elements, NULL as `null`), not DynamoDB JSON.

use super::infer::{AttributeSchema, InferredSchema};
use super::naming::literal;
use crate::dynamodb::model::attribute::AttrType;

/// The schema document for the items of `name`.
pub fn json_schema(schema: &InferredSchema, name: &str) -> String {
    let mut out = String::from("{\n");
    out.push_str("  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n");
    out.push_str(&format!("  \"title\": {},\n", literal(name)));
    out.push_str(&format!(
        "  \"$comment\": {},\n",
        literal(&format!(
            "Read by Stratus from {} items. Items as plain JSON, as Copy as JSON writes them: \
             numbers as JSON numbers, binary as base64 strings, sets as arrays of unique \
             elements, NULL as null.",
            schema.items
        ))
    ));
    out.push_str(&object_fields(schema, None, 1));
    out.push_str("\n}\n");
    out
}

/// `"type": "object", "properties": {...}, "required": [...]` for the map at `parent`.
fn object_fields(
    schema: &InferredSchema,
    parent: Option<&AttributeSchema>,
    indent: usize,
) -> String {
    let pad = "  ".repeat(indent);
    let children = schema.children(parent);
    let mut properties = Vec::new();
    let mut required = Vec::new();
    for child in &children {
        let name = child.path.last_key().unwrap_or_default();
        properties.push(format!(
            "{pad}  {}: {}",
            literal(name),
            value_schema(schema, child, indent + 1)
        ));
        if child.required() {
            required.push(literal(name));
        }
    }
    let mut out = format!("{pad}\"type\": \"object\"");
    if !properties.is_empty() {
        out.push_str(&format!(
            ",\n{pad}\"properties\": {{\n{}\n{pad}}}",
            properties.join(",\n")
        ));
    }
    if !required.is_empty() {
        out.push_str(&format!(",\n{pad}\"required\": [{}]", required.join(", ")));
    }
    out
}

/// The schema of the values at one path: `anyOf` when several types were seen.
fn value_schema(schema: &InferredSchema, attribute: &AttributeSchema, indent: usize) -> String {
    let mut alternatives: Vec<String> = attribute
        .type_list()
        .into_iter()
        .map(|t| type_schema(schema, attribute, t, indent))
        .collect();
    alternatives.dedup();
    match alternatives.len() {
        0 => "{}".to_owned(),
        1 => alternatives.remove(0),
        _ => {
            let pad = "  ".repeat(indent + 1);
            format!(
                "{{\n{pad}\"anyOf\": [\n{pad}  {}\n{pad}]\n{}}}",
                alternatives.join(&format!(",\n{pad}  ")),
                "  ".repeat(indent)
            )
        }
    }
}

fn type_schema(
    schema: &InferredSchema,
    attribute: &AttributeSchema,
    t: AttrType,
    indent: usize,
) -> String {
    let set = |items: &str| {
        format!("{{ \"type\": \"array\", \"uniqueItems\": true, \"items\": {items} }}")
    };
    match t {
        AttrType::S => match &attribute.enumeration {
            Some(values) => {
                let values: Vec<String> = values.iter().map(|(v, _)| literal(v)).collect();
                format!(
                    "{{ \"type\": \"string\", \"enum\": [{}] }}",
                    values.join(", ")
                )
            }
            None => "{ \"type\": \"string\" }".to_owned(),
        },
        AttrType::N => "{ \"type\": \"number\" }".to_owned(),
        AttrType::B => BINARY.to_owned(),
        AttrType::Bool => "{ \"type\": \"boolean\" }".to_owned(),
        AttrType::Null => "{ \"type\": \"null\" }".to_owned(),
        AttrType::M => format!(
            "{{\n{}\n{}}}",
            object_fields(schema, Some(attribute), indent + 1),
            "  ".repeat(indent)
        ),
        AttrType::L => match schema.element(attribute) {
            Some(element) => format!(
                "{{ \"type\": \"array\", \"items\": {} }}",
                value_schema(schema, element, indent)
            ),
            None => "{ \"type\": \"array\" }".to_owned(),
        },
        AttrType::Ss => set("{ \"type\": \"string\" }"),
        AttrType::Ns => set("{ \"type\": \"number\" }"),
        AttrType::Bs => set(BINARY),
    }
}

const BINARY: &str = "{ \"type\": \"string\", \"contentEncoding\": \"base64\" }";
