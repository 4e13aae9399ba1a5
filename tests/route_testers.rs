//! The REST and WebSocket testers against moto, driven through the UI by accessible labels:
//! moto's Lambda (without Docker) answers an invocation with the event it was sent, so the
//! event a function receives is checked field by field against the documented shape.

use crate::support;

mod expected;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use expected::{add_stage_variable_method, assert_rest_context, assert_websocket_context};
use serde_json::{Value, json};
use stratus::StratusApp;
use stratus::app::tab::TabContent;
use support::http::one_shot_server;
use support::ui::{Opened, has_label, has_label_containing, wait_until};

/// What the open REST API tab's function received and answered: the event moto echoed back.
fn rest_echo(harness: &Harness<'_, StratusApp>) -> Option<(Value, Value)> {
    let state = harness.state().state();
    state.tabs.iter().find_map(|tab| match &tab.content {
        TabContent::RestApi(api) => {
            let tester = &api.tester;
            if tester.invocation.is_pending() {
                return None;
            }
            let invocation = tester.invocation.value()?;
            Some((
                serde_json::from_str(&invocation.event).ok()?,
                serde_json::from_slice(&invocation.result.payload).ok()?,
            ))
        }
        _ => None,
    })
}

/// The WebSocket session's last event as moto echoed it, once the step `n` (from 1) is done.
fn websocket_echo(harness: &Harness<'_, StratusApp>, n: usize) -> Option<Value> {
    let state = harness.state().state();
    state.tabs.iter().find_map(|tab| match &tab.content {
        TabContent::Api(api) => {
            let session = &api.websocket;
            if session.invocation.is_pending() || session.steps.len() != n {
                return None;
            }
            let invocation = session.invocation.value()?;
            let sent: Value = serde_json::from_str(&invocation.event).ok()?;
            let echoed: Value = serde_json::from_slice(&invocation.result.payload).ok()?;
            assert_eq!(
                echoed, sent,
                "the function received exactly the event shown"
            );
            Some(echoed)
        }
        _ => None,
    })
}

/// Invokes and waits for a new echo whose `resource` and `httpMethod` are as given.
fn invoke_rest(harness: &mut Harness<'_, StratusApp>, method: &str, resource: &str) -> Value {
    click_button(harness, "Invoke function");
    wait_until(harness, "the echoed REST event", |h| {
        rest_echo(h).is_some_and(|(_, echoed)| {
            echoed["httpMethod"] == method && echoed["resource"] == resource
        })
    });
    let (sent, echoed) = rest_echo(harness).expect("echo");
    assert_eq!(
        echoed, sent,
        "the function received exactly the event shown"
    );
    echoed
}

fn invoke_websocket(harness: &mut Harness<'_, StratusApp>, n: usize) -> Value {
    click_button(harness, "Invoke function");
    wait_until(harness, "the echoed WebSocket event", |h| {
        websocket_echo(h, n).is_some()
    });
    websocket_echo(harness, n).expect("echo")
}

/// Steps while a scroll into view settles.
fn settle(harness: &mut Harness<'_, StratusApp>) {
    for _ in 0..20 {
        harness.step();
    }
}

/// Scrolls the widget named `label` into view: the testers sit below the routes and the
/// method's details, past the bottom of the window.
fn reveal(harness: &mut Harness<'_, StratusApp>, label: &str) {
    wait_until(harness, label, |h| has_label(h, label));
    harness.get_by_label(label).scroll_to_me();
    settle(harness);
}

fn click(harness: &mut Harness<'_, StratusApp>, label: &str) {
    reveal(harness, label);
    support::ui::click(harness, label);
}

fn type_into(harness: &mut Harness<'_, StratusApp>, label: &str, text: &str) {
    reveal(harness, label);
    support::ui::type_into(harness, label, text);
}

/// Clicks the button named `label` (a result's heading may carry the same words).
fn click_button(harness: &mut Harness<'_, StratusApp>, label: &str) {
    let role = egui::accesskit::Role::Button;
    wait_until(harness, label, |h| {
        h.query_by_role_and_label(role, label).is_some()
    });
    harness.get_by_role_and_label(role, label).scroll_to_me();
    settle(harness);
    harness.get_by_role_and_label(role, label).hover();
    harness.step();
    harness.get_by_role_and_label(role, label).click();
    harness.step();
}

#[test]
fn the_rest_tester_sends_the_lambda_proxy_event_api_gateway_builds() {
    let mut opened = Opened::direct(1);
    add_stage_variable_method(&opened);
    let harness = &mut opened.harness;
    wait_until(harness, "orders-rest", |h| has_label(h, "orders-rest"));
    click(harness, "orders-rest");

    // A path parameter, repeated query keys, an empty value, a repeated header.
    click(harness, "GET /orders/{id}");
    wait_until(harness, "the tester", |h| has_label(h, "Path parameter id"));
    assert!(
        has_label_containing(harness, "table = Orders"),
        "the stage's variables"
    );
    // The method has a TOKEN authorizer, which a direct invocation does not run.
    assert!(has_label_containing(
        harness,
        "its Lambda authorizer does not run"
    ));
    type_into(harness, "Path parameter id", "42");
    type_into(
        harness,
        "Request query string",
        "tag=a&tag=b&expand=&note=zo%C3%AB",
    );
    type_into(
        harness,
        "Request headers",
        "X-Trace: one\nx-trace: two\nAccept: application/json",
    );
    let event = invoke_rest(harness, "GET", "/orders/{id}");
    assert_eq!(event["path"], "/orders/42");
    assert_eq!(event["pathParameters"], json!({"id": "42"}));
    assert_eq!(
        event["queryStringParameters"],
        json!({"tag": "b", "expand": "", "note": "zoë"})
    );
    assert_eq!(
        event["multiValueQueryStringParameters"],
        json!({"tag": ["a", "b"], "expand": [""], "note": ["zoë"]})
    );
    assert_eq!(event["headers"]["X-Trace"], "two");
    assert_eq!(event["multiValueHeaders"]["X-Trace"], json!(["one", "two"]));
    assert_eq!(event["headers"]["Accept"], "application/json");
    // What API Gateway adds to every request, in both header maps.
    assert_eq!(event["headers"]["X-Forwarded-Proto"], "https");
    assert_eq!(
        event["multiValueHeaders"]["X-Forwarded-Port"],
        json!(["443"])
    );
    assert_eq!(
        event["headers"]["Host"],
        event["requestContext"]["domainName"]
    );
    assert_eq!(event["body"], Value::Null);
    assert_eq!(event["isBase64Encoded"], false);
    assert_rest_context(&event, "/orders/{id}", "GET", "/orders/42");
    // A REST integration must answer with a statusCode; moto's echo has none.
    assert!(has_label_containing(
        harness,
        "Status 502 · function answered"
    ));

    // "Send HTTP request" goes to the stage: here, a server this test runs.
    let (port, requests) = one_shot_server();
    type_into(
        harness,
        "Stage base URL",
        &format!("http://127.0.0.1:{port}/dev"),
    );
    click_button(harness, "Send HTTP request");
    wait_until(harness, "the HTTP response", |h| {
        has_label_containing(h, "HTTP 201")
    });
    assert_eq!(
        requests.recv().expect("request line"),
        "GET /dev/orders/42?tag=a&tag=b&expand=&note=zo%C3%AB HTTP/1.1"
    );

    // A greedy path with slashes and encoding, ANY sent as DELETE, a base64 (binary) body.
    click(harness, "ANY /files/{proxy+}");
    wait_until(harness, "the greedy tester", |h| {
        has_label(h, "Path parameter proxy")
    });
    type_into(harness, "Path parameter proxy", "docs/a b/ünï.txt");
    type_into(harness, "Request method", "DELETE");
    type_into(harness, "Request query string", "k=1&k=2");
    type_into(harness, "Request body", "AAEC/f7/");
    click(harness, "Body is base64");
    let event = invoke_rest(harness, "DELETE", "/files/{proxy+}");
    let encoded = "docs/a%20b/%C3%BCn%C3%AF.txt";
    assert_eq!(event["path"], format!("/files/{encoded}"));
    assert_eq!(event["pathParameters"], json!({"proxy": encoded}));
    assert_eq!(event["queryStringParameters"], json!({"k": "2"}));
    assert_eq!(
        event["multiValueQueryStringParameters"],
        json!({"k": ["1", "2"]})
    );
    assert_eq!(event["body"], "AAEC/f7/");
    assert_eq!(event["isBase64Encoded"], true);
    assert_rest_context(
        &event,
        "/files/{proxy+}",
        "DELETE",
        &format!("/files/{encoded}"),
    );

    // A body that is not base64 is refused before anything is sent.
    type_into(harness, "Request body", "not base64!");
    click_button(harness, "Invoke function");
    wait_until(harness, "the refusal", |h| {
        has_label_containing(h, "The body is not valid base64")
    });

    // The function's proxy response is read as API Gateway reads it: status, headers merged
    // with multiValueHeaders, a base64 body decoded. moto answers the next invocation so.
    opened.moto.post_json(
        "/moto-api/static/lambda-simple/response",
        &json!({"region": "us-east-1", "results": [json!({
            "statusCode": 201,
            "headers": {"Content-Type": "text/plain"},
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
            "body": "aGVsbG8gZnJvbSByZXN0",
            "isBase64Encoded": true,
        }).to_string()]})
        .to_string(),
    );
    type_into(harness, "Request body", "AAEC");
    click_button(harness, "Invoke function");
    wait_until(harness, "the proxy response", |h| {
        has_label_containing(h, "Status 201 · function answered")
    });
    assert!(has_label(harness, "Response headers (3)"));
    assert!(has_label(harness, "hello from rest"), "the body decoded");

    // An integration that picks the alias by a stage variable: a stage without the variable
    // is refused with why; the stage that has it invokes.
    click(harness, "PUT /orders/{id}");
    wait_until(harness, "the PUT tester", |h| {
        has_label(h, "Path parameter id")
    });
    type_into(harness, "Path parameter id", "7");
    click(harness, "Stage to test");
    click(harness, "test");
    click_button(harness, "Invoke function");
    wait_until(harness, "the refusal", |h| {
        has_label_containing(
            h,
            "in the stage variable alias: choose a stage that defines it",
        )
    });
    click(harness, "Stage to test");
    click(harness, "dev");
    let event = invoke_rest(harness, "PUT", "/orders/{id}");
    assert_eq!(event["path"], "/orders/7");
    assert_rest_context(&event, "/orders/{id}", "PUT", "/orders/7");
    harness.check_accessibility();
}

#[test]
fn the_websocket_tester_walks_through_a_session_on_one_connection() {
    let mut opened = Opened::direct(1);
    let harness = &mut opened.harness;
    wait_until(harness, "orders-live", |h| has_label(h, "orders-live"));
    click(harness, "orders-live");
    wait_until(harness, "the routes", |h| has_label(h, "$connect"));

    click(harness, "$connect");
    wait_until(harness, "the connect form", |h| {
        has_label(h, "Connect headers")
    });
    assert!(has_label_containing(harness, "No connection yet"));
    type_into(
        harness,
        "Connect headers",
        "Authorization: Bearer t\nX-Room: lobby\nx-room: kitchen",
    );
    type_into(harness, "Connect query string", "token=a%20b&room=1&room=2");
    let connect = invoke_websocket(harness, 1);
    assert_websocket_context(&connect, "$connect", "CONNECT");
    let context = &connect["requestContext"];
    assert!(context.get("messageId").is_none());
    assert!(connect.get("body").is_none());
    let connection = context["connectionId"]
        .as_str()
        .expect("connectionId")
        .to_owned();
    assert_eq!(connection.len(), 16);
    let connected_at = context["connectedAt"].as_u64().expect("connectedAt");
    assert!(context["requestTimeEpoch"].as_u64() >= Some(connected_at));
    assert_eq!(connect["headers"]["Authorization"], "Bearer t");
    assert_eq!(connect["headers"]["X-Room"], "kitchen");
    assert_eq!(
        connect["multiValueHeaders"]["X-Room"],
        json!(["lobby", "kitchen"])
    );
    assert_eq!(connect["headers"]["Sec-WebSocket-Version"], "13");
    assert_eq!(
        connect["queryStringParameters"],
        json!({"token": "a b", "room": "2"})
    );
    assert_eq!(
        connect["multiValueQueryStringParameters"],
        json!({"token": ["a b"], "room": ["1", "2"]})
    );
    assert_eq!(connect["isBase64Encoded"], false);
    assert!(has_label(harness, &format!("Connection {connection}")));

    // A custom route's body starts as what routes a message to it ($request.body.action).
    click(harness, "sendMessage");
    wait_until(harness, "the message form", |h| {
        has_label(h, "Message body")
    });
    let prefilled = harness
        .get_by_label("Message body")
        .value()
        .unwrap_or_default();
    assert_eq!(prefilled, r#"{"action":"sendMessage"}"#);
    type_into(
        harness,
        "Message body",
        r#"{"action":"sendMessage","text":"héllo 🦀"}"#,
    );
    let message = invoke_websocket(harness, 2);
    assert_websocket_context(&message, "sendMessage", "MESSAGE");
    let context = &message["requestContext"];
    assert_eq!(context["apiId"], connect["requestContext"]["apiId"]);
    assert_eq!(context["connectionId"], connection.as_str());
    assert_eq!(context["connectedAt"].as_u64(), Some(connected_at));
    assert_eq!(context["messageId"].as_str().map(str::len), Some(16));
    assert_eq!(
        message["body"],
        r#"{"action":"sendMessage","text":"héllo 🦀"}"#
    );
    assert_eq!(message["isBase64Encoded"], false);
    assert!(message.get("headers").is_none());

    // A binary frame on $default, still on the same connection.
    click(harness, "$default");
    wait_until(harness, "the default form", |h| {
        has_label(h, "Message body")
    });
    type_into(harness, "Message body", "AAEC/w==");
    click(harness, "Message is base64");
    let binary = invoke_websocket(harness, 3);
    assert_websocket_context(&binary, "$default", "MESSAGE");
    assert_eq!(
        binary["requestContext"]["connectionId"],
        connection.as_str()
    );
    assert_ne!(
        binary["requestContext"]["messageId"],
        message["requestContext"]["messageId"]
    );
    assert_eq!(binary["body"], "AAEC/w==");
    assert_eq!(binary["isBase64Encoded"], true);

    click(harness, "$disconnect");
    wait_until(harness, "the disconnect form", |h| {
        has_label(h, "Close status code")
    });
    type_into(harness, "Close status code", "1001");
    type_into(harness, "Close reason", "Going away");
    let disconnect = invoke_websocket(harness, 4);
    assert_websocket_context(&disconnect, "$disconnect", "DISCONNECT");
    let context = &disconnect["requestContext"];
    assert!(context.get("messageId").is_none());
    assert!(disconnect.get("body").is_none());
    assert_eq!(
        context["connectedAt"],
        connect["requestContext"]["connectedAt"]
    );
    assert_eq!(context["connectionId"], connection.as_str());
    assert_eq!(context["disconnectStatusCode"], 1001);
    assert_eq!(context["disconnectReason"], "Going away");
    assert!(has_label(harness, "Session steps (4)"));

    // A new connection: the next connect names another id.
    click(harness, "New connection");
    wait_until(harness, "the reset", |h| {
        has_label_containing(h, "No connection yet")
    });
    click(harness, "$connect");
    let again = invoke_websocket(harness, 5);
    assert_eq!(again["requestContext"]["eventType"], "CONNECT");
    assert_ne!(again["requestContext"]["connectionId"], connection.as_str());
    harness.check_accessibility();
}

#[test]
fn a_read_only_connection_tests_no_route_by_invoking_its_function() {
    let mut opened = Opened::read_only(1);
    let harness = &mut opened.harness;
    let disabled = support::ui::is_disabled;
    let why = "Read-only connection: an invocation can write anything";

    wait_until(harness, "orders-rest", |h| has_label(h, "orders-rest"));
    click(harness, "orders-rest");
    click(harness, "ANY /files/{proxy+}");
    wait_until(harness, "the REST tester", |h| {
        has_label(h, "Invoke function")
    });
    assert!(disabled(harness, "Invoke function"));
    assert!(
        has_label(harness, why),
        "the reason is said beside the button"
    );
    // GET may still go to the stage; DELETE may not.
    assert!(!disabled(harness, "Send HTTP request"));
    type_into(harness, "Request method", "DELETE");
    assert!(disabled(harness, "Send HTTP request"));

    click(harness, "orders-live");
    wait_until(harness, "the routes", |h| has_label(h, "$default"));
    click(harness, "$default");
    wait_until(harness, "the WebSocket tester", |h| {
        has_label(h, "Message body")
    });
    assert!(disabled(harness, "Invoke function"));
    assert!(has_label(harness, why));

    // The HTTP API's tester says it too.
    click(harness, "orders-api");
    click(harness, "GET /orders/{id}");
    wait_until(harness, "the HTTP tester", |h| {
        has_label(h, "Path parameter id")
    });
    assert!(disabled(harness, "Invoke function"));
    assert!(has_label(harness, why));

    // Below the UI too: the call the testers make refuses to invoke.
    let moto = &opened.moto;
    opened.runtime.block_on(async {
        let clients = stratus::connection::calls::AwsClients::connect(
            stratus::connection::model::ConnectionSpec {
                read_only: true,
                ..moto.connection()
            },
        )
        .await;
        let refused = stratus::lambda::calls::invoke(
            &clients,
            "orders-live-message",
            None,
            stratus::lambda::model::invocation::InvocationType::RequestResponse,
            b"{}",
        )
        .await
        .expect_err("read-only");
        assert_eq!(refused.kind, stratus::shared::model::ErrorKind::ReadOnly);
    });
}
