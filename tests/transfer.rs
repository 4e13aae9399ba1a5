//! Export and import against DynamoDB Local and moto: every attribute type survives a scan to
//! JSON Lines, JSON and CSV and an import back, exactly; a file with wrong rows writes nothing.

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use aws_sdk_dynamodb::types::ScalarAttributeType;
use stratus::aws::AwsClients;
use stratus::aws::dynamodb_items::fetch_page;
use stratus::aws::dynamodb_transfer::{
    ExportOutcome, ImportStop, export_request, export_scan, import_items,
};
use stratus::aws::dynamodb_writes::save_item;
use stratus::model::export_format::ExportFormat;
use stratus::model::expression::{ItemsRequest, Operation};
use stratus::model::import_rows::parse_import;
use stratus::model::item_edit::{Item, SaveRequest, diff};
use stratus::model::table_details::{KeyAttribute, KeyRole};
use stratus::model::{AttrValue, ConnectionSpec, ErrorKind};
use support::{Emulator, create_table, runtime};

fn keys() -> Vec<KeyAttribute> {
    vec![
        KeyAttribute {
            name: "pk".into(),
            role: KeyRole::Partition,
            attribute_type: "S".into(),
        },
        KeyAttribute {
            name: "sk".into(),
            role: KeyRole::Sort,
            attribute_type: "N".into(),
        },
    ]
}

/// An item with every attribute type, and the awkward values of each.
fn every_type(i: usize) -> Item {
    let n = |t: &str| AttrValue::N(t.into());
    let mut item: Item = [
        ("pk", AttrValue::s(format!("user#{i} ☂, \"quoted\""))),
        ("sk", n(&i.to_string())),
        ("big", n("12345678901234567890123456789012345678")),
        ("tiny", n("-0.00000000000000000000000000000000000001")),
        (
            "bin",
            AttrValue::B(vec![0xFF, 0xFE, 0x00, 0xC3, 0x28, i as u8].into()),
        ),
        (
            "ss",
            AttrValue::Ss(vec!["β".into(), "a,\"b\"".into()].into()),
        ),
        (
            "ns",
            AttrValue::Ns(vec!["1".into(), "99999999999999999999999999999999999999".into()].into()),
        ),
        (
            "bs",
            AttrValue::Bs(vec![vec![0x80u8].into(), vec![0u8, 1].into()].into()),
        ),
        ("empty", AttrValue::s("")),
        ("uni", AttrValue::s("zoë ☂ 山田 🚀\nsecond line\r\n\ttab")),
        ("flag", AttrValue::Bool(i.is_multiple_of(2))),
        ("nothing", AttrValue::Null),
        (
            "deep",
            AttrValue::L(
                vec![
                    AttrValue::map(vec![(
                        "a".into(),
                        AttrValue::L(vec![AttrValue::map(vec![("b".into(), n("1.5"))])].into()),
                    )]),
                    AttrValue::s(""),
                    AttrValue::Ss(vec!["x".into()].into()),
                ]
                .into(),
            ),
        ),
        (
            "map",
            AttrValue::map(vec![
                ("k.with.dots".into(), AttrValue::B(vec![0xFF].into())),
                ("n".into(), AttrValue::Null),
                ("inner".into(), AttrValue::map(vec![("z".into(), n("0"))])),
            ]),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    // Sparse attributes and one attribute with two types, so CSV needs split columns.
    if i.is_multiple_of(3) {
        item.insert("sometimes".into(), AttrValue::s("here"));
        item.insert("mixed".into(), n("7"));
    } else {
        item.insert("mixed".into(), AttrValue::s("seven"));
    }
    item
}

const ITEMS: usize = 30;

async fn put_all(clients: &AwsClients, table: &str) -> Vec<Item> {
    let mut items = Vec::new();
    for i in 0..ITEMS {
        let item = every_type(i);
        save_item(
            clients,
            &SaveRequest {
                table: table.into(),
                loaded: None,
                edited: item.clone(),
                key_schema: keys(),
                version_attribute: None,
            },
        )
        .await
        .expect("put");
        items.push(item);
    }
    items
}

fn scan_request(table: &str, page_size: Option<i32>) -> ItemsRequest {
    ItemsRequest {
        operation: Operation::Scan,
        table: table.into(),
        index: None,
        key_condition: None,
        filter: None,
        projection: None,
        names: Vec::new(),
        values: Vec::new(),
        page_size,
        ascending: true,
    }
}

/// Every item of a table, by (pk, sk).
async fn scan_all(clients: &AwsClients, table: &str) -> BTreeMap<String, Item> {
    let request = scan_request(table, None);
    let mut start = None;
    let mut items = BTreeMap::new();
    loop {
        let page = fetch_page(clients, &request, start.as_ref(), None)
            .await
            .expect("scan");
        for raw in page.items {
            let item: Item = raw.into_iter().collect();
            items.insert(key_text(&item), item);
        }
        start = page.last_key;
        if start.is_none() {
            return items;
        }
    }
}

fn key_text(item: &Item) -> String {
    format!("{:?}/{:?}", item.get("pk"), item.get("sk"))
}

/// Equal as DynamoDB sees it (sets in any order), item by item.
fn assert_same_items(expected: &[Item], actual: &BTreeMap<String, Item>, what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: item count");
    for item in expected {
        let Some(found) = actual.get(&key_text(item)) else {
            panic!("{what}: {} is missing", key_text(item));
        };
        assert!(
            diff(item, found).is_empty(),
            "{what}: {:?}",
            diff(item, found)
        );
    }
}

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
