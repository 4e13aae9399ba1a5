//! The items view driven by label: exact numbers, the query form, bad input, load all, cancel.

use crate::support;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stratus::StratusApp;
use support::ui::{
    click, has_label, has_label_containing, open_orders, run_query, type_into, wait_until,
};

#[test]
fn a_query_from_the_form_shows_a_38_digit_number_unrounded() {
    let mut opened = open_orders(40);
    let harness = &mut opened.harness;
    wait_until(harness, "the key schema", |h| has_label(h, "Query"));

    run_query(harness, "CUST#0001", "customerId, orderId, ledgerAmount");
    wait_until(harness, "the query result", |h| {
        has_label_containing(h, "1 item loaded")
    });
    // Every digit, as stored: a float would show 1.2345678901234568e37.
    assert!(has_label(harness, "12345678901234567890123456789012345671"));
    assert!(has_label(harness, "CUST#0001"));
    assert!(!has_label(harness, "CUST#0002"));

    // Bad input stays in the field, gets a message there, and nothing is sent.
    type_into(harness, "Items per page", "abc");
    click(harness, "Run query");
    harness.step();
    assert!(has_label(
        harness,
        "The page size is a whole number of at least 1"
    ));
    assert_eq!(
        harness.get_by_label("Items per page").value().as_deref(),
        Some("abc")
    );
    assert!(has_label_containing(harness, "1 item loaded"));

    // Selecting the row shows the whole item in the pane, exactly.
    click(harness, "CUST#0001");
    wait_until(harness, "the item pane", |h| {
        has_label_containing(
            h,
            "\"ledgerAmount\": 12345678901234567890123456789012345671",
        )
    });
    harness.check_accessibility();
}

#[test]
fn load_all_streams_every_item_and_cancel_stops_it() {
    let mut opened = open_orders(400);
    let harness = &mut opened.harness;

    // One segment of one-item pages: hundreds of round trips, far slower than the cancel.
    type_into(harness, "Items per page", "1");
    harness
        .get_by_label("Parallel scan segments")
        .set_value_accesskit(1.0);
    harness.step();
    click(harness, "Load all");
    wait_until(harness, "the first pages", |h| {
        has_label(h, "Cancel loading") && (5..400).contains(&loaded_count(h))
    });
    click(harness, "Cancel loading");
    wait_until(harness, "the cancel", |h| {
        has_label_containing(h, "cancelled")
    });
    let loaded = loaded_count(harness);
    assert!(loaded < 400, "cancelled early, with {loaded} loaded");
    for _ in 0..20 {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    assert_eq!(
        loaded_count(harness),
        loaded,
        "nothing arrives after cancel"
    );

    type_into(harness, "Items per page", "50");
    harness
        .get_by_label("Parallel scan segments")
        .set_value_accesskit(4.0);
    harness.step();
    click(harness, "Load all");
    wait_until(harness, "every item", |h| {
        has_label_containing(h, "400 items loaded · all loaded")
    });
    assert!(has_label_containing(harness, "4 segments"));
}

/// The count in "N items loaded".
fn loaded_count(harness: &Harness<'_, StratusApp>) -> usize {
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
