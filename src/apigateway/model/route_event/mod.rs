//! The event API Gateway sends to a Lambda integration for a request on a route, in payload
//! format 2.0 (HTTP APIs) or 1.0 (REST-style proxy), and the proxy response read back.

mod event;
mod proxy_response;
mod url;

pub use event::{RouteContext, RouteRequest, event_v1, event_v2, request_time};
pub use proxy_response::{ProxyResponse, parse_proxy_response};
pub use url::{
    fill_path, path_parameter_names, percent_decode, percent_encode, query_pairs, raw_query_string,
};
