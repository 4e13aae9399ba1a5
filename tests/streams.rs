//! A table's DynamoDB stream: turned on and off (read back with DescribeTable), followed while
//! another client writes (INSERT, MODIFY with its diff, REMOVE, values exact), refused on a
//! read-only connection, and sent to a function as the event Lambda would deliver.

use crate::support;

mod busy;
mod ui_tests;

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use stratus::connection::calls::AwsClients;
use stratus::dynamodb::calls::stream::{FollowEvent, follow, set_stream, stream_info};
use stratus::dynamodb::model::AttrValue;
use stratus::dynamodb::model::item_edit::ChangeKind;
use stratus::dynamodb::model::stream_details::{StreamStart, StreamViewType};
use stratus::dynamodb::model::stream_record::{StreamEventName, StreamRecord};
use stratus::shared::model::ErrorKind;
use support::{Emulator, create_table, runtime};

const BIG: &str = "12345678901234567890123456789012345678";
const BIGGER: &str = "-9.999999999999999999999999999999999999E+125";

/// Follows `arn` from `start` (each shard in `resume` after its sequence number) on the
/// runtime; records arrive on the returned channel once the follower reads its shards.
fn start_following(
    runtime: &tokio::runtime::Runtime,
    clients: &AwsClients,
    arn: &str,
    start: StreamStart,
    resume: std::collections::HashMap<String, String>,
) -> (mpsc::Receiver<FollowEvent>, tokio::task::JoinHandle<()>) {
    let (sender, events) = mpsc::channel();
    let sink = Arc::new(move |event| {
        let _ignored = sender.send(event);
    });
    let task = runtime.spawn(follow(
        clients.clone(),
        arn.to_owned(),
        start,
        resume,
        Arc::new(AtomicBool::new(false)),
        sink,
    ));
    match events.recv_timeout(Duration::from_secs(30)) {
        Ok(FollowEvent::Reading { shards }) => assert!(shards >= 1, "reads a shard"),
        other => panic!("expected the follower to start, got {other:?}"),
    }
    (events, task)
}

/// The next `count` records from the follower, failing after `timeout`.
fn next_records(
    events: &mpsc::Receiver<FollowEvent>,
    count: usize,
    timeout: Duration,
) -> Vec<StreamRecord> {
    let deadline = Instant::now() + timeout;
    let mut records = Vec::new();
    while records.len() < count {
        let left = deadline.saturating_duration_since(Instant::now());
        match events.recv_timeout(left) {
            Ok(FollowEvent::Records(batch)) => records.extend(batch),
            Ok(FollowEvent::Reading { .. }) => {}
            Ok(FollowEvent::Failed(error)) => panic!("following failed: {error}"),
            Err(e) => panic!(
                "{} of {count} records after {timeout:?}: {e}",
                records.len()
            ),
        }
    }
    records
}

fn exact_item(pk: &str, number: &str) -> std::collections::HashMap<String, AttributeValue> {
    [
        ("pk".to_owned(), AttributeValue::S(pk.to_owned())),
        ("n".to_owned(), AttributeValue::N(number.to_owned())),
        (
            "b".to_owned(),
            AttributeValue::B(Blob::new(vec![0, 159, 255])),
        ),
        (
            "tags".to_owned(),
            AttributeValue::Ss(vec!["a".to_owned(), "ü".to_owned()]),
        ),
        (
            "ns".to_owned(),
            AttributeValue::Ns(vec![BIG.to_owned(), "0.5".to_owned()]),
        ),
    ]
    .into()
}

#[test]
fn a_followed_stream_shows_writes_exactly_and_turns_on_and_off() {
    let local = Emulator::dynamodb_local();
    let runtime = runtime();
    let clients = runtime.block_on(AwsClients::connect(local.connection()));
    let writer = runtime.block_on(AwsClients::connect(local.connection()));
    runtime.block_on(create_table(&clients, "Events", None));

    let info = runtime
        .block_on(stream_info(&clients, "Events"))
        .expect("stream info");
    assert!(!info.enabled);
    assert!(info.arn.is_none());

    // Read-only: refused before sending, and the table is left as it was.
    let mut read_only = local.connection();
    read_only.read_only = true;
    let guarded = runtime.block_on(AwsClients::connect(read_only));
    let refused = runtime
        .block_on(set_stream(
            &guarded,
            "Events",
            Some(StreamViewType::NewAndOldImages),
        ))
        .expect_err("read-only");
    assert_eq!(refused.kind, ErrorKind::ReadOnly);
    let refused_invoke = runtime
        .block_on(stratus::lambda::calls::invoke(
            &guarded,
            "anything",
            None,
            stratus::lambda::model::invocation::InvocationType::RequestResponse,
            b"{}",
        ))
        .expect_err("read-only invoke");
    assert_eq!(refused_invoke.kind, ErrorKind::ReadOnly);
    assert!(
        !runtime
            .block_on(stream_info(&clients, "Events"))
            .expect("info")
            .enabled
    );

    runtime
        .block_on(set_stream(
            &clients,
            "Events",
            Some(StreamViewType::NewAndOldImages),
        ))
        .expect("turn on");
    let described = runtime
        .block_on(
            clients
                .dynamodb
                .describe_table()
                .table_name("Events")
                .send(),
        )
        .expect("DescribeTable");
    let spec = described
        .table()
        .and_then(|t| t.stream_specification())
        .expect("a stream specification");
    assert!(spec.stream_enabled());
    assert_eq!(
        spec.stream_view_type().map(|v| v.as_str()),
        Some("NEW_AND_OLD_IMAGES")
    );
    let info = runtime
        .block_on(stream_info(&clients, "Events"))
        .expect("info");
    let arn = info.arn.clone().expect("a stream ARN");
    assert!(info.enabled);
    assert!(!info.shards.is_empty(), "shards listed");

    let (events, task) = start_following(
        &runtime,
        &clients,
        &arn,
        StreamStart::Latest,
        Default::default(),
    );
    runtime.block_on(async {
        writer
            .dynamodb
            .put_item()
            .table_name("Events")
            .set_item(Some(exact_item("k1", BIG)))
            .send()
            .await
            .expect("put");
        writer
            .dynamodb
            .update_item()
            .table_name("Events")
            .key("pk", AttributeValue::S("k1".to_owned()))
            .update_expression("SET n = :n REMOVE tags")
            .expression_attribute_values(":n", AttributeValue::N(BIGGER.to_owned()))
            .send()
            .await
            .expect("update");
        writer
            .dynamodb
            .delete_item()
            .table_name("Events")
            .key("pk", AttributeValue::S("k1".to_owned()))
            .send()
            .await
            .expect("delete");
    });
    let records = next_records(&events, 3, Duration::from_secs(30));
    let names: Vec<_> = records.iter().map(|r| r.event_name).collect();
    assert_eq!(
        names,
        [
            StreamEventName::Insert,
            StreamEventName::Modify,
            StreamEventName::Remove
        ]
    );
    let insert = &records[0];
    assert_eq!(insert.keys_text, r#"{"pk": "k1"}"#);
    let new = insert.new_image.as_ref().expect("new image");
    assert_eq!(new.get("n"), Some(&AttrValue::N(BIG.into())));
    assert_eq!(new.get("b"), Some(&AttrValue::B(vec![0, 159, 255].into())));
    let Some(AttrValue::Ss(tags)) = new.get("tags") else {
        panic!("a string set: {new:?}");
    };
    let mut tags: Vec<_> = tags.iter().map(|t| t.to_string()).collect();
    tags.sort();
    assert_eq!(tags, ["a", "ü"]);
    assert!(insert.old_image.is_none());
    let modify = &records[1];
    let changes = modify.changes();
    let summary: Vec<_> = changes
        .iter()
        .map(|c| (c.name.as_str(), c.kind.clone()))
        .collect();
    assert_eq!(
        summary,
        [("n", ChangeKind::Changed), ("tags", ChangeKind::Removed)]
    );
    assert_eq!(changes[0].before, Some(AttrValue::N(BIG.into())));
    let Some(AttrValue::N(after)) = &changes[0].after else {
        panic!("a number");
    };
    assert_eq!(
        stratus::dynamodb::model::attribute::Decimal::parse(after)
            .expect("a number")
            .cmp_exact(
                &stratus::dynamodb::model::attribute::Decimal::parse(BIGGER).expect("number")
            ),
        std::cmp::Ordering::Equal,
        "{after}"
    );
    let remove = &records[2];
    assert!(remove.new_image.is_none());
    assert_eq!(
        remove.old_image.as_ref().and_then(|o| o.get("n")),
        changes[0].after.as_ref()
    );
    assert_eq!(remove.view_type.as_deref(), Some("NEW_AND_OLD_IMAGES"));

    // How long a write by another client takes to show in the followed stream.
    let mut delays = Vec::new();
    for i in 0..20 {
        let started = Instant::now();
        runtime
            .block_on(
                writer
                    .dynamodb
                    .put_item()
                    .table_name("Events")
                    .set_item(Some(exact_item(&format!("d{i}"), "1")))
                    .send(),
            )
            .expect("put");
        next_records(&events, 1, Duration::from_secs(10));
        delays.push(started.elapsed());
    }
    delays.sort();
    let median = delays[delays.len() / 2];
    println!(
        "stream delay on DynamoDB Local: median {:.0} ms, max {:.0} ms over {} writes",
        median.as_secs_f64() * 1000.0,
        delays[delays.len() - 1].as_secs_f64() * 1000.0,
        delays.len()
    );
    assert!(median < Duration::from_secs(2), "median {median:?}");
    task.abort();

    // Following again after a failure resumes after the last record read of its shard, even
    // from TRIM_HORIZON: the REMOVE comes first, not the INSERT read before.
    let resume = [(
        records[1].shard_id.clone(),
        records[1].sequence_number.clone(),
    )]
    .into();
    let (events, task) =
        start_following(&runtime, &clients, &arn, StreamStart::TrimHorizon, resume);
    let resumed = next_records(&events, 1, Duration::from_secs(30));
    assert_eq!(resumed[0].event_name, StreamEventName::Remove);
    assert_eq!(resumed[0].sequence_number, records[2].sequence_number);
    task.abort();

    runtime
        .block_on(set_stream(&clients, "Events", None))
        .expect("turn off");
    let described = runtime
        .block_on(
            clients
                .dynamodb
                .describe_table()
                .table_name("Events")
                .send(),
        )
        .expect("DescribeTable");
    assert!(
        !described
            .table()
            .and_then(|t| t.stream_specification())
            .is_some_and(|s| s.stream_enabled()),
        "the stream is off"
    );
    assert!(
        !runtime
            .block_on(stream_info(&clients, "Events"))
            .expect("info")
            .enabled
    );
}
