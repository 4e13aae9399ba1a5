//! Plain HTTP requests, for the route tester's "Send HTTP request". No egui here either.

use std::time::{Duration, Instant};

use http_body_util::{BodyExt as _, Full};
use hyper::body::Bytes;

use crate::model::{ErrorKind, ServiceError};

pub use crate::model::http_exchange::{HttpRequest, HttpResponse};

/// Longest the tester waits for an answer.
const TIMEOUT: Duration = Duration::from_secs(30);
/// Largest body kept, so a runaway endpoint cannot fill memory.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

fn failed(kind: ErrorKind, message: impl Into<String>) -> ServiceError {
    ServiceError::new("HTTP request", kind, message)
}

/// Sends one request over HTTP or HTTPS (system root certificates).
pub async fn send(request: &HttpRequest) -> Result<HttpResponse, ServiceError> {
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_native_roots(rustls::crypto::aws_lc_rs::default_provider())
        .map_err(|e| failed(ErrorKind::Other, format!("TLS setup: {e}")))?
        .https_or_http()
        .enable_http1()
        .build();
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build::<_, Full<Bytes>>(connector);
    let method = hyper::Method::from_bytes(request.method.trim().as_bytes()).map_err(|_| {
        failed(
            ErrorKind::Other,
            format!("{:?} is not an HTTP method", request.method),
        )
    })?;
    let mut builder = hyper::Request::builder()
        .method(method)
        .uri(request.url.trim());
    for (name, value) in &request.headers {
        if !name.trim().is_empty() {
            builder = builder.header(name.trim(), value);
        }
    }
    let http_request = builder
        .body(Full::new(Bytes::from(request.body.clone())))
        .map_err(|e| failed(ErrorKind::Other, format!("Invalid request: {e}")))?;
    let started = Instant::now();
    let response = tokio::time::timeout(TIMEOUT, client.request(http_request))
        .await
        .map_err(|_| failed(ErrorKind::Unreachable, "no answer within 30 s"))?
        .map_err(|e| {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(inner) = source {
                message = inner.to_string();
                source = inner.source();
            }
            failed(ErrorKind::Unreachable, message)
        })?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = http_body_util::Limited::new(response.into_body(), MAX_BODY_BYTES)
        .collect()
        .await
        .map_err(|e| failed(ErrorKind::Other, format!("reading the body: {e}")))?
        .to_bytes()
        .to_vec();
    Ok(HttpResponse {
        status,
        headers,
        body,
        elapsed: started.elapsed(),
    })
}
