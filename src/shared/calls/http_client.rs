//! Plain HTTP requests, for the route tester's "Send HTTP request". No egui here either.

use std::time::{Duration, Instant};

use http_body_util::{BodyExt as _, Full};
use hyper::body::Bytes;

use crate::shared::model::ErrorKind;

use crate::shared::model::ServiceError;

pub use crate::shared::model::http_exchange::HttpRequest;

pub use crate::shared::model::http_exchange::HttpResponse;

/// Longest the tester waits for an answer.
const TIMEOUT: Duration = Duration::from_secs(30);
/// Largest body kept, so a runaway endpoint cannot fill memory.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

fn failed(kind: ErrorKind, message: impl Into<String>) -> ServiceError {
    ServiceError::new("HTTP request", kind, message)
}

/// Methods a read-only connection sends: they should not change anything on the server.
const READ_ONLY_METHODS: [hyper::Method; 3] = [
    hyper::Method::GET,
    hyper::Method::HEAD,
    hyper::Method::OPTIONS,
];

/// Headers (and the query parameter `_method`) frameworks read to treat a GET as another
/// method; compared without case.
const METHOD_OVERRIDE_HEADERS: [&str; 3] = [
    "x-http-method-override",
    "x-http-method",
    "x-method-override",
];

/// The method a read-only connection may send for `request`, or why it may not be sent.
/// Checked here, below the UI, so no control can forget it.
pub fn read_only_method(request: &HttpRequest) -> Result<hyper::Method, ServiceError> {
    let refused = |message: String| ServiceError::new("HTTP request", ErrorKind::ReadOnly, message);
    let typed = request.method.trim();
    let Some(method) = READ_ONLY_METHODS
        .into_iter()
        .find(|m| m.as_str().eq_ignore_ascii_case(typed))
    else {
        return Err(refused(format!(
            "the connection is read-only: only GET, HEAD and OPTIONS are sent, not {typed:?}"
        )));
    };
    if let Some((name, _)) = request.headers.iter().find(|(name, _)| {
        let name = name.trim();
        METHOD_OVERRIDE_HEADERS
            .iter()
            .any(|h| h.eq_ignore_ascii_case(name))
    }) {
        return Err(refused(format!(
            "the connection is read-only: the header {:?} asks the server for another method",
            name.trim()
        )));
    }
    let query = request.url.split_once('?').map_or("", |(_, q)| q);
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    if query
        .split('&')
        .filter_map(|pair| pair.split('=').next())
        .any(|name| name.eq_ignore_ascii_case("_method"))
    {
        return Err(refused(
            "the connection is read-only: the query parameter \"_method\" asks the server for \
             another method"
                .to_owned(),
        ));
    }
    Ok(method)
}

/// An HTTP/1 client for `http://` and `https://` URLs, trusting the system's root
/// certificates; a TLS setup failure is reported under `operation`.
pub fn https_client<B>(
    operation: &str,
) -> Result<
    hyper_util::client::legacy::Client<
        hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
        B,
    >,
    ServiceError,
>
where
    B: hyper::body::Body + Send,
    B::Data: Send,
{
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_native_roots(rustls::crypto::aws_lc_rs::default_provider())
        .map_err(|e| ServiceError::new(operation, ErrorKind::Other, format!("TLS setup: {e}")))?
        .https_or_http()
        .enable_http1()
        .build();
    Ok(
        hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .build(connector),
    )
}

/// Sends one request over HTTP or HTTPS (system root certificates). On a `read_only`
/// connection only what [`read_only_method`] allows is sent.
pub async fn send(request: &HttpRequest, read_only: bool) -> Result<HttpResponse, ServiceError> {
    let read_only_method = if read_only {
        Some(read_only_method(request)?)
    } else {
        None
    };
    let client = https_client::<Full<Bytes>>("HTTP request")?;
    let method = match read_only_method {
        Some(method) => method,
        None => hyper::Method::from_bytes(request.method.trim().as_bytes()).map_err(|_| {
            failed(
                ErrorKind::Other,
                format!("{:?} is not an HTTP method", request.method),
            )
        })?,
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str, url: &str, headers: &[(&str, &str)]) -> HttpRequest {
        HttpRequest {
            method: method.to_owned(),
            url: url.to_owned(),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: String::new(),
        }
    }

    #[test]
    fn read_only_sends_only_safe_methods() {
        for (typed, sent) in [
            ("GET", hyper::Method::GET),
            (" get ", hyper::Method::GET),
            ("Head", hyper::Method::HEAD),
            ("OPTIONS", hyper::Method::OPTIONS),
        ] {
            let method = read_only_method(&request(typed, "http://x/a?b=1", &[]));
            assert_eq!(method.ok(), Some(sent), "{typed:?}");
        }
        for typed in [
            "POST", "put", "PATCH", "DELETE", "CONNECT", "TRACE", "PROPFIND", "", "GET ME", "GETX",
            "G\u{0}ET",
        ] {
            let error = read_only_method(&request(typed, "http://x/", &[])).expect_err(typed);
            assert_eq!(error.kind, ErrorKind::ReadOnly, "{typed:?}");
        }
    }

    #[test]
    fn read_only_refuses_method_overrides_in_any_case() {
        for name in [
            "X-HTTP-Method-Override",
            "x-http-method-override",
            " X-Http-Method ",
            "X-METHOD-OVERRIDE",
        ] {
            let error = read_only_method(&request("GET", "http://x/", &[(name, "DELETE")]))
                .expect_err(name);
            assert_eq!(error.kind, ErrorKind::ReadOnly);
            assert!(error.message.contains(name.trim()), "{}", error.message);
        }
        for url in [
            "http://x/orders?_method=DELETE",
            "http://x/orders?a=1&_METHOD=put",
            "http://x/orders?_method",
        ] {
            assert!(
                read_only_method(&request("GET", url, &[])).is_err(),
                "{url}"
            );
        }
        // Look-alikes are fine.
        let fine = request(
            "GET",
            "http://x/orders?my_method=1#_method=x",
            &[("X-Method", "DELETE"), ("Accept", "*/*")],
        );
        assert_eq!(read_only_method(&fine).ok(), Some(hyper::Method::GET));
    }
}
