//! The event Lambda delivers for DynamoDB stream records (the `Records` shape of the DynamoDB
//! stream template), built from followed records so a function can be tried on real changes.
//!
//! Written as text rather than through `serde_json::Value`, whose numbers would lose digits:
//! images keep 38-digit numbers, binary and sets exactly (DynamoDB JSON).

use crate::dynamodb::model::attribute_json::{JsonStyle, item_to_json};
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::stream_record::StreamRecord;

/// The `{"Records": [...]}` event for `records`, as Lambda's DynamoDB trigger sends it.
pub fn lambda_event(records: &[&StreamRecord], stream_arn: &str) -> String {
    let mut out = String::from("{\n  \"Records\": [");
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("\n    ");
        out.push_str(&record_json(record, stream_arn));
    }
    out.push_str(if records.is_empty() {
        "]\n}"
    } else {
        "\n  ]\n}"
    });
    out
}

fn record_json(record: &StreamRecord, stream_arn: &str) -> String {
    let text = |s: &str| serde_json::Value::String(s.to_owned()).to_string();
    let image = |item: &Item| {
        item_to_json(
            item.iter().map(|(k, v)| (k.as_str(), v)),
            JsonStyle::DynamoDb,
            false,
        )
    };
    let mut dynamodb = Vec::new();
    if let Some(ms) = record.created_ms {
        dynamodb.push(format!(
            "\"ApproximateCreationDateTime\": {}",
            epoch_seconds(ms)
        ));
    }
    dynamodb.push(format!("\"Keys\": {}", image(&record.keys)));
    if let Some(new) = &record.new_image {
        dynamodb.push(format!("\"NewImage\": {}", image(new)));
    }
    if let Some(old) = &record.old_image {
        dynamodb.push(format!("\"OldImage\": {}", image(old)));
    }
    dynamodb.push(format!(
        "\"SequenceNumber\": {}",
        text(&record.sequence_number)
    ));
    dynamodb.push(format!("\"SizeBytes\": {}", record.size_bytes.unwrap_or(0)));
    if let Some(view) = &record.view_type {
        dynamodb.push(format!("\"StreamViewType\": {}", text(view)));
    }
    format!(
        "{{\"eventID\": {}, \"eventName\": {}, \"eventVersion\": \"1.1\", \
         \"eventSource\": \"aws:dynamodb\", \"awsRegion\": {}, \"dynamodb\": {{{}}}, \
         \"eventSourceARN\": {}}}",
        text(&record.event_id),
        text(record.event_name.as_str()),
        text(&record.aws_region),
        dynamodb.join(", "),
        text(stream_arn),
    )
}

/// Seconds since the epoch as Lambda writes them: whole, or with milliseconds.
fn epoch_seconds(ms: i64) -> String {
    let sign = if ms < 0 { "-" } else { "" };
    let (seconds, millis) = (ms.unsigned_abs() / 1000, ms.unsigned_abs() % 1000);
    if millis == 0 {
        format!("{sign}{seconds}")
    } else {
        format!("{sign}{seconds}.{millis:03}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::model::AttrValue;
    use crate::dynamodb::model::stream_record::StreamEventName;

    fn record() -> StreamRecord {
        let keys: Item = [("pk".to_owned(), AttrValue::s("a\"b"))].into();
        let mut new = keys.clone();
        new.insert(
            "n".to_owned(),
            AttrValue::N("12345678901234567890123456789012345678".into()),
        );
        new.insert("b".to_owned(), AttrValue::B(vec![0, 255].into()));
        StreamRecord {
            id: 3,
            event_id: "id-1".to_owned(),
            event_name: StreamEventName::Insert,
            aws_region: "eu-west-1".to_owned(),
            created_ms: Some(1_714_557_600_000),
            keys_text: StreamRecord::keys_line(&keys),
            keys,
            new_image: Some(new),
            old_image: None,
            sequence_number: "111".to_owned(),
            size_bytes: Some(42),
            view_type: Some("NEW_AND_OLD_IMAGES".to_owned()),
            shard_id: "shard".to_owned(),
        }
    }

    #[test]
    fn the_event_has_lambdas_shape_and_exact_values() {
        let r = record();
        let text = lambda_event(&[&r, &r], "arn:stream");
        let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        let records = json["Records"].as_array().expect("Records");
        assert_eq!(records.len(), 2);
        let first = &records[0];
        assert_eq!(first["eventID"], "id-1");
        assert_eq!(first["eventName"], "INSERT");
        assert_eq!(first["eventVersion"], "1.1");
        assert_eq!(first["eventSource"], "aws:dynamodb");
        assert_eq!(first["awsRegion"], "eu-west-1");
        assert_eq!(first["eventSourceARN"], "arn:stream");
        let d = &first["dynamodb"];
        assert_eq!(d["ApproximateCreationDateTime"], 1_714_557_600);
        assert_eq!(d["Keys"]["pk"]["S"], "a\"b");
        assert_eq!(d["NewImage"]["b"]["B"], "AP8=");
        assert!(d.get("OldImage").is_none(), "an INSERT has no old image");
        assert_eq!(d["SequenceNumber"], "111");
        assert_eq!(d["SizeBytes"], 42);
        assert_eq!(d["StreamViewType"], "NEW_AND_OLD_IMAGES");
        assert!(
            text.contains(r#"{"N": "12345678901234567890123456789012345678"}"#),
            "38 digits as text: {text}"
        );
    }

    #[test]
    fn odd_records_still_make_valid_json() {
        let mut r = record();
        r.created_ms = Some(-1);
        r.size_bytes = None;
        r.view_type = None;
        r.event_id = "\u{0}\n".to_owned();
        let json: serde_json::Value =
            serde_json::from_str(&lambda_event(&[&r], "")).expect("valid JSON");
        assert_eq!(
            json["Records"][0]["dynamodb"]["ApproximateCreationDateTime"].as_f64(),
            Some(-0.001)
        );
        assert_eq!(json["Records"][0]["dynamodb"]["SizeBytes"], 0);
        let empty: serde_json::Value =
            serde_json::from_str(&lambda_event(&[], "x")).expect("valid JSON");
        assert_eq!(empty["Records"].as_array().map(Vec::len), Some(0));
        assert_eq!(epoch_seconds(1_500), "1.500");
    }
}
