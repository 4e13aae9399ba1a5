//! Go, AWS SDK v2: `dynamodb.<Op>Input` with `types.AttributeValueMember…` values; binary as
//! `[]byte` literals, byte for byte.

use super::{Field, RequestCode, Value, response_name};
use crate::dynamodb::model::attribute::AttrValue;
use crate::shared::model::request_code::layout::Node;
use crate::shared::model::request_code::literals::{go_bytes, go_string};
use crate::shared::model::request_code::{CodeLanguage, CodeTarget, comment_lines};

fn scalar(tag: &str, inner: &str) -> Node {
    Node::atom(format!(
        "&types.AttributeValueMember{tag}{{Value: {inner}}}"
    ))
}

/// A list, map or set member: `&types.AttributeValueMemberL{Value: []types.AttributeValue{…}}`.
fn container(tag: &str, literal_type: &str, items: Vec<Node>) -> Node {
    Node::group(
        format!("&types.AttributeValueMember{tag}{{Value: {literal_type}{{"),
        items,
        "}}",
    )
}

fn attribute(value: &AttrValue) -> Node {
    let strings = |items: &[Box<str>]| -> Vec<Node> {
        items.iter().map(|s| Node::atom(go_string(s))).collect()
    };
    match value {
        AttrValue::S(s) => scalar("S", &go_string(s)),
        AttrValue::N(n) => scalar("N", &go_string(n)),
        AttrValue::B(b) => scalar("B", &go_bytes(b)),
        AttrValue::Bool(b) => scalar("BOOL", &b.to_string()),
        AttrValue::Null => scalar("NULL", "true"),
        AttrValue::L(items) => container(
            "L",
            "[]types.AttributeValue",
            items.iter().map(attribute).collect(),
        ),
        AttrValue::M(entries) => container(
            "M",
            "map[string]types.AttributeValue",
            map_entries(entries.iter().map(|(k, v)| (&**k, v))),
        ),
        AttrValue::Ss(items) => container("SS", "[]string", strings(items)),
        AttrValue::Ns(items) => container("NS", "[]string", strings(items)),
        AttrValue::Bs(items) => container(
            "BS",
            "[][]byte",
            items.iter().map(|b| Node::atom(go_bytes(b))).collect(),
        ),
    }
}

fn map_entries<'a>(entries: impl Iterator<Item = (&'a str, &'a AttrValue)>) -> Vec<Node> {
    entries
        .map(|(k, v)| Node::entry(format!("{}: ", go_string(k)), attribute(v)))
        .collect()
}

fn value(value: &Value) -> Node {
    match value {
        Value::Str(text) => Node::atom(format!("aws.String({})", go_string(text))),
        Value::Int(n) => Node::atom(format!("aws.Int32({n})")),
        Value::Bool(b) => Node::atom(format!("aws.Bool({b})")),
        Value::Enum(e) => Node::atom(format!("types.{}{}", e.type_name, e.pascal())),
        Value::Names(names) => Node::group(
            "map[string]string{",
            names
                .iter()
                .map(|(k, v)| Node::entry(format!("{}: ", go_string(k)), Node::atom(go_string(v))))
                .collect(),
            "}",
        ),
        Value::Attributes(entries) => Node::group(
            "map[string]types.AttributeValue{",
            map_entries(entries.iter().map(|(k, v)| (k.as_str(), v))),
            "}",
        ),
        Value::AttributeList(items) => Node::group(
            "[]types.AttributeValue{",
            items.iter().map(attribute).collect(),
            "}",
        ),
        Value::Transact(parts) => Node::group(
            "[]types.TransactWriteItem{",
            parts
                .iter()
                .map(|part| {
                    let kind = part.kind.name();
                    Node::entry(
                        format!("{{{kind}: "),
                        Node::group(format!("&types.{kind}{{"), fields(&part.fields), "}}")
                            .broken(),
                    )
                })
                .collect(),
            "}",
        ),
    }
}

fn fields(fields: &[Field]) -> Vec<Node> {
    fields
        .iter()
        .map(|f| Node::entry(format!("{}: ", f.name), value(&f.value)))
        .collect()
}

/// Whether the code names `types.` (Go refuses an unused import).
fn uses_types(code: &RequestCode) -> bool {
    code.calls.iter().any(|call| {
        call.fields.iter().any(|f| {
            matches!(
                f.value,
                Value::Enum(_)
                    | Value::Attributes(_)
                    | Value::AttributeList(_)
                    | Value::Transact(_)
            )
        })
    })
}

pub(super) fn render(code: &RequestCode, target: &CodeTarget) -> String {
    let mut out = String::from("package main\n\n");
    out.push_str(
        "import (\n\t\"context\"\n\t\"fmt\"\n\t\"log\"\n\n\t\"github.com/aws/aws-sdk-go-v2/aws\"\n\t\"github.com/aws/aws-sdk-go-v2/config\"\n\t\"github.com/aws/aws-sdk-go-v2/service/dynamodb\"\n",
    );
    if uses_types(code) {
        out.push_str("\t\"github.com/aws/aws-sdk-go-v2/service/dynamodb/types\"\n");
    }
    out.push_str(")\n\n");
    if let Some(note) = &code.note {
        out.push_str(&comment_lines(CodeLanguage::Go, note, ""));
    }
    out.push_str("func main() {\n\tctx := context.Background()\n");
    let region = target
        .region
        .as_deref()
        .map(|r| format!(", config.WithRegion({})", go_string(r)))
        .unwrap_or_default();
    out.push_str(&format!(
        "\tcfg, err := config.LoadDefaultConfig(ctx{region})\n\tif err != nil {{\n\t\tlog.Fatal(err)\n\t}}\n"
    ));
    match &target.endpoint_url {
        Some(url) => out.push_str(&format!(
            "\tclient := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {{\n\t\to.BaseEndpoint = aws.String({})\n\t}})\n",
            go_string(url)
        )),
        None => out.push_str("\tclient := dynamodb.NewFromConfig(cfg)\n"),
    }
    for (i, call) in code.calls.iter().enumerate() {
        let name = response_name(code, i);
        let input = Node::group(
            format!("&dynamodb.{}Input{{", call.op.name()),
            fields(&call.fields),
            "}",
        )
        .broken()
        .render("\t", "\t");
        out.push_str(&format!(
            "\t{name}, err := client.{}(ctx, {input})\n\tif err != nil {{\n\t\tlog.Fatal(err)\n\t}}\n\tfmt.Println({name})\n",
            call.op.name()
        ));
    }
    out.push_str("}\n");
    out
}
