//! The AWS CLI: `aws dynamodb <operation>` with DynamoDB JSON arguments, one flag a line.

use super::{Call, RequestCode, Value};
use crate::dynamodb::model::attribute_json::{JsonStyle, value_to_json};
use crate::shared::model::request_code::literals::{kebab_case, shell_quote};
use crate::shared::model::request_code::{CodeLanguage, CodeTarget, comment_lines};

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// A field's value as the JSON the CLI takes (compact).
fn json(value: &Value) -> String {
    match value {
        Value::Str(text) => json_string(text),
        Value::Int(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Enum(e) => json_string(e.wire),
        Value::Names(names) => {
            let entries: Vec<String> = names
                .iter()
                .map(|(k, v)| format!("{}: {}", json_string(k), json_string(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        Value::Attributes(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}: {}",
                        json_string(k),
                        value_to_json(v, JsonStyle::DynamoDb, false)
                    )
                })
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        Value::AttributeList(items) => {
            let items: Vec<String> = items
                .iter()
                .map(|v| value_to_json(v, JsonStyle::DynamoDb, false))
                .collect();
            format!("[{}]", items.join(", "))
        }
        Value::Transact(parts) => {
            let parts: Vec<String> = parts
                .iter()
                .map(|part| {
                    let fields: Vec<String> = part
                        .fields
                        .iter()
                        .map(|f| format!("{}: {}", json_string(f.name), json(&f.value)))
                        .collect();
                    format!("{{\"{}\": {{{}}}}}", part.kind.name(), fields.join(", "))
                })
                .collect();
            format!("[{}]", parts.join(", "))
        }
    }
}

fn command(call: &Call, target: &CodeTarget) -> String {
    let mut args: Vec<String> = Vec::new();
    for field in &call.fields {
        let flag = kebab_case(field.name);
        match &field.value {
            Value::Bool(true) => args.push(format!("--{flag}")),
            Value::Bool(false) => args.push(format!("--no-{flag}")),
            Value::Str(text) => args.push(format!("--{flag} {}", shell_quote(text))),
            Value::Enum(e) => args.push(format!("--{flag} {}", e.wire)),
            other => args.push(format!("--{flag} {}", shell_quote(&json(other)))),
        }
    }
    if let Some(region) = &target.region {
        args.push(format!("--region {}", shell_quote(region)));
    }
    if let Some(url) = &target.endpoint_url {
        args.push(format!("--endpoint-url {}", shell_quote(url)));
    }
    let mut out = format!("aws dynamodb {}", kebab_case(call.op.name()));
    for arg in args {
        out.push_str(" \\\n    ");
        out.push_str(&arg);
    }
    out
}

pub(super) fn render(code: &RequestCode, target: &CodeTarget) -> String {
    let mut out = code
        .note
        .as_deref()
        .map(|note| comment_lines(CodeLanguage::AwsCli, note, ""))
        .unwrap_or_default();
    let commands: Vec<String> = code.calls.iter().map(|c| command(c, target)).collect();
    out.push_str(&commands.join("\n\n"));
    out.push('\n');
    out
}
