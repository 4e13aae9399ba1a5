//! JavaScript, AWS SDK v3: `@aws-sdk/client-dynamodb` commands with DynamoDB JSON, or the
//! lib-dynamodb document client with plain values. CommonJS, so it runs as a plain `.js` file.

use super::{RequestCode, Value, response_name};
use crate::dynamodb::model::attribute::{AttrValue, Decimal};
use crate::shared::model::request_code::layout::Node;
use crate::shared::model::request_code::literals::{base64_text, js_string};
use crate::shared::model::request_code::{CodeLanguage, CodeTarget, comment_lines};

/// Significant digits a JavaScript number keeps exactly.
const SAFE_DIGITS: usize = 15;

/// An object key: quoted, and `__proto__` computed so it stays an own property.
fn key(name: &str) -> String {
    if name == "__proto__" {
        format!("[{}]", js_string(name))
    } else {
        js_string(name)
    }
}

fn object(entries: Vec<Node>) -> Node {
    Node::group("{", entries, "}").padded()
}

fn buffer(bytes: &[u8]) -> Node {
    Node::atom(format!(
        "Buffer.from({}, \"base64\")",
        js_string(&base64_text(bytes))
    ))
}

/// DynamoDB JSON: `{ S: "…" }`, numbers as strings, binary as Buffers.
fn attribute(value: &AttrValue) -> Node {
    let tagged = |tag: &str, inner: Node| object(vec![Node::entry(format!("{tag}: "), inner)]);
    let strings = |items: &[Box<str>]| {
        Node::group(
            "[",
            items.iter().map(|s| Node::atom(js_string(s))).collect(),
            "]",
        )
    };
    match value {
        AttrValue::S(s) => tagged("S", Node::atom(js_string(s))),
        AttrValue::N(n) => tagged("N", Node::atom(js_string(n))),
        AttrValue::B(b) => tagged("B", buffer(b)),
        AttrValue::Bool(b) => tagged("BOOL", Node::atom(b.to_string())),
        AttrValue::Null => tagged("NULL", Node::atom("true")),
        AttrValue::L(items) => tagged(
            "L",
            Node::group("[", items.iter().map(attribute).collect(), "]"),
        ),
        AttrValue::M(entries) => tagged(
            "M",
            object(
                entries
                    .iter()
                    .map(|(k, v)| Node::entry(format!("{}: ", key(k)), attribute(v)))
                    .collect(),
            ),
        ),
        AttrValue::Ss(items) => tagged("SS", strings(items)),
        AttrValue::Ns(items) => tagged("NS", strings(items)),
        AttrValue::Bs(items) => tagged(
            "BS",
            Node::group("[", items.iter().map(|b| buffer(b)).collect(), "]"),
        ),
    }
}

/// The number as a JavaScript literal when a double keeps it and the SDK writes it back as
/// the same text (at most 15 significant digits, between 1e-6 and 1e15, already in the form
/// JavaScript prints: `2.50` would be stored as `2.5`), else `None`.
fn plain_number(text: &str) -> Option<String> {
    canonical_number(text).filter(|canonical| canonical == text)
}

fn canonical_number(text: &str) -> Option<String> {
    let decimal = Decimal::parse(text).ok()?;
    if decimal.is_zero() {
        return Some("0".to_owned());
    }
    if decimal.digits.len() > SAFE_DIGITS || !(-5..=15).contains(&decimal.exponent) {
        return None;
    }
    let digits: String = decimal
        .digits
        .iter()
        .map(|d| char::from(b'0' + d))
        .collect();
    let exponent = usize::try_from(decimal.exponent).unwrap_or(0);
    let body = if decimal.exponent <= 0 {
        let zeros = "0".repeat(usize::try_from(-decimal.exponent).unwrap_or(0));
        format!("0.{zeros}{digits}")
    } else if exponent >= digits.len() {
        format!("{digits}{}", "0".repeat(exponent - digits.len()))
    } else {
        format!("{}.{}", &digits[..exponent], &digits[exponent..])
    };
    Some(if decimal.negative {
        format!("-{body}")
    } else {
        body
    })
}

fn number_value(text: &str) -> Node {
    Node::atom(format!("new NumberValue({})", js_string(text)))
}

/// Plain values for the document client: numbers as numbers unless they would round
/// (`NumberValue` then), binary as Buffers, sets as `Set`s.
fn plain(value: &AttrValue) -> Node {
    let set = |items: Vec<Node>| Node::group("new Set([", items, "])");
    match value {
        AttrValue::S(s) => Node::atom(js_string(s)),
        AttrValue::N(n) => plain_number(n).map_or_else(|| number_value(n), Node::atom),
        AttrValue::B(b) => buffer(b),
        AttrValue::Bool(b) => Node::atom(b.to_string()),
        AttrValue::Null => Node::atom("null"),
        AttrValue::L(items) => Node::group("[", items.iter().map(plain).collect(), "]"),
        AttrValue::M(entries) => object(
            entries
                .iter()
                .map(|(k, v)| Node::entry(format!("{}: ", key(k)), plain(v)))
                .collect(),
        ),
        AttrValue::Ss(items) => set(items.iter().map(|s| Node::atom(js_string(s))).collect()),
        // A set is typed by its first member: all plain numbers, or all NumberValues.
        AttrValue::Ns(items) => {
            let plain: Option<Vec<String>> = items.iter().map(|n| plain_number(n)).collect();
            set(match plain {
                Some(numbers) => numbers.into_iter().map(Node::atom).collect(),
                None => items.iter().map(|n| number_value(n)).collect(),
            })
        }
        AttrValue::Bs(items) => set(items.iter().map(|b| buffer(b)).collect()),
    }
}

fn value(value: &Value, document: bool) -> Node {
    let to_node = |v: &AttrValue| if document { plain(v) } else { attribute(v) };
    match value {
        Value::Str(text) => Node::atom(js_string(text)),
        Value::Int(n) => Node::atom(n.to_string()),
        Value::Bool(b) => Node::atom(b.to_string()),
        Value::Enum(e) => Node::atom(js_string(e.wire)),
        Value::Names(names) => object(
            names
                .iter()
                .map(|(k, v)| Node::entry(format!("{}: ", key(k)), Node::atom(js_string(v))))
                .collect(),
        ),
        Value::Attributes(entries) => object(
            entries
                .iter()
                .map(|(k, v)| Node::entry(format!("{}: ", key(k)), to_node(v)))
                .collect(),
        ),
        Value::AttributeList(items) => Node::group("[", items.iter().map(to_node).collect(), "]"),
        Value::Transact(parts) => Node::group(
            "[",
            parts
                .iter()
                .map(|part| {
                    object(vec![Node::entry(
                        format!("{}: ", part.kind.name()),
                        fields(&part.fields, document),
                    )])
                })
                .collect(),
            "]",
        ),
    }
}

fn fields(fields: &[super::Field], document: bool) -> Node {
    object(
        fields
            .iter()
            .map(|f| Node::entry(format!("{}: ", f.name), value(&f.value, document)))
            .collect(),
    )
}

fn client_options(target: &CodeTarget) -> String {
    let mut options = Vec::new();
    if let Some(region) = &target.region {
        options.push(format!("region: {}", js_string(region)));
    }
    if let Some(url) = &target.endpoint_url {
        options.push(format!("endpoint: {}", js_string(url)));
    }
    if options.is_empty() {
        "{}".to_owned()
    } else {
        format!("{{ {} }}", options.join(", "))
    }
}

/// Whether an item or map in the request has an attribute named `__proto__`: lib-dynamodb's
/// marshalling assigns it as the object's prototype, so the attribute would be lost.
fn names_a_prototype(code: &RequestCode) -> bool {
    fn fields_have(fields: &[super::Field]) -> bool {
        fields.iter().any(|f| match &f.value {
            Value::Attributes(entries) => entries.iter().any(|(k, _)| k == "__proto__"),
            Value::Transact(parts) => parts.iter().any(|p| fields_have(&p.fields)),
            Value::Str(_)
            | Value::Int(_)
            | Value::Bool(_)
            | Value::Enum(_)
            | Value::Names(_)
            | Value::AttributeList(_) => false,
        })
    }
    let nested = super::any_value(code, &|v| match v {
        AttrValue::M(entries) => entries.iter().any(|(k, _)| &**k == "__proto__"),
        _ => false,
    });
    nested || code.calls.iter().any(|call| fields_have(&call.fields))
}

pub(super) fn render(code: &RequestCode, target: &CodeTarget, document: bool) -> String {
    if document && names_a_prototype(code) {
        return format!(
            "// The document client would drop the attribute named \"__proto__\" (it becomes the\n\
             // object's prototype): this is the low-level client, with DynamoDB JSON.\n{}",
            render(code, target, false)
        );
    }
    let language = if document {
        CodeLanguage::JavaScriptDocument
    } else {
        CodeLanguage::JavaScript
    };
    let command = |op: super::Op| {
        if document {
            op.document_command().to_owned()
        } else {
            format!("{}Command", op.name())
        }
    };
    let mut commands: Vec<String> = code.calls.iter().map(|c| command(c.op)).collect();
    commands.dedup();
    let mut out = code
        .note
        .as_deref()
        .map(|note| comment_lines(language, note, ""))
        .unwrap_or_default();
    if document {
        let text = code
            .calls
            .iter()
            .map(|c| fields(&c.fields, true).flat())
            .collect::<String>();
        if text.contains("new NumberValue(") {
            commands.push("NumberValue".to_owned());
        }
        out.push_str("const { DynamoDBClient } = require(\"@aws-sdk/client-dynamodb\");\n");
        out.push_str(&format!(
            "const {{ DynamoDBDocumentClient, {} }} = require(\"@aws-sdk/lib-dynamodb\");\n\n",
            commands.join(", ")
        ));
        out.push_str(
            "// wrapNumbers: numbers read back stay exact (NumberValue), beyond JavaScript's 15 digits.\n",
        );
        out.push_str(&format!(
            "const client = DynamoDBDocumentClient.from(\n  new DynamoDBClient({}),\n  {{ unmarshallOptions: {{ wrapNumbers: true }} }},\n);\n\n",
            client_options(target)
        ));
    } else {
        out.push_str(&format!(
            "const {{ DynamoDBClient, {} }} = require(\"@aws-sdk/client-dynamodb\");\n\n",
            commands.join(", ")
        ));
        out.push_str(&format!(
            "const client = new DynamoDBClient({});\n\n",
            client_options(target)
        ));
    }
    out.push_str("async function main() {\n");
    for (i, call) in code.calls.iter().enumerate() {
        let input = fields(&call.fields, document).broken().render("    ", "  ");
        let name = response_name(code, i);
        out.push_str(&format!(
            "  const {name} = await client.send(\n    new {}({input}),\n  );\n  console.log({name});\n",
            command(call.op)
        ));
    }
    out.push_str(
        "}\n\nmain().catch((error) => {\n  console.error(error);\n  process.exitCode = 1;\n});\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_plain_only_when_a_double_keeps_them() {
        assert_eq!(canonical_number("1.50").as_deref(), Some("1.5"));
        assert_eq!(canonical_number("-007").as_deref(), Some("-7"));
        assert_eq!(canonical_number("+1e3").as_deref(), Some("1000"));
        assert_eq!(canonical_number(".000001").as_deref(), Some("0.000001"));
        assert_eq!(canonical_number("-0.000").as_deref(), Some("0"));
        // Only text JavaScript prints back the same is written as a number.
        for text in ["1.50", "-007", "+1e3", ".000001", "-0.000", "-0"] {
            assert_eq!(plain_number(text), None, "{text}");
        }
        for text in ["1.5", "-7", "1000", "0.000001", "0", "-123456789012.345"] {
            assert_eq!(plain_number(text).as_deref(), Some(text));
        }
        assert_eq!(
            plain_number("999999999999999").as_deref(),
            Some("999999999999999")
        );
        assert_eq!(plain_number("9999999999999999"), None);
        assert_eq!(
            plain_number("1000000000000000"),
            None,
            "1e15: past 15 places"
        );
        assert_eq!(plain_number("0.0000001"), None, "1e-7 would print as 1e-7");
        assert_eq!(plain_number("1234567890.123456"), None, "16 digits");
        assert_eq!(plain_number("12345678901234567890123456789012345678"), None);
        assert_eq!(key("__proto__"), "[\"__proto__\"]");
    }
}
