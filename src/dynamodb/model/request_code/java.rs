//! Java, AWS SDK v2: request builders with `AttributeValue.fromS(…)` values; binary as
//! `SdkBytes` decoded from base64.

use std::collections::BTreeSet;

use super::{Field, RequestCode, Value, response_name};
use crate::dynamodb::model::attribute::AttrValue;
use crate::shared::model::request_code::layout::Node;
use crate::shared::model::request_code::literals::{base64_text, camel_case, java_string};
use crate::shared::model::request_code::{CodeLanguage, CodeTarget, comment_lines};

const MODEL: &str = "software.amazon.awssdk.services.dynamodb.model";

/// Collects the classes the code names, for its imports.
#[derive(Default)]
struct Imports(BTreeSet<String>);

impl Imports {
    fn add(&mut self, class: &str) {
        self.0.insert(class.to_owned());
    }

    fn model(&mut self, class: &str) {
        self.add(&format!("{MODEL}.{class}"));
    }
}

fn list(items: Vec<Node>, imports: &mut Imports) -> Node {
    imports.add("java.util.List");
    Node::call("List.of", items)
}

fn map(entries: Vec<(Node, Node)>, imports: &mut Imports) -> Node {
    imports.add("java.util.Map");
    if entries.is_empty() {
        return Node::atom("Map.of()");
    }
    Node::call(
        "Map.ofEntries",
        entries
            .into_iter()
            .map(|(k, v)| Node::call("Map.entry", vec![k, v]))
            .collect(),
    )
}

fn bytes(b: &[u8], imports: &mut Imports) -> Node {
    imports.add("java.util.Base64");
    imports.add("software.amazon.awssdk.core.SdkBytes");
    Node::atom(format!(
        "SdkBytes.fromByteArray(Base64.getDecoder().decode({}))",
        java_string(&base64_text(b))
    ))
}

fn attribute(value: &AttrValue, imports: &mut Imports) -> Node {
    imports.model("AttributeValue");
    let text = |t: &str| Node::atom(java_string(t));
    let (factory, argument) = match value {
        AttrValue::S(s) => ("fromS", text(s)),
        AttrValue::N(n) => ("fromN", text(n)),
        AttrValue::B(b) => ("fromB", bytes(b, imports)),
        AttrValue::Bool(b) => ("fromBool", Node::atom(b.to_string())),
        AttrValue::Null => ("fromNul", Node::atom("true")),
        AttrValue::L(items) => {
            let items = items.iter().map(|v| attribute(v, imports)).collect();
            ("fromL", list(items, imports))
        }
        AttrValue::M(entries) => {
            let entries = entries
                .iter()
                .map(|(k, v)| (text(k), attribute(v, imports)))
                .collect();
            ("fromM", map(entries, imports))
        }
        AttrValue::Ss(items) => (
            "fromSs",
            list(items.iter().map(|s| text(s)).collect(), imports),
        ),
        AttrValue::Ns(items) => (
            "fromNs",
            list(items.iter().map(|s| text(s)).collect(), imports),
        ),
        AttrValue::Bs(items) => {
            let items = items.iter().map(|b| bytes(b, imports)).collect();
            ("fromBs", list(items, imports))
        }
    };
    Node::call(format!("AttributeValue.{factory}"), vec![argument])
}

fn value(value: &Value, imports: &mut Imports) -> Node {
    let text = |t: &str| Node::atom(java_string(t));
    match value {
        Value::Str(t) => text(t),
        Value::Int(n) => Node::atom(n.to_string()),
        Value::Bool(b) => Node::atom(b.to_string()),
        Value::Enum(e) => {
            imports.model(e.type_name);
            Node::atom(format!("{}.{}", e.type_name, e.wire))
        }
        Value::Names(names) => map(
            names.iter().map(|(k, v)| (text(k), text(v))).collect(),
            imports,
        ),
        Value::Attributes(entries) => {
            let entries = entries
                .iter()
                .map(|(k, v)| (text(k), attribute(v, imports)))
                .collect();
            map(entries, imports)
        }
        Value::AttributeList(items) => {
            let items = items.iter().map(|v| attribute(v, imports)).collect();
            list(items, imports)
        }
        Value::Transact(parts) => {
            imports.model("TransactWriteItem");
            let items = parts
                .iter()
                .map(|part| {
                    let kind = part.kind.name();
                    imports.model(kind);
                    let write = builder(kind, &part.fields, imports);
                    Node::chain(
                        "TransactWriteItem.builder()",
                        vec![
                            Node::call(format!(".{}", camel_case(kind)), vec![write]),
                            Node::atom(".build()"),
                        ],
                    )
                    .broken()
                })
                .collect();
            list(items, imports)
        }
    }
}

/// `Class.builder().field(…)….build()`.
fn builder(class: &str, fields: &[Field], imports: &mut Imports) -> Node {
    let mut links: Vec<Node> = fields
        .iter()
        .map(|f| {
            Node::call(
                format!(".{}", camel_case(f.name)),
                vec![value(&f.value, imports)],
            )
        })
        .collect();
    links.push(Node::atom(".build()"));
    Node::chain(format!("{class}.builder()"), links).broken()
}

pub(super) fn render(code: &RequestCode, target: &CodeTarget) -> String {
    let mut imports = Imports::default();
    imports.add("software.amazon.awssdk.services.dynamodb.DynamoDbClient");
    let mut body =
        String::from("public class Request {\n    public static void main(String[] args) {\n");
    if let Some(note) = &code.note {
        body.push_str(&comment_lines(CodeLanguage::Java, note, "        "));
    }
    body.push_str("        try (DynamoDbClient client = DynamoDbClient.builder()\n");
    if let Some(region) = &target.region {
        imports.add("software.amazon.awssdk.regions.Region");
        body.push_str(&format!(
            "                .region(Region.of({}))\n",
            java_string(region)
        ));
    }
    if let Some(url) = &target.endpoint_url {
        imports.add("java.net.URI");
        body.push_str(&format!(
            "                .endpointOverride(URI.create({}))\n",
            java_string(url)
        ));
    }
    body.push_str("                .build()) {\n");
    for (i, call) in code.calls.iter().enumerate() {
        let class = format!("{}Request", call.op.name());
        imports.model(&class);
        let request = builder(&class, &call.fields, &mut imports).render("            ", "    ");
        let name = response_name(code, i);
        body.push_str(&format!(
            "            var {name} = client.{}({request});\n            System.out.println({name});\n",
            camel_case(call.op.name())
        ));
    }
    body.push_str("        }\n    }\n}\n");
    let mut out: String = imports
        .0
        .iter()
        .map(|class| format!("import {class};\n"))
        .collect();
    out.push('\n');
    out.push_str(&body);
    out
}
