//! The events a WebSocket API sends its route integrations: CONNECT (with the handshake's
//! headers and query string), MESSAGE (with the frame's body) and DISCONNECT (with the close
//! code and reason), all naming the same connection.

use serde_json::{Map, Value, json};

use crate::apigateway::model::route_event::event::{RouteContext, request_time};
use crate::apigateway::model::route_event::multi_value::{
    aws_style_id, merged_header_pairs, multi_value_maps, seed_of, trace_id, websocket_key,
    with_default_headers,
};
use crate::apigateway::model::route_event::url::query_pairs;
use crate::dynamodb::model::attribute::base64_decode;

/// What happened on the connection, from the route key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebSocketEventType {
    Connect,
    Disconnect,
    Message,
}

impl WebSocketEventType {
    /// `$connect` and `$disconnect` are the connection's own; every other key (`$default`, a
    /// custom action) is a message.
    pub fn of_route(route_key: &str) -> Self {
        match route_key {
            "$connect" => Self::Connect,
            "$disconnect" => Self::Disconnect,
            _ => Self::Message,
        }
    }

    /// The event's `eventType`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Connect => "CONNECT",
            Self::Disconnect => "DISCONNECT",
            Self::Message => "MESSAGE",
        }
    }
}

/// One step of a WebSocket session, as the WebSocket tester's form describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WebSocketRequest {
    pub stage: String,
    /// Kept across the session's connect, messages and disconnect.
    pub connection_id: String,
    pub connected_at_ms: u64,
    /// The handshake's headers and query string (sent with CONNECT only).
    pub headers: Vec<(String, String)>,
    pub query: String,
    /// The frame's body (MESSAGE only); base64 text of a binary frame when `body_base64`.
    pub body: String,
    pub body_base64: bool,
    /// MESSAGE only.
    pub message_id: String,
    /// DISCONNECT only: the close frame's status code and reason.
    pub disconnect_status_code: u16,
    pub disconnect_reason: String,
}

/// The event a WebSocket API sends the integration of `context.route_key` for `request`.
pub fn websocket_event(
    request: &WebSocketRequest,
    context: &RouteContext,
) -> Result<Value, String> {
    let event_type = WebSocketEventType::of_route(&context.route_key);
    if request.connection_id.is_empty() {
        return Err("Connect first: a WebSocket event names its connection".to_owned());
    }
    let stage = match request.stage.trim() {
        "" => "$default",
        stage => stage,
    };
    let mut request_context = json!({
        "routeKey": context.route_key,
        "eventType": event_type.as_str(),
        "extendedRequestId": aws_style_id(seed_of(&context.request_id)),
        "requestTime": request_time(context.epoch_ms),
        "messageDirection": "IN",
        "stage": stage,
        "connectedAt": request.connected_at_ms,
        "requestTimeEpoch": context.epoch_ms,
        "identity": { "sourceIp": context.source_ip },
        "requestId": context.request_id,
        "domainName": context.domain_name,
        "connectionId": request.connection_id,
        "apiId": context.api_id,
    });
    let mut event = Map::new();
    match event_type {
        WebSocketEventType::Connect => {
            let key = websocket_key(seed_of(&request.connection_id));
            let trace = trace_id(seed_of(&context.request_id), context.epoch_ms);
            let pairs = with_default_headers(
                merged_header_pairs(&request.headers),
                &[
                    ("Host", context.domain_name.as_str()),
                    (
                        "Sec-WebSocket-Extensions",
                        "permessage-deflate; client_max_window_bits",
                    ),
                    ("Sec-WebSocket-Key", key.as_str()),
                    ("Sec-WebSocket-Version", "13"),
                    ("X-Amzn-Trace-Id", trace.as_str()),
                    ("X-Forwarded-For", context.source_ip.as_str()),
                    ("X-Forwarded-Port", "443"),
                    ("X-Forwarded-Proto", "https"),
                ],
            );
            let user_agent = pairs
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case("user-agent"))
                .map(|(_, value)| value.clone());
            if let (Some(agent), Some(identity)) = (user_agent, request_context.get_mut("identity"))
            {
                identity["userAgent"] = Value::String(agent);
            }
            insert_headers(&mut event, pairs);
            let (query, multi_query) = multi_value_maps(query_pairs(&request.query));
            // Absent, not null, when the handshake had no query string.
            if !query.is_empty() {
                event.insert("queryStringParameters".into(), Value::Object(query));
                event.insert(
                    "multiValueQueryStringParameters".into(),
                    Value::Object(multi_query),
                );
            }
        }
        WebSocketEventType::Disconnect => {
            // What API Gateway sends on $disconnect: the host and three empty headers.
            let pairs = [
                ("Host", context.domain_name.as_str()),
                ("x-api-key", ""),
                ("X-Forwarded-For", ""),
                ("x-restapi", ""),
            ]
            .map(|(name, value)| (name.to_owned(), value.to_owned()));
            insert_headers(&mut event, pairs.to_vec());
            request_context["disconnectStatusCode"] = json!(request.disconnect_status_code);
            request_context["disconnectReason"] = json!(request.disconnect_reason);
        }
        WebSocketEventType::Message => {
            if request.body_base64 {
                base64_decode(request.body.trim())
                    .map_err(|e| format!("The message is not valid base64: {e}"))?;
            }
            request_context["messageId"] = json!(request.message_id);
            let body = if request.body_base64 {
                request.body.trim()
            } else {
                request.body.as_str()
            };
            event.insert("body".into(), Value::String(body.to_owned()));
        }
    }
    event.insert("requestContext".into(), request_context);
    event.insert(
        "isBase64Encoded".into(),
        Value::Bool(event_type == WebSocketEventType::Message && request.body_base64),
    );
    Ok(Value::Object(event))
}

fn insert_headers(event: &mut Map<String, Value>, pairs: Vec<(String, String)>) {
    let (headers, multi_headers) = multi_value_maps(pairs);
    event.insert("headers".into(), Value::Object(headers));
    event.insert("multiValueHeaders".into(), Value::Object(multi_headers));
}

/// The body a custom route's message needs to be routed to it, when the API selects routes
/// by a field of a JSON body (`$request.body.action`): `{"action": "sendMessage"}`.
pub fn message_body_for_route(route_key: &str, selection_expression: Option<&str>) -> String {
    let field = selection_expression.and_then(|e| e.trim().strip_prefix("$request.body."));
    match (WebSocketEventType::of_route(route_key), field) {
        (WebSocketEventType::Message, Some(field))
            if route_key != "$default" && !field.is_empty() && !field.contains('.') =>
        {
            json!({ field: route_key }).to_string()
        }
        _ => String::new(),
    }
}

#[cfg(test)]
#[path = "websocket_event_tests.rs"]
mod tests;
