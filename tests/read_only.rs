//! Read-only below the UI. Switching a connection to read-only (or reconnecting it) while an
//! import runs stops the import before its next batch, with a message, and nothing more reaches
//! the table afterwards. The route tester's HTTP sender on a read-only connection sends only
//! GET, HEAD and OPTIONS, never with a method-override header.

use crate::support;

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use aws_sdk_dynamodb::types::Select;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stratus::StratusApp;
use stratus::connection::calls::AwsClients;
use stratus::dynamodb::calls::transfer::ImportStop;
use stratus::dynamodb::calls::transfer::import_items;
use stratus::dynamodb::model::export_format::ExportFormat;
use stratus::dynamodb::model::import_rows::parse_import;
use stratus::shared::calls::http_client::HttpRequest;
use stratus::shared::calls::http_client::send;
use stratus::shared::model::ErrorKind;
use support::items::keys;
use support::ui::{app_harness, click, has_label, has_label_containing, type_into, wait_until};
use support::{Emulator, create_table, runtime};

/// `rows` JSON Lines items with keys `pk`/`sk` and a little payload.
fn import_file(rows: usize) -> String {
    (0..rows)
        .map(|i| {
            format!(
                r#"{{"pk":{{"S":"row-{i}"}},"sk":{{"N":"{i}"}},"note":{{"S":"imported {i}"}}}}"#
            ) + "\n"
        })
        .collect()
}

/// The number a shown text containing `part` starts with ("Wrote 120 of …": 120).
fn leading_number(harness: &Harness<'_, StratusApp>, part: &str) -> Option<usize> {
    harness.query_all_by_label_contains(part).find_map(|node| {
        // A label's text is its value; a progress bar's text is its label.
        [node.value(), node.accesskit_node().label()]
            .into_iter()
            .flatten()
            .filter(|text| text.contains(part))
            .find_map(|text| {
                text.trim_start_matches(|c: char| !c.is_ascii_digit())
                    .split(|c: char| !c.is_ascii_digit())
                    .next()?
                    .parse()
                    .ok()
            })
    })
}

/// How many items the emulator holds, read back with a counting scan.
async fn item_count(clients: &AwsClients, table: &str) -> usize {
    let mut count = 0;
    let mut start = None;
    loop {
        let page = clients
            .dynamodb
            .scan()
            .table_name(table)
            .select(Select::Count)
            .set_exclusive_start_key(start)
            .send()
            .await
            .expect("counting scan");
        count += usize::try_from(page.count).expect("a count");
        start = page.last_evaluated_key;
        if start.is_none() {
            return count;
        }
    }
}

#[test]
fn revoking_the_clients_stops_an_import_before_its_next_batch() {
    let ddb = Emulator::dynamodb_local();
    let runtime = runtime();
    let clients = runtime.block_on(AwsClients::connect(ddb.connection()));
    runtime.block_on(create_table(
        &clients,
        "Imported",
        Some(aws_sdk_dynamodb::types::ScalarAttributeType::N),
    ));
    let plan = parse_import(&import_file(2_000), ExportFormat::JsonLines, &keys());
    assert!(plan.is_ready(), "{}", plan.summary(3));
    let never = AtomicBool::new(false);
    // The app revokes the clients it replaces; the import holds a clone. Revoking from the
    // progress callback makes the moment exact: after the 20th batch of 25.
    let app_copy = clients.clone();
    let report = runtime
        .block_on(import_items(
            &clients,
            "Imported",
            &plan,
            |done, _| {
                if done >= 500 {
                    app_copy.revoke_writes("the connection became read-only");
                }
            },
            &never,
        ))
        .expect("an import report");
    assert_eq!(report.written, 500, "{report:?}");
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let Some(ImportStop::Failed(error)) = &report.stopped else {
        panic!("the import did not stop: {report:?}");
    };
    assert_eq!(error.kind, ErrorKind::ReadOnly);
    assert!(
        error
            .to_string()
            .contains("the connection became read-only"),
        "{error}"
    );
    // Every row is accounted for: the first unsent one is line 501.
    assert_eq!(report.not_attempted.len(), 1_500);
    assert_eq!(report.not_attempted.first(), Some(&501));
    // What the emulator holds is what the report says, and stays so.
    let fresh = runtime.block_on(AwsClients::connect(ddb.connection()));
    assert_eq!(runtime.block_on(item_count(&fresh, "Imported")), 500);
    // Every later write through any clone is refused before it is sent.
    let again = runtime
        .block_on(import_items(&clients, "Imported", &plan, |_, _| {}, &never))
        .expect_err("revoked clients refuse an import");
    assert_eq!(again.kind, ErrorKind::ReadOnly);
    assert_eq!(runtime.block_on(item_count(&fresh, "Imported")), 500);
}

/// Starts an import of a few thousand rows through the UI, clicks `button` once the first
/// batches are in, and checks the import stops with `message`, the table holding exactly
/// the rows reported written, then nothing more.
fn import_interrupted_by(button: &str, message: &str) {
    // moto writes slowly enough (tens of milliseconds a batch) for the switch to land mid-way.
    let moto = Emulator::moto();
    let runtime = runtime();
    let clients = runtime.block_on(AwsClients::connect(moto.connection()));
    runtime.block_on(create_table(
        &clients,
        "Imported",
        Some(aws_sdk_dynamodb::types::ScalarAttributeType::N),
    ));
    let rows = 6_000;
    let files = tempfile::tempdir().expect("files dir");
    let path = files.path().join("rows.jsonl");
    std::fs::write(&path, import_file(rows)).expect("write the import file");
    let config = tempfile::tempdir().expect("config dir");
    let mut harness = app_harness(&runtime, moto.connection(), config.path());
    wait_until(&mut harness, "the table", |h| has_label(h, "Imported"));
    click(&mut harness, "Imported");
    wait_until(&mut harness, "the empty table", |h| {
        has_label_containing(h, "0 items loaded")
    });
    click(&mut harness, "Import items");
    type_into(&mut harness, "Import file", &path.display().to_string());
    click(&mut harness, "Check import file");
    wait_until(&mut harness, "the check", |h| {
        has_label(h, &format!("{rows} items ready to import"))
    });
    click(&mut harness, "Start import");
    wait_until(&mut harness, "the first batches", |h| {
        leading_number(h, &format!(" of {rows} rows written")).is_some_and(|n| n >= 100)
    });
    click(&mut harness, button);
    wait_until(&mut harness, "the import to stop", |h| {
        has_label_containing(h, message)
    });
    let written = leading_number(&harness, &format!(" of {rows} items.")).expect("the report");
    assert!(written < rows, "the whole file was written");
    assert!(has_label_containing(&harness, "rows not attempted"));
    let held = runtime.block_on(item_count(&clients, "Imported"));
    assert_eq!(held, written, "the table holds what the report says");
    // Nothing arrives later either.
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(runtime.block_on(item_count(&clients, "Imported")), held);
}

#[test]
fn ticking_read_only_during_an_import_stops_it_with_a_message() {
    import_interrupted_by("Read-only", "the connection became read-only");
}

#[test]
fn reconnecting_during_an_import_stops_it_with_a_message() {
    import_interrupted_by(
        "Reconnect and reload everything",
        "the connection was reconnected",
    );
}

/// A tiny HTTP server on a free loopback port that counts the connections it accepts and
/// answers each with 200. Its thread ends with the test binary.
fn counting_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
                head.push(byte[0]);
            }
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        }
    });
    (url, accepted)
}

#[test]
fn a_read_only_connection_never_sends_a_writing_http_request() {
    let runtime = runtime();
    let (url, accepted) = counting_server();
    let request = |method: &str, headers: &[(&str, &str)]| HttpRequest {
        method: method.to_owned(),
        url: format!("{url}/orders"),
        headers: headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
        body: r#"{"id":"1"}"#.to_owned(),
    };
    for refused in [
        request("POST", &[]),
        request("delete", &[]),
        request("GET", &[("x-http-method-override", "DELETE")]),
        request("HEAD", &[("X-Method-Override", "PUT")]),
    ] {
        let error = runtime
            .block_on(send(&refused, true))
            .expect_err("refused on a read-only connection");
        assert_eq!(error.kind, ErrorKind::ReadOnly, "{refused:?}");
        assert_eq!(
            accepted.load(Ordering::SeqCst),
            0,
            "{refused:?} reached the server"
        );
    }
    // The server is reachable: a GET gets there, and a POST does when writes are allowed.
    let answer = runtime
        .block_on(send(&request("GET", &[]), true))
        .expect("a GET is sent");
    assert_eq!((answer.status, answer.body.as_slice()), (200, &b"ok"[..]));
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
    runtime
        .block_on(send(&request("POST", &[]), false))
        .expect("a POST on a writable connection");
    assert_eq!(accepted.load(Ordering::SeqCst), 2);
}
