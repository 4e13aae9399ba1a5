//! Creating and deleting tables and switching TTL, against DynamoDB Local and moto.

use crate::support;

use stratus::connection::calls::AwsClients;
use stratus::dynamodb::calls::admin::create_table;
use stratus::dynamodb::calls::admin::delete_table;
use stratus::dynamodb::calls::admin::describe_ttl;
use stratus::dynamodb::calls::admin::update_ttl;
use stratus::dynamodb::calls::tables::describe_table;
use stratus::dynamodb::calls::tables::list_tables;
use stratus::dynamodb::model::TableDraft;
use stratus::dynamodb::model::TableSpec;
use stratus::dynamodb::model::TtlStatus;
use stratus::dynamodb::model::table_details::IndexDetails;
use stratus::dynamodb::model::table_details::KeyAttribute;
use stratus::dynamodb::model::table_details::KeyRole;
use stratus::dynamodb::model::table_draft::BillingChoice;
use stratus::dynamodb::model::table_draft::CapacityDraft;
use stratus::dynamodb::model::table_draft::GsiDraft;
use stratus::dynamodb::model::table_draft::KeyDraft;
use stratus::dynamodb::model::table_draft::LsiDraft;
use stratus::dynamodb::model::table_draft::ProjectionChoice;
use stratus::dynamodb::model::table_draft::ProjectionDraft;
use stratus::dynamodb::model::table_spec::KeyScalarType;
use stratus::shared::model::ErrorKind;
use support::{Emulator, runtime};

/// A provisioned table with a sort key, a GSI projecting two attributes and a keys-only LSI.
fn orders_spec() -> TableSpec {
    TableDraft {
        table_name: "Orders".to_owned(),
        partition_key: KeyDraft::new("customerId", KeyScalarType::S),
        sort_key: KeyDraft::new("orderId", KeyScalarType::S),
        billing: BillingChoice::Provisioned,
        capacity: CapacityDraft {
            read: "7".to_owned(),
            write: "3".to_owned(),
        },
        global_indexes: vec![GsiDraft {
            name: "byStatus".to_owned(),
            partition_key: KeyDraft::new("status", KeyScalarType::S),
            sort_key: KeyDraft::new("placedAt", KeyScalarType::N),
            projection: ProjectionDraft {
                choice: ProjectionChoice::Include,
                non_key_attributes: "total, customerName".to_owned(),
            },
            capacity: CapacityDraft {
                read: "4".to_owned(),
                write: "2".to_owned(),
            },
        }],
        local_indexes: vec![LsiDraft {
            name: "byTotal".to_owned(),
            sort_key: KeyDraft::new("total", KeyScalarType::N),
            projection: ProjectionDraft {
                choice: ProjectionChoice::KeysOnly,
                non_key_attributes: String::new(),
            },
        }],
    }
    .validate()
    .expect("a valid draft")
}

fn key(name: &str, role: KeyRole, attribute_type: &str) -> KeyAttribute {
    KeyAttribute {
        name: name.to_owned(),
        role,
        attribute_type: attribute_type.to_owned(),
    }
}

/// An index without what emulators report differently (status, item count).
fn comparable(index: &IndexDetails) -> IndexDetails {
    IndexDetails {
        status: None,
        item_count: None,
        ..index.clone()
    }
}

async fn table_names(clients: &AwsClients) -> Vec<String> {
    list_tables(clients)
        .await
        .expect("ListTables")
        .into_iter()
        .map(|t| t.name)
        .collect()
}

/// Create, check every setting, switch TTL on and off, delete.
async fn full_lifecycle(emulator: &Emulator) {
    let clients = AwsClients::connect(emulator.connection()).await;
    let created = create_table(&clients, &orders_spec())
        .await
        .expect("CreateTable");
    let described = describe_table(&clients, "Orders")
        .await
        .expect("DescribeTable");
    assert_eq!(created, described);
    assert_eq!(described.status.as_deref(), Some("ACTIVE"));
    assert_eq!(described.billing_mode, "PROVISIONED");
    assert_eq!(
        (described.read_capacity, described.write_capacity),
        (Some(7), Some(3))
    );
    assert_eq!(
        described.key_schema,
        [
            key("customerId", KeyRole::Partition, "S"),
            key("orderId", KeyRole::Sort, "S"),
        ]
    );
    let indexes: Vec<IndexDetails> = described.indexes.iter().map(comparable).collect();
    assert_eq!(
        indexes,
        [
            IndexDetails {
                name: "byStatus".to_owned(),
                global: true,
                keys: vec![
                    key("status", KeyRole::Partition, "S"),
                    key("placedAt", KeyRole::Sort, "N"),
                ],
                projection: "INCLUDE (total, customerName)".to_owned(),
                status: None,
                item_count: None,
                read_capacity: Some(4),
                write_capacity: Some(2),
            },
            IndexDetails {
                name: "byTotal".to_owned(),
                global: false,
                keys: vec![
                    key("customerId", KeyRole::Partition, "S"),
                    key("total", KeyRole::Sort, "N"),
                ],
                projection: "KEYS_ONLY".to_owned(),
                status: None,
                item_count: None,
                read_capacity: None,
                write_capacity: None,
            },
        ]
    );

    let ttl = describe_ttl(&clients, "Orders").await.expect("TTL");
    assert!(!ttl.status.is_on(), "{ttl:?}");
    let on = update_ttl(&clients, "Orders", true, "expiresAt")
        .await
        .expect("enable TTL");
    assert!(on.status.is_on(), "{on:?}");
    assert_eq!(on.attribute_name.as_deref(), Some("expiresAt"));
    assert_eq!(describe_ttl(&clients, "Orders").await.expect("TTL"), on);
    let off = update_ttl(&clients, "Orders", false, "expiresAt")
        .await
        .expect("disable TTL");
    assert!(
        matches!(off.status, TtlStatus::Disabled | TtlStatus::Disabling),
        "{off:?}"
    );

    delete_table(&clients, "Orders").await.expect("DeleteTable");
    assert!(!table_names(&clients).await.contains(&"Orders".to_owned()));
    let gone = describe_table(&clients, "Orders")
        .await
        .expect_err("the table is gone");
    assert_eq!(gone.kind, ErrorKind::NotFound);
}

#[test]
fn dynamodb_local_creates_describes_and_deletes_exactly_the_spec() {
    let ddb = Emulator::dynamodb_local();
    runtime().block_on(full_lifecycle(&ddb));
}

#[test]
fn moto_creates_describes_and_deletes_exactly_the_spec() {
    let moto = Emulator::moto();
    runtime().block_on(full_lifecycle(&moto));
}

/// A read-only connection refuses every write before sending it.
async fn read_only_changes_nothing(emulator: &Emulator) {
    let clients = AwsClients::connect(emulator.connection()).await;
    create_table(&clients, &orders_spec())
        .await
        .expect("CreateTable");
    let ttl_before = describe_ttl(&clients, "Orders").await.expect("TTL");
    let mut spec = emulator.connection();
    spec.read_only = true;
    let read_only = AwsClients::connect(spec).await;

    let mut other = orders_spec();
    other.name = "Other".to_owned();
    let refusals = [
        create_table(&read_only, &other).await.map(|_| ()),
        delete_table(&read_only, "Orders").await,
        update_ttl(&read_only, "Orders", true, "expiresAt")
            .await
            .map(|_| ()),
    ];
    for (refusal, operation) in
        refusals
            .into_iter()
            .zip(["CreateTable", "DeleteTable", "UpdateTimeToLive"])
    {
        let error = refusal.expect_err("refused");
        assert_eq!(error.kind, ErrorKind::ReadOnly, "{error}");
        assert_eq!(error.operation, operation);
    }
    assert_eq!(table_names(&clients).await, ["Orders"]);
    assert_eq!(
        describe_ttl(&clients, "Orders").await.expect("TTL"),
        ttl_before
    );
    // Reads still work on the read-only connection.
    assert_eq!(table_names(&read_only).await, ["Orders"]);
}

#[test]
fn a_read_only_connection_changes_nothing_on_dynamodb_local() {
    let ddb = Emulator::dynamodb_local();
    runtime().block_on(read_only_changes_nothing(&ddb));
}

#[test]
fn a_read_only_connection_changes_nothing_on_moto() {
    let moto = Emulator::moto();
    runtime().block_on(read_only_changes_nothing(&moto));
}

async fn existing_table_is_a_readable_error(emulator: &Emulator) {
    let clients = AwsClients::connect(emulator.connection()).await;
    create_table(&clients, &orders_spec())
        .await
        .expect("CreateTable");
    let error = create_table(&clients, &orders_spec())
        .await
        .expect_err("the table exists");
    assert_eq!(error.operation, "CreateTable");
    assert!(error.message.contains("ResourceInUse"), "{error}");
    assert!(
        error.to_string().starts_with("CreateTable failed: "),
        "{error}"
    );
}

#[test]
fn creating_an_existing_table_is_a_readable_error_on_dynamodb_local() {
    let ddb = Emulator::dynamodb_local();
    runtime().block_on(existing_table_is_a_readable_error(&ddb));
}

#[test]
fn creating_an_existing_table_is_a_readable_error_on_moto() {
    let moto = Emulator::moto();
    runtime().block_on(existing_table_is_a_readable_error(&moto));
}

#[test]
fn deleting_a_missing_table_is_not_found() {
    let moto = Emulator::moto();
    runtime().block_on(async {
        let clients = AwsClients::connect(moto.connection()).await;
        let error = delete_table(&clients, "Nope").await.expect_err("missing");
        assert_eq!(error.kind, ErrorKind::NotFound);
        assert_eq!(error.operation, "DeleteTable");
        let ttl = describe_ttl(&clients, "Nope").await;
        assert!(ttl.is_err_and(|e| e.kind == ErrorKind::NotFound));
    });
}
