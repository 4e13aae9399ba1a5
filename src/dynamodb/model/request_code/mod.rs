//! DynamoDB requests as code: the calls Stratus sends (a query or scan, a save, a delete, a
//! PartiQL statement), described once as operations and fields, then written in each
//! language. Values stay exact everywhere: numbers as their decimal text (or `NumberValue` in
//! the document client when a JavaScript number would round), binary as bytes, sets as sets.

mod build;
mod cli;
mod go;
mod java;
mod javascript;
mod python;
mod rust_sdk;
#[cfg(test)]
mod tests;

pub use build::{delete_code, items_code, items_code_text, partiql_code, save_code};

use crate::dynamodb::model::attribute::AttrValue;
use crate::shared::model::request_code::{CodeLanguage, CodeTarget};

/// A DynamoDB operation Stratus sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Query,
    Scan,
    GetItem,
    PutItem,
    UpdateItem,
    DeleteItem,
    TransactWriteItems,
    ExecuteStatement,
}

impl Op {
    /// The API name: `PutItem`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Query => "Query",
            Self::Scan => "Scan",
            Self::GetItem => "GetItem",
            Self::PutItem => "PutItem",
            Self::UpdateItem => "UpdateItem",
            Self::DeleteItem => "DeleteItem",
            Self::TransactWriteItems => "TransactWriteItems",
            Self::ExecuteStatement => "ExecuteStatement",
        }
    }

    /// The lib-dynamodb document client's command.
    fn document_command(self) -> &'static str {
        match self {
            Self::Query => "QueryCommand",
            Self::Scan => "ScanCommand",
            Self::GetItem => "GetCommand",
            Self::PutItem => "PutCommand",
            Self::UpdateItem => "UpdateCommand",
            Self::DeleteItem => "DeleteCommand",
            Self::TransactWriteItems => "TransactWriteCommand",
            Self::ExecuteStatement => "ExecuteStatementCommand",
        }
    }
}

/// An enum-typed field's value, with its SDK type name: `ReturnValue` / `ALL_OLD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnumValue {
    pub type_name: &'static str,
    /// The wire value: `ALL_OLD`.
    pub wire: &'static str,
}

impl EnumValue {
    /// `ALL_OLD` → `AllOld` (Go constants and Rust variants).
    fn pascal(self) -> String {
        self.wire
            .split('_')
            .map(|part| {
                let lower = part.to_ascii_lowercase();
                let mut chars = lower.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_uppercase().to_string() + chars.as_str()
                })
            })
            .collect()
    }
}

/// A field's value, typed as the API types it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Str(String),
    /// Limit, Segment, TotalSegments (32-bit in every SDK).
    Int(i32),
    Bool(bool),
    Enum(EnumValue),
    /// ExpressionAttributeNames.
    Names(Vec<(String, String)>),
    /// Item, Key, ExpressionAttributeValues.
    Attributes(Vec<(String, AttrValue)>),
    /// ExecuteStatement's Parameters.
    AttributeList(Vec<AttrValue>),
    /// TransactWriteItems' TransactItems.
    Transact(Vec<TransactPart>),
}

/// One field of a request, by its API name (`TableName`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub value: Value,
}

/// Which write a transaction part is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransactKind {
    Put,
    Delete,
}

impl TransactKind {
    fn name(self) -> &'static str {
        match self {
            Self::Put => "Put",
            Self::Delete => "Delete",
        }
    }
}

/// One write of a transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransactPart {
    pub kind: TransactKind,
    pub fields: Vec<Field>,
}

/// One call with its input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    pub op: Op,
    pub fields: Vec<Field>,
}

/// What a user action sends, in order, with a note for the reader when the code is not the
/// whole story (a move reads the item first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestCode {
    pub calls: Vec<Call>,
    pub note: Option<String>,
}

/// Whether any value (at any depth) satisfies `test`.
fn any_value(code: &RequestCode, test: &dyn Fn(&AttrValue) -> bool) -> bool {
    fn value_has(value: &AttrValue, test: &dyn Fn(&AttrValue) -> bool) -> bool {
        test(value)
            || match value {
                AttrValue::L(items) => items.iter().any(|v| value_has(v, test)),
                AttrValue::M(entries) => entries.iter().any(|(_, v)| value_has(v, test)),
                AttrValue::S(_)
                | AttrValue::N(_)
                | AttrValue::B(_)
                | AttrValue::Bool(_)
                | AttrValue::Null
                | AttrValue::Ss(_)
                | AttrValue::Ns(_)
                | AttrValue::Bs(_) => false,
            }
    }
    fn fields_have(fields: &[Field], test: &dyn Fn(&AttrValue) -> bool) -> bool {
        fields.iter().any(|field| match &field.value {
            Value::Attributes(entries) => entries.iter().any(|(_, v)| value_has(v, test)),
            Value::AttributeList(items) => items.iter().any(|v| value_has(v, test)),
            Value::Transact(parts) => parts.iter().any(|p| fields_have(&p.fields, test)),
            Value::Str(_) | Value::Int(_) | Value::Bool(_) | Value::Enum(_) | Value::Names(_) => {
                false
            }
        })
    }
    code.calls
        .iter()
        .any(|call| fields_have(&call.fields, test))
}

/// Whether the request holds binary anywhere (for imports such as Python's `base64`).
fn has_binary(code: &RequestCode) -> bool {
    any_value(code, &|v| matches!(v, AttrValue::B(_) | AttrValue::Bs(_)))
}

/// The variable holding the `index`th call's answer: `response`, or `response1`, `response2`…
fn response_name(code: &RequestCode, index: usize) -> String {
    if code.calls.len() == 1 {
        "response".to_owned()
    } else {
        format!("response{}", index + 1)
    }
}

/// The request written in `language`, pointed at `target`.
pub fn render(code: &RequestCode, language: CodeLanguage, target: &CodeTarget) -> String {
    match language {
        CodeLanguage::AwsCli => cli::render(code, target),
        CodeLanguage::JavaScript => javascript::render(code, target, false),
        CodeLanguage::JavaScriptDocument => javascript::render(code, target, true),
        CodeLanguage::Python => python::render(code, target),
        CodeLanguage::Go => go::render(code, target),
        CodeLanguage::Rust => rust_sdk::render(code, target),
        CodeLanguage::Java => java::render(code, target),
    }
}
