//! Reads against a misbehaving server, through the real UI (moto behind the fault endpoint):
//! "Load more" and "Load all" stop with a message when the continuation keys come back
//! (alternating A, B, A), and a page Stratus cannot read says which item and attribute.

use crate::support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use egui_kittest::Harness;
use serde_json::{Value, json};
use stratus::StratusApp;
use support::fault::{Fault, FaultEndpoint, Operation};
use support::ui::{
    Opened, click, has_label, has_label_containing, is_enabled, open_table, wait_until,
};

/// Orders seeded into moto.
const ORDERS: usize = 6;

/// The app on a seeded moto through a fault endpoint whose rules `rules` sets before the
/// app's first call, with the Orders table opening.
fn open(rules: impl FnOnce(&FaultEndpoint)) -> Opened<FaultEndpoint> {
    let mut opened = Opened::through_faults(ORDERS, rules);
    open_table(&mut opened.harness, "Orders");
    opened
}

/// A Scan rewrite whose answers name, as the next page, the keys of the first answer's
/// first and second items in turn: A, B, A, B, … (real keys, so moto accepts them).
fn alternating_keys(calls: Arc<AtomicUsize>) -> Fault {
    let keys: Arc<Mutex<Vec<Value>>> = Arc::default();
    Fault::RewriteJson(Arc::new(move |page| {
        let mut keys = keys.lock().expect("keys");
        if keys.is_empty() {
            for item in page["Items"].as_array().into_iter().flatten().take(2) {
                keys.push(json!({
                    "customerId": item["customerId"].clone(),
                    "orderId": item["orderId"].clone(),
                }));
            }
        }
        let n = calls.fetch_add(1, Ordering::SeqCst);
        if let Some(key) = keys.get(n % 2) {
            page["LastEvaluatedKey"] = key.clone();
        }
    }))
}

#[test]
fn load_more_and_load_all_stop_when_keys_come_back() {
    let scan = Operation::dynamodb("Scan");
    let calls = Arc::new(AtomicUsize::new(0));
    let mut opened = open(|fault| fault.always(scan.clone(), alternating_keys(calls.clone())));
    let harness = &mut opened.harness;
    // The first page names A, "Load more" follows A and gets B, then follows B and gets A.
    wait_until(harness, "the first page", |h| {
        has_label_containing(h, &format!("{ORDERS} items loaded"))
    });
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert!(is_enabled(harness, "Load more"));
    click(harness, "Load more");
    wait_until(harness, "the second page", |_| {
        calls.load(Ordering::SeqCst) == 2
    });
    wait_until(harness, "Load more again", |h| {
        is_enabled_now(h, "Load more")
    });
    assert!(!has_label_containing(harness, "already sent"));
    click(harness, "Load more");
    wait_until(harness, "the repeat to be named", |h| {
        has_label_containing(h, "already sent")
    });
    assert!(has_label(harness, "Scan failed: error"));
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    assert!(
        !is_enabled(harness, "Load more"),
        "nothing offers to request A a second time"
    );

    // "Load all" from the start: a loop in every segment, each stopped.
    let before = opened.fault.count(&scan);
    click(harness, "Load all");
    wait_until(harness, "the new load to start", |_| {
        opened.fault.count(&scan) > before
    });
    wait_until(harness, "the loop to be named", |h| {
        has_label_containing(h, "already sent") && !has_label(h, "Cancel loading")
    });
    // Four parallel segments (the default), each stopped at its first repeat.
    let pages = opened.fault.count(&scan) - before;
    assert!((2..=4 * 3).contains(&pages), "{pages} pages");
    assert!(!has_label(harness, "Cancel loading"), "the load ended");
}

/// `is_enabled` without waiting, for use inside a wait.
fn is_enabled_now(harness: &Harness<'_, StratusApp>, label: &str) -> bool {
    use egui_kittest::kittest::{NodeT as _, Queryable as _};
    harness
        .query_all_by_label(label)
        .next()
        .is_some_and(|node| !node.accesskit_node().is_disabled())
}

#[test]
fn an_unreadable_page_names_the_item_and_attribute_in_the_grid() {
    let scan = Operation::dynamodb("Scan");
    let body = r#"{"Items":[{"customerId":{"S":"c1"},"orderId":{"S":"o1"}},{"customerId":{"S":"c2"},"orderId":{"S":"o2"},"total":{"N":"NaN"}}],"Count":2,"ScannedCount":2}"#;
    let mut opened = open(|fault| {
        fault.always(
            scan.clone(),
            Fault::Answer {
                status: 200,
                body: body.to_owned(),
            },
        )
    });
    let harness = &mut opened.harness;
    wait_until(harness, "the readable error", |h| {
        has_label(h, "item 2, attribute total: `NaN` is not a number")
    });
    assert!(has_label(harness, "Scan failed: error"));
    assert!(!has_label_containing(harness, "HTTP 200"));
    // Retry works once the server answers soundly.
    opened.fault.lift(&scan);
    click(harness, "Retry Scan");
    wait_until(harness, "the items", |h| {
        has_label_containing(h, &format!("{ORDERS} items loaded"))
    });
}
