//! Write paths against a failing server, driven by label through the fault endpoint in front
//! of moto: a read refused before editing, a save failing after one that succeeded, a delete
//! refused. A failed write is never shown as done, and the table holds what it should.

use crate::support;

use egui_kittest::Harness;
use stratus::StratusApp;
use stratus::dynamodb::model::AttrValue;
use support::fault::{Fault, FaultEndpoint, Operation};
use support::ui::{
    Opened, click, has_label, has_label_containing, json_face_text, open_json_face, save_json_face,
    stored_order, wait_until, with_gift_note,
};

/// The app on moto seeded with `orders` orders, through a fault endpoint with no rules yet,
/// Orders open on its first page.
fn open_orders(orders: usize) -> Opened<FaultEndpoint> {
    Opened::through_faults(orders, |_| {}).with_orders_open()
}

/// Opens the editor on `order`'s row and replaces `gift` with a note in its JSON.
fn edit_note(harness: &mut Harness<'static, StratusApp>, order: &str, note: &str) {
    let json = open_json_face(harness, order);
    let edited = with_gift_note(&json, note);
    assert_ne!(edited, json);
    save_json_face(harness, &edited);
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
    let json = json_face_text(harness);
    assert!(json.contains("second"), "the user's text stays");
    assert!(has_label_containing(harness, "Changes this session (1)"));
    assert!(!has_label_containing(harness, "Changes this session (2)"));
    assert!(
        !has_label(harness, "second"),
        "the grid did not take the failed edit"
    );
    assert_eq!(
        stored_order(&opened, "CUST#0001", "ORDER#000001").and_then(|i| i.get("giftNote").cloned()),
        Some(AttrValue::s("first"))
    );
    assert_eq!(
        stored_order(&opened, "CUST#0002", "ORDER#000002").and_then(|i| i.get("giftNote").cloned()),
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
        stored_order(&opened, "CUST#0002", "ORDER#000002").and_then(|i| i.get("giftNote").cloned()),
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
    assert!(stored_order(&opened, "CUST#0001", "ORDER#000001").is_some());
}
