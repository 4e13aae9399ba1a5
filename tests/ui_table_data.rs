//! Moving data and managing tables through the real UI, against DynamoDB Local: export then
//! import reproduces every attribute type exactly; a CSV with wrong rows writes nothing; a
//! table is created, given a TTL and deleted; a read-only connection changes nothing.

use crate::support;

use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::ScalarAttributeType;
use stratus::app::Command;
use stratus::app::tab::TabContent;
use stratus::connection::ConnectionId;
use stratus::connection::calls::AwsClients;
use stratus::connection::model::ConnectionSpec;
use stratus::dynamodb::calls::transfer::default_file_name;
use stratus::dynamodb::model::export_format::ExportFormat;
use stratus::dynamodb::model::import_rows::parse_import;
use stratus::dynamodb::model::item_edit::SaveRequest;
use stratus::dynamodb::model::item_edit::diff;
use stratus::dynamodb::model::table_draft::KeyDraft;
use stratus::dynamodb::model::table_draft::TableDraft;
use stratus::dynamodb::model::table_spec::KeyScalarType;
use stratus::dynamodb::model::ttl::TtlUpdate;
use stratus::dynamodb::tab::TableCommand;
use stratus::shared::model::ErrorKind;
use support::items::{assert_same_items, keys, put_all, scan_all};
use support::ui::{
    app_harness, click, has_label, has_label_containing, is_enabled, type_into, wait_until,
};
use support::{Emulator, create_table, runtime};

async fn table_names(clients: &AwsClients) -> Vec<String> {
    stratus::dynamodb::calls::tables::list_tables(clients)
        .await
        .expect("list tables")
        .into_iter()
        .map(|t| t.name)
        .collect()
}

#[test]
fn export_import_create_ttl_and_delete_through_the_ui() {
    let ddb = Emulator::dynamodb_local();
    let runtime = runtime();
    let clients = runtime.block_on(AwsClients::connect(ddb.connection()));
    let items = runtime.block_on(async {
        create_table(&clients, "Everything", Some(ScalarAttributeType::N)).await;
        put_all(&clients, "Everything").await
    });
    let files = tempfile::tempdir().expect("files dir");
    let config = tempfile::tempdir().expect("config dir");
    let mut harness = app_harness(&runtime, ddb.connection(), config.path());
    wait_until(&mut harness, "the table", |h| has_label(h, "Everything"));
    click(&mut harness, "Everything");
    wait_until(&mut harness, "the items", |h| {
        has_label_containing(h, &format!("{} items loaded", items.len()))
    });

    // Export the whole table, streamed, to JSON Lines.
    let export_path = files
        .path()
        .join(default_file_name("Everything", ExportFormat::JsonLines));
    click(&mut harness, "Export items");
    click(
        &mut harness,
        "Whole table (full scan, streamed to the file)",
    );
    type_into(
        &mut harness,
        "Export file",
        &export_path.display().to_string(),
    );
    click(&mut harness, "Start export");
    wait_until(&mut harness, "the export", |h| {
        has_label_containing(h, &format!("Exported {} items to", items.len()))
    });
    // And the loaded items, from the grid, to CSV.
    let csv_path = files.path().join("loaded.csv");
    click(&mut harness, "Loaded in the grid (30)");
    click(&mut harness, "Export format");
    click(&mut harness, "CSV");
    type_into(&mut harness, "Export file", &csv_path.display().to_string());
    click(&mut harness, "Start export");
    wait_until(&mut harness, "the CSV export", |h| {
        has_label_containing(
            h,
            &format!("Exported {} items to {}", items.len(), csv_path.display()),
        )
    });
    // And one selected row, to a JSON array.
    let json_path = files.path().join("selected.json");
    type_into(&mut harness, "Filter loaded items", "user#7 ");
    click(&mut harness, "user#7 ☂, \"quoted\"");
    click(&mut harness, "Selected (1)");
    click(&mut harness, "Export format");
    click(&mut harness, "JSON array (DynamoDB JSON)");
    type_into(
        &mut harness,
        "Export file",
        &json_path.display().to_string(),
    );
    click(&mut harness, "Start export");
    wait_until(&mut harness, "the selected export", |h| {
        has_label_containing(h, &format!("Exported 1 item to {}", json_path.display()))
    });
    let text = std::fs::read_to_string(&json_path).expect("selected export");
    let plan = parse_import(&text, ExportFormat::Json, &keys());
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    assert_eq!(plan.rows.len(), 1);
    assert!(
        diff(&items[7], &plan.rows[0].item).is_empty(),
        "the selected item, exactly"
    );
    click(&mut harness, "Close export window");

    // Create a table with the same keys from the form; it opens once active.
    click(&mut harness, "New table");
    wait_until(&mut harness, "the create form", |h| {
        has_label(h, "New table name")
    });
    click(&mut harness, "Create table");
    wait_until(&mut harness, "the errors at the fields", |h| {
        has_label_containing(h, "fields to fix")
    });
    type_into(&mut harness, "New table name", "Copy");
    type_into(&mut harness, "Partition key name", "pk");
    type_into(&mut harness, "Sort key name", "sk");
    click(&mut harness, "Sort key type");
    wait_until(&mut harness, "the key types", |h| has_label(h, "Number"));
    click(&mut harness, "Number");
    click(&mut harness, "Create table");
    wait_until(&mut harness, "the new table's tab", |h| {
        has_label(h, "Table · Copy") && has_label_containing(h, "0 items loaded")
    });
    assert!(
        runtime
            .block_on(table_names(&clients))
            .contains(&"Copy".to_owned())
    );

    // Import the export into it: checked first, then written; the copy is exact.
    click(&mut harness, "Import items");
    type_into(
        &mut harness,
        "Import file",
        &export_path.display().to_string(),
    );
    click(&mut harness, "Check import file");
    wait_until(&mut harness, "the check", |h| {
        has_label(h, &format!("{} items ready to import", items.len()))
    });
    click(&mut harness, "Start import");
    wait_until(&mut harness, "the import", |h| {
        has_label(h, &format!("Wrote {0} of {0} items.", items.len()))
    });
    let copied = runtime.block_on(scan_all(&clients, "Copy"));
    assert_same_items(&items, &copied, "imported through the UI");
    wait_until(&mut harness, "the grid to show the imported items", |h| {
        has_label_containing(h, &format!("{} items loaded", items.len()))
    });

    // The CSV of the loaded items, imported over them, changes nothing: it is exact too.
    type_into(&mut harness, "Import file", &csv_path.display().to_string());
    click(&mut harness, "Check import file");
    wait_until(&mut harness, "the CSV check", |h| {
        has_label(h, &format!("{} items ready to import", items.len()))
    });
    click(&mut harness, "Start import");
    wait_until(&mut harness, "the CSV import", |h| {
        has_label(h, &format!("Wrote {0} of {0} items.", items.len()))
    });
    let copied = runtime.block_on(scan_all(&clients, "Copy"));
    assert_same_items(&items, &copied, "CSV of the loaded items");

    // A CSV with wrong rows names each by line and writes none of the good ones.
    let bad_csv = files.path().join("bad.csv");
    std::fs::write(
        &bad_csv,
        "pk (S),sk (N),note (S)\n\
         fresh-1,1,fine\n\
         fresh-2,not-a-number,bad sk\n\
         ,3,no partition key\n\
         fresh-4,4,fine too\n",
    )
    .expect("write csv");
    type_into(&mut harness, "Import file", &bad_csv.display().to_string());
    click(&mut harness, "Check import file");
    wait_until(&mut harness, "the wrong rows", |h| {
        has_label(h, "2 rows are wrong, nothing will be written:")
    });
    assert!(has_label_containing(&harness, "line 3:"));
    assert!(has_label_containing(&harness, "line 4:"));
    assert!(!has_label_containing(&harness, "line 2:"));
    assert!(
        !has_label(&harness, "Start import"),
        "no partial import is offered"
    );
    let after = runtime.block_on(scan_all(&clients, "Copy"));
    assert_same_items(&items, &after, "nothing written from the bad CSV");
    click(&mut harness, "Close import window");

    // TTL on, from the overview.
    click(&mut harness, "Overview");
    wait_until(&mut harness, "the TTL form", |h| {
        has_label(h, "TTL attribute")
    });
    click(&mut harness, "TTL enabled");
    type_into(&mut harness, "TTL attribute", "expiresAt");
    click(&mut harness, "Save TTL");
    wait_until(&mut harness, "TTL on", |h| {
        has_label_containing(h, "ENABLED on “expiresAt”")
    });
    let ttl = runtime
        .block_on(stratus::dynamodb::calls::admin::describe_ttl(
            &clients, "Copy",
        ))
        .expect("ttl");
    assert_eq!(ttl.attribute_name.as_deref(), Some("expiresAt"));

    // Delete the table: the button waits for its name to be typed.
    click(&mut harness, "Delete table");
    wait_until(&mut harness, "the confirmation", |h| {
        has_label(h, "Type the table name to delete")
    });
    assert!(!is_enabled(&mut harness, "Confirm delete table"));
    type_into(&mut harness, "Type the table name to delete", "Cop");
    assert!(!is_enabled(&mut harness, "Confirm delete table"));
    type_into(&mut harness, "Type the table name to delete", "Copy");
    click(&mut harness, "Confirm delete table");
    wait_until(&mut harness, "the tab to close", |h| {
        !has_label(h, "Table · Copy")
    });
    let names = runtime.block_on(table_names(&clients));
    assert!(!names.contains(&"Copy".to_owned()), "{names:?}");
    assert!(names.contains(&"Everything".to_owned()));
    harness.check_accessibility();
}

#[test]
fn a_read_only_connection_blocks_every_write_path() {
    let ddb = Emulator::dynamodb_local();
    let runtime = runtime();
    let clients = runtime.block_on(AwsClients::connect(ddb.connection()));
    let items = runtime.block_on(async {
        create_table(&clients, "Guarded", Some(ScalarAttributeType::N)).await;
        put_all(&clients, "Guarded").await
    });
    let files = tempfile::tempdir().expect("files dir");
    let import_file = files.path().join("rows.jsonl");
    std::fs::write(
        &import_file,
        "{\"pk\":{\"S\":\"new\"},\"sk\":{\"N\":\"1\"}}\n",
    )
    .expect("write import file");
    let config = tempfile::tempdir().expect("config dir");
    let spec = ConnectionSpec {
        read_only: true,
        ..ddb.connection()
    };
    let mut harness = app_harness(&runtime, spec, config.path());
    wait_until(&mut harness, "the table", |h| has_label(h, "Guarded"));
    click(&mut harness, "Guarded");
    wait_until(&mut harness, "the items", |h| {
        has_label_containing(h, &format!("{} items loaded", items.len()))
    });

    // Every write control is disabled.
    for control in ["New item", "Import items", "New table"] {
        assert!(!is_enabled(&mut harness, control), "{control} is enabled");
    }
    click(&mut harness, "Overview");
    wait_until(&mut harness, "the overview", |h| {
        has_label(h, "Delete table")
    });
    assert!(!is_enabled(&mut harness, "Delete table"));
    assert!(!is_enabled(&mut harness, "Save TTL"));

    // And the app refuses the writes even when asked directly, as a stale widget might.
    let tab = harness.state().state().tabs[0].id;
    let connection = ConnectionId(0);
    let mut new_item = items[0].clone();
    new_item.insert(
        "pk".into(),
        stratus::dynamodb::model::AttrValue::s("sneaky"),
    );
    let mut draft = TableDraft {
        table_name: "Sneaky".into(),
        partition_key: KeyDraft::new("pk", KeyScalarType::S),
        ..TableDraft::default()
    };
    draft.sort_key.name.clear();
    let spec = draft.validate().expect("valid draft");
    let app = harness.state_mut();
    let table = |cmd| Command::Table { tab, cmd };
    app.send(table(TableCommand::SaveItem {
        request: SaveRequest {
            table: "Guarded".into(),
            loaded: None,
            edited: new_item,
            key_schema: keys(),
            version_attribute: None,
        },
    }));
    app.send(table(TableCommand::DeleteItems {
        items: items[..2].to_vec(),
        at: Default::default(),
    }));
    app.send(Command::CreateTable { connection, spec });
    app.send(table(TableCommand::DeleteTable));
    app.send(table(TableCommand::UpdateTtl {
        update: TtlUpdate {
            enabled: true,
            attribute_name: "expiresAt".into(),
        },
    }));
    app.send(table(TableCommand::RunPartiql {
        statement: "DELETE FROM \"Guarded\" WHERE pk = 'user#0 ☂, \"quoted\"' AND sk = 0".into(),
        parameters: Vec::new(),
    }));
    app.send(table(TableCommand::CheckImport {
        format: ExportFormat::JsonLines,
        path: import_file.clone(),
    }));
    wait_until(&mut harness, "the import check", |h| {
        has_label(h, "1 item ready to import")
            || {
                let state = h.state().state();
                matches!(&state.tabs[0].content, TabContent::Table(t) if t.transfer.import_plan.value().is_some())
            }
    });
    harness.state_mut().send(Command::Table {
        tab,
        cmd: TableCommand::RunImport,
    });

    // Every one of them comes back refused as read-only.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        harness.step();
        let state = harness.state().state();
        let TabContent::Table(table) = &state.tabs[0].content else {
            panic!("the table tab");
        };
        let refused = |error: Option<&stratus::shared::model::ServiceError>| {
            error.is_some_and(|e| e.kind == ErrorKind::ReadOnly)
        };
        let create = &state.connections[0].create_table;
        let all = refused(table.writes.save.error())
            && refused(table.writes.delete.error())
            && refused(create.error())
            && refused(table.delete_table.error())
            && refused(table.ttl.error())
            && refused(table.items.error.as_ref())
            && refused(table.transfer.import.error());
        if all {
            break;
        }
        assert!(Instant::now() < deadline, "not every write was refused");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(has_label_containing(&harness, "read-only"));

    // The emulator holds exactly what it held before.
    assert_eq!(
        runtime.block_on(table_names(&clients)),
        vec!["Guarded".to_owned()]
    );
    let after = runtime.block_on(scan_all(&clients, "Guarded"));
    assert_same_items(&items, &after, "read-only table");
    let ttl = runtime
        .block_on(stratus::dynamodb::calls::admin::describe_ttl(
            &clients, "Guarded",
        ))
        .expect("ttl");
    assert!(!ttl.status.is_on());
}
