//! The route tester's plain HTTP request and what came back: data only, sent by the
//! SDK-free HTTP client in `aws::http_client`.

use std::time::Duration;

/// A request the route tester sends.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// What came back, and how long it took.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub elapsed: Duration,
}
