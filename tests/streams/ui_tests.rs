//! The Stream tab driven by its labels on moto: following, the diff, filters, sending to a
//! function, the consuming functions, turning the stream off, and a read-only connection.

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stratus::connection::calls::AwsClients;

use super::BIG;
use crate::support::ui::{Opened, click, has_label, has_label_containing, wait_until};
use crate::support::{Emulator, runtime};

/// Clicks the first widget whose label starts with `part`.
fn click_starting(opened: &mut Opened, part: &str) {
    let harness = &mut opened.harness;
    wait_until(harness, part, |h| has_label_containing(h, part));
    let starts = |node: &egui_kittest::Node<'_>| {
        node.accesskit_node()
            .label()
            .is_some_and(|label| label.starts_with(part))
    };
    harness
        .query_all_by_label_contains(part)
        .find(starts)
        .expect("shown")
        .hover();
    harness.step();
    harness
        .query_all_by_label_contains(part)
        .find(starts)
        .expect("shown")
        .click();
    harness.step();
}

/// The text of the first label containing `part`.
fn label_containing(opened: &Opened, part: &str) -> String {
    opened
        .harness
        .query_all_by_label_contains(part)
        .next()
        .and_then(|n| n.value().or_else(|| n.accesskit_node().label()))
        .unwrap_or_default()
}

#[test]
fn the_stream_tab_follows_diffs_sends_to_a_function_and_turns_off() {
    let mut opened = Opened::direct(20).with_orders_open();
    let stream_arn = opened
        .runtime
        .block_on(
            opened
                .clients
                .dynamodb
                .describe_table()
                .table_name("Orders")
                .send(),
        )
        .expect("DescribeTable")
        .table()
        .and_then(|t| t.latest_stream_arn().map(ToOwned::to_owned))
        .expect("the demo table has a stream");
    click(&mut opened.harness, "Stream");
    wait_until(&mut opened.harness, "the stream settings", |h| {
        has_label(h, "Stream On · NEW_AND_OLD_IMAGES")
    });
    // The ARN, and the shards with their sequence ranges (the open one has no end).
    wait_until(&mut opened.harness, "the shards", |h| {
        has_label(h, "Starting sequence") && has_label(h, "open")
    });
    assert!(
        has_label(&opened.harness, &stream_arn),
        "the stream ARN shows"
    );
    click(&mut opened.harness, "Follow stream");
    wait_until(&mut opened.harness, "following", |h| {
        has_label_containing(h, "Following 1 shard")
    });
    let key = [
        (
            "customerId".to_owned(),
            AttributeValue::S("CUST#9999".to_owned()),
        ),
        (
            "orderId".to_owned(),
            AttributeValue::S("ORDER#1".to_owned()),
        ),
    ];
    let mut item: std::collections::HashMap<_, _> = key.clone().into();
    item.insert("total".to_owned(), AttributeValue::N(BIG.to_owned()));
    item.insert(
        "blob".to_owned(),
        AttributeValue::B(Blob::new(vec![0, 255])),
    );
    item.insert("tags".to_owned(), AttributeValue::Ss(vec!["x".to_owned()]));
    let clients = opened.clients.clone();
    opened.runtime.block_on(async {
        clients
            .dynamodb
            .put_item()
            .table_name("Orders")
            .set_item(Some(item))
            .send()
            .await
            .expect("put");
        clients
            .dynamodb
            .update_item()
            .table_name("Orders")
            .set_key(Some(key.clone().into()))
            .update_expression("SET #t = :t")
            .expression_attribute_names("#t", "total")
            .expression_attribute_values(
                ":t",
                AttributeValue::N("12345678901234567890123456789012345679".to_owned()),
            )
            .send()
            .await
            .expect("update");
        clients
            .dynamodb
            .delete_item()
            .table_name("Orders")
            .set_key(Some(key.into()))
            .send()
            .await
            .expect("delete");
    });
    let keys = r#"{"customerId": "CUST#9999", "orderId": "ORDER#1"}"#;
    for event in ["INSERT", "MODIFY", "REMOVE"] {
        let line = format!("{event} {keys} at ");
        wait_until(&mut opened.harness, &line, |h| {
            has_label_containing(h, &line)
        });
    }
    assert!(has_label_containing(
        &opened.harness,
        "3 records received · 3 kept"
    ));

    // The MODIFY's diff: only total changed, every digit on both sides.
    click_starting(&mut opened, &format!("MODIFY {keys} at "));
    wait_until(&mut opened.harness, "the changes", |h| {
        has_label(h, r#"{"N": "12345678901234567890123456789012345679"}"#)
    });
    assert!(has_label(&opened.harness, &format!(r#"{{"N": "{BIG}"}}"#)));
    assert!(has_label(&opened.harness, "changed"));
    assert!(!has_label(&opened.harness, "added"));

    // Filters: by event name, then by key.
    click(&mut opened.harness, "Show MODIFY records");
    wait_until(&mut opened.harness, "MODIFY hidden", |h| {
        !has_label_containing(h, &format!("MODIFY {keys} at "))
    });
    click(&mut opened.harness, "Show MODIFY records");
    crate::support::ui::type_into(&mut opened.harness, "Filter records by key", "no-such-key");
    wait_until(&mut opened.harness, "nothing matches", |h| {
        has_label(h, "No kept record matches the filter.")
    });
    crate::support::ui::type_into(&mut opened.harness, "Filter records by key", "cust#9999");
    wait_until(&mut opened.harness, "all three again", |h| {
        has_label(h, "3 shown")
    });

    // Send all three to a function; moto echoes the payload it was invoked with.
    click(&mut opened.harness, "Choose all shown records");
    click(&mut opened.harness, "Send chosen records to function");
    wait_until(&mut opened.harness, "the function's answer", |h| {
        has_label_containing(h, "Sent 3 records to ")
    });
    let echoed = label_containing(&opened, "\"eventSourceARN\"");
    let event: aws_lambda_events::event::dynamodb::Event =
        serde_json::from_str(&echoed).expect("deserializes as Lambda's DynamoDB event");
    assert_eq!(event.records.len(), 3);
    let json: serde_json::Value = serde_json::from_str(&echoed).expect("JSON");
    let records = json["Records"].as_array().expect("Records");
    let names: Vec<_> = records.iter().map(|r| r["eventName"].clone()).collect();
    assert_eq!(names, ["INSERT", "MODIFY", "REMOVE"]);
    for record in records {
        assert_eq!(record["eventVersion"], "1.1");
        assert_eq!(record["eventSource"], "aws:dynamodb");
        assert_eq!(record["awsRegion"], "us-east-1");
        assert_eq!(record["eventSourceARN"], stream_arn.as_str());
        assert!(record["eventID"].as_str().is_some_and(|id| !id.is_empty()));
        let d = &record["dynamodb"];
        assert_eq!(d["Keys"]["customerId"]["S"], "CUST#9999");
        assert_eq!(d["Keys"]["orderId"]["S"], "ORDER#1");
        assert!(d["SequenceNumber"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(d["SizeBytes"].is_i64());
        assert_eq!(d["StreamViewType"], "NEW_AND_OLD_IMAGES");
        assert!(d["ApproximateCreationDateTime"].is_number());
    }
    assert_eq!(records[0]["dynamodb"]["NewImage"]["total"]["N"], BIG);
    assert_eq!(records[0]["dynamodb"]["NewImage"]["blob"]["B"], "AP8=");
    assert_eq!(records[0]["dynamodb"]["NewImage"]["tags"]["SS"][0], "x");
    assert!(records[0]["dynamodb"].get("OldImage").is_none());
    assert_eq!(records[1]["dynamodb"]["OldImage"]["total"]["N"], BIG);
    assert_eq!(
        records[1]["dynamodb"]["NewImage"]["total"]["N"],
        "12345678901234567890123456789012345679"
    );
    assert!(records[2]["dynamodb"].get("NewImage").is_none());
    assert!(records[2]["dynamodb"]["OldImage"].is_object());

    // Pause, then turn the stream off (read back from the table).
    click(&mut opened.harness, "Pause following");
    wait_until(&mut opened.harness, "paused", |h| has_label(h, "Paused"));
    click(&mut opened.harness, "Stop following");
    // moto invokes a mapped function on every write (and fails without Docker), so the
    // mapping comes after the writes.
    // A function consuming the stream is listed, linking to it.
    opened
        .runtime
        .block_on(
            opened
                .clients
                .lambda
                .create_event_source_mapping()
                .event_source_arn(&stream_arn)
                .function_name("orders-get")
                .starting_position(aws_sdk_lambda::types::EventSourcePosition::Latest)
                .batch_size(7)
                .send(),
        )
        .expect("CreateEventSourceMapping");
    click(&mut opened.harness, "Refresh stream");
    wait_until(&mut opened.harness, "the consuming function", |h| {
        has_label(h, "Open function orders-get")
    });
    assert!(has_label(&opened.harness, "7"), "its batch size");
    click(&mut opened.harness, "Open function orders-get");
    wait_until(&mut opened.harness, "the function tab", |h| {
        has_label(h, "Event payload")
    });
    click(&mut opened.harness, "Table · Orders");
    click(&mut opened.harness, "Turn stream off");
    wait_until(&mut opened.harness, "the stream off", |h| {
        has_label(h, "Stream Off")
    });
    let described = opened
        .runtime
        .block_on(
            opened
                .clients
                .dynamodb
                .describe_table()
                .table_name("Orders")
                .send(),
        )
        .expect("DescribeTable");
    assert!(
        !described
            .table()
            .and_then(|t| t.stream_specification())
            .is_some_and(|s| s.stream_enabled())
    );
}

#[test]
fn a_read_only_connection_follows_but_cannot_change_or_send() {
    let moto = Emulator::moto();
    moto.seed_demo(5);
    let runtime = runtime();
    let clients = runtime.block_on(AwsClients::connect(moto.connection()));
    let mut read_only = moto.connection();
    read_only.read_only = true;
    let config = tempfile::tempdir().expect("config dir");
    let mut harness = crate::support::ui::app_harness(&runtime, read_only, config.path());
    crate::support::ui::open_table(&mut harness, "Orders");
    click(&mut harness, "Stream");
    wait_until(&mut harness, "the stream settings", |h| {
        has_label(h, "Stream On · NEW_AND_OLD_IMAGES")
    });
    assert!(!crate::support::ui::is_enabled(
        &mut harness,
        "Turn stream off"
    ));
    click(&mut harness, "Follow stream");
    wait_until(&mut harness, "following", |h| {
        has_label_containing(h, "Following 1 shard")
    });
    runtime
        .block_on(
            clients
                .dynamodb
                .put_item()
                .table_name("Orders")
                .item("customerId", AttributeValue::S("CUST#7".to_owned()))
                .item("orderId", AttributeValue::S("ORDER#7".to_owned()))
                .send(),
        )
        .expect("put");
    wait_until(&mut harness, "the record", |h| {
        has_label_containing(h, "1 records received")
    });
    click(&mut harness, "Choose all shown records");
    assert!(!crate::support::ui::is_enabled(
        &mut harness,
        "Send chosen records to function"
    ));
    let described = runtime
        .block_on(
            clients
                .dynamodb
                .describe_table()
                .table_name("Orders")
                .send(),
        )
        .expect("DescribeTable");
    assert!(
        described
            .table()
            .and_then(|t| t.stream_specification())
            .is_some_and(|s| s.stream_enabled()),
        "still on"
    );
}
