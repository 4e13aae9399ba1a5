//! The route testers' *Invoke locally* (REST and WebSocket here; HTTP in tests/serve_api.rs),
//! and the demo's headline: the HTTP tester's *Invoke locally* on `GET /orders/{id}` returns
//! the stored order (API Gateway event, local Lambda, DynamoDB on the emulator).

use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stratus::StratusApp;

use super::{harness_with_code, open_function, setups_file};
use crate::support::ui::{click, has_label, has_label_containing, type_into, wait_until};
use crate::support::{Emulator, emulators_dir, runtime};

/// The seeded REST and WebSocket APIs' functions, answering as proxies with what they saw.
const ROUTE_HANDLER: &str = r#"
import json

def _answer(event, context, kind):
    body = {
        "answeredBy": "local " + kind,
        "function": context.function_name,
        "eventType": (event.get("requestContext") or {}).get("eventType"),
        "path": event.get("path"),
    }
    return {"statusCode": 200, "headers": {"content-type": "application/json"},
            "body": json.dumps(body)}

def get_order(event, context):
    return _answer(event, context, "rest")

def on_message(event, context):
    return _answer(event, context, "websocket")
"#;

/// Clicks the button named `label`, scrolled into view (the testers sit below the routes).
fn click_button(harness: &mut Harness<'_, StratusApp>, label: &str) {
    let button = egui::accesskit::Role::Button;
    wait_until(harness, label, |h| {
        h.query_by_role_and_label(button, label).is_some()
    });
    harness.get_by_role_and_label(button, label).scroll_to_me();
    for _ in 0..10 {
        harness.step();
    }
    harness.get_by_role_and_label(button, label).click();
    harness.step();
}

/// Clicks the tester's *Invoke locally* and waits for the answer showing `part`, which
/// must say the function ran locally and answered 200.
fn invoke_route_locally(harness: &mut Harness<'_, StratusApp>, what: &str, part: &str) {
    click_button(harness, "Invoke locally");
    wait_until(harness, what, |h| has_label_containing(h, part));
    assert!(has_label_containing(
        harness,
        "Status 200 · function ran locally"
    ));
}

#[test]
fn the_rest_and_websocket_testers_invoke_the_route_function_locally() {
    let moto = Emulator::moto();
    moto.seed_demo(1);
    let runtime = runtime();
    let config = tempfile::tempdir().expect("config dir");
    let code = tempfile::tempdir().expect("code dir");
    std::fs::write(code.path().join("orders_handler.py"), ROUTE_HANDLER).expect("handler");
    let folders = ["orders-get", "orders-live-message"]
        .map(|f| (f.to_owned(), code.path().to_owned()))
        .to_vec();
    let mut harness = harness_with_code(&runtime, moto.connection(), config.path(), folders);
    let harness = &mut harness;

    // REST: the method's proxy event, to orders-get run from the folder.
    wait_until(harness, "orders-rest", |h| has_label(h, "orders-rest"));
    click(harness, "orders-rest");
    click(harness, "GET /orders/{id}");
    wait_until(harness, "the tester", |h| has_label(h, "Path parameter id"));
    type_into(harness, "Path parameter id", "42");
    invoke_route_locally(harness, "the REST answer", r#""answeredBy": "local rest""#);
    assert!(has_label_containing(harness, r#""path": "/orders/42""#));
    assert!(has_label_containing(harness, r#""function": "orders-get""#));

    // WebSocket: $connect's event, to orders-live-message run from the folder.
    click(harness, "orders-live");
    wait_until(harness, "the routes", |h| has_label(h, "$connect"));
    click(harness, "$connect");
    wait_until(harness, "the connect form", |h| {
        has_label(h, "Connect headers")
    });
    invoke_route_locally(
        harness,
        "the WebSocket answer",
        r#""answeredBy": "local websocket""#,
    );
    assert!(has_label_containing(harness, r#""eventType": "CONNECT""#));
    assert!(has_label_containing(
        harness,
        r#""function": "orders-live-message""#
    ));
    harness.check_accessibility();
}

#[test]
fn the_demo_route_testers_invoke_locally_returns_the_stored_order() {
    let moto = Emulator::moto();
    moto.seed_demo(12);
    let runtime = runtime();
    let config = tempfile::tempdir().expect("config dir");
    // What scripts/demo attaches; its python is the emulators' venv's (it has boto3).
    let functions = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/functions");
    let python = emulators_dir().join("venv/bin/python");
    let mut harness = harness_with_code(
        &runtime,
        moto.connection(),
        config.path(),
        vec![("orders-get".to_owned(), functions)],
    );
    let harness = &mut harness;
    open_function(harness);
    click(harness, "Local code");
    type_into(harness, "Interpreter path", &python.display().to_string());
    click(harness, "Save local setup");
    wait_until(harness, "the interpreter saved", |_| {
        setups_file(config.path()).contains("venv")
    });

    // API Gateway event → local Lambda → DynamoDB on the emulator, from the route tester.
    click(harness, "orders-api");
    click(harness, "GET /orders/{id}");
    wait_until(harness, "the tester", |h| has_label(h, "Path parameter id"));
    type_into(harness, "Path parameter id", "ORDER#000005");
    invoke_route_locally(harness, "the stored order", r#""orderId": "ORDER#000005""#);
    assert!(has_label_containing(
        harness,
        r#""customerId": "CUST#0005""#
    ));
}
