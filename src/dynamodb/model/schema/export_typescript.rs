//! TypeScript interfaces of a schema: the item as the Document client and Dynamoose hand it
//! over (numbers as `number`, binary as `Buffer`, sets as `Set`).

use super::infer::{AttributeSchema, InferredSchema};
use super::naming::{literal, property, type_name};
use crate::dynamodb::model::attribute::AttrType;

/// `export interface Name { ... }` for the schema's items.
pub fn typescript_interfaces(schema: &InferredSchema, name: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "// The items of {}, as Stratus read them from {} item{}.\n\
         // Numbers are JavaScript numbers: past 15 significant digits they lose precision.\n",
        literal(name),
        schema.items,
        if schema.items == 1 { "" } else { "s" }
    ));
    out.push_str(&format!("export interface {} ", type_name(name)));
    out.push_str(&interface_body(schema));
    out.push('\n');
    out
}

/// The members of an interface for the items: `{}` when there are none.
pub fn interface_body(schema: &InferredSchema) -> String {
    if schema.children(None).is_empty() {
        "{}".to_owned()
    } else {
        object_type(schema, None, 0)
    }
}

/// The members of the map at `parent` (`None`: the item), as `{ ... }`.
pub fn object_type(
    schema: &InferredSchema,
    parent: Option<&AttributeSchema>,
    indent: usize,
) -> String {
    let children = schema.children(parent);
    if children.is_empty() {
        return "Record<string, unknown>".to_owned();
    }
    let pad = "  ".repeat(indent + 1);
    let mut out = String::from("{\n");
    for child in children {
        let name = child.path.last_key().unwrap_or_default();
        out.push_str(&format!(
            "{pad}{}{}: {};\n",
            property(name),
            if child.required() { "" } else { "?" },
            value_type(schema, child, indent + 1)
        ));
    }
    out.push_str(&"  ".repeat(indent));
    out.push('}');
    out
}

/// The TypeScript type of the values at one path: a union when several types were seen.
pub fn value_type(schema: &InferredSchema, attribute: &AttributeSchema, indent: usize) -> String {
    let types = attribute.type_list();
    let mut parts: Vec<String> = types
        .iter()
        .map(|t| match t {
            AttrType::S => match &attribute.enumeration {
                Some(values) => values
                    .iter()
                    .map(|(v, _)| literal(v))
                    .collect::<Vec<_>>()
                    .join(" | "),
                None => "string".to_owned(),
            },
            AttrType::N if attribute.beyond_js_numbers > 0 => "number | bigint".to_owned(),
            AttrType::N => "number".to_owned(),
            AttrType::B => "Buffer".to_owned(),
            AttrType::Bool => "boolean".to_owned(),
            AttrType::Null => "null".to_owned(),
            AttrType::M => object_type(schema, Some(attribute), indent),
            AttrType::L => match schema.element(attribute) {
                Some(element) => format!("Array<{}>", value_type(schema, element, indent)),
                None => "unknown[]".to_owned(),
            },
            AttrType::Ss => "Set<string>".to_owned(),
            AttrType::Ns if attribute.beyond_js_numbers > 0 => "Set<number | bigint>".to_owned(),
            AttrType::Ns => "Set<number>".to_owned(),
            AttrType::Bs => "Set<Buffer>".to_owned(),
        })
        .collect();
    parts.dedup();
    match parts.len() {
        0 => "unknown".to_owned(),
        1 => parts.remove(0),
        _ => parts.join(" | "),
    }
}
