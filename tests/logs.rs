//! A function's CloudWatch logs in its Logs tab, on moto: seeded START/END/REPORT lines, a
//! runtime line and a JSON line are grouped by invocation and the REPORT parsed; a timeout is
//! marked; a new event shows while following; a filter pattern narrows the search; the Test
//! tab's "Show in logs" searches for the invocation's request id.

use crate::support;

use std::time::{SystemTime, UNIX_EPOCH};

use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use support::fault::{Fault, Operation};
use support::ui::{Opened, click, has_label, has_label_containing, type_into, wait_until};

const GROUP: &str = "/aws/lambda/orders-get";
const STREAM: &str = "2026/11/30/[$LATEST]0123456789abcdef";
const A: &str = "8f507cfc-6d8b-4c0e-9d4e-0a1b2c3d4e5f";
const B: &str = "1a2b3c4d-0000-4c0e-9d4e-ffffffffffff";

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .expect("clock")
}

/// Writes `messages` to the seeded stream, a millisecond apart from `start_ms`.
fn put(opened: &Opened, start_ms: i64, messages: &[String]) {
    let events: Vec<InputLogEvent> = messages
        .iter()
        .enumerate()
        .map(|(i, message)| {
            InputLogEvent::builder()
                .timestamp(start_ms + i as i64)
                .message(message)
                .build()
                .expect("event")
        })
        .collect();
    opened
        .runtime
        .block_on(
            opened
                .clients
                .logs
                .put_log_events()
                .log_group_name(GROUP)
                .log_stream_name(STREAM)
                .set_log_events(Some(events))
                .send(),
        )
        .expect("PutLogEvents");
}

/// The text of the first label containing `part` (a label's text is its value).
fn text_containing(opened: &Opened, part: &str) -> String {
    opened
        .harness
        .query_all_by_label_contains(part)
        .find_map(|n| n.value().or_else(|| n.accesskit_node().label()))
        .unwrap_or_default()
}

#[test]
fn a_functions_logs_are_grouped_followed_and_filtered() {
    let mut opened = Opened::direct(5);
    let logs = &opened.clients.logs;
    opened.runtime.block_on(async {
        logs.create_log_group()
            .log_group_name(GROUP)
            .send()
            .await
            .expect("CreateLogGroup");
        logs.create_log_stream()
            .log_group_name(GROUP)
            .log_stream_name(STREAM)
            .send()
            .await
            .expect("CreateLogStream");
    });
    let start = now_ms() - 120_000;
    put(
        &opened,
        start,
        &[
            format!("START RequestId: {A} Version: $LATEST"),
            format!("[INFO]\t2026-11-30T10:00:00.123Z\t{A}\tloading order 42"),
            format!(
                r#"{{"level":"INFO","message":"order loaded","requestId":"{A}","total":129.99}}"#
            ),
            format!("END RequestId: {A}"),
            format!(
                "REPORT RequestId: {A}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB\tMax Memory Used: 71 MB\tInit Duration: 245.67 ms\t"
            ),
            format!("START RequestId: {B} Version: $LATEST"),
            format!("2026-11-30T10:00:03.005Z {B} Task timed out after 3.00 seconds"),
            format!("END RequestId: {B}"),
            format!(
                "REPORT RequestId: {B}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 256 MB\tMax Memory Used: 64 MB\tStatus: timeout"
            ),
        ],
    );
    let harness = &mut opened.harness;
    wait_until(harness, "orders-get", |h| has_label(h, "orders-get"));
    click(harness, "orders-get");
    wait_until(harness, "the test form", |h| has_label(h, "Event payload"));
    click(harness, "Logs");
    wait_until(harness, "the events", |h| has_label(h, "9 events loaded"));

    // One heading per invocation, with the REPORT line's numbers; the timeout marked.
    let a_title = text_containing(&opened, &format!("RequestId {A}"));
    for part in [
        "Duration 12.34 ms",
        "Billed 13 ms",
        "Memory 71 of 256 MB",
        "Init 245.67 ms",
        "5 events",
    ] {
        assert!(a_title.contains(part), "{part} in {a_title}");
    }
    assert!(!a_title.contains("Timed out") && !a_title.contains("Error"));
    let b_title = text_containing(&opened, &format!("RequestId {B}"));
    assert!(b_title.contains("Timed out"), "{b_title}");
    assert!(b_title.contains("Duration 3000 ms"), "{b_title}");
    assert!(b_title.contains("4 events"), "{b_title}");

    // F5 on the function's tab lists and searches its logs again, the range counted from now.
    put(&opened, now_ms(), &["written after the search".to_owned()]);
    let harness = &mut opened.harness;
    harness.key_press(egui::Key::F5);
    wait_until(harness, "the search run again", |h| {
        has_label(h, "10 events loaded")
    });

    // Opened, the invocation shows its lines; the JSON line as fields, pretty on expand.
    let harness = &mut opened.harness;
    click(harness, &a_title);
    wait_until(harness, "the JSON fields", |h| {
        has_label_containing(h, "level: INFO · message: order loaded")
    });
    assert!(has_label_containing(harness, "loading order 42"));
    click(harness, &format!("Copy invocation {A}"));
    let copied = harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .expect("the invocation copied");
    for part in [
        format!("START RequestId: {A}"),
        "loading order 42".to_owned(),
        "\"order loaded\"".to_owned(),
        format!("REPORT RequestId: {A}"),
    ] {
        assert!(copied.contains(&part), "{part} in {copied}");
    }
    assert!(!copied.contains(B), "only this invocation: {copied}");
    let json_header = text_containing(&opened, "JSON at ");
    let harness = &mut opened.harness;
    click(harness, &json_header);
    wait_until(harness, "the pretty JSON", |h| {
        has_label_containing(h, "\"message\": \"order loaded\"")
    });

    // Following: a new event shows, counted.
    click(harness, "Follow logs");
    wait_until(harness, "following", |h| {
        has_label(h, "Following · 0 new events received")
    });
    // moto has no StartLiveTail: the follower tried it, fell back to polling and says why.
    wait_until(harness, "the fallback to polling", |h| {
        has_label_containing(
            h,
            "Polling FilterLogEvents every 1–8 s (live tail unavailable:",
        )
    });
    put(&opened, now_ms(), &["a fresh line 4242".to_owned()]);
    let harness = &mut opened.harness;
    wait_until(harness, "the new event", |h| {
        has_label(h, "Following · 1 new event received")
    });
    click(harness, "Group by invocation");
    wait_until(harness, "the line itself", |h| {
        has_label(h, "a fresh line 4242")
    });
    click(harness, "Pause following logs");
    wait_until(harness, "paused", |h| {
        has_label(h, "Paused · 1 new event received")
    });
    click(harness, "Stop following logs");

    // A filter pattern narrows the search to the matching lines.
    type_into(harness, "Filter pattern", "timed");
    click(harness, "Search logs");
    wait_until(harness, "the narrowed search", |h| {
        has_label(h, "1 event loaded")
    });
    assert!(has_label_containing(
        harness,
        "Task timed out after 3.00 seconds"
    ));
    assert!(!has_label_containing(harness, "loading order 42"));

    // From an invocation in the Test tab, "Show in logs" searches for its request id.
    click(harness, "Test");
    click(harness, "Invoke");
    click(harness, "Show in logs");
    wait_until(harness, "the request's search", |h| {
        h.query_all_by_label("Filter pattern")
            .next()
            .and_then(|n| n.value())
            .is_some_and(|v| v.starts_with('"') && v.ends_with('"') && v.len() > 10)
    });
    assert!(has_label(harness, "Search logs"), "the Logs section shows");
}

#[test]
fn a_function_that_never_ran_has_no_logs_yet_rather_than_an_error() {
    let mut opened = Opened::direct(5);
    let harness = &mut opened.harness;
    wait_until(harness, "orders-create", |h| has_label(h, "orders-create"));
    click(harness, "orders-create");
    wait_until(harness, "the test form", |h| has_label(h, "Event payload"));
    click(harness, "Logs");
    wait_until(harness, "the empty state", |h| {
        has_label_containing(
            h,
            "No logs yet: the log group /aws/lambda/orders-create does not exist",
        )
    });
    assert!(!has_label_containing(harness, "FilterLogEvents failed"));
    assert!(!has_label_containing(harness, "No events in this range"));
    // Once the function has logged, searching again finds it.
    let logs = opened.clients.logs.clone();
    opened.runtime.block_on(async {
        logs.create_log_group()
            .log_group_name("/aws/lambda/orders-create")
            .send()
            .await
            .expect("CreateLogGroup");
        logs.create_log_stream()
            .log_group_name("/aws/lambda/orders-create")
            .log_stream_name(STREAM)
            .send()
            .await
            .expect("CreateLogStream");
        logs.put_log_events()
            .log_group_name("/aws/lambda/orders-create")
            .log_stream_name(STREAM)
            .log_events(
                InputLogEvent::builder()
                    .timestamp(now_ms() - 1_000)
                    .message(format!("START RequestId: {A} Version: $LATEST"))
                    .build()
                    .expect("event"),
            )
            .send()
            .await
            .expect("PutLogEvents");
    });
    let harness = &mut opened.harness;
    click(harness, "Search the logs again");
    wait_until(harness, "the invocation", |h| {
        has_label_containing(h, &format!("RequestId {A}"))
    });
    assert!(!has_label_containing(harness, "No logs yet"));
}

#[test]
fn any_log_group_opens_from_the_palette() {
    let mut opened = Opened::direct(5);
    let logs = &opened.clients.logs;
    opened.runtime.block_on(async {
        for i in 0..3 {
            logs.create_log_group()
                .log_group_name(format!("/custom/app-{i}"))
                .send()
                .await
                .expect("CreateLogGroup");
        }
        logs.create_log_stream()
            .log_group_name("/custom/app-2")
            .log_stream_name("web-1")
            .send()
            .await
            .expect("CreateLogStream");
        logs.put_log_events()
            .log_group_name("/custom/app-2")
            .log_stream_name("web-1")
            .log_events(
                InputLogEvent::builder()
                    .timestamp(now_ms() - 1000)
                    .message(r#"{"level":"ERROR","message":"disk full"}"#)
                    .build()
                    .expect("event"),
            )
            .send()
            .await
            .expect("PutLogEvents");
    });
    let harness = &mut opened.harness;
    wait_until(harness, "orders-get", |h| has_label(h, "orders-get"));
    support::ui::search_palette(harness, "app-2");
    click(harness, "Log group · /custom/app-2");
    wait_until(harness, "the log group tab", |h| {
        has_label(h, "Log group /custom/app-2")
    });
    wait_until(harness, "its event", |h| has_label(h, "1 event loaded"));
    click(harness, "Group by invocation");
    wait_until(harness, "the JSON line", |h| {
        has_label(h, "level: ERROR · message: disk full")
    });
    click(harness, "Log streams");
    wait_until(harness, "its stream", |h| has_label(h, "web-1"));
}

#[test]
fn the_palette_says_when_log_groups_cannot_be_listed_and_retries() {
    let describe = Operation::Target("Logs_20140328.DescribeLogGroups".to_owned());
    let mut opened = Opened::through_faults(1, |fault| {
        fault.once(describe.clone(), Fault::AccessDenied);
    });
    opened
        .runtime
        .block_on(
            opened
                .clients
                .logs
                .create_log_group()
                .log_group_name("/custom/denied-once")
                .send(),
        )
        .expect("CreateLogGroup");
    let harness = &mut opened.harness;
    wait_until(harness, "orders-get", |h| has_label(h, "orders-get"));
    support::ui::search_palette(harness, "denied-once");
    wait_until(harness, "why the log groups are missing", |h| {
        has_label(h, "The log groups are not listed:")
    });
    assert!(has_label(harness, "Nothing matches."));
    assert_eq!(opened.fault.faulted(&describe), 1);
    let harness = &mut opened.harness;
    click(harness, "Retry DescribeLogGroups");
    wait_until(harness, "the group listed", |h| {
        has_label(h, "Log group · /custom/denied-once")
    });
    assert!(!has_label(harness, "The log groups are not listed:"));
}

#[test]
fn newest_first_reads_the_end_of_the_range_and_load_more_goes_back() {
    let mut opened = Opened::direct(1);
    let logs = &opened.clients.logs;
    let now = now_ms();
    // 550 lines in the last two minutes, 50 more about 45 minutes ago.
    let mut lines: Vec<(i64, String)> = (0..50)
        .map(|i| (now - 2_700_000 + i * 1000, format!("ancient line {i}")))
        .collect();
    lines.extend((0..550).map(|i| (now - 115_000 + i * 200, format!("recent line {i}"))));
    opened.runtime.block_on(async {
        logs.create_log_group()
            .log_group_name("/custom/busy")
            .send()
            .await
            .expect("CreateLogGroup");
        logs.create_log_stream()
            .log_group_name("/custom/busy")
            .log_stream_name("s")
            .send()
            .await
            .expect("CreateLogStream");
        logs.put_log_events()
            .log_group_name("/custom/busy")
            .log_stream_name("s")
            .set_log_events(Some(
                lines
                    .iter()
                    .map(|(ms, message)| {
                        InputLogEvent::builder()
                            .timestamp(*ms)
                            .message(message)
                            .build()
                            .expect("event")
                    })
                    .collect(),
            ))
            .send()
            .await
            .expect("PutLogEvents");
    });
    let harness = &mut opened.harness;
    wait_until(harness, "orders-get", |h| has_label(h, "orders-get"));
    support::ui::search_palette(harness, "busy");
    click(harness, "Log group · /custom/busy");
    wait_until(harness, "the newest events", |h| {
        has_label(h, "550 events loaded")
    });
    click(harness, "Group by invocation");
    wait_until(harness, "the newest line", |h| {
        has_label(h, "recent line 549")
    });
    assert!(!has_label(harness, "ancient line 49"), "older events wait");
    click(harness, "Load more log events");
    wait_until(harness, "the older events", |h| {
        has_label(h, "600 events loaded")
    });
    assert!(
        !has_label(harness, "Load more log events"),
        "the range is read"
    );
}
