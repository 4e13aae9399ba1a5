//! The real app, driven by accessible labels with egui_kittest, against emulators.

use crate::support;

use egui_kittest::kittest::Queryable as _;
use support::ui::{app_harness, click, has_label, search_palette, wait_until};
use support::{Emulator, closed_port_connection, runtime};

#[test]
fn navigator_lists_a_table_a_function_and_an_api_and_opens_them() {
    let moto = Emulator::moto();
    moto.seed_demo(20);
    let runtime = runtime();
    let config = tempfile::tempdir().expect("config dir");
    let mut harness = app_harness(&runtime, moto.connection(), config.path());

    wait_until(&mut harness, "the Orders table", |h| has_label(h, "Orders"));
    wait_until(&mut harness, "the orders-get function", |h| {
        has_label(h, "orders-get")
    });
    wait_until(&mut harness, "the orders-api API", |h| {
        has_label(h, "orders-api")
    });
    // REST APIs come from their own call, listed with the others and marked as such.
    wait_until(&mut harness, "the orders-rest REST API", |h| {
        has_label(h, "orders-rest")
    });
    assert!(has_label(&harness, "REST"));
    assert!(has_label(&harness, "AuditLog"));
    assert!(has_label(&harness, "orders-live"));
    assert!(
        harness
            .query_by_label_contains("DynamoDB tables (2)")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("Lambda functions (5)")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("API Gateway APIs (3)")
            .is_some()
    );

    // Opening a table shows its items, and its key schema under Overview.
    click(&mut harness, "Orders");
    wait_until(&mut harness, "the first page of items", |h| {
        h.query_by_label_contains("20 items loaded").is_some()
    });
    click(&mut harness, "Overview");
    wait_until(&mut harness, "the Orders key schema", |h| {
        has_label(h, "customerId (S)") && has_label(h, "orderId (S)")
    });
    assert!(has_label(&harness, "expiresAt (ENABLED)"));
    assert!(has_label(&harness, "byStatus"));

    // A function opens in a second tab, environment values hidden until revealed.
    click(&mut harness, "orders-get");
    wait_until(&mut harness, "the function tab", |h| {
        has_label(h, "Configuration")
    });
    click(&mut harness, "Configuration");
    wait_until(&mut harness, "the function's handler", |h| {
        has_label(h, "orders_handler.get_order")
    });
    assert!(has_label(&harness, "TABLE_NAME"));
    assert!(!has_label(&harness, "demo-secret-not-real"));
    click(&mut harness, "Reveal environment values");
    wait_until(&mut harness, "the revealed value", |h| {
        has_label(h, "demo-secret-not-real")
    });

    // Both tabs are open; closing one leaves the other.
    assert!(has_label(&harness, "Table · Orders"));
    assert!(has_label(&harness, "Function · orders-get"));
    click(&mut harness, "Close tab orders-get");
    wait_until(&mut harness, "the function tab to close", |h| {
        !has_label(h, "Function · orders-get")
    });
    assert!(has_label(&harness, "Table · Orders"));

    // The filter box narrows the list: "Orders" stays only as the open tab's heading.
    click(&mut harness, "Overview");
    assert_eq!(harness.query_all_by_label("Orders").count(), 2);
    click(&mut harness, "Filter tables");
    harness.get_by_label("Filter tables").type_text("audit");
    wait_until(&mut harness, "the filter to apply", |h| {
        h.query_all_by_label("Orders").count() == 1
    });
    assert!(has_label(&harness, "AuditLog"));
    harness.check_accessibility();
}

#[test]
fn a_closed_port_is_said_once_at_the_connection_with_retry() {
    let runtime = runtime();
    let config = tempfile::tempdir().expect("config dir");
    let spec = closed_port_connection();
    let endpoint = spec.endpoint_url.clone().expect("an endpoint");
    let mut harness = app_harness(&runtime, spec, config.path());

    // An endpoint where nothing answers fails every call alike: the connection says so once,
    // and the lists stay quiet.
    let headline = format!("Not connected: nothing answers at {endpoint}");
    wait_until(&mut harness, "the connection's message", |h| {
        has_label(h, &headline) && has_label(h, "No requests pending")
    });
    assert_eq!(harness.query_all_by_label(&headline).count(), 1);
    for list in ["ListTables", "ListFunctions", "GetApis"] {
        assert!(!has_label(
            &harness,
            &format!("{list} failed: endpoint unreachable")
        ));
    }
    assert!(has_label(
        &harness,
        "Connect to DynamoDB Local (localhost:8000)"
    ));

    // Retrying keeps the window responsive and says it again.
    click(&mut harness, "Retry connecting");
    wait_until(&mut harness, "the retried message", |h| {
        has_label(h, &headline) && has_label(h, "No requests pending")
    });
    assert_eq!(harness.query_all_by_label(&headline).count(), 1);
    harness.check_accessibility();
}

#[test]
fn the_palette_opens_a_table_by_a_fuzzy_name_and_shortcuts_work() {
    let moto = Emulator::moto();
    moto.seed_demo(3);
    let runtime = runtime();
    let config = tempfile::tempdir().expect("config dir");
    let mut harness = app_harness(&runtime, moto.connection(), config.path());
    wait_until(&mut harness, "the tables", |h| has_label(h, "AuditLog"));

    // With no table open, Ctrl+F focuses the navigator's table filter.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.step();
    assert!(harness.get_by_label("Filter tables").is_focused());

    search_palette(&mut harness, "adtlg");
    wait_until(&mut harness, "the match", |h| {
        has_label(h, "Table · AuditLog")
    });
    harness.key_press(egui::Key::Enter);
    wait_until(&mut harness, "the AuditLog tab", |h| {
        has_label(h, "Table · AuditLog") && !has_label(h, "Command palette search")
    });

    // With a table open, Ctrl+F focuses its grid's filter.
    wait_until(&mut harness, "the grid", |h| {
        has_label(h, "Filter loaded items")
    });
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.step();
    assert!(harness.get_by_label("Filter loaded items").is_focused());

    // Palette commands act on the open tab as their shortcuts do: a new item opens the editor.
    search_palette(&mut harness, "new item");
    wait_until(&mut harness, "the command", |h| {
        has_label(h, "Command · New item in the open table")
    });
    harness.key_press(egui::Key::Enter);
    wait_until(&mut harness, "the item editor", |h| {
        has_label(h, "Review changes")
    });

    // Ctrl+W closes the open tab; F1 lists the shortcuts.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::W);
    wait_until(&mut harness, "the tab to close", |h| {
        !has_label(h, "Table · AuditLog")
    });
    harness.key_press(egui::Key::F1);
    wait_until(&mut harness, "the shortcuts", |h| {
        has_label(h, "Close the open tab")
    });
    harness.check_accessibility();
}
