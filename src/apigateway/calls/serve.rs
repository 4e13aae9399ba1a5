//! "Serve locally": an HTTP server on 127.0.0.1 that answers as the API would. Each request
//! is routed with API Gateway's precedence, turned into the event the route's function gets,
//! run locally when the function has a code folder (else the deployed function is invoked),
//! and answered with the function's proxy response. The server lives as long as its
//! [`LocalServer`]: dropping it (the tab closing, the app exiting) stops it.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::{Bytes, Incoming as Body};
use hyper::{Request, Response};
use serde_json::Value;

use crate::apigateway::calls::route_function::{
    LocalRuns, RunAt, invoke_route_function, now_epoch_ms,
};
use crate::apigateway::calls::serve_local::ResolvedFunctions;
use crate::apigateway::model::route_event::{
    ProxyResponse, RouteContext, failed_function_response, parse_proxy_response,
};
use crate::apigateway::model::served_api::{Incoming, Routed, ServedApi, served_event};
use crate::apigateway::model::served_log::{Answerer, ServedLog, ServedRequest};
use crate::connection::calls::AwsClients;
use crate::shared::model::{ErrorKind, ServiceError};

/// API Gateway's payload limit: a larger body is answered 413.
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

const OPERATION: &str = "Serve locally";

/// What serving needs.
pub struct ServeConfig {
    pub api: ServedApi,
    pub clients: AwsClients,
    pub local: LocalRuns,
    /// Whether locally run handlers get the connection's credentials.
    pub with_credentials: bool,
    /// `None` (or 0) takes any free port.
    pub port: Option<u16>,
    /// Wakes the UI when a request was answered.
    pub repaint: Arc<dyn Fn() + Send + Sync>,
}

/// A running server. Dropping it stops it, and every connection it has open.
pub struct LocalServer {
    pub address: SocketAddr,
    /// What the API is reached at: `http://127.0.0.1:PORT/STAGE` for each stage.
    pub urls: Vec<String>,
    /// The functions that run locally (the others are invoked as deployed), sorted.
    pub local_functions: Vec<String>,
    pub log: Arc<Mutex<ServedLog>>,
    task: tokio::task::AbortHandle,
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl LocalServer {
    /// The served requests, newest first, held while the guard lives (draw, then drop it).
    pub fn served(&self) -> std::sync::MutexGuard<'_, ServedLog> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Shared by every request of one server.
struct Server {
    api: ServedApi,
    clients: AwsClients,
    local: LocalRuns,
    with_credentials: bool,
    log: Arc<Mutex<ServedLog>>,
    repaint: Arc<dyn Fn() + Send + Sync>,
    resolved: ResolvedFunctions,
}

/// Binds 127.0.0.1 and starts answering.
pub async fn serve(config: ServeConfig) -> Result<LocalServer, ServiceError> {
    let port = config.port.unwrap_or(0);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| {
            ServiceError::new(
                OPERATION,
                ErrorKind::Other,
                format!("Could not listen on 127.0.0.1:{port}: {e}"),
            )
        })?;
    let address = listener.local_addr().map_err(|e| {
        ServiceError::new(
            OPERATION,
            ErrorKind::Other,
            format!("No local address: {e}"),
        )
    })?;
    let log = Arc::new(Mutex::new(ServedLog::default()));
    let urls = config.api.urls(&format!("http://{address}"));
    let local_functions = config.local.setups.keys().cloned().collect();
    let server = Arc::new(Server {
        api: config.api,
        clients: config.clients,
        local: config.local,
        with_credentials: config.with_credentials,
        log: log.clone(),
        repaint: config.repaint,
        resolved: ResolvedFunctions::default(),
    });
    let task = tokio::spawn(accept_loop(listener, server)).abort_handle();
    Ok(LocalServer {
        address,
        urls,
        local_functions,
        log,
        task,
    })
}

/// Accepts connections until aborted; the connections' tasks are in a set that dies with it.
async fn accept_loop(listener: tokio::net::TcpListener, server: Arc<Server>) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else {
                    // Out of file descriptors, say: wait rather than spin.
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                };
                let server = server.clone();
                connections.spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let server = server.clone();
                        async move {
                            Ok::<_, std::convert::Infallible>(server.answer(request, peer).await)
                        }
                    });
                    let io = hyper_util::rt::TokioIo::new(stream);
                    if let Err(error) = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, service)
                        .await
                    {
                        tracing::debug!(%error, "a served connection ended");
                    }
                });
            }
            // Finished connections are reaped so the set does not grow.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// An answer with a JSON body.
fn json_answer(status: u16, body: &str) -> ProxyResponse {
    ProxyResponse {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
        problem: None,
    }
}

/// What a served request turned into, before it is logged.
struct Outcome {
    response: ProxyResponse,
    route: Option<String>,
    answerer: Answerer,
    error: Option<String>,
}

impl Server {
    async fn answer(&self, request: Request<Body>, peer: SocketAddr) -> Response<Full<Bytes>> {
        let started = Instant::now();
        let epoch_ms = now_epoch_ms();
        let method = request.method().as_str().to_owned();
        let raw_path = request.uri().path().to_owned();
        let raw_query = request.uri().query().unwrap_or_default().to_owned();
        let shown_path = match raw_query.as_str() {
            "" => raw_path.clone(),
            query => format!("{raw_path}?{query}"),
        };
        let outcome = self
            .outcome(request, peer, &method, &raw_path, &raw_query, epoch_ms)
            .await;
        let entry = ServedRequest {
            number: 0,
            epoch_ms,
            method,
            path: shown_path,
            route: outcome.route,
            status: outcome.response.status,
            duration: started.elapsed(),
            answerer: outcome.answerer,
            error: outcome.error.or_else(|| outcome.response.problem.clone()),
        };
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(entry);
        (self.repaint)();
        http_response(outcome.response)
    }

    async fn outcome(
        &self,
        request: Request<Body>,
        peer: SocketAddr,
        method: &str,
        raw_path: &str,
        raw_query: &str,
        epoch_ms: u64,
    ) -> Outcome {
        let gateway =
            |response: ProxyResponse, route: Option<String>, error: Option<String>| Outcome {
                response,
                route,
                answerer: Answerer::Gateway,
                error,
            };
        let headers: Vec<(String, String)> = request
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect();
        let incoming = Incoming {
            method,
            raw_path,
            raw_query,
            headers: &headers,
        };
        let routed = match self.api.route(incoming) {
            Routed::NoRoute { status, body } => {
                return gateway(json_answer(status, body), None, None);
            }
            Routed::Unservable { route_key, why } => {
                let answer = json_answer(500, r#"{"message":"Internal Server Error"}"#);
                return gateway(answer, Some(route_key), Some(why));
            }
            Routed::Lambda(routed) => routed,
        };
        let route = Some(routed.route_key.clone());
        let too_large = json_answer(413, r#"{"message":"Request Entity Too Large"}"#);
        // A declared length over the limit is refused before a byte of it is read.
        let declared = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .and_then(|(_, v)| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
            return gateway(too_large, route, Some("The body is over 10 MB".into()));
        }
        let body = match Limited::new(request.into_body(), MAX_BODY_BYTES)
            .collect()
            .await
        {
            Ok(body) => body.to_bytes(),
            Err(_) => return gateway(too_large, route, Some("The body is over 10 MB".into())),
        };
        let host = headers
            .iter()
            .find(|(n, _)| n == "host")
            .map_or_else(|| "127.0.0.1".to_owned(), |(_, v)| v.clone());
        let context = RouteContext {
            api_id: self.api.api_id().to_owned(),
            account_id: routed
                .target
                .account_id
                .clone()
                .unwrap_or_else(|| "123456789012".to_owned()),
            domain_name: host,
            route_key: routed.route_key.clone(),
            request_id: format!("stratus-local-{epoch_ms:x}-{}", peer.port()),
            epoch_ms,
            source_ip: peer.ip().to_string(),
        };
        let (format, error_status) = self.api.response_format(&routed.shape);
        let event = match served_event(&routed, &body, raw_path, &context) {
            Ok(event) => event,
            Err(why) => {
                let answer = json_answer(500, r#"{"message":"Internal Server Error"}"#);
                return gateway(answer, route, Some(why));
            }
        };
        let payload = serde_json::to_vec(&event).unwrap_or_default();
        let name = routed.target.function_name.as_str();
        let (invoked, answerer) = match self.local.setups.get(name) {
            Some(setup) => {
                let (clients, runner) = (&self.clients, &self.local.runner);
                let credentials = self.with_credentials;
                let run =
                    self.resolved
                        .invoke(clients, runner, (name, setup), credentials, payload);
                (run.await, Answerer::Local)
            }
            None => {
                let run =
                    invoke_route_function(&self.clients, &routed.target, &RunAt::Deployed, payload);
                (run.await, Answerer::Deployed)
            }
        };
        match invoked {
            Ok(result) => {
                let (response, error) = match &result.function_error {
                    Some(kind) => (
                        failed_function_response(kind, error_status),
                        Some(function_error_text(&result.payload, kind)),
                    ),
                    None => (parse_proxy_response(&result.payload, format), None),
                };
                Outcome {
                    response,
                    route,
                    answerer,
                    error,
                }
            }
            Err(error) => {
                let answer = json_answer(500, r#"{"message":"Internal Server Error"}"#);
                gateway(answer, route, Some(error.to_string()))
            }
        }
    }
}

/// The function's error as a line: `errorType: errorMessage` from its payload.
fn function_error_text(payload: &[u8], kind: &str) -> String {
    let parsed: Option<Value> = serde_json::from_slice(payload).ok();
    let field = |name: &str| {
        parsed
            .as_ref()
            .and_then(|p| p.get(name))
            .and_then(Value::as_str)
            .map(ToOwned::to_owned)
    };
    match (field("errorType"), field("errorMessage")) {
        (Some(t), Some(m)) => format!("The function failed ({kind}): {t}: {m}"),
        (None, Some(m)) => format!("The function failed ({kind}): {m}"),
        (_, None) => format!("The function failed ({kind})"),
    }
}

/// The proxy response as HTTP. Headers that would contradict the body hyper writes, or that
/// HTTP cannot carry, are left out.
fn http_response(answer: ProxyResponse) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(answer.body)));
    *response.status_mut() =
        hyper::StatusCode::from_u16(answer.status).unwrap_or(hyper::StatusCode::BAD_GATEWAY);
    let headers = response.headers_mut();
    for (name, value) in answer.headers {
        let lower = name.to_ascii_lowercase();
        if matches!(
            lower.as_str(),
            "content-length" | "transfer-encoding" | "connection"
        ) {
            continue;
        }
        let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::from_bytes(lower.as_bytes()),
            hyper::header::HeaderValue::from_str(&value),
        ) else {
            continue;
        };
        headers.append(name, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_responses_become_http_without_contradicting_headers() {
        let response = http_response(ProxyResponse {
            status: 201,
            headers: vec![
                ("Content-Length".into(), "999".into()),
                ("Transfer-Encoding".into(), "chunked".into()),
                ("Set-Cookie".into(), "a=1".into()),
                ("set-cookie".into(), "b=2".into()),
                ("bad header".into(), "x".into()),
                ("x-bad-value".into(), "line\nbreak".into()),
                ("X-Ok".into(), "yes".into()),
            ],
            body: b"hi".to_vec(),
            problem: None,
        });
        assert_eq!(response.status(), 201);
        let headers = response.headers();
        assert!(headers.get("content-length").is_none());
        assert!(headers.get("transfer-encoding").is_none());
        assert_eq!(headers.get_all("set-cookie").iter().count(), 2);
        assert_eq!(headers.len(), 3, "{headers:?}");
        // A status HTTP cannot carry is API Gateway's 502.
        let odd = http_response(json_answer(1000, "{}"));
        assert_eq!(odd.status(), 502);
    }

    #[test]
    fn a_function_error_is_told_from_its_payload() {
        let payload = br#"{"errorType": "ValueError", "errorMessage": "boom"}"#;
        assert_eq!(
            function_error_text(payload, "Unhandled"),
            "The function failed (Unhandled): ValueError: boom"
        );
        assert_eq!(
            function_error_text(br#"{"errorMessage": "boom"}"#, "Unhandled"),
            "The function failed (Unhandled): boom"
        );
        for odd in [&b"not json"[..], b"[]", b"{\"errorType\": 7}", b""] {
            assert_eq!(
                function_error_text(odd, "Unhandled"),
                "The function failed (Unhandled)"
            );
        }
    }
}
