//! Several connections at once, each with its own colour and read-only switch, and the
//! workspace Stratus remembers between runs. One test in this binary: it sets credentials in
//! the environment, as a restored connection (which never stores keys) reads them from there.

mod support;

use aws_sdk_dynamodb::types::AttributeValue;
use egui_kittest::kittest::Queryable as _;
use stratus::connection::calls::AwsClients;
use support::ui::{
    add_endpoint_connection, app_harness, click, has_label, has_label_containing, is_enabled,
    search_palette, type_into, wait_until,
};
use support::{Emulator, create_table, runtime, test_keys_in_environment};

#[test]
fn two_connections_side_by_side_and_the_workspace_comes_back_after_a_restart() {
    // SAFETY: the only test of this binary, before any thread that reads the environment.
    unsafe {
        test_keys_in_environment();
        std::env::set_var("AWS_REGION", "us-east-1");
    }
    let moto = Emulator::moto();
    moto.seed_demo(5);
    let ddb = Emulator::dynamodb_local();
    let runtime = runtime();
    runtime.block_on(async {
        let clients = AwsClients::connect(ddb.connection()).await;
        create_table(&clients, "LocalOnly", None).await;
        for (pk, shade) in [("a", "teal"), ("b", "amber"), ("c", "mauve")] {
            clients
                .dynamodb
                .put_item()
                .table_name("LocalOnly")
                .item("pk", AttributeValue::S(pk.into()))
                .item("shade", AttributeValue::S(shade.into()))
                .send()
                .await
                .expect("put");
        }
    });
    let config = tempfile::tempdir().expect("config dir");
    let mut harness = app_harness(&runtime, moto.connection(), config.path());
    wait_until(&mut harness, "moto's tables", |h| has_label(h, "Orders"));

    // A second connection, to DynamoDB Local, added through the connection bar.
    add_endpoint_connection(&mut harness, &ddb.endpoint);
    wait_until(&mut harness, "both connections' tables", |h| {
        has_label(h, "LocalOnly") && has_label(h, "Orders")
    });
    // Each connection lists only its own tables, under its own heading.
    assert_eq!(harness.query_all_by_label("Orders").count(), 1);
    assert_eq!(harness.query_all_by_label("LocalOnly").count(), 1);
    assert_eq!(harness.query_all_by_label("AuditLog").count(), 1);
    let local_heading = format!("Connection {} · us-east-1", ddb.endpoint);
    assert!(has_label(&harness, &local_heading));
    assert!(has_label(
        &harness,
        &format!("Connection {} · us-east-1", moto.endpoint)
    ));

    // A connection's lists fold away under its heading, and come back.
    let fold = format!("{} · us-east-1", ddb.endpoint);
    click(&mut harness, &format!("Collapse connection {fold}"));
    wait_until(&mut harness, "the folded lists", |h| {
        !has_label(h, "LocalOnly")
    });
    assert!(
        has_label(&harness, "Orders"),
        "the other connection stays open"
    );
    click(&mut harness, &format!("Expand connection {fold}"));
    wait_until(&mut harness, "the lists again", |h| {
        has_label(h, "LocalOnly")
    });

    // The new connection takes the next colour; the user picks another.
    assert!(has_label(&harness, "Connection colour: Green"));
    click(&mut harness, "Connection colour: Green");
    wait_until(&mut harness, "the colours", |h| has_label(h, "● Orange"));
    click(&mut harness, "● Orange");
    wait_until(&mut harness, "the new colour", |h| {
        has_label(h, "Connection colour: Orange")
    });

    // The palette searches every connection and opens the table on its own connection.
    let host = ddb.endpoint.trim_start_matches("http://").to_owned();
    search_palette(&mut harness, "lclonly");
    let entry = format!("Table · LocalOnly · {host}");
    wait_until(&mut harness, "the match", |h| has_label(h, &entry));
    harness.key_press(egui::Key::Enter);
    wait_until(&mut harness, "LocalOnly's items", |h| {
        has_label_containing(h, "3 items loaded")
    });
    assert!(has_label(&harness, &entry), "the tab names its connection");

    // Sort by a column and save a query: both are remembered for this table.
    click(&mut harness, "Sort by shade");
    type_into(&mut harness, "Query name", "all shades");
    click(&mut harness, "Save query");
    wait_until(&mut harness, "the saved query", |h| {
        has_label(h, "Saved queries (1)")
    });
    assert!(has_label(&harness, "Recent queries (0)"));
    click(&mut harness, "Run scan");
    wait_until(&mut harness, "the recent query", |h| {
        has_label(h, "Recent queries (1)")
    });

    // Read-only on the local connection disables its writes, not the other connection's.
    assert!(is_enabled(&mut harness, "New item"));
    click(&mut harness, "Read-only");
    wait_until(&mut harness, "the read-only reload", |h| {
        has_label_containing(h, "3 items loaded") && has_label(h, "read-only")
    });
    assert!(!is_enabled(&mut harness, "New item"));
    click(&mut harness, "Orders");
    wait_until(&mut harness, "the Orders tab", |h| {
        has_label_containing(h, "5 items loaded")
    });
    assert!(is_enabled(&mut harness, "New item"));
    drop(harness);

    // A restart brings back both connections, the colour, read-only, the tabs, the sort and
    // the saved query.
    let mut harness = app_harness(&runtime, moto.connection(), config.path());
    wait_until(&mut harness, "both connections again", |h| {
        has_label(h, "LocalOnly") && has_label(h, &local_heading) && has_label(h, "read-only")
    });
    let moto_host = moto.endpoint.trim_start_matches("http://");
    assert!(has_label(
        &harness,
        &format!("Table · Orders · {moto_host}")
    ));
    click(&mut harness, &entry);
    wait_until(&mut harness, "LocalOnly's items", |h| {
        has_label_containing(h, "3 items loaded")
    });
    // The builder shows once the key schema is read.
    wait_until(&mut harness, "the saved and recent queries", |h| {
        has_label(h, "Saved queries (1)") && has_label(h, "Recent queries (1)")
    });
    assert!(!is_enabled(&mut harness, "New item"), "still read-only");
    assert!(has_label(&harness, "Connection colour: Orange"));
    let workspace =
        std::fs::read_to_string(config.path().join("workspace.json")).expect("workspace file");
    assert!(
        workspace.contains("\"shade\""),
        "the sort is remembered: {workspace}"
    );
    assert!(
        !workspace.contains("\"test\""),
        "no keys on disk: {workspace}"
    );
    harness.check_accessibility();
}
