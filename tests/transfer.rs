//! Export and import against DynamoDB Local and moto: every attribute type survives a scan to
//! JSON Lines, JSON and CSV and an import back, exactly; a file with wrong rows writes nothing.

use crate::support;

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use aws_sdk_dynamodb::types::ScalarAttributeType;
use stratus::connection::calls::AwsClients;
use stratus::connection::model::ConnectionSpec;
use stratus::dynamodb::calls::transfer::ExportOutcome;
use stratus::dynamodb::calls::transfer::ImportStop;
use stratus::dynamodb::calls::transfer::export_request;
use stratus::dynamodb::calls::transfer::export_scan;
use stratus::dynamodb::calls::transfer::import_items;
use stratus::dynamodb::model::export_format::ExportFormat;
use stratus::dynamodb::model::import_rows::parse_import;
use stratus::dynamodb::model::table_details::KeyAttribute;
use stratus::dynamodb::model::table_details::KeyRole;
use stratus::shared::model::ErrorKind;
use support::items::{ITEMS, assert_same_items, keys, put_all, scan_all, scan_request};
use support::{Emulator, create_table, runtime};

fn temp_leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect()
}

/// Export in every format, import each file into a fresh table, compare exactly.
async fn round_trip(emulator: &Emulator) {
    let clients = AwsClients::connect(emulator.connection()).await;
    create_table(&clients, "Source", Some(ScalarAttributeType::N)).await;
    let items = put_all(&clients, "Source").await;
    let dir = tempfile::tempdir().expect("temp dir");
    let never = AtomicBool::new(false);

    for format in ExportFormat::ALL {
        let path = dir.path().join(format!("source.{}", format.extension()));
        let seen = Mutex::new(Vec::new());
        // Small pages, so the export crosses many page boundaries.
        let outcome = export_request(
            &clients,
            &scan_request("Source", Some(7)),
            &keys(),
            format,
            &path,
            |n| seen.lock().expect("lock").push(n),
            &never,
        )
        .await
        .expect("export");
        assert_eq!(outcome, ExportOutcome::Written { items: ITEMS });
        assert_eq!(seen.lock().expect("lock").last(), Some(&ITEMS));
        assert!(seen.lock().expect("lock").len() >= 5, "one report per page");
        assert!(temp_leftovers(dir.path()).is_empty());

        let text = std::fs::read_to_string(&path).expect("read export");
        if format == ExportFormat::Csv {
            let header = text.lines().next().expect("header");
            assert!(header.starts_with("pk (S),sk (N),"), "{header}");
            assert!(header.contains("mixed (S),mixed (N)"), "{header}");
        }
        let plan = parse_import(&text, format, &keys());
        assert!(plan.is_ready(), "{format:?}: {}", plan.summary(5));
        assert_eq!(plan.rows.len(), ITEMS);

        let copy = format!("Copy{}", format.extension());
        create_table(&clients, &copy, Some(ScalarAttributeType::N)).await;
        let progress = Arc::new(Mutex::new(Vec::new()));
        let report = import_items(
            &clients,
            &copy,
            &plan,
            |done, total| progress.lock().expect("lock").push((done, total)),
            &never,
        )
        .await
        .expect("import");
        assert_eq!(report.written, ITEMS, "{report:?}");
        assert!(report.failed.is_empty() && report.stopped.is_none());
        assert_eq!(
            *progress.lock().expect("lock"),
            [(25, ITEMS), (ITEMS, ITEMS)],
            "batches of 25"
        );
        let copied = scan_all(&clients, &copy).await;
        assert_same_items(&items, &copied, &format!("{format:?} round trip"));
    }

    // A full-table export through the plain entry point, then cancelled before it starts.
    let path = dir.path().join("all.jsonl");
    let outcome = export_scan(
        &clients,
        "Source",
        &keys(),
        ExportFormat::JsonLines,
        &path,
        |_| {},
        &never,
    )
    .await
    .expect("export");
    assert_eq!(outcome, ExportOutcome::Written { items: ITEMS });
    let cancelled_path = dir.path().join("cancelled.csv");
    let outcome = export_scan(
        &clients,
        "Source",
        &keys(),
        ExportFormat::Csv,
        &cancelled_path,
        |_| {},
        &AtomicBool::new(true),
    )
    .await
    .expect("cancel is not an error");
    assert_eq!(outcome, ExportOutcome::Cancelled);
    assert!(!cancelled_path.exists());
    assert!(temp_leftovers(dir.path()).is_empty());

    // An export of a missing table fails and leaves no file.
    let missing_path = dir.path().join("missing.json");
    let error = export_scan(
        &clients,
        "NoSuchTable",
        &keys(),
        ExportFormat::Json,
        &missing_path,
        |_| {},
        &never,
    )
    .await
    .expect_err("missing table");
    assert_eq!(error.kind, ErrorKind::NotFound, "{error}");
    assert!(!missing_path.exists());
    assert!(temp_leftovers(dir.path()).is_empty());

    // Import, cancelled: nothing is sent and every row is accounted for.
    let text = std::fs::read_to_string(&path).expect("read");
    let plan = parse_import(&text, ExportFormat::JsonLines, &keys());
    create_table(&clients, "Cancelled", Some(ScalarAttributeType::N)).await;
    let report = import_items(
        &clients,
        "Cancelled",
        &plan,
        |_, _| {},
        &AtomicBool::new(true),
    )
    .await
    .expect("import");
    assert_eq!(report.stopped, Some(ImportStop::Cancelled));
    assert_eq!(report.written, 0);
    assert_eq!(report.not_attempted.len(), ITEMS);
    assert!(scan_all(&clients, "Cancelled").await.is_empty());

    // Import into a missing table stops at once, every row reported.
    let report = import_items(&clients, "NoSuchTable", &plan, |_, _| {}, &never)
        .await
        .expect("import");
    assert!(
        matches!(&report.stopped, Some(ImportStop::Failed(e)) if e.kind == ErrorKind::NotFound),
        "{report:?}"
    );
    assert_eq!(report.failed.len() + report.not_attempted.len(), ITEMS);

    // A read-only connection refuses before sending anything.
    let read_only = AwsClients::connect(ConnectionSpec {
        read_only: true,
        ..emulator.connection()
    })
    .await;
    let error = import_items(&read_only, "Cancelled", &plan, |_, _| {}, &never)
        .await
        .expect_err("read-only");
    assert_eq!(error.kind, ErrorKind::ReadOnly);
    assert!(scan_all(&clients, "Cancelled").await.is_empty());
}

#[test]
fn every_type_round_trips_through_every_format_on_dynamodb_local() {
    let ddb = Emulator::dynamodb_local();
    runtime().block_on(round_trip(&ddb));
}

#[test]
fn every_type_round_trips_through_every_format_on_moto() {
    let moto = Emulator::moto();
    runtime().block_on(round_trip(&moto));
}

#[test]
fn a_csv_with_wrong_rows_names_them_and_writes_nothing() {
    let ddb = Emulator::dynamodb_local();
    runtime().block_on(async {
        let clients = AwsClients::connect(ddb.connection()).await;
        create_table(&clients, "Target", Some(ScalarAttributeType::N)).await;
        let csv = "pk,sk (N),qty (N),tags (SS),note\r\n\
                   a,1,5,\"[\"\"x\"\"]\",fine\r\n\
                   b,2,abc,,\r\n\
                   c,3,,\"[\"\"y\"\"\",\r\n\
                   d,4,,,\"two\r\nlines\"\r\n\
                   ,5,,,\r\n\
                   e,six,,,\r\n\
                   a,1.0,,,dup\r\n\
                   f,7,,,\r\n";
        let plan = parse_import(csv, ExportFormat::Csv, &keys());
        let lines: Vec<usize> = plan.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 7, 8, 9], "{}", plan.summary(10));
        assert_eq!(
            plan.errors[0].message,
            "column \"qty (N)\": \"abc\" is not a number"
        );
        let error = import_items(
            &clients,
            "Target",
            &plan,
            |_, _| {},
            &AtomicBool::new(false),
        )
        .await
        .expect_err("a plan with wrong rows is refused");
        assert!(error.message.contains("5 rows are wrong"), "{error}");
        assert!(scan_all(&clients, "Target").await.is_empty());
    });
}

#[test]
fn a_batch_the_service_refuses_is_retried_item_by_item() {
    let ddb = Emulator::dynamodb_local();
    runtime().block_on(async {
        let clients = AwsClients::connect(ddb.connection()).await;
        create_table(&clients, "Target", Some(ScalarAttributeType::N)).await;
        // Checked against a schema that differs from the table's, so the service refuses
        // rows 2 and 4 (sk is a string there) and DynamoDB Local rejects their whole batch.
        let loose = vec![KeyAttribute {
            name: "pk".into(),
            role: KeyRole::Partition,
            attribute_type: "S".into(),
        }];
        let text = "{\"pk\": {\"S\": \"a\"}, \"sk\": {\"N\": \"1\"}}\n\
                    {\"pk\": {\"S\": \"b\"}, \"sk\": {\"S\": \"x\"}}\n\
                    {\"pk\": {\"S\": \"c\"}, \"sk\": {\"N\": \"3\"}}\n\
                    {\"pk\": {\"S\": \"d\"}}\n";
        let plan = parse_import(text, ExportFormat::JsonLines, &loose);
        assert!(plan.is_ready());
        let report = import_items(
            &clients,
            "Target",
            &plan,
            |_, _| {},
            &AtomicBool::new(false),
        )
        .await
        .expect("import");
        assert_eq!(report.written, 2, "{report:?}");
        let failed: Vec<usize> = report.failed.iter().map(|f| f.line).collect();
        assert_eq!(failed, [2, 4], "{report:?}");
        assert!(report.stopped.is_none());
        assert_eq!(scan_all(&clients, "Target").await.len(), 2);
    });
}
