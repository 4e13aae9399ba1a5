//! Python, boto3's client API with DynamoDB JSON; binary as `bytes`.

use super::{Field, RequestCode, Value, has_binary, response_name};
use crate::dynamodb::model::attribute::AttrValue;
use crate::shared::model::request_code::layout::Node;
use crate::shared::model::request_code::literals::{base64_text, py_string, snake_case};
use crate::shared::model::request_code::{CodeLanguage, CodeTarget, comment_lines};

fn dict(entries: Vec<Node>) -> Node {
    Node::group("{", entries, "}")
}

fn entry(key: &str, value: Node) -> Node {
    Node::entry(format!("{}: ", py_string(key)), value)
}

fn bytes(b: &[u8]) -> Node {
    Node::atom(format!("base64.b64decode({})", py_string(&base64_text(b))))
}

fn attribute(value: &AttrValue) -> Node {
    let tagged = |tag: &str, inner: Node| dict(vec![entry(tag, inner)]);
    let strings = |items: &[Box<str>]| {
        Node::group(
            "[",
            items.iter().map(|s| Node::atom(py_string(s))).collect(),
            "]",
        )
    };
    match value {
        AttrValue::S(s) => tagged("S", Node::atom(py_string(s))),
        AttrValue::N(n) => tagged("N", Node::atom(py_string(n))),
        AttrValue::B(b) => tagged("B", bytes(b)),
        AttrValue::Bool(b) => tagged("BOOL", Node::atom(if *b { "True" } else { "False" })),
        AttrValue::Null => tagged("NULL", Node::atom("True")),
        AttrValue::L(items) => tagged(
            "L",
            Node::group("[", items.iter().map(attribute).collect(), "]"),
        ),
        AttrValue::M(entries) => tagged(
            "M",
            dict(
                entries
                    .iter()
                    .map(|(k, v)| entry(k, attribute(v)))
                    .collect(),
            ),
        ),
        AttrValue::Ss(items) => tagged("SS", strings(items)),
        AttrValue::Ns(items) => tagged("NS", strings(items)),
        AttrValue::Bs(items) => tagged(
            "BS",
            Node::group("[", items.iter().map(|b| bytes(b)).collect(), "]"),
        ),
    }
}

fn value(value: &Value) -> Node {
    match value {
        Value::Str(text) => Node::atom(py_string(text)),
        Value::Int(n) => Node::atom(n.to_string()),
        Value::Bool(b) => Node::atom(if *b { "True" } else { "False" }),
        Value::Enum(e) => Node::atom(py_string(e.wire)),
        Value::Names(names) => dict(
            names
                .iter()
                .map(|(k, v)| entry(k, Node::atom(py_string(v))))
                .collect(),
        ),
        Value::Attributes(entries) => dict(
            entries
                .iter()
                .map(|(k, v)| entry(k, attribute(v)))
                .collect(),
        ),
        Value::AttributeList(items) => Node::group("[", items.iter().map(attribute).collect(), "]"),
        Value::Transact(parts) => Node::group(
            "[",
            parts
                .iter()
                .map(|part| {
                    let fields = part
                        .fields
                        .iter()
                        .map(|f| entry(f.name, self::value(&f.value)))
                        .collect();
                    dict(vec![entry(part.kind.name(), dict(fields))])
                })
                .collect(),
            "]",
        ),
    }
}

fn arguments(fields: &[Field]) -> Node {
    Node::group(
        "(",
        fields
            .iter()
            .map(|f| Node::entry(format!("{}=", f.name), value(&f.value)))
            .collect(),
        ")",
    )
    .broken()
}

pub(super) fn render(code: &RequestCode, target: &CodeTarget) -> String {
    let mut out = code
        .note
        .as_deref()
        .map(|note| comment_lines(CodeLanguage::Python, note, ""))
        .unwrap_or_default();
    if has_binary(code) {
        out.push_str("import base64\n\n");
    }
    out.push_str("import boto3\n\n");
    let mut client = vec![Node::atom("\"dynamodb\"")];
    if let Some(region) = &target.region {
        client.push(Node::atom(format!("region_name={}", py_string(region))));
    }
    if let Some(url) = &target.endpoint_url {
        client.push(Node::atom(format!("endpoint_url={}", py_string(url))));
    }
    out.push_str(&format!(
        "client = boto3.client{}\n",
        Node::group("(", client, ")").render("", "    ")
    ));
    for (i, call) in code.calls.iter().enumerate() {
        let name = response_name(code, i);
        out.push_str(&format!(
            "\n{name} = client.{}{}\nprint({name})\n",
            snake_case(call.op.name()),
            arguments(&call.fields).render("", "    ")
        ));
    }
    out
}
