//! Editing items against DynamoDB Local and moto: exact round trips, conflicts, key moves,
//! batch deletes, revert, read-only; and the editor driven by label.

use crate::support;

use aws_sdk_dynamodb::types::ScalarAttributeType;
use egui_kittest::kittest::Queryable as _;
use stratus::connection::calls::AwsClients;
use stratus::connection::model::ConnectionSpec;
use stratus::dynamodb::calls::deletes::batch_delete;
use stratus::dynamodb::calls::writes as dynamodb_writes;
use stratus::dynamodb::calls::writes::get_item;
use stratus::dynamodb::calls::writes::save_item;
use stratus::dynamodb::model::AttrValue;
use stratus::dynamodb::model::edit_tree::edit_item_from;
use stratus::dynamodb::model::edit_tree::item_from_edit;
use stratus::dynamodb::model::item_edit::Item;
use stratus::dynamodb::model::item_edit::SaveOutcome;
use stratus::dynamodb::model::item_edit::SaveRequest;
use stratus::dynamodb::model::item_edit::WriteRecord;
use stratus::dynamodb::model::item_edit::diff;
use stratus::dynamodb::model::item_edit::key_of;
use stratus::shared::model::ErrorKind;
use support::items::keys;
use support::ui::{
    click, edit_in_place, has_label, has_label_containing, open_json_face, open_orders, type_into,
    wait_until,
};
use support::{Emulator, create_table, runtime};

fn every_type(pk: &str, sk: &str) -> Item {
    let n = |t: &str| AttrValue::N(t.into());
    [
        ("pk", AttrValue::s(pk)),
        ("sk", n(sk)),
        ("big", n("12345678901234567890123456789012345678")),
        ("tiny", n("-0.00000000000000000000000000000000000001")),
        (
            "bin",
            AttrValue::B(vec![0xFF, 0xFE, 0x00, 0xC3, 0x28].into()),
        ),
        ("ss", AttrValue::Ss(vec!["β".into(), "a".into()].into())),
        (
            "ns",
            AttrValue::Ns(vec!["1".into(), "99999999999999999999999999999999999999".into()].into()),
        ),
        (
            "bs",
            AttrValue::Bs(vec![vec![0x80u8].into(), vec![0u8, 1].into()].into()),
        ),
        ("empty", AttrValue::s("")),
        ("uni", AttrValue::s("zoë ☂ 山田 🚀")),
        ("flag", AttrValue::Bool(false)),
        ("nothing", AttrValue::Null),
        (
            "deep",
            AttrValue::L(
                vec![AttrValue::map(vec![(
                    "a".into(),
                    AttrValue::L(vec![AttrValue::map(vec![("b".into(), n("1.5"))])].into()),
                )])]
                .into(),
            ),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn request(loaded: Option<Item>, edited: Item) -> SaveRequest {
    SaveRequest {
        table: "Edits".into(),
        loaded,
        edited,
        key_schema: keys(),
        version_attribute: None,
    }
}

async fn saved(clients: &AwsClients, request: &SaveRequest) -> (Option<Item>, Item) {
    match save_item(clients, request).await.expect("save") {
        SaveOutcome::Saved { before, after, .. } => (before, after),
        SaveOutcome::Conflict { stored } => panic!("unexpected conflict, stored {stored:?}"),
    }
}

/// Equal as DynamoDB sees it: sets in any order.
fn assert_same(a: &Item, b: &Item, what: &str) {
    assert!(diff(a, b).is_empty(), "{what}: {:?}", diff(a, b));
}

fn assert_same_option(a: Option<Item>, b: Option<Item>, what: &str) {
    match (a, b) {
        (Some(a), Some(b)) => assert_same(&a, &b, what),
        (a, b) => assert_eq!(a.is_some(), b.is_some(), "{what}"),
    }
}

/// Every rule of editing against one emulator.
async fn edit_rules(emulator: &Emulator) {
    let clients = AwsClients::connect(emulator.connection()).await;
    create_table(&clients, "Edits", Some(ScalarAttributeType::N)).await;
    let original = every_type("A", "1");
    saved(&clients, &request(None, original.clone())).await;
    let loaded = get_item(&clients, "Edits", &key_of(&original, &keys()))
        .await
        .expect("get")
        .expect("item");
    assert_same(&loaded, &original, "created exactly");

    // Through the form and back, one attribute added: everything else stays exact.
    let mut edited = item_from_edit(&edit_item_from(&loaded)).expect("form round trip");
    assert_same(&edited, &loaded, "the form keeps every value");
    edited.insert("touched".into(), AttrValue::Bool(true));
    saved(&clients, &request(Some(loaded.clone()), edited.clone())).await;
    let stored = get_item(&clients, "Edits", &key_of(&loaded, &keys()))
        .await
        .expect("get")
        .expect("item");
    assert_eq!(
        stored, edited,
        "every type round-trips through edit and save"
    );

    // Someone else changes what we edit: our save is refused, their change survives. (A
    // change to an attribute we do not touch is merged instead: see tests/safe_writes.rs.)
    let mut theirs = stored.clone();
    theirs.insert("uni".into(), AttrValue::s("changed by someone else"));
    theirs.insert("flag".into(), AttrValue::s("theirs"));
    saved(&clients, &request(Some(stored.clone()), theirs.clone())).await;
    let mut mine = stored.clone();
    mine.insert("flag".into(), AttrValue::Bool(true));
    match save_item(&clients, &request(Some(stored.clone()), mine))
        .await
        .expect("save")
    {
        SaveOutcome::Conflict { stored: Some(now) } => assert_same(&now, &theirs, "stored"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let now = get_item(&clients, "Edits", &key_of(&stored, &keys()))
        .await
        .expect("get")
        .expect("item");
    assert_same(&now, &theirs, "the other change survives");

    // A key change moves the item: exactly the new item remains.
    let mut moved = theirs.clone();
    moved.insert("sk".into(), AttrValue::N("2".into()));
    let (before, after) = saved(&clients, &request(Some(theirs.clone()), moved.clone())).await;
    assert!(
        get_item(&clients, "Edits", &key_of(&theirs, &keys()))
            .await
            .expect("get")
            .is_none()
    );
    assert_eq!(
        get_item(&clients, "Edits", &key_of(&moved, &keys()))
            .await
            .expect("get"),
        Some(moved.clone())
    );

    // Revert restores the previous image (itself a conditional write).
    let record = WriteRecord {
        key: key_of(&after, &keys()),
        before: before.clone(),
        after: Some(after.clone()),
        at: String::new(),
        reverted: false,
    };
    dynamodb_writes::revert(&clients, "Edits", &record, &keys())
        .await
        .expect("revert");
    let reverted = get_item(&clients, "Edits", &key_of(&theirs, &keys()))
        .await
        .expect("get");
    assert_same_option(reverted, before, "the previous image is back");
    assert!(
        get_item(&clients, "Edits", &key_of(&moved, &keys()))
            .await
            .expect("get")
            .is_none()
    );

    // A read-only connection sends no write.
    let read_only = AwsClients::connect(ConnectionSpec {
        read_only: true,
        ..emulator.connection()
    })
    .await;
    let mut blocked = theirs.clone();
    blocked.insert("flag".into(), AttrValue::Bool(true));
    let error = save_item(&read_only, &request(Some(theirs.clone()), blocked))
        .await
        .expect_err("read-only");
    assert_eq!(error.kind, ErrorKind::ReadOnly);
    let error = batch_delete(
        &read_only,
        "Edits",
        vec![key_of(&theirs, &keys())],
        &keys(),
        |_, _| {},
    )
    .await
    .expect_err("read-only");
    assert_eq!(error.kind, ErrorKind::ReadOnly);
    assert_eq!(
        get_item(&clients, "Edits", &key_of(&theirs, &keys()))
            .await
            .expect("get"),
        Some(theirs.clone())
    );
}

#[test]
fn edits_are_exact_and_safe_on_dynamodb_local() {
    let ddb = Emulator::dynamodb_local();
    runtime().block_on(edit_rules(&ddb));
}

#[test]
fn edits_are_exact_and_safe_on_moto() {
    let moto = Emulator::moto();
    runtime().block_on(edit_rules(&moto));
}

#[test]
fn deleting_60_selected_items_deletes_exactly_those() {
    let ddb = Emulator::dynamodb_local();
    runtime().block_on(async {
        let clients = AwsClients::connect(ddb.connection()).await;
        create_table(&clients, "Edits", Some(ScalarAttributeType::N)).await;
        let mut all = Vec::new();
        for i in 0..80 {
            let item: Item = [
                ("pk".to_owned(), AttrValue::s("P")),
                ("sk".to_owned(), AttrValue::N(i.to_string().into())),
            ]
            .into_iter()
            .collect();
            saved(&clients, &request(None, item.clone())).await;
            all.push(item);
        }
        let doomed: Vec<Item> = all
            .iter()
            .filter(|i| i["sk"] != AttrValue::N("0".into()))
            .take(60)
            .cloned()
            .collect();
        let progress = std::sync::Mutex::new(Vec::new());
        let report = batch_delete(&clients, "Edits", doomed.clone(), &keys(), |done, total| {
            progress.lock().expect("lock").push((done, total))
        })
        .await
        .expect("batch delete");
        assert_eq!(report.deleted, 60);
        assert!(report.failed.is_empty());
        assert_eq!(progress.lock().expect("lock").last(), Some(&(60, 60)));
        assert_eq!(
            progress.lock().expect("lock").len(),
            3,
            "batches of 25, 25 and 10"
        );
        for item in &all {
            let exists = get_item(&clients, "Edits", item)
                .await
                .expect("get")
                .is_some();
            assert_eq!(exists, !doomed.contains(item), "{item:?}");
        }
    });
}

#[test]
fn the_editor_saves_from_json_and_refuses_bad_input() {
    let mut opened = open_orders(3);
    let harness = &mut opened.harness;
    let json = open_json_face(harness, "CUST#0001");
    assert!(
        json.contains("\"ledgerAmount\": {\"N\": \"12345678901234567890123456789012345671\"}"),
        "{json}"
    );

    // A number that is not a number: refused at the field, the text stays, nothing is sent.
    let broken = json.replace("\"12345678901234567890123456789012345671\"", "\"12x\"");
    type_into(harness, "Item DynamoDB JSON", &broken);
    click(harness, "Review changes");
    wait_until(harness, "the error", |h| {
        has_label_containing(h, "not a number")
    });
    assert!(
        !has_label_containing(harness, "Changes this session"),
        "nothing was written"
    );
    assert_eq!(
        harness
            .get_by_label("Item DynamoDB JSON")
            .value()
            .as_deref(),
        Some(broken.as_str())
    );

    // A real edit: review shows the change, save writes it, the grid shows it. Ctrl+S does
    // both steps from the keyboard: the first reviews, the second saves.
    let edited = json.replace("\"Leave at the door ☂\"", "\"Ring twice\"");
    type_into(harness, "Item DynamoDB JSON", &edited);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    wait_until(harness, "the preview", |h| has_label(h, "1 change(s)"));
    assert!(has_label_containing(harness, "ConditionExpression"));
    assert!(
        !has_label(harness, "Ring twice"),
        "nothing saved before the second Ctrl+S"
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    wait_until(harness, "the saved value", |h| has_label(h, "Ring twice"));
    wait_until(harness, "the history", |h| {
        has_label_containing(h, "Changes this session (1)")
    });

    // In place: open the cell's editor, type, Enter saves (conditionally, like every save).
    // Here the sort key: the item moves to its new key in one transaction. The context menu
    // is the keyboard- and screen-reader-friendly way in; a double-click opens the same editor.
    edit_in_place(harness, "ORDER#000001", "ORDER#000001-b");
    harness.key_press(egui::Key::Enter);
    wait_until(harness, "the inline save", |h| {
        has_label(h, "ORDER#000001-b")
    });
    assert!(!has_label(harness, "ORDER#000001"), "the old key is gone");
    assert!(
        !has_label(harness, "Edit cell value"),
        "the cell editor closed"
    );
    wait_until(harness, "the second change", |h| {
        has_label_containing(h, "Changes this session (2)")
    });

    // Revert the move: the item is back under its old key.
    click(harness, "Changes this session (2)");
    click(harness, "Revert change 2");
    wait_until(harness, "the revert", |h| has_label(h, "ORDER#000001"));
}
