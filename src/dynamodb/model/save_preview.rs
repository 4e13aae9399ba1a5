//! The request a save will send, as the editor's review shows it (DynamoDB JSON, exact).

use crate::dynamodb::model::attribute::AttrValue;
use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::attribute_json::item_to_json;
use crate::dynamodb::model::attribute_json::value_to_json;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::item_edit::SaveRequest;
use crate::dynamodb::model::item_edit::absent_condition;
use crate::dynamodb::model::item_edit::key_changed;
use crate::dynamodb::model::item_edit::key_of;
use crate::dynamodb::model::item_update::update_plan;

fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn item_json(item: &Item) -> String {
    item_to_json(
        item.iter().map(|(k, v)| (k.as_str(), v)),
        JsonStyle::DynamoDb,
        false,
    )
}

/// `"ExpressionAttributeNames": {…}` and, when there are any, the values.
fn placeholders(names: &[(String, String)], values: &[(String, AttrValue)]) -> String {
    let names: Vec<String> = names
        .iter()
        .map(|(k, v)| format!("{}: {}", quote(k), quote(v)))
        .collect();
    let mut out = format!("\"ExpressionAttributeNames\": {{{}}}", names.join(", "));
    if !values.is_empty() {
        let values: Vec<String> = values
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}: {}",
                    quote(k),
                    value_to_json(v, JsonStyle::DynamoDb, false)
                )
            })
            .collect();
        out.push_str(&format!(
            ",\n    \"ExpressionAttributeValues\": {{{}}}",
            values.join(", ")
        ));
    }
    out
}

/// The exact request (or requests) a save sends.
pub fn save_request_preview(request: &SaveRequest) -> String {
    let table = quote(&request.table);
    let keys = &request.key_schema;
    let Some(loaded) = &request.loaded else {
        let absent = absent_condition(keys, "n");
        return format!(
            "PutItem {{\n    \"TableName\": {table},\n    \"Item\": {},\n    \"ConditionExpression\": {},\n    {}\n}}",
            item_json(&request.edited),
            quote(&absent.expression),
            placeholders(&absent.names, &absent.values)
        );
    };
    if key_changed(loaded, &request.edited, keys) {
        return format!(
            "GetItem {{\n    \"TableName\": {table},\n    \"Key\": {},\n    \"ConsistentRead\": true\n}}\n\
             then, if the stored item still has the values you saw:\n\
             TransactWriteItems [\n  Put {{\n    \"TableName\": {table},\n    \"Item\": the stored item with your changes, key {},\n    \"ConditionExpression\": \"attribute_not_exists(…)\"\n  }},\n  Delete {{\n    \"TableName\": {table},\n    \"Key\": {},\n    \"ConditionExpression\": every stored attribute unchanged\n  }}\n]",
            item_json(&key_of(loaded, keys)),
            item_json(&key_of(&request.edited, keys)),
            item_json(&key_of(loaded, keys)),
        );
    }
    match update_plan(
        loaded,
        &request.edited,
        keys,
        request.version_attribute.as_deref(),
    ) {
        Ok(plan) => format!(
            "UpdateItem {{\n    \"TableName\": {table},\n    \"Key\": {},\n    \"UpdateExpression\": {},\n    \"ConditionExpression\": {},\n    {},\n    \"ReturnValues\": \"ALL_OLD\"\n}}",
            item_json(&key_of(loaded, keys)),
            quote(&plan.update),
            quote(&plan.condition),
            placeholders(&plan.names, &plan.values)
        ),
        Err(error) => format!("Not sent: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_previews_as_an_update_of_the_difference() {
        let loaded: Item = [
            ("pk".to_owned(), AttrValue::s("a")),
            ("sk".to_owned(), AttrValue::N("1".into())),
            ("keep".to_owned(), AttrValue::s("same")),
            (
                "n".to_owned(),
                AttrValue::N("12345678901234567890123456789012345678".into()),
            ),
        ]
        .into_iter()
        .collect();
        let mut edited = loaded.clone();
        edited.insert(
            "n".into(),
            AttrValue::N("12345678901234567890123456789012345679".into()),
        );
        let request = SaveRequest {
            table: "T".into(),
            loaded: Some(loaded.clone()),
            edited: edited.clone(),
            key_schema: crate::dynamodb::model::table_details::pk_sk_keys(),
            version_attribute: None,
        };
        let preview = save_request_preview(&request);
        assert!(preview.starts_with("UpdateItem"), "{preview}");
        assert!(preview.contains("\"SET #u0 = :u0\""), "{preview}");
        assert!(preview.contains("12345678901234567890123456789012345679"));
        assert!(
            !preview.contains("keep"),
            "untouched attributes are not sent"
        );
        let create = SaveRequest {
            loaded: None,
            ..request.clone()
        };
        assert!(save_request_preview(&create).starts_with("PutItem"));
        let mut moved = edited;
        moved.insert("pk".into(), AttrValue::s("b"));
        let moving = SaveRequest {
            edited: moved,
            ..request
        };
        assert!(save_request_preview(&moving).contains("TransactWriteItems"));
    }
}
