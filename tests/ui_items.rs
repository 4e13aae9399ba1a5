//! The items view driven by label: exact numbers, the query form, bad input, load all, cancel.

mod support;

use egui_kittest::kittest::{NodeT as _, Queryable as _};
use support::ui::{app_harness, click, has_label, has_label_containing, type_into, wait_until};
use support::{Emulator, runtime};

#[test]
fn a_query_from_the_form_shows_a_38_digit_number_unrounded() {
    let moto = Emulator::moto();
    moto.seed_demo(40);
    let runtime = runtime();
    let config = tempfile::tempdir().expect("config dir");
    let mut harness = app_harness(&runtime, moto.connection(), config.path());

    wait_until(&mut harness, "the Orders table", |h| has_label(h, "Orders"));
    click(&mut harness, "Orders");
    wait_until(&mut harness, "the first page", |h| {
        has_label_containing(h, "40 items loaded")
    });
    wait_until(&mut harness, "the key schema", |h| has_label(h, "Query"));

    click(&mut harness, "Query");
    wait_until(&mut harness, "the partition key field", |h| {
        has_label(h, "Partition key value")
    });
    type_into(&mut harness, "Partition key value", "CUST#0001");
    type_into(
        &mut harness,
        "Attributes to return",
        "customerId, orderId, ledgerAmount",
    );
    click(&mut harness, "Run query");
    wait_until(&mut harness, "the query result", |h| {
        has_label_containing(h, "1 item loaded")
    });
    // Every digit, as stored: a float would show 1.2345678901234568e37.
    assert!(has_label(
        &harness,
        "12345678901234567890123456789012345671"
    ));
    assert!(has_label(&harness, "CUST#0001"));
    assert!(!has_label(&harness, "CUST#0002"));

    // Bad input stays in the field, gets a message there, and nothing is sent.
    type_into(&mut harness, "Items per page", "abc");
    click(&mut harness, "Run query");
    harness.step();
    assert!(has_label(
        &harness,
        "The page size is a whole number of at least 1"
    ));
    assert_eq!(
        harness.get_by_label("Items per page").value().as_deref(),
        Some("abc")
    );
    assert!(has_label_containing(&harness, "1 item loaded"));

    // Selecting the row shows the whole item in the pane, exactly.
    click(&mut harness, "CUST#0001");
    wait_until(&mut harness, "the item pane", |h| {
        has_label_containing(
            h,
            "\"ledgerAmount\": 12345678901234567890123456789012345671",
        )
    });
    harness.check_accessibility();
}

#[test]
fn load_all_streams_every_item_and_cancel_stops_it() {
    let moto = Emulator::moto();
    moto.seed_demo(400);
    let runtime = runtime();
    let config = tempfile::tempdir().expect("config dir");
    let mut harness = app_harness(&runtime, moto.connection(), config.path());

    wait_until(&mut harness, "the Orders table", |h| has_label(h, "Orders"));
    click(&mut harness, "Orders");
    wait_until(&mut harness, "the first page", |h| {
        has_label_containing(h, "100 items loaded")
    });

    // One segment of one-item pages: hundreds of round trips, far slower than the cancel.
    type_into(&mut harness, "Items per page", "1");
    harness
        .get_by_label("Parallel scan segments")
        .set_value_accesskit(1.0);
    harness.step();
    click(&mut harness, "Load all");
    wait_until(&mut harness, "the first pages", |h| {
        has_label(h, "Cancel loading") && (5..400).contains(&loaded_count(h))
    });
    click(&mut harness, "Cancel loading");
    wait_until(&mut harness, "the cancel", |h| {
        has_label_containing(h, "cancelled")
    });
    let loaded = loaded_count(&harness);
    assert!(loaded < 400, "cancelled early, with {loaded} loaded");
    for _ in 0..20 {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    assert_eq!(
        loaded_count(&harness),
        loaded,
        "nothing arrives after cancel"
    );

    type_into(&mut harness, "Items per page", "50");
    harness
        .get_by_label("Parallel scan segments")
        .set_value_accesskit(4.0);
    harness.step();
    click(&mut harness, "Load all");
    wait_until(&mut harness, "every item", |h| {
        has_label_containing(h, "400 items loaded · all loaded")
    });
    assert!(has_label_containing(&harness, "4 segments"));
}

/// The count in "N items loaded".
fn loaded_count(harness: &egui_kittest::Harness<'_, stratus::StratusApp>) -> usize {
    let Some(node) = harness.query_by_label_contains("loaded ·") else {
        return 0;
    };
    // egui exposes a label's text as its value.
    let label = node
        .value()
        .or_else(|| node.accesskit_node().label())
        .unwrap_or_default();
    label
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX)
}
