//! WebSocket events against the documented shapes, with hostile input, and read back by
//! `aws_lambda_events::apigw::ApiGatewayWebsocketProxyRequest`.

use aws_lambda_events::apigw::ApiGatewayWebsocketProxyRequest;
use serde_json::{Value, json};

use super::*;
use crate::apigateway::model::route_event::event::tests::context;

fn on(route_key: &str) -> RouteContext {
    RouteContext {
        route_key: route_key.to_owned(),
        ..context()
    }
}

fn session() -> WebSocketRequest {
    WebSocketRequest {
        stage: "live".into(),
        connection_id: "L0SM9cOFvHcCIhw=".into(),
        connected_at_ms: 1_714_557_599_000,
        ..Default::default()
    }
}

fn typed(event: &Value) -> ApiGatewayWebsocketProxyRequest {
    serde_json::from_value(event.clone()).expect("aws_lambda_events reads the WebSocket event")
}

/// What every WebSocket event's request context holds, whatever its type.
fn assert_common(event: &Value, route_key: &str, event_type: &str) {
    let rc = &event["requestContext"];
    assert_eq!(rc["routeKey"], route_key);
    assert_eq!(rc["eventType"], event_type);
    assert_eq!(rc["connectionId"], "L0SM9cOFvHcCIhw=");
    assert_eq!(rc["connectedAt"], 1_714_557_599_000_u64);
    assert_eq!(rc["requestTimeEpoch"], 1_714_557_600_000_u64);
    assert_eq!(rc["requestTime"], "01/May/2024:10:00:00 +0000");
    assert_eq!(rc["messageDirection"], "IN");
    assert_eq!(rc["stage"], "live");
    assert_eq!(rc["apiId"], "a1b2c3");
    assert_eq!(
        rc["domainName"],
        "a1b2c3.execute-api.us-east-1.amazonaws.com"
    );
    assert_eq!(rc["requestId"], "req-1");
    assert_eq!(rc["identity"]["sourceIp"], "127.0.0.1");
    assert_eq!(rc["extendedRequestId"].as_str().map(str::len), Some(16));
    let typed = typed(event);
    let tc = &typed.request_context;
    assert_eq!(tc.route_key.as_deref(), Some(route_key));
    assert_eq!(tc.event_type.as_deref(), Some(event_type));
    assert_eq!(tc.connection_id.as_deref(), Some("L0SM9cOFvHcCIhw="));
    assert_eq!(tc.connected_at, 1_714_557_599_000);
    assert_eq!(tc.request_time_epoch, 1_714_557_600_000);
    assert_eq!(tc.message_direction.as_deref(), Some("IN"));
    assert_eq!(tc.stage.as_deref(), Some("live"));
    assert_eq!(tc.apiid.as_deref(), Some("a1b2c3"));
    assert_eq!(tc.identity.source_ip.as_deref(), Some("127.0.0.1"));
}

#[test]
fn connect_carries_the_handshake() {
    let mut request = session();
    request.headers = vec![
        ("Authorization".into(), "Bearer t".into()),
        ("X-Room".into(), "lobby".into()),
        ("x-room".into(), "kitchen".into()),
        ("User-Agent".into(), "wscat/5".into()),
    ];
    request.query = "token=a%20b&room=1&room=2&empty=&ü=✓".into();
    let event = websocket_event(&request, &on("$connect")).expect("event");
    assert_common(&event, "$connect", "CONNECT");
    assert_eq!(event["headers"]["Authorization"], "Bearer t");
    assert_eq!(event["headers"]["X-Room"], "kitchen");
    assert_eq!(
        event["multiValueHeaders"]["X-Room"],
        json!(["lobby", "kitchen"])
    );
    assert_eq!(event["headers"]["Sec-WebSocket-Version"], "13");
    assert_eq!(
        event["headers"]["Sec-WebSocket-Key"].as_str().map(str::len),
        Some(24)
    );
    assert!(event["headers"]["X-Amzn-Trace-Id"].is_string());
    assert_eq!(
        event["headers"]["Host"],
        "a1b2c3.execute-api.us-east-1.amazonaws.com"
    );
    assert_eq!(
        event["queryStringParameters"],
        json!({"token": "a b", "room": "2", "empty": "", "ü": "✓"})
    );
    assert_eq!(
        event["multiValueQueryStringParameters"]["room"],
        json!(["1", "2"])
    );
    assert_eq!(event["requestContext"]["identity"]["userAgent"], "wscat/5");
    assert_eq!(event["isBase64Encoded"], false);
    assert!(event.get("body").is_none());
    assert!(event["requestContext"].get("messageId").is_none());
    let read = typed(&event);
    assert_eq!(read.query_string_parameters.first("token"), Some("a b"));
    assert_eq!(
        read.multi_value_query_string_parameters.all("room"),
        Some(vec!["1", "2"])
    );
    assert_eq!(
        read.headers.get("x-room").and_then(|v| v.to_str().ok()),
        Some("kitchen")
    );
    // Without a query string there are no query maps at all.
    let plain = websocket_event(&session(), &on("$connect")).expect("event");
    assert!(plain.get("queryStringParameters").is_none());
    assert!(typed(&plain).query_string_parameters.is_empty());
}

#[test]
fn messages_carry_their_body_and_id() {
    let mut request = session();
    request.message_id = "SbI8Ie9SIAMCJEA=".into();
    request.body = "{\"action\":\"sendMessage\",\"text\":\"héllo 🦀\"}".into();
    for key in ["$default", "sendMessage"] {
        let event = websocket_event(&request, &on(key)).expect("event");
        assert_common(&event, key, "MESSAGE");
        assert_eq!(event["requestContext"]["messageId"], "SbI8Ie9SIAMCJEA=");
        assert_eq!(event["body"], request.body.as_str());
        assert_eq!(event["isBase64Encoded"], false);
        assert!(event.get("headers").is_none(), "messages have no headers");
        let typed = typed(&event);
        assert_eq!(
            typed.request_context.message_id.as_deref(),
            Some("SbI8Ie9SIAMCJEA=")
        );
        assert_eq!(typed.body.as_deref(), Some(request.body.as_str()));
    }
    // A binary frame: base64 as typed, flagged; not base64, refused.
    request.body = " AAEC/w== ".into();
    request.body_base64 = true;
    let event = websocket_event(&request, &on("$default")).expect("event");
    assert_eq!(event["body"], "AAEC/w==");
    assert_eq!(event["isBase64Encoded"], true);
    assert!(typed(&event).is_base64_encoded);
    request.body = "%%%".into();
    assert!(websocket_event(&request, &on("$default")).is_err());
    // An empty message is still a message.
    request.body = String::new();
    request.body_base64 = false;
    let event = websocket_event(&request, &on("$default")).expect("event");
    assert_eq!(event["body"], "");
}

#[test]
fn disconnect_carries_the_close_code_and_reason() {
    let mut request = session();
    request.disconnect_status_code = 1001;
    request.disconnect_reason = "Going away — bye".into();
    // What the handshake sent does not come back on disconnect.
    request.headers = vec![("X-Room".into(), "lobby".into())];
    request.query = "room=1".into();
    let event = websocket_event(&request, &on("$disconnect")).expect("event");
    assert_common(&event, "$disconnect", "DISCONNECT");
    assert_eq!(event["requestContext"]["disconnectStatusCode"], 1001);
    assert_eq!(
        event["requestContext"]["disconnectReason"],
        "Going away — bye"
    );
    assert!(event["headers"].get("X-Room").is_none());
    assert!(event.get("queryStringParameters").is_none());
    assert_eq!(event["headers"]["x-api-key"], "");
    let typed = typed(&event);
    assert_eq!(typed.request_context.disconnect_status_code, Some(1001));
    assert_eq!(
        typed.request_context.disconnect_reason.as_deref(),
        Some("Going away — bye")
    );
}

#[test]
fn no_connection_no_event_and_stage_defaults() {
    let mut request = session();
    request.connection_id.clear();
    assert!(websocket_event(&request, &on("$connect")).is_err());
    let mut request = session();
    request.stage = "  ".into();
    let event = websocket_event(&request, &on("$connect")).expect("event");
    assert_eq!(event["requestContext"]["stage"], "$default");
    assert_eq!(WebSocketEventType::of_route("$connect").as_str(), "CONNECT");
    assert_eq!(
        WebSocketEventType::of_route("$disconnect").as_str(),
        "DISCONNECT"
    );
    assert_eq!(WebSocketEventType::of_route("$default").as_str(), "MESSAGE");
    assert_eq!(WebSocketEventType::of_route("").as_str(), "MESSAGE");
}

#[test]
fn a_custom_route_gets_a_body_that_selects_it() {
    let action = Some("$request.body.action");
    assert_eq!(
        message_body_for_route("sendMessage", action),
        r#"{"action":"sendMessage"}"#
    );
    assert_eq!(
        message_body_for_route("say \"hi\"", action),
        r#"{"action":"say \"hi\""}"#
    );
    for (key, expression) in [
        ("$default", action),
        ("$connect", action),
        ("sendMessage", None),
        ("sendMessage", Some("$request.header.x")),
        ("sendMessage", Some("$request.body.")),
        ("sendMessage", Some("$request.body.a.b")),
    ] {
        assert_eq!(
            message_body_for_route(key, expression),
            "",
            "{key} {expression:?}"
        );
    }
}
