//! Query, scan, filters, parallel loading, cancel and PartiQL against DynamoDB Local.

use crate::support;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_dynamodb::types::ScalarAttributeType;
use stratus::connection::calls::AwsClients;
use stratus::dynamodb::calls::attribute_conversion::item_to_sdk;
use stratus::dynamodb::calls::items as dynamodb_items;
use stratus::dynamodb::calls::items::EventSink;
use stratus::dynamodb::calls::items::LoadEvent;
use stratus::dynamodb::calls::items::LoadMode;
use stratus::dynamodb::model::AttrType;
use stratus::dynamodb::model::AttrValue;
use stratus::dynamodb::model::RawItem;
use stratus::dynamodb::model::expression::Comparator;
use stratus::dynamodb::model::expression::FilterOp;
use stratus::dynamodb::model::expression::FilterSpec;
use stratus::dynamodb::model::expression::ItemsRequestSpec;
use stratus::dynamodb::model::expression::Operation;
use stratus::dynamodb::model::expression::ScalarKind;
use stratus::dynamodb::model::expression::SortKeyCondition;
use stratus::dynamodb::model::expression::SortKeySpec;
use stratus::dynamodb::model::expression::TypedInput;
use stratus::shared::model::ErrorKind;
use support::{Emulator, create_table, runtime};

/// One seeded item, described so each test can compute what the table must answer.
#[derive(Clone, Debug)]
struct Seed {
    sk: String,
    n: i64,
    s: String,
    status: &'static str,
    tags: Vec<&'static str>,
    sparse: bool,
    /// `v` is a number on even items and a string on odd ones.
    v_is_number: bool,
}

/// Which seeded items a condition should return.
type Expectation = Box<dyn Fn(&Seed) -> bool>;

fn seeds() -> Vec<Seed> {
    (1..=12)
        .map(|i| Seed {
            sk: format!("item#{i:02}"),
            n: i * 10 - 55,
            s: if i % 3 == 0 {
                format!("apple-{i}")
            } else {
                format!("pear-{}", "x".repeat(i as usize))
            },
            status: if i % 2 == 0 { "OPEN" } else { "CLOSED" },
            tags: if i % 4 == 0 {
                vec!["red", "blue"]
            } else {
                vec!["green"]
            },
            sparse: i % 5 == 0,
            v_is_number: i % 2 == 0,
        })
        .collect()
}

fn to_item(seed: &Seed) -> RawItem {
    let mut item = vec![
        ("pk".into(), AttrValue::s("A")),
        ("sk".into(), AttrValue::s(seed.sk.clone())),
        ("n".into(), AttrValue::N(seed.n.to_string().into())),
        ("s".into(), AttrValue::s(seed.s.clone())),
        ("status".into(), AttrValue::s(seed.status)),
        (
            "tags".into(),
            AttrValue::Ss(seed.tags.iter().map(|t| (*t).into()).collect()),
        ),
        (
            "v".into(),
            if seed.v_is_number {
                AttrValue::N("1".into())
            } else {
                AttrValue::s("1")
            },
        ),
        (
            "a".into(),
            AttrValue::map(vec![(
                "b".into(),
                AttrValue::L(
                    vec![AttrValue::map(vec![(
                        "c".into(),
                        AttrValue::s(if seed.n > 0 { "x" } else { "y" }),
                    )])]
                    .into(),
                ),
            )]),
        ),
    ];
    if seed.sparse {
        item.push(("dotted.name".into(), AttrValue::Bool(true)));
    }
    item
}

async fn put(clients: &AwsClients, table: &str, item: &RawItem) {
    clients
        .dynamodb
        .put_item()
        .table_name(table)
        .set_item(Some(item_to_sdk(item)))
        .send()
        .await
        .expect("PutItem");
}

async fn seeded_clients(ddb: &Emulator) -> AwsClients {
    let clients = AwsClients::connect(ddb.connection()).await;
    create_table(&clients, "Events", Some(ScalarAttributeType::S)).await;
    for seed in seeds() {
        put(&clients, "Events", &to_item(&seed)).await;
    }
    clients
}

/// Sort keys of every item `spec` returns, following all pages.
async fn sort_keys(clients: &AwsClients, spec: ItemsRequestSpec) -> BTreeSet<String> {
    let request = spec.build().expect("valid request");
    let mut keys = BTreeSet::new();
    let mut start = None;
    loop {
        let page = dynamodb_items::fetch_page(clients, &request, start.as_ref(), None)
            .await
            .expect("page");
        for item in page.items {
            if let Some((_, AttrValue::S(sk))) = item.iter().find(|(n, _)| n == "sk") {
                keys.insert(sk.to_string());
            }
        }
        start = page.last_key;
        if start.is_none() {
            return keys;
        }
    }
}

fn expected(predicate: impl Fn(&Seed) -> bool) -> BTreeSet<String> {
    seeds()
        .into_iter()
        .filter(|s| predicate(s))
        .map(|s| s.sk)
        .collect()
}

fn query(sort: Option<(SortKeyCondition, &str, &str)>) -> ItemsRequestSpec {
    ItemsRequestSpec {
        operation: Operation::Query,
        table: "Events".into(),
        index: None,
        partition: Some(("pk".into(), TypedInput::new(ScalarKind::S, "A"))),
        sort: sort.map(|(condition, a, b)| SortKeySpec {
            name: "sk".into(),
            condition,
            value: TypedInput::new(ScalarKind::S, a),
            value2: TypedInput::new(ScalarKind::S, b),
        }),
        filters: Vec::new(),
        projection: String::new(),
        // Small pages, so every test also follows LastEvaluatedKey.
        page_size: Some(5),
        ascending: true,
    }
}

#[test]
fn every_sort_key_operator_returns_exactly_the_seeded_items() {
    let ddb = Emulator::dynamodb_local();
    runtime().block_on(async {
        let clients = seeded_clients(&ddb).await;
        use SortKeyCondition as C;
        let cases: Vec<(C, &str, &str, Expectation)> = vec![
            (C::Eq, "item#03", "", Box::new(|s| s.sk == "item#03")),
            (
                C::Lt,
                "item#03",
                "",
                Box::new(|s| s.sk.as_str() < "item#03"),
            ),
            (
                C::Le,
                "item#03",
                "",
                Box::new(|s| s.sk.as_str() <= "item#03"),
            ),
            (
                C::Gt,
                "item#10",
                "",
                Box::new(|s| s.sk.as_str() > "item#10"),
            ),
            (
                C::Ge,
                "item#10",
                "",
                Box::new(|s| s.sk.as_str() >= "item#10"),
            ),
            (
                C::Between,
                "item#04",
                "item#07",
                Box::new(|s| ("item#04"..="item#07").contains(&s.sk.as_str())),
            ),
            (
                C::BeginsWith,
                "item#1",
                "",
                Box::new(|s| s.sk.starts_with("item#1")),
            ),
        ];
        assert_eq!(sort_keys(&clients, query(None)).await, expected(|_| true));
        for (condition, a, b, predicate) in cases {
            let got = sort_keys(&clients, query(Some((condition, a, b)))).await;
            assert_eq!(got, expected(predicate), "{condition:?}");
        }
    });
}

fn filter(path: &str, op: FilterOp, kind: ScalarKind, a: &str, b: &str) -> FilterSpec {
    FilterSpec {
        path: path.into(),
        op,
        value: TypedInput::new(kind, a),
        value2: TypedInput::new(kind, b),
        type_tag: AttrType::N,
    }
}

#[test]
fn every_filter_operator_returns_exactly_the_seeded_items() {
    let ddb = Emulator::dynamodb_local();
    runtime().block_on(async {
        let clients = seeded_clients(&ddb).await;
        use ScalarKind::{N, S};
        let cmp = |c| FilterOp::Compare(c);
        let cases: Vec<(FilterSpec, Expectation)> = vec![
            (
                filter("n", cmp(Comparator::Eq), N, "5", ""),
                Box::new(|s| s.n == 5),
            ),
            (
                filter("n", cmp(Comparator::Ne), N, "5", ""),
                Box::new(|s| s.n != 5),
            ),
            (
                filter("n", cmp(Comparator::Lt), N, "-5", ""),
                Box::new(|s| s.n < -5),
            ),
            (
                filter("n", cmp(Comparator::Le), N, "-5", ""),
                Box::new(|s| s.n <= -5),
            ),
            (
                filter("n", cmp(Comparator::Gt), N, "25", ""),
                Box::new(|s| s.n > 25),
            ),
            (
                filter("n", cmp(Comparator::Ge), N, "25", ""),
                Box::new(|s| s.n >= 25),
            ),
            (
                filter("n", FilterOp::Between, N, "-15", "15.5"),
                Box::new(|s| (-15..=15).contains(&s.n)),
            ),
            (
                filter("s", FilterOp::BeginsWith, S, "apple", ""),
                Box::new(|s| s.s.starts_with("apple")),
            ),
            (
                filter("tags", FilterOp::Contains, S, "red", ""),
                Box::new(|s| s.tags.contains(&"red")),
            ),
            (
                filter("s", FilterOp::Contains, S, "xxxx", ""),
                Box::new(|s| s.s.contains("xxxx")),
            ),
            (
                filter("tags", FilterOp::NotContains, S, "red", ""),
                Box::new(|s| !s.tags.contains(&"red")),
            ),
            (
                filter("`dotted.name`", FilterOp::Exists, S, "", ""),
                Box::new(|s| s.sparse),
            ),
            (
                filter("`dotted.name`", FilterOp::NotExists, S, "", ""),
                Box::new(|s| !s.sparse),
            ),
            (
                filter("v", FilterOp::AttributeType, S, "", ""),
                Box::new(|s| s.v_is_number),
            ),
            (
                filter("s", FilterOp::Size(Comparator::Gt), N, "9", ""),
                Box::new(|s| s.s.len() > 9),
            ),
            // Reserved word, nested path with a list index.
            (
                filter("status", cmp(Comparator::Eq), S, "OPEN", ""),
                Box::new(|s| s.status == "OPEN"),
            ),
            (
                filter("a.b[0].c", cmp(Comparator::Eq), S, "x", ""),
                Box::new(|s| s.n > 0),
            ),
        ];
        for (spec, predicate) in cases {
            let label = format!("{} {}", spec.path, spec.op.label());
            let mut request = query(None);
            request.filters = vec![spec.clone()];
            assert_eq!(
                sort_keys(&clients, request).await,
                expected(&predicate),
                "query with {label}"
            );
            let mut scan = ItemsRequestSpec::scan("Events", 4);
            scan.filters = vec![spec];
            assert_eq!(
                sort_keys(&clients, scan).await,
                expected(&predicate),
                "scan with {label}"
            );
        }
        // Two filters together, and a projection with reserved and dotted names.
        let mut both = query(None);
        both.filters = vec![
            filter("status", cmp(Comparator::Eq), S, "OPEN", ""),
            filter("n", cmp(Comparator::Gt), N, "0", ""),
        ];
        assert_eq!(
            sort_keys(&clients, both).await,
            expected(|s| s.status == "OPEN" && s.n > 0)
        );
        let mut projected = query(Some((SortKeyCondition::Eq, "item#05", "")));
        projected.projection = "sk, status, `dotted.name`, a.b[0].c".into();
        let request = projected.build().expect("valid");
        let page = dynamodb_items::fetch_page(&clients, &request, None, None)
            .await
            .expect("page");
        let mut names: Vec<&str> = page.items[0].iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["a", "dotted.name", "sk", "status"]);
    });
}

fn collecting_sink() -> (EventSink, Arc<Mutex<Vec<LoadEvent>>>) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink_events = events.clone();
    let sink: EventSink = Arc::new(move |event| {
        sink_events.lock().expect("events").push(event);
    });
    (sink, events)
}

async fn seed_many(clients: &AwsClients, table: &str, count: usize) {
    create_table(clients, table, None).await;
    let mut batch = Vec::new();
    for i in 0..count {
        batch.push(
            aws_sdk_dynamodb::types::WriteRequest::builder()
                .put_request(
                    aws_sdk_dynamodb::types::PutRequest::builder()
                        .set_item(Some(item_to_sdk(&[
                            ("pk".to_owned(), AttrValue::s(format!("item-{i:05}"))),
                            ("payload".to_owned(), AttrValue::s("x".repeat(150))),
                        ])))
                        .build()
                        .expect("put"),
                )
                .build(),
        );
        if batch.len() == 25 || i + 1 == count {
            clients
                .dynamodb
                .batch_write_item()
                .request_items(table, std::mem::take(&mut batch))
                .send()
                .await
                .expect("BatchWriteItem");
        }
    }
}

#[test]
fn load_all_with_four_segments_returns_every_item_once() {
    let ddb = Emulator::dynamodb_local();
    runtime().block_on(async {
        let clients = AwsClients::connect(ddb.connection()).await;
        seed_many(&clients, "Many", 1_000).await;
        let request = ItemsRequestSpec::scan("Many", 40).build().expect("scan");
        let (sink, events) = collecting_sink();
        dynamodb_items::load(
            clients.clone(),
            request,
            None,
            LoadMode::All { segments: 4 },
            sink,
        )
        .await;
        let events = events.lock().expect("events");
        let mut keys = BTreeSet::new();
        let mut segments = BTreeSet::new();
        let mut total = 0;
        for event in events.iter() {
            if let LoadEvent::Page { segment, page } = event {
                segments.insert(*segment);
                total += page.items.len();
                for item in &page.items {
                    keys.insert(format!("{:?}", item.iter().find(|(n, _)| n == "pk")));
                }
            }
        }
        assert_eq!(total, 1_000, "every item exactly once");
        assert_eq!(keys.len(), 1_000);
        assert_eq!(segments, BTreeSet::from([0, 1, 2, 3]));
        assert!(matches!(
            events.last(),
            Some(LoadEvent::Finished { next: None })
        ));
    });
}

#[test]
fn cancelling_a_load_stops_it() {
    let ddb = Emulator::dynamodb_local();
    runtime().block_on(async {
        let clients = AwsClients::connect(ddb.connection()).await;
        seed_many(&clients, "Slow", 300).await;
        // One item a page: hundreds of round trips, far more than the test waits for.
        let request = ItemsRequestSpec::scan("Slow", 1).build().expect("scan");
        let (sink, events) = collecting_sink();
        let task = tokio::spawn(dynamodb_items::load(
            clients,
            request,
            None,
            LoadMode::All { segments: 2 },
            sink,
        ));
        while events.lock().expect("events").len() < 3 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        task.abort();
        let _ = task.await;
        let after_cancel = events.lock().expect("events").len();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let later = events.lock().expect("events").len();
        assert_eq!(later, after_cancel, "no page arrives after cancel");
        assert!(after_cancel < 300, "the scan stopped early");
        assert!(
            !events
                .lock()
                .expect("events")
                .iter()
                .any(|e| matches!(e, LoadEvent::Finished { .. }))
        );
    });
}

#[test]
fn partiql_runs_with_parameters_and_reports_errors() {
    let ddb = Emulator::dynamodb_local();
    runtime().block_on(async {
        let clients = seeded_clients(&ddb).await;
        let page = dynamodb_items::execute_statement(
            &clients,
            r#"SELECT * FROM "Events" WHERE pk = ? AND sk = ?"#,
            &[AttrValue::s("A"), AttrValue::s("item#07")],
            None,
        )
        .await
        .expect("statement");
        assert_eq!(page.items.len(), 1);
        assert!(page.items[0].contains(&("n".into(), AttrValue::N("15".into()))));

        let error = dynamodb_items::execute_statement(&clients, "SELEC nonsense", &[], None)
            .await
            .expect_err("syntax error");
        assert_eq!(error.operation, "ExecuteStatement");
        assert!(!error.message.is_empty());

        let read_only = AwsClients::connect(stratus::connection::model::ConnectionSpec {
            read_only: true,
            ..ddb.connection()
        })
        .await;
        let error = dynamodb_items::execute_statement(
            &read_only,
            r#"DELETE FROM "Events" WHERE pk = 'A' AND sk = 'item#01'"#,
            &[],
            None,
        )
        .await
        .expect_err("read-only");
        assert_eq!(error.kind, ErrorKind::ReadOnly);
        let still_there = sort_keys(&clients, query(None)).await;
        assert!(still_there.contains("item#01"), "nothing was deleted");
        let _ = stratus::dynamodb::calls::tables::list_tables(&clients)
            .await
            .expect("still fine");
    });
}
