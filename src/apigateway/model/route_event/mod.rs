//! The events API Gateway sends to a Lambda integration: for a request on an HTTP API route
//! (payload format 2.0 or 1.0), on a REST API method (the Lambda proxy event), and on a
//! WebSocket route (connect, message, disconnect); and the proxy response read back.

mod event;
mod multi_value;
mod proxy_response;
mod rest_event;
mod url;
mod websocket_event;

pub use event::{RouteContext, RouteRequest, event_v1, event_v2, request_time};
pub use multi_value::aws_style_id;
pub use proxy_response::{ProxyResponse, failed_function_response, parse_proxy_response};
pub use rest_event::{RestRequest, TEST_INVOKE_STAGE, rest_event};
pub use url::{
    fill_path, path_parameter_names, percent_decode, percent_encode, query_pairs, raw_query_string,
};
pub use websocket_event::{
    WebSocketEventType, WebSocketRequest, message_body_for_route, websocket_event,
};
