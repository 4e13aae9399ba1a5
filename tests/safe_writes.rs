//! Writes that never lose data, against DynamoDB Local and moto: an edit of a projection
//! leaves the unseen attributes, another client's added attribute survives a save, a
//! concurrent change to what the user edits is still caught, a key change carries the whole
//! stored item, multi-item deletes keep items changed meanwhile, and Revert puts back the full
//! previous image.

use crate::support;

use aws_sdk_dynamodb::types::ScalarAttributeType;
use stratus::connection::calls::AwsClients;
use stratus::dynamodb::calls::deletes::batch_delete;
use stratus::dynamodb::calls::writes::get_item;
use stratus::dynamodb::calls::writes::revert;
use stratus::dynamodb::calls::writes::save_item;
use stratus::dynamodb::model::AttrValue;
use stratus::dynamodb::model::item_edit::Item;
use stratus::dynamodb::model::item_edit::SaveOutcome;
use stratus::dynamodb::model::item_edit::SaveRequest;
use stratus::dynamodb::model::item_edit::WriteRecord;
use stratus::dynamodb::model::item_edit::diff;
use stratus::dynamodb::model::item_edit::key_of;
use stratus::shared::model::ErrorKind;
use support::items::keys;
use support::{Emulator, create_table, runtime};

const TABLE: &str = "Safe";

fn n(text: &str) -> AttrValue {
    AttrValue::N(text.into())
}

fn item(pairs: &[(&str, AttrValue)]) -> Item {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn request(loaded: Option<Item>, edited: Item, version: Option<&str>) -> SaveRequest {
    SaveRequest {
        table: TABLE.into(),
        loaded,
        edited,
        key_schema: keys(),
        version_attribute: version.map(ToOwned::to_owned),
    }
}

async fn put(clients: &AwsClients, item: &Item) {
    match save_item(clients, &request(None, item.clone(), None))
        .await
        .expect("put")
    {
        SaveOutcome::Saved { .. } => {}
        SaveOutcome::Conflict { .. } => panic!("the key was taken"),
    }
}

async fn stored(clients: &AwsClients, key: &Item) -> Option<Item> {
    get_item(clients, TABLE, key).await.expect("get")
}

fn assert_same(actual: &Item, expected: &Item, what: &str) {
    assert!(
        diff(actual, expected).is_empty(),
        "{what}: {:?}",
        diff(actual, expected)
    );
}

fn full(pk: &str, sk: &str) -> Item {
    item(&[
        ("pk", AttrValue::s(pk)),
        ("sk", n(sk)),
        ("flag", AttrValue::Bool(false)),
        ("unseen", AttrValue::s("not in the projection")),
        ("big", n("12345678901234567890123456789012345678")),
        ("bytes", AttrValue::B(vec![0, 0xFF, 7].into())),
        (
            "set",
            AttrValue::Ss(vec!["a\nb".into(), "c\r".into()].into()),
        ),
    ])
}

/// The projection `pk, sk, flag` of an item, as a projected scan loads it.
fn projected(full: &Item) -> Item {
    full.iter()
        .filter(|(k, _)| ["pk", "sk", "flag"].contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

async fn rules(emulator: &Emulator) {
    let clients = AwsClients::connect(emulator.connection()).await;
    create_table(&clients, TABLE, Some(ScalarAttributeType::N)).await;

    // An edit of a projection changes only what was edited; nothing unseen is lost.
    let original = full("A", "1");
    put(&clients, &original).await;
    let loaded = projected(&original);
    let mut edited = loaded.clone();
    edited.insert("flag".into(), AttrValue::Bool(true));
    let outcome = save_item(&clients, &request(Some(loaded.clone()), edited, None))
        .await
        .expect("save");
    let SaveOutcome::Saved { before, after, .. } = outcome else {
        panic!("unexpected {outcome:?}");
    };
    let mut expected = original.clone();
    expected.insert("flag".into(), AttrValue::Bool(true));
    let now = current(&clients, &original).await;
    assert_same(
        &now,
        &expected,
        "a projected edit keeps every other attribute",
    );
    assert_same(
        &before.expect("before"),
        &original,
        "the history holds the full previous image",
    );
    assert_same(&after, &expected, "and the full new one");

    // Revert puts back the full previous image.
    let record = edit_record(&original, &expected);
    let reverted = revert(&clients, TABLE, &record, &keys())
        .await
        .expect("revert");
    assert!(
        matches!(reverted, SaveOutcome::Saved { .. }),
        "{reverted:?}"
    );
    let now = current(&clients, &original).await;
    assert_same(&now, &original, "reverted exactly");

    // Another client adds an attribute: our save leaves it.
    let mut theirs = original.clone();
    theirs.insert("added_by_them".into(), AttrValue::s("keep"));
    put_over(&clients, &theirs).await;
    let mut mine = original.clone();
    mine.insert("flag".into(), AttrValue::Bool(true));
    let outcome = save_item(&clients, &request(Some(original.clone()), mine, None))
        .await
        .expect("save");
    assert!(matches!(outcome, SaveOutcome::Saved { .. }), "{outcome:?}");
    let now = current(&clients, &original).await;
    assert_eq!(now.get("added_by_them"), Some(&AttrValue::s("keep")));
    assert_eq!(now.get("flag"), Some(&AttrValue::Bool(true)));

    // A revert is refused once someone else changed the item after our write.
    let record = edit_record(&theirs, &now);
    let mut changed_again = now.clone();
    changed_again.insert("later".into(), n("1"));
    put_over(&clients, &changed_again).await;
    let outcome = revert(&clients, TABLE, &record, &keys())
        .await
        .expect("revert");
    assert!(
        matches!(outcome, SaveOutcome::Conflict { .. }),
        "an added attribute makes the revert refuse: {outcome:?}"
    );
    let now = current(&clients, &original).await;
    assert_same(&now, &changed_again, "the refused revert wrote nothing");

    // A concurrent change to the attribute being edited is still a conflict.
    let mut raced = now.clone();
    raced.insert("flag".into(), AttrValue::Bool(false));
    put_over(&clients, &raced).await;
    let mut mine = now.clone();
    mine.insert("flag".into(), AttrValue::s("mine"));
    let outcome = save_item(&clients, &request(Some(now.clone()), mine, None))
        .await
        .expect("save");
    match outcome {
        SaveOutcome::Conflict { stored: Some(s) } => assert_same(&s, &raced, "stored"),
        other => panic!("expected a conflict, got {other:?}"),
    }

    // A designated version attribute catches a change to an attribute we did not touch, and
    // is bumped by our save.
    let mut versioned = raced.clone();
    versioned.insert("v".into(), n("41"));
    put_over(&clients, &versioned).await;
    let mut mine = versioned.clone();
    mine.insert("flag".into(), AttrValue::Bool(true));
    let outcome = save_item(
        &clients,
        &request(Some(versioned.clone()), mine.clone(), Some("v")),
    )
    .await
    .expect("save");
    assert!(matches!(outcome, SaveOutcome::Saved { .. }), "{outcome:?}");
    let now = current(&clients, &original).await;
    assert_eq!(now.get("v"), Some(&n("42")), "bumped");
    let mut other = now.clone();
    other.insert("unseen".into(), AttrValue::s("their change"));
    other.insert("v".into(), n("43"));
    put_over(&clients, &other).await;
    let mut mine = now.clone();
    mine.insert("big".into(), n("1"));
    let outcome = save_item(&clients, &request(Some(now.clone()), mine, Some("v")))
        .await
        .expect("save");
    assert!(
        matches!(outcome, SaveOutcome::Conflict { .. }),
        "a bumped version is a conflict: {outcome:?}"
    );
    let error = save_item(
        &clients,
        &request(
            Some(item(&[
                ("pk", AttrValue::s("A")),
                ("sk", n("1")),
                ("v", n("1.5")),
            ])),
            item(&[
                ("pk", AttrValue::s("A")),
                ("sk", n("1")),
                ("v", n("1.5")),
                ("x", n("1")),
            ]),
            Some("v"),
        ),
    )
    .await
    .expect_err("a version that is not a whole number is said, not guessed");
    assert!(error.message.contains("not a whole number"), "{error:?}");

    // A key change moves the full stored item, not the projection that was loaded.
    let second = full("B", "1");
    put(&clients, &second).await;
    let loaded = projected(&second);
    let mut moved = loaded.clone();
    moved.insert("sk".into(), n("2"));
    moved.insert("flag".into(), AttrValue::Bool(true));
    let outcome = save_item(&clients, &request(Some(loaded), moved.clone(), None))
        .await
        .expect("move");
    assert!(matches!(outcome, SaveOutcome::Saved { .. }), "{outcome:?}");
    assert!(stored(&clients, &key_of(&second, &keys())).await.is_none());
    let mut expected = second.clone();
    expected.insert("sk".into(), n("2"));
    expected.insert("flag".into(), AttrValue::Bool(true));
    let now = stored(&clients, &key_of(&moved, &keys()))
        .await
        .expect("moved item");
    assert_same(&now, &expected, "the move carried every stored attribute");

    // Deleting three loaded items when one changed meanwhile: that one is kept and reported.
    let doomed: Vec<Item> = (10..13).map(|i| full("D", &i.to_string())).collect();
    for item in &doomed {
        put(&clients, item).await;
    }
    let mut changed = doomed[1].clone();
    changed.insert("flag".into(), AttrValue::s("changed meanwhile"));
    put_over(&clients, &changed).await;
    let report = batch_delete(&clients, TABLE, doomed.clone(), &keys(), |_, _| {})
        .await
        .expect("delete");
    assert_eq!(report.deleted, 2);
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].0, key_of(&doomed[1], &keys()));
    assert!(report.failed[0].1.contains("flag"), "{:?}", report.failed);
    assert_same(
        &stored(&clients, &key_of(&doomed[1], &keys()))
            .await
            .expect("kept"),
        &changed,
        "the changed item is kept as they left it",
    );
    for gone in [&doomed[0], &doomed[2]] {
        assert!(stored(&clients, &key_of(gone, &keys())).await.is_none());
    }
    assert_eq!(report.deleted_images.len(), 2, "full images for Revert");

    // Saving an edit of an item someone deleted does not bring it back.
    let record_key = key_of(&doomed[0], &keys());
    let mut edit = doomed[0].clone();
    edit.insert("flag".into(), AttrValue::Bool(true));
    let outcome = save_item(&clients, &request(Some(doomed[0].clone()), edit, None))
        .await
        .expect("save");
    assert!(
        matches!(outcome, SaveOutcome::Conflict { stored: None }),
        "{outcome:?}"
    );
    assert!(
        stored(&clients, &record_key).await.is_none(),
        "not re-created"
    );
}

/// The item with `item`'s key as stored now; it must exist.
async fn current(clients: &AwsClients, item: &Item) -> Item {
    stored(clients, &key_of(item, &keys())).await.expect("item")
}

/// The history's record of an edit from `before` to `after`.
fn edit_record(before: &Item, after: &Item) -> WriteRecord {
    WriteRecord {
        key: key_of(after, &keys()),
        before: Some(before.clone()),
        after: Some(after.clone()),
        at: String::new(),
        reverted: false,
    }
}

/// Another client's unconditional put.
async fn put_over(clients: &AwsClients, item: &Item) {
    let map = item
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                stratus::dynamodb::calls::attribute_conversion::to_sdk(v),
            )
        })
        .collect();
    clients
        .dynamodb
        .put_item()
        .table_name(TABLE)
        .set_item(Some(map))
        .send()
        .await
        .expect("their put");
}

#[test]
fn writes_never_lose_data_on_dynamodb_local() {
    let ddb = Emulator::dynamodb_local();
    runtime().block_on(rules(&ddb));
}

#[test]
fn writes_never_lose_data_on_moto() {
    let moto = Emulator::moto();
    runtime().block_on(rules(&moto));
}

#[test]
fn a_write_after_the_table_is_gone_fails_and_says_so() {
    let moto = Emulator::moto();
    runtime().block_on(async {
        let clients = AwsClients::connect(moto.connection()).await;
        create_table(&clients, TABLE, Some(ScalarAttributeType::N)).await;
        let original = full("A", "1");
        put(&clients, &original).await;
        clients
            .dynamodb
            .delete_table()
            .table_name(TABLE)
            .send()
            .await
            .expect("delete table");
        let mut edited = original.clone();
        edited.insert("flag".into(), AttrValue::Bool(true));
        let error = save_item(&clients, &request(Some(original), edited, None))
            .await
            .expect_err("no table");
        assert_eq!(error.operation, "UpdateItem");
        assert_ne!(error.kind, ErrorKind::Conflict);
    });
}

#[test]
fn a_read_only_switch_stops_a_multi_item_delete_before_its_next_chunk() {
    let ddb = Emulator::dynamodb_local();
    runtime().block_on(async {
        let clients = AwsClients::connect(ddb.connection()).await;
        create_table(&clients, TABLE, Some(ScalarAttributeType::N)).await;
        let items: Vec<Item> = (0..100)
            .map(|i| item(&[("pk", AttrValue::s("P")), ("sk", n(&i.to_string()))]))
            .collect();
        for item in &items {
            put(&clients, item).await;
        }
        // The switch happens after the first chunk of 25, as a user's click would.
        let switch = clients.clone();
        let report = batch_delete(&clients, TABLE, items.clone(), &keys(), move |done, _| {
            if done >= 25 {
                switch.revoke_writes("the connection became read-only");
            }
        })
        .await
        .expect("a report, not an error: some items were deleted");
        assert_eq!(report.deleted, 25);
        assert_eq!(report.deleted_images.len(), 25);
        assert_eq!(report.failed.len(), 75);
        assert!(
            report
                .failed
                .iter()
                .all(|(_, why)| why.contains("read-only")),
            "{:?}",
            report.failed.first()
        );
        let mut left = 0;
        for item in &items {
            left += usize::from(stored(&clients, &key_of(item, &keys())).await.is_some());
        }
        assert_eq!(left, 75, "nothing was deleted after the switch");
        let error = batch_delete(&clients, TABLE, items, &keys(), |_, _| {})
            .await
            .expect_err("refused");
        assert_eq!(error.kind, ErrorKind::ReadOnly);
    });
}
