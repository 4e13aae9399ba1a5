//! From what Stratus sends to operations and fields: the same expressions, placeholders and
//! values the calls layer sends, so the code does exactly what Stratus does.

use super::{Call, EnumValue, Field, Op, RequestCode, TransactKind, TransactPart, Value};
use crate::dynamodb::model::attribute::AttrValue;
use crate::dynamodb::model::expression::{ItemsRequest, Operation};
use crate::dynamodb::model::item_edit::{
    Condition, Item, SaveRequest, absent_condition, key_changed, key_of,
};
use crate::dynamodb::model::item_update::{
    apply_changes, delete_condition, equals_condition, next_version, update_plan,
};
use crate::dynamodb::model::table_details::KeyAttribute;
use crate::shared::model::request_code::{CodeLanguage, CodeTarget};

const ALL_OLD: EnumValue = EnumValue {
    type_name: "ReturnValue",
    wire: "ALL_OLD",
};

fn field(name: &'static str, value: Value) -> Field {
    Field { name, value }
}

fn text(name: &'static str, value: &str) -> Field {
    field(name, Value::Str(value.to_owned()))
}

fn attributes(item: &Item) -> Value {
    Value::Attributes(item.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

/// The condition's expression and placeholders, each only when it has any.
fn condition_fields(fields: &mut Vec<Field>, expression: &str, condition: &Condition) {
    if !expression.is_empty() {
        fields.push(text("ConditionExpression", expression));
    }
    placeholder_fields(fields, &condition.names, &condition.values);
}

fn placeholder_fields(
    fields: &mut Vec<Field>,
    names: &[(String, String)],
    values: &[(String, AttrValue)],
) {
    if !names.is_empty() {
        fields.push(field(
            "ExpressionAttributeNames",
            Value::Names(names.to_vec()),
        ));
    }
    if !values.is_empty() {
        fields.push(field(
            "ExpressionAttributeValues",
            Value::Attributes(values.to_vec()),
        ));
    }
}

/// A query or scan page as the builder sends it (`segment` for a parallel scan's first
/// segment, as the request preview shows it).
pub fn items_code(request: &ItemsRequest, segment: Option<(i32, i32)>) -> RequestCode {
    let op = match request.operation {
        Operation::Query => Op::Query,
        Operation::Scan => Op::Scan,
    };
    let mut fields = vec![text("TableName", &request.table)];
    let optional = [
        ("IndexName", &request.index),
        ("KeyConditionExpression", &request.key_condition),
        ("FilterExpression", &request.filter),
        ("ProjectionExpression", &request.projection),
    ];
    for (name, value) in optional {
        if let Some(value) = value {
            fields.push(text(name, value));
        }
    }
    placeholder_fields(&mut fields, &request.names, &request.values);
    if let Some(limit) = request.page_size {
        fields.push(field("Limit", Value::Int(limit)));
    }
    if op == Op::Query && !request.ascending {
        fields.push(field("ScanIndexForward", Value::Bool(false)));
    }
    if let Some((segment, total)) = segment {
        fields.push(field("Segment", Value::Int(segment)));
        fields.push(field("TotalSegments", Value::Int(total)));
    }
    RequestCode {
        calls: vec![Call { op, fields }],
        note: None,
    }
}

/// The builder's request in `language`; the AWS CLI form is the `aws dynamodb` command the
/// builder has always shown.
pub fn items_code_text(
    request: &ItemsRequest,
    segment: Option<(i32, i32)>,
    language: CodeLanguage,
    target: &CodeTarget,
) -> String {
    match language {
        CodeLanguage::AwsCli => {
            request.cli_command(target.region.as_deref(), target.endpoint_url.as_deref())
        }
        CodeLanguage::JavaScript
        | CodeLanguage::JavaScriptDocument
        | CodeLanguage::Python
        | CodeLanguage::Go
        | CodeLanguage::Rust
        | CodeLanguage::Java => super::render(&items_code(request, segment), language, target),
    }
}

/// What a confirmed save sends, as `save_item` sends it: a put if absent for a new item, an
/// UpdateItem of the difference for an edit, a read then a transaction for a key change.
pub fn save_code(request: &SaveRequest) -> Result<RequestCode, String> {
    let keys = &request.key_schema;
    let table = &request.table;
    let version = request.version_attribute.as_deref();
    let Some(loaded) = &request.loaded else {
        let mut edited = request.edited.clone();
        if let Some(version) = version
            && !edited.contains_key(version)
        {
            edited.insert(version.to_owned(), AttrValue::N("1".into()));
        }
        let absent = absent_condition(keys, "n");
        let mut fields = vec![text("TableName", table), field("Item", attributes(&edited))];
        condition_fields(&mut fields, &absent.expression, &absent);
        return Ok(RequestCode {
            calls: vec![Call {
                op: Op::PutItem,
                fields,
            }],
            note: None,
        });
    };
    let old_key = key_of(loaded, keys);
    if key_changed(loaded, &request.edited, keys) {
        return move_code(request, loaded, &old_key);
    }
    let plan = update_plan(loaded, &request.edited, keys, version).map_err(|e| e.0)?;
    if plan.update.is_empty() {
        return Err("Nothing changed: nothing is sent".to_owned());
    }
    let mut fields = vec![
        text("TableName", table),
        field("Key", attributes(&old_key)),
        text("UpdateExpression", &plan.update),
    ];
    if !plan.condition.is_empty() {
        fields.push(text("ConditionExpression", &plan.condition));
    }
    placeholder_fields(&mut fields, &plan.names, &plan.values);
    fields.push(field("ReturnValues", Value::Enum(ALL_OLD)));
    Ok(RequestCode {
        calls: vec![Call {
            op: Op::UpdateItem,
            fields,
        }],
        note: None,
    })
}

/// A key change: Stratus reads the stored item, and when it still holds what was loaded,
/// moves it in one transaction built from it. The code shows that transaction as it is when
/// the stored item is the loaded one.
fn move_code(request: &SaveRequest, loaded: &Item, old_key: &Item) -> Result<RequestCode, String> {
    let (table, keys) = (&request.table, &request.key_schema);
    let mut moved = apply_changes(loaded, loaded, &request.edited);
    if let Some(version) = request.version_attribute.as_deref() {
        let next = next_version(version, loaded.get(version)).map_err(|e| e.0)?;
        moved.insert(version.to_owned(), next);
    }
    let get = Call {
        op: Op::GetItem,
        fields: vec![
            text("TableName", table),
            field("Key", attributes(old_key)),
            field("ConsistentRead", Value::Bool(true)),
        ],
    };
    let absent = absent_condition(keys, "n");
    let mut put = vec![text("TableName", table), field("Item", attributes(&moved))];
    condition_fields(&mut put, &absent.expression, &absent);
    let unchanged = equals_condition(loaded, "o");
    let mut delete = vec![text("TableName", table), field("Key", attributes(old_key))];
    condition_fields(&mut delete, &unchanged.expression, &unchanged);
    let transaction = Call {
        op: Op::TransactWriteItems,
        fields: vec![field(
            "TransactItems",
            Value::Transact(vec![
                TransactPart {
                    kind: TransactKind::Put,
                    fields: put,
                },
                TransactPart {
                    kind: TransactKind::Delete,
                    fields: delete,
                },
            ]),
        )],
    };
    Ok(RequestCode {
        calls: vec![get, transaction],
        note: Some(
            "The key changes: Stratus reads the stored item first, and moves it only if it \
             still holds what you loaded\n(the transaction is built from the stored item; \
             here, the item as you loaded it)."
                .to_owned(),
        ),
    })
}

/// One item's delete as the Delete button sends it: only if it is still as loaded.
pub fn delete_code(table: &str, item: &Item, key_schema: &[KeyAttribute]) -> RequestCode {
    let condition = delete_condition(item, key_schema);
    let mut fields = vec![
        text("TableName", table),
        field("Key", attributes(&key_of(item, key_schema))),
    ];
    condition_fields(&mut fields, &condition.expression, &condition);
    fields.push(field("ReturnValues", Value::Enum(ALL_OLD)));
    RequestCode {
        calls: vec![Call {
            op: Op::DeleteItem,
            fields,
        }],
        note: None,
    }
}

/// A PartiQL statement with its `?` parameters.
pub fn partiql_code(statement: &str, parameters: &[AttrValue]) -> RequestCode {
    let mut fields = vec![text("Statement", statement)];
    if !parameters.is_empty() {
        fields.push(field(
            "Parameters",
            Value::AttributeList(parameters.to_vec()),
        ));
    }
    RequestCode {
        calls: vec![Call {
            op: Op::ExecuteStatement,
            fields,
        }],
        note: None,
    }
}
