//! Write paths against a failing server, driven by label through the fault endpoint in front
//! of moto: a read refused before editing, a save failing after one that succeeded, a delete
//! refused. A failed write is never shown as done, and the table holds what it should.

mod support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stratus::StratusApp;
use stratus::connection::calls::AwsClients;
use stratus::dynamodb::calls::writes::get_item;
use stratus::dynamodb::model::AttrValue;
use stratus::dynamodb::model::item_edit::Item;
use support::fault::{Fault, FaultEndpoint, Operation};
use support::ui::{app_harness, click, has_label, has_label_containing, type_into, wait_until};
use support::{Emulator, runtime};

struct Opened {
    harness: Harness<'static, StratusApp>,
    runtime: tokio::runtime::Runtime,
    clients: AwsClients,
    fault: FaultEndpoint,
    _config: tempfile::TempDir,
    _moto: Emulator,
}

fn open_orders(orders: usize) -> Opened {
    let moto = Emulator::moto();
    moto.seed_demo(orders);
    let fault = FaultEndpoint::start(&moto.endpoint);
    let runtime = runtime();
    let clients = runtime.block_on(AwsClients::connect(moto.connection()));
    let config = tempfile::tempdir().expect("config dir");
    let mut harness = app_harness(&runtime, fault.connection(), config.path());
    wait_until(&mut harness, "the Orders table", |h| has_label(h, "Orders"));
    click(&mut harness, "Orders");
    let first_page = format!("{orders} items loaded");
    wait_until(&mut harness, "the first page", |h| {
        has_label_containing(h, &first_page)
    });
    wait_until(&mut harness, "the edit buttons", |h| {
        has_label(h, "New item")
    });
    Opened {
        harness,
        runtime,
        clients,
        fault,
        _config: config,
        _moto: moto,
    }
}

fn stored(opened: &Opened, customer: &str, order: &str) -> Option<Item> {
    let key = [
        ("customerId".to_owned(), AttrValue::s(customer)),
        ("orderId".to_owned(), AttrValue::s(order)),
    ]
    .into_iter()
    .collect();
    opened
        .runtime
        .block_on(get_item(&opened.clients, "Orders", &key))
        .expect("get")
}

/// Opens the editor on `order`'s row and replaces `gift` with a note in its JSON.
fn edit_note(harness: &mut Harness<'static, StratusApp>, order: &str, note: &str) {
    click(harness, order);
    click(harness, "Edit item");
    click(harness, "Edit as DynamoDB JSON");
    wait_until(harness, "the JSON face", |h| {
        has_label(h, "Item DynamoDB JSON")
    });
    let json = harness
        .get_by_label("Item DynamoDB JSON")
        .value()
        .unwrap_or_default();
    let edited = json.replacen(
        "\"gift\": {\"BOOL\": ",
        &format!("\"giftNote\": {{\"S\": \"{note}\"}}, \"gift\": {{\"BOOL\": "),
        1,
    );
    assert_ne!(edited, json);
    type_into(harness, "Item DynamoDB JSON", &edited);
    click(harness, "Review changes");
    click(harness, "Confirm save");
}

#[test]
fn a_refused_read_keeps_the_editor_closed_and_sends_nothing() {
    let mut opened = open_orders(3);
    opened
        .fault
        .always(Operation::dynamodb("GetItem"), Fault::AccessDenied);
    let harness = &mut opened.harness;
    click(harness, "ORDER#000001");
    click(harness, "Edit item");
    wait_until(harness, "the refusal", |h| {
        has_label_containing(h, "Could not read the whole item")
    });
    assert!(
        has_label_containing(harness, "GetItem"),
        "names the operation"
    );
    assert!(!has_label(harness, "Review changes"), "no editor opened");
    assert_eq!(opened.fault.count(&Operation::dynamodb("UpdateItem")), 0);
    assert_eq!(opened.fault.count(&Operation::dynamodb("PutItem")), 0);

    // Once the read is allowed, the same click opens the editor on the whole item.
    opened.fault.lift_all();
    let harness = &mut opened.harness;
    click(harness, "Edit item");
    wait_until(harness, "the editor", |h| has_label(h, "Review changes"));
    assert!(!has_label_containing(
        harness,
        "Could not read the whole item"
    ));
}

#[test]
fn a_save_failing_after_one_that_succeeded_is_not_shown_as_saved() {
    let mut opened = open_orders(3);
    edit_note(&mut opened.harness, "ORDER#000001", "first");
    wait_until(&mut opened.harness, "the first save", |h| {
        has_label_containing(h, "Changes this session (1)")
    });
    opened
        .fault
        .always(Operation::dynamodb("UpdateItem"), Fault::ServerError);
    edit_note(&mut opened.harness, "ORDER#000002", "second");
    let harness = &mut opened.harness;
    wait_until(harness, "back to editing after the failure", |h| {
        has_label(h, "Review changes")
    });
    assert!(
        has_label_containing(harness, "UpdateItem"),
        "the error names the operation"
    );
    let json = harness
        .get_by_label("Item DynamoDB JSON")
        .value()
        .unwrap_or_default();
    assert!(json.contains("second"), "the user's text stays");
    assert!(has_label_containing(harness, "Changes this session (1)"));
    assert!(!has_label_containing(harness, "Changes this session (2)"));
    assert!(
        !has_label(harness, "second"),
        "the grid did not take the failed edit"
    );
    assert_eq!(
        stored(&opened, "CUST#0001", "ORDER#000001").and_then(|i| i.get("giftNote").cloned()),
        Some(AttrValue::s("first"))
    );
    assert_eq!(
        stored(&opened, "CUST#0002", "ORDER#000002").and_then(|i| i.get("giftNote").cloned()),
        None
    );

    // Retry once the server recovers: saved once, recorded once.
    opened.fault.lift_all();
    let harness = &mut opened.harness;
    click(harness, "Review changes");
    click(harness, "Confirm save");
    wait_until(harness, "the retried save", |h| {
        has_label_containing(h, "Changes this session (2)")
    });
    assert_eq!(
        stored(&opened, "CUST#0002", "ORDER#000002").and_then(|i| i.get("giftNote").cloned()),
        Some(AttrValue::s("second"))
    );
}

#[test]
fn a_refused_delete_keeps_the_row_and_says_why() {
    let mut opened = open_orders(3);
    opened
        .fault
        .always(Operation::dynamodb("DeleteItem"), Fault::AccessDenied);
    let harness = &mut opened.harness;
    click(harness, "ORDER#000001");
    click(harness, "Delete selected items");
    click(harness, "Confirm delete");
    wait_until(harness, "the report", |h| {
        has_label_containing(h, "not deleted")
    });
    assert!(has_label_containing(harness, "Deleted 0 items"));
    assert!(has_label(harness, "ORDER#000001"), "the row stays");
    assert!(
        has_label_containing(harness, "AccessDenied") || has_label_containing(harness, "denied")
    );
    assert!(!has_label_containing(harness, "Changes this session"));
    assert!(stored(&opened, "CUST#0001", "ORDER#000001").is_some());
}
