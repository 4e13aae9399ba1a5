//! Reads against a server that misbehaves (the fault endpoint in front of moto): pages whose
//! continuation repeats, even alternating, stop every kind of load with an error naming the
//! operation; a page Stratus cannot read names the item, the attribute and the problem; a
//! page damaged in transit (wrong x-amz-crc32) is refused.

use crate::support;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::json;
use stratus::connection::calls::AwsClients;
use stratus::dynamodb::calls::items::EventSink;
use stratus::dynamodb::calls::items::LoadEvent;
use stratus::dynamodb::calls::items::LoadMode;
use stratus::dynamodb::calls::items::fetch_page;
use stratus::dynamodb::calls::items::load;
use stratus::dynamodb::model::export_format::ExportFormat;
use stratus::dynamodb::model::expression::ItemsRequest;
use stratus::shared::model::ServiceError;
use support::fault::{Fault, FaultEndpoint, Operation};
use support::items::scan_request;
use support::{Emulator, create_table, runtime};

/// Puts one item per partition key into `table`.
async fn put_keys(clients: &AwsClients, table: &str, keys: &[&str]) {
    for pk in keys {
        clients
            .dynamodb
            .put_item()
            .table_name(table)
            .item("pk", AttributeValue::S((*pk).to_owned()))
            .send()
            .await
            .expect("put");
    }
}

/// Runs a "load all" and returns every event it reported.
async fn load_all_events(clients: &AwsClients, request: &ItemsRequest) -> Vec<LoadEvent> {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink: EventSink = {
        let events = events.clone();
        Arc::new(move |event| events.lock().expect("events").push(event))
    };
    let mode = LoadMode::All { segments: 1 };
    load(clients.clone(), request.clone(), None, mode, sink).await;
    std::mem::take(&mut *events.lock().expect("events"))
}

/// Runs a "load all" and returns how it ended.
async fn load_all(clients: &AwsClients, request: &ItemsRequest) -> Result<(), ServiceError> {
    let last = load_all_events(clients, request).await.pop();
    match last {
        Some(LoadEvent::Finished { .. }) => Ok(()),
        Some(LoadEvent::Failed(error)) => Err(error),
        other => panic!("a load ends with Finished or Failed, not {other:?}"),
    }
}

fn assert_repeat(error: &ServiceError, operation: &str) {
    assert_eq!(error.operation, operation, "{error}");
    assert!(error.message.contains("already sent"), "{error}");
}

#[test]
fn repeating_pages_stop_every_load_with_a_message() {
    let moto = Emulator::moto();
    let fault = FaultEndpoint::start(&moto.endpoint);
    let scan = Operation::dynamodb("Scan");
    runtime().block_on(async {
        let clients = AwsClients::connect(fault.connection()).await;
        create_table(&clients, "Things", None).await;
        put_keys(&clients, "Things", &["p0", "p1", "p2"]).await;
        let request = scan_request("Things", Some(1));
        load_all(&clients, &request).await.expect("a sound load");

        // The same key every page.
        fault.always(scan.clone(), Fault::RepeatPage(json!({"pk": {"S": "p0"}})));
        let before = fault.count(&scan);
        let error = load_all(&clients, &request).await.expect_err("a loop");
        assert_repeat(&error, "Scan");
        assert_eq!(
            fault.count(&scan) - before,
            2,
            "stopped at the first repeat"
        );

        // Alternating keys: A, B, A.
        fault.lift(&scan);
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        fault.always(
            scan.clone(),
            Fault::RewriteJson(Arc::new(move |page| {
                let n = counter.fetch_add(1, Ordering::SeqCst);
                let key = ["A", "B"][n % 2];
                page["LastEvaluatedKey"] = json!({"pk": {"S": key}});
            })),
        );
        let error = load_all(&clients, &request).await.expect_err("a loop");
        assert_repeat(&error, "Scan");
        assert_eq!(calls.load(Ordering::SeqCst), 3);

        // An export's full scan: an error, and no file.
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("things.jsonl");
        let cancel = AtomicBool::new(false);
        let error = stratus::dynamodb::calls::transfer::export_request(
            &clients,
            &request,
            &[],
            ExportFormat::JsonLines,
            &path,
            |_| {},
            &cancel,
        )
        .await
        .expect_err("a loop");
        assert_repeat(&error, "Scan");
        assert!(!path.exists(), "a failed export leaves no file");
        fault.lift_all();

        // A list call.
        fault.always(
            Operation::dynamodb("ListTables"),
            Fault::RepeatPage(json!("Things")),
        );
        let error = stratus::dynamodb::calls::tables::list_tables(&clients)
            .await
            .expect_err("a loop");
        assert_repeat(&error, "ListTables");
    });
}

#[test]
fn an_unreadable_page_says_which_item_and_attribute() {
    let moto = Emulator::moto();
    let fault = FaultEndpoint::start(&moto.endpoint);
    let scan = Operation::dynamodb("Scan");
    runtime().block_on(async {
        let clients = AwsClients::connect(fault.connection()).await;
        create_table(&clients, "Things", None).await;
        clients
            .dynamodb
            .put_item()
            .table_name("Things")
            .item("pk", AttributeValue::S("p0".to_owned()))
            .send()
            .await
            .expect("put");
        let request = scan_request("Things", None);
        let body = r#"{"Items":[{"pk":{"S":"a"}},{"pk":{"S":"b"},"n":{"N":"NaN"}}],"Count":2,"ScannedCount":2}"#;
        fault.once(
            scan.clone(),
            Fault::Answer {
                status: 200,
                body: body.to_owned(),
            },
        );
        let error = fetch_page(&clients, &request, None, None)
            .await
            .expect_err("unreadable");
        assert_eq!(
            error.to_string(),
            "Scan failed: item 2, attribute n: `NaN` is not a number"
        );

        fault.once(scan.clone(), Fault::Malformed);
        let error = fetch_page(&clients, &request, None, None)
            .await
            .expect_err("cut off");
        assert_eq!(error.operation, "Scan");
        assert!(!error.message.contains("HTTP 200"), "{error}");
        assert!(error.message.contains("EOF"), "{error}");

        fault.once(scan.clone(), Fault::BadChecksum);
        let error = fetch_page(&clients, &request, None, None)
            .await
            .expect_err("damaged");
        assert_eq!(error.operation, "Scan");
        assert!(error.message.contains("damaged in transit"), "{error}");

        // The same server, answering soundly again.
        let page = fetch_page(&clients, &request, None, None)
            .await
            .expect("a sound page");
        assert_eq!(page.items.len(), 1);
    });
}

/// A page whose items cannot be read, after sound ones, ends Load all with its own words, the
/// pages before it shown in order and nothing after it.
#[test]
fn an_unreadable_page_after_sound_ones_ends_load_all_with_those_shown() {
    let moto = Emulator::moto();
    let fault = FaultEndpoint::start(&moto.endpoint);
    runtime().block_on(async {
        let clients = AwsClients::connect(fault.connection()).await;
        create_table(&clients, "Things", None).await;
        put_keys(&clients, "Things", &["p0", "p1", "p2", "p3", "p4"]).await;
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        // The third page's item is well-formed JSON but no DynamoDB value.
        fault.always(
            Operation::dynamodb("Scan"),
            Fault::RewriteJson(Arc::new(move |page| {
                if counter.fetch_add(1, Ordering::SeqCst) == 2 {
                    page["Items"][0]["n"] = json!({"N": "1x"});
                }
            })),
        );
        let events = load_all_events(&clients, &scan_request("Things", Some(1))).await;
        let shown: Vec<String> = events
            .iter()
            .filter_map(|event| match event {
                LoadEvent::Page { page, .. } => Some(page.items.clone()),
                _ => None,
            })
            .flatten()
            .map(|item| format!("{:?}", item[0].1))
            .collect();
        assert_eq!(shown.len(), 2, "the two sound pages, no more: {shown:?}");
        match events.last() {
            Some(LoadEvent::Failed(error)) => assert_eq!(
                error.to_string(),
                "Scan failed: item 1, attribute n: `1x` is not a number"
            ),
            other => panic!("the load ends with the page's error, not {other:?}"),
        }
        // At most the page after the unreadable one was asked for while it was read.
        assert!(
            calls.load(Ordering::SeqCst) <= 4,
            "{}",
            calls.load(Ordering::SeqCst)
        );
    });
}

/// A BatchWriteItem answer that lists more unprocessed requests than the batch sent (which
/// once underflowed a count) is not trusted: nothing panics, the batch's rows are written one
/// by one, and the report matches what the table holds.
#[test]
fn an_answer_with_more_unprocessed_items_than_sent_is_not_trusted() {
    use aws_sdk_dynamodb::types::ScalarAttributeType;
    use stratus::dynamodb::calls::transfer::import_items;
    use stratus::dynamodb::model::export_format::ExportFormat;
    use stratus::dynamodb::model::import_rows::parse_import;
    use support::fault::{Fault, FaultEndpoint, Operation};

    let ddb = support::Emulator::dynamodb_local();
    let fault = FaultEndpoint::start(&ddb.endpoint);
    let runtime = support::runtime();
    runtime.block_on(async {
        let direct = AwsClients::connect(ddb.connection()).await;
        support::create_table(&direct, "Batches", Some(ScalarAttributeType::N)).await;
        let clients = AwsClients::connect(fault.connection()).await;
        let text: String = (0..3)
            .map(|i| format!("{{\"pk\":{{\"S\":\"p\"}},\"sk\":{{\"N\":\"{i}\"}}}}\n"))
            .collect();
        let plan = parse_import(&text, ExportFormat::JsonLines, &support::items::keys());
        // The answer claims four unprocessed puts for a batch of three.
        fault.once(
            Operation::dynamodb("BatchWriteItem"),
            Fault::RewriteJson(Arc::new(|body| {
                let put = serde_json::json!({"PutRequest": {"Item": {
                    "pk": {"S": "p"}, "sk": {"N": "9"}}}});
                body["UnprocessedItems"] =
                    serde_json::json!({"Batches": [put.clone(), put.clone(), put.clone(), put]});
            })),
        );
        let report = import_items(
            &clients,
            "Batches",
            &plan,
            |_, _| {},
            &AtomicBool::new(false),
        )
        .await
        .expect("a report");
        assert_eq!(
            fault.faulted(&Operation::dynamodb("BatchWriteItem")),
            1,
            "the odd answer was sent"
        );
        // The batch's fate is unknown, so its rows are put again one by one (writing an item
        // twice is harmless, losing one is not), and the report says what the table holds.
        assert_eq!(report.stopped, None, "{report:?}");
        assert!(report.failed.is_empty(), "{report:?}");
        assert_eq!(report.written, 3);
        let stored = support::items::scan_all(&direct, "Batches").await;
        assert_eq!(stored.len(), report.written, "the report tells the truth");
    });
}
