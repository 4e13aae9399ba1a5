//! Rust, aws-sdk-rust: the fluent builders Stratus itself uses; binary as `Blob`s of byte
//! string literals.

use super::{Field, RequestCode, Value, has_binary, response_name};
use crate::dynamodb::model::attribute::AttrValue;
use crate::shared::model::request_code::layout::Node;
use crate::shared::model::request_code::literals::{rust_bytes, rust_string, snake_case};
use crate::shared::model::request_code::{CodeLanguage, CodeTarget, comment_lines};

fn owned(text: &str) -> Node {
    Node::atom(format!("{}.to_string()", rust_string(text)))
}

fn blob(bytes: &[u8]) -> Node {
    Node::atom(format!("Blob::new({}.to_vec())", rust_bytes(bytes)))
}

fn attribute(value: &AttrValue) -> Node {
    let variant =
        |name: &str, inner: Node| Node::call(format!("AttributeValue::{name}"), vec![inner]);
    let strings =
        |items: &[Box<str>]| Node::group("vec![", items.iter().map(|s| owned(s)).collect(), "]");
    match value {
        AttrValue::S(s) => variant("S", owned(s)),
        AttrValue::N(n) => variant("N", owned(n)),
        AttrValue::B(b) => variant("B", blob(b)),
        AttrValue::Bool(b) => variant("Bool", Node::atom(b.to_string())),
        AttrValue::Null => variant("Null", Node::atom("true")),
        AttrValue::L(items) => variant(
            "L",
            Node::group("vec![", items.iter().map(attribute).collect(), "]"),
        ),
        AttrValue::M(entries) if entries.is_empty() => variant("M", Node::atom("HashMap::new()")),
        AttrValue::M(entries) => variant(
            "M",
            Node::group(
                "HashMap::from([",
                entries
                    .iter()
                    .map(|(k, v)| {
                        Node::group("(", vec![owned(k), attribute(v)], ")").without_trailing_comma()
                    })
                    .collect(),
                "])",
            ),
        ),
        AttrValue::Ss(items) => variant("Ss", strings(items)),
        AttrValue::Ns(items) => variant("Ns", strings(items)),
        AttrValue::Bs(items) => variant(
            "Bs",
            Node::group("vec![", items.iter().map(|b| blob(b)).collect(), "]"),
        ),
    }
}

/// The builder calls for one field: maps and lists take one call per entry.
fn links(field: &Field) -> Vec<Node> {
    let method = format!(".{}", snake_case(field.name));
    let text = |t: &str| Node::atom(rust_string(t));
    match &field.value {
        Value::Str(t) => vec![Node::call(method, vec![text(t)])],
        Value::Int(n) => vec![Node::call(method, vec![Node::atom(n.to_string())])],
        Value::Bool(b) => vec![Node::call(method, vec![Node::atom(b.to_string())])],
        Value::Enum(e) => vec![Node::call(
            method,
            vec![Node::atom(format!("{}::{}", e.type_name, e.pascal()))],
        )],
        Value::Names(names) => names
            .iter()
            .map(|(k, v)| Node::call(method.clone(), vec![text(k), text(v)]))
            .collect(),
        Value::Attributes(entries) => entries
            .iter()
            .map(|(k, v)| Node::call(method.clone(), vec![text(k), attribute(v)]))
            .collect(),
        Value::AttributeList(items) => items
            .iter()
            .map(|v| Node::call(method.clone(), vec![attribute(v)]))
            .collect(),
        Value::Transact(parts) => parts
            .iter()
            .map(|part| {
                let kind = part.kind.name();
                let mut inner: Vec<Node> = part.fields.iter().flat_map(links).collect();
                inner.push(Node::atom(".build()?"));
                let write = Node::chain(format!("{kind}::builder()"), inner).broken();
                let item = Node::chain(
                    "TransactWriteItem::builder()",
                    vec![
                        Node::call(format!(".{}", snake_case(kind)), vec![write]),
                        Node::atom(".build()"),
                    ],
                )
                .broken();
                Node::call(method.clone(), vec![item])
            })
            .collect(),
    }
}

/// The `use` lines the code needs (unused ones would only warn, but the code should be tidy).
fn imports(code: &RequestCode, text: &str) -> String {
    let mut uses = Vec::new();
    if has_binary(code) {
        uses.push("use aws_sdk_dynamodb::primitives::Blob;");
    }
    let mut types = Vec::new();
    if text.contains("AttributeValue::") {
        types.push("AttributeValue");
    }
    for name in ["Delete", "Put", "ReturnValue", "TransactWriteItem"] {
        if text.contains(&format!("{name}::")) {
            types.push(name);
        }
    }
    let types_line = match types.as_slice() {
        [] => String::new(),
        [one] => format!("use aws_sdk_dynamodb::types::{one};"),
        many => format!("use aws_sdk_dynamodb::types::{{{}}};", many.join(", ")),
    };
    if !types_line.is_empty() {
        uses.push(&types_line);
    }
    let mut out: String = uses.iter().map(|line| format!("{line}\n")).collect();
    if text.contains("HashMap::") {
        out = format!("use std::collections::HashMap;\n\n{out}");
    }
    out
}

pub(super) fn render(code: &RequestCode, target: &CodeTarget) -> String {
    let mut body = String::new();
    body.push_str(
        "#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {\n    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())\n",
    );
    if let Some(region) = &target.region {
        body.push_str(&format!("        .region({})\n", rust_string(region)));
    }
    if let Some(url) = &target.endpoint_url {
        body.push_str(&format!("        .endpoint_url({})\n", rust_string(url)));
    }
    body.push_str("        .load()\n        .await;\n    let client = aws_sdk_dynamodb::Client::new(&config);\n");
    for (i, call) in code.calls.iter().enumerate() {
        let name = response_name(code, i);
        let mut chain = vec![Node::atom(format!(".{}()", snake_case(call.op.name())))];
        chain.extend(call.fields.iter().flat_map(links));
        chain.push(Node::atom(".send()"));
        chain.push(Node::atom(".await?;"));
        let chain = Node::chain("client", chain).broken().render("    ", "    ");
        body.push_str(&format!(
            "    let {name} = {chain}\n    println!(\"{{{name}:?}}\");\n"
        ));
    }
    body.push_str("    Ok(())\n}\n");
    let mut out = String::from(
        "// Cargo.toml: aws-config = \"1\", aws-sdk-dynamodb = \"1\", tokio = { version = \"1\", features = [\"full\"] }\n",
    );
    if let Some(note) = &code.note {
        out.push_str(&comment_lines(CodeLanguage::Rust, note, ""));
    }
    let uses = imports(code, &body);
    if !uses.is_empty() {
        out.push_str(&uses);
        out.push('\n');
    }
    out.push_str(&body);
    out
}
