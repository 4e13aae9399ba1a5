//! A fault-injecting endpoint: a local HTTP/1.1 server that forwards every request to a real
//! emulator and, by rules the test sets (and may change while the app runs), answers some
//! operations itself: access denied, a malformed body, throttling, a 500, or a page whose
//! continuation token repeats. It counts requests per operation, so a test can assert what was
//! (and was not) sent.
//!
//! The server loop is written by hand on tokio (the requests the SDK sends all carry a
//! `Content-Length`), so the test build needs no hyper server feature; the upstream side is
//! hyper's client, already in the build. It runs on its own thread and runtime and stops, with
//! every connection task, when the [`FaultEndpoint`] is dropped.
//!
//! ```ignore
//! let fault = FaultEndpoint::start(&moto.endpoint);
//! fault.always(Operation::dynamodb("DescribeTimeToLive"), Fault::AccessDenied);
//! let connection = fault.connection(); // one attempt per call
//! ...
//! fault.lift(&Operation::dynamodb("DescribeTimeToLive"));
//! assert_eq!(fault.count(&Operation::dynamodb("Scan")), 1);
//! ```

use std::net::TcpListener as StdTcpListener;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use http_body_util::{BodyExt as _, Full};
use hyper::body::Bytes;
use serde_json::Value;
use stratus::connection::model::ConnectionSpec;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// Largest request head the endpoint accepts.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Which calls a rule applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operation {
    /// An awsJson call by its `X-Amz-Target` header, e.g. `DynamoDB_20120810.Scan`.
    Target(String),
    /// A REST-JSON call (Lambda, API Gateway) by method and path; `prefix` also matches longer
    /// paths (`/2015-03-31/functions/f/aliases` matches `/2015-03-31/functions/f/aliases/live`).
    Rest {
        method: String,
        path: String,
        prefix: bool,
    },
}

impl Operation {
    /// A DynamoDB operation by name: `Operation::dynamodb("Scan")`.
    pub fn dynamodb(name: &str) -> Self {
        Self::Target(format!("DynamoDB_20120810.{name}"))
    }

    /// A REST call whose path starts with `path_prefix`.
    pub fn rest(method: &str, path_prefix: &str) -> Self {
        Self::Rest {
            method: method.to_ascii_uppercase(),
            path: path_prefix.to_owned(),
            prefix: true,
        }
    }

    /// A REST call to exactly `path` (GetFunction is `GET /2015-03-31/functions/NAME`, a
    /// prefix of its aliases' path).
    pub fn rest_exact(method: &str, path: &str) -> Self {
        Self::Rest {
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            prefix: false,
        }
    }

    /// Lambda GetFunction of `function`.
    pub fn get_function(function: &str) -> Self {
        Self::rest_exact("GET", &format!("/2015-03-31/functions/{function}"))
    }

    /// Lambda ListAliases of `function`.
    pub fn list_aliases(function: &str) -> Self {
        Self::rest("GET", &format!("/2015-03-31/functions/{function}/aliases"))
    }

    /// Lambda ListVersionsByFunction of `function`.
    pub fn list_versions(function: &str) -> Self {
        Self::rest("GET", &format!("/2015-03-31/functions/{function}/versions"))
    }

    /// Lambda ListEventSourceMappings (of any function: the name is in the query string).
    pub fn list_event_source_mappings() -> Self {
        Self::rest("GET", "/2015-03-31/event-source-mappings")
    }

    /// Lambda ListFunctions.
    pub fn list_functions() -> Self {
        Self::rest_exact("GET", "/2015-03-31/functions")
    }

    /// An API Gateway v2 call on one API: `Operation::api("GET", id, "stages")` is GetStages.
    pub fn api(method: &str, api_id: &str, part: &str) -> Self {
        Self::rest(method, &format!("/v2/apis/{api_id}/{part}"))
    }

    /// API Gateway v2 GetApi of one API.
    pub fn get_api(api_id: &str) -> Self {
        Self::rest_exact("GET", &format!("/v2/apis/{api_id}"))
    }

    /// API Gateway v2 GetApis.
    pub fn get_apis() -> Self {
        Self::rest_exact("GET", "/v2/apis")
    }

    fn matches(&self, request: &RequestHead) -> bool {
        match self {
            Self::Target(target) => request.target.as_deref() == Some(target.as_str()),
            Self::Rest {
                method,
                path,
                prefix,
            } => {
                request.target.is_none()
                    && request.method == *method
                    && if *prefix {
                        request.path.starts_with(path.as_str())
                    } else {
                        request.path == *path
                    }
            }
        }
    }
}

/// What the endpoint answers instead of (or on top of) the emulator.
#[derive(Clone)]
pub enum Fault {
    /// AccessDeniedException: HTTP 400 for awsJson (DynamoDB), 403 for REST-JSON.
    AccessDenied,
    /// HTTP 200 whose JSON body is cut off.
    Malformed,
    /// ThrottlingException (awsJson, 400) or TooManyRequestsException (REST-JSON, 429).
    Throttle,
    /// DynamoDB's ProvisionedThroughputExceededException (400).
    ProvisionedThroughputExceeded,
    /// HTTP 500 with an internal-error body.
    ServerError,
    /// Forwards, then sets the answer's continuation token (`LastEvaluatedKey` for Scan and
    /// Query, `LastEvaluatedTableName` for ListTables, `NextMarker` for Lambda, `nextToken`
    /// for API Gateway) to this value, so every page names the same next page.
    RepeatPage(Value),
    /// Forwards, then lets the test change the JSON answer (it may keep state, e.g. to
    /// alternate between two tokens).
    RewriteJson(Arc<dyn Fn(&mut Value) + Send + Sync>),
    /// Answers exactly this status and body (content type JSON).
    Answer { status: u16, body: String },
    /// Forwards, but sends a wrong `x-amz-crc32` with the emulator's body.
    BadChecksum,
}

impl std::fmt::Debug for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::AccessDenied => write!(f, "AccessDenied"),
            Self::Malformed => write!(f, "Malformed"),
            Self::Throttle => write!(f, "Throttle"),
            Self::ProvisionedThroughputExceeded => write!(f, "ProvisionedThroughputExceeded"),
            Self::ServerError => write!(f, "ServerError"),
            Self::RepeatPage(value) => write!(f, "RepeatPage({value})"),
            Self::RewriteJson(_) => write!(f, "RewriteJson"),
            Self::Answer { status, body } => write!(f, "Answer({status}, {body})"),
            Self::BadChecksum => write!(f, "BadChecksum"),
        }
    }
}

struct Rule {
    operation: Operation,
    fault: Fault,
    /// `None`: always; `Some(n)`: the next n matching requests.
    remaining: Option<usize>,
}

/// One request as the endpoint saw it.
#[derive(Clone, Debug)]
pub struct SeenRequest {
    /// `X-Amz-Target`, or `METHOD /path` for REST calls.
    pub operation: String,
    /// Whether a rule answered it (or changed its answer).
    pub faulted: bool,
}

#[derive(Default)]
struct State {
    rules: Vec<Rule>,
    seen: Vec<(RequestHead, bool)>,
}

/// A running fault endpoint; stops (thread, runtime and connections) when dropped.
pub struct FaultEndpoint {
    /// `http://127.0.0.1:PORT`, to use as a connection's endpoint URL.
    pub endpoint: String,
    state: Arc<Mutex<State>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl FaultEndpoint {
    /// Listens on a free loopback port and forwards to `upstream` (`http://127.0.0.1:PORT`).
    pub fn start(upstream: &str) -> Self {
        let listener = StdTcpListener::bind("127.0.0.1:0").expect("bind the fault endpoint");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let port = listener.local_addr().expect("local address").port();
        let state = Arc::new(Mutex::new(State::default()));
        let (shutdown, stopped) = tokio::sync::oneshot::channel();
        let upstream = upstream.trim_end_matches('/').to_owned();
        let thread_state = state.clone();
        let thread = std::thread::Builder::new()
            .name("fault-endpoint".to_owned())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("fault endpoint runtime");
                runtime.block_on(serve(listener, upstream, thread_state, stopped));
                // Dropping the runtime here cancels every connection task.
            })
            .expect("start the fault endpoint thread");
        Self {
            endpoint: format!("http://127.0.0.1:{port}"),
            state,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    /// A connection through this endpoint: static test keys, us-east-1, one attempt per call
    /// so an injected failure is seen at once rather than retried by the SDK.
    pub fn connection(&self) -> ConnectionSpec {
        ConnectionSpec {
            profile: None,
            region: Some("us-east-1".to_owned()),
            endpoint_url: Some(self.endpoint.clone()),
            static_credentials: Some(super::test_credentials()),
            read_only: false,
            max_attempts: Some(1),
        }
    }

    /// Answers `operation` with `fault` from now on, until lifted.
    pub fn always(&self, operation: Operation, fault: Fault) {
        self.push(operation, fault, None);
    }

    /// Answers the next `times` requests of `operation` with `fault`, then forwards again.
    pub fn times(&self, operation: Operation, fault: Fault, times: usize) {
        self.push(operation, fault, Some(times));
    }

    /// Answers the next request of `operation` with `fault`.
    pub fn once(&self, operation: Operation, fault: Fault) {
        self.times(operation, fault, 1);
    }

    fn push(&self, operation: Operation, fault: Fault, remaining: Option<usize>) {
        self.lock().rules.push(Rule {
            operation,
            fault,
            remaining,
        });
    }

    /// Removes every rule for `operation`: its requests are forwarded untouched again.
    pub fn lift(&self, operation: &Operation) {
        self.lock()
            .rules
            .retain(|rule| rule.operation != *operation);
    }

    /// Removes every rule.
    pub fn lift_all(&self) {
        self.lock().rules.clear();
    }

    /// How many requests of `operation` reached the endpoint (faulted or not).
    pub fn count(&self, operation: &Operation) -> usize {
        self.lock()
            .seen
            .iter()
            .filter(|(head, _)| operation.matches(head))
            .count()
    }

    /// How many requests of `operation` a rule answered or changed.
    pub fn faulted(&self, operation: &Operation) -> usize {
        self.lock()
            .seen
            .iter()
            .filter(|(head, faulted)| *faulted && operation.matches(head))
            .count()
    }

    /// Every request so far, oldest first.
    pub fn requests(&self) -> Vec<SeenRequest> {
        self.lock()
            .seen
            .iter()
            .map(|(head, faulted)| SeenRequest {
                operation: head.operation(),
                faulted: *faulted,
            })
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic elsewhere in the test must not hide this endpoint's records.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for FaultEndpoint {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What a rule needs to know about a request.
#[derive(Clone, Debug)]
struct RequestHead {
    method: String,
    /// The path without the query string.
    path: String,
    target: Option<String>,
}

impl RequestHead {
    fn operation(&self) -> String {
        match &self.target {
            Some(target) => target.clone(),
            None => format!("{} {}", self.method, self.path),
        }
    }

    /// Which service protocol answers: awsJson (DynamoDB) or REST-JSON.
    fn is_aws_json(&self) -> bool {
        self.target.is_some()
    }
}

/// A parsed request: the head, every header as sent, and the body.
struct Request {
    head: RequestHead,
    uri: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    close: bool,
}

/// An answer to write back.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

type UpstreamClient = hyper_util::client::legacy::Client<
    hyper_util::client::legacy::connect::HttpConnector,
    Full<Bytes>,
>;

async fn serve(
    listener: StdTcpListener,
    upstream: String,
    state: Arc<Mutex<State>>,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    let client: UpstreamClient =
        hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .build_http();
    let upstream = Arc::new(upstream);
    loop {
        tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let (client, upstream, state) = (client.clone(), upstream.clone(), state.clone());
                tokio::spawn(async move {
                    connection(stream, &client, &upstream, &state).await;
                });
            }
        }
    }
}

/// Serves one keep-alive connection until the client closes it.
async fn connection(
    mut stream: TcpStream,
    client: &UpstreamClient,
    upstream: &str,
    state: &Mutex<State>,
) {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await else {
            return;
        };
        let close = request.close;
        let response = answer(request, client, upstream, state).await;
        if write_response(&mut stream, &response).await.is_err() || close {
            return;
        }
    }
}

/// Reads one request; `None` at end of stream or on anything unreadable.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Request> {
    let head_end = loop {
        if let Some(at) = find(buffer, b"\r\n\r\n") {
            break at;
        }
        if buffer.len() > MAX_HEAD_BYTES {
            return None;
        }
        let mut chunk = [0_u8; 8192];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8(buffer[..head_end].to_vec()).ok()?;
    buffer.drain(..head_end + 4);
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let uri = request_line.next()?.to_owned();
    let version = request_line.next().unwrap_or("HTTP/1.1");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    if header("expect").is_some_and(|e| e.eq_ignore_ascii_case("100-continue")) {
        stream
            .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .await
            .ok()?;
    }
    let body = if header("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        read_chunked(stream, buffer).await?
    } else {
        let length: usize = header("content-length").map_or(Some(0), |l| l.parse().ok())?;
        read_exact(stream, buffer, length).await?
    };
    let close = header("connection").is_some_and(|c| c.eq_ignore_ascii_case("close"))
        || version == "HTTP/1.0";
    let path = uri.split('?').next().unwrap_or_default().to_owned();
    let target = header("x-amz-target").map(ToOwned::to_owned);
    Some(Request {
        head: RequestHead {
            method,
            path,
            target,
        },
        uri,
        headers,
        body,
        close,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Takes `length` bytes from the buffer, reading more as needed.
async fn read_exact(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    length: usize,
) -> Option<Vec<u8>> {
    while buffer.len() < length {
        let mut chunk = [0_u8; 8192];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    Some(buffer.drain(..length).collect())
}

async fn read_line(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<String> {
    loop {
        if let Some(at) = find(buffer, b"\r\n") {
            let line = String::from_utf8(buffer[..at].to_vec()).ok()?;
            buffer.drain(..at + 2);
            return Some(line);
        }
        let mut chunk = [0_u8; 8192];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
}

async fn read_chunked(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let size_line = read_line(stream, buffer).await?;
        let size = usize::from_str_radix(size_line.split(';').next()?.trim(), 16).ok()?;
        if size == 0 {
            // Trailers, then the blank line.
            while !read_line(stream, buffer).await?.is_empty() {}
            return Some(body);
        }
        body.extend(read_exact(stream, buffer, size).await?);
        read_line(stream, buffer).await?;
    }
}

async fn write_response(stream: &mut TcpStream, response: &Response) -> std::io::Result<()> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("content-length: {}\r\n\r\n", response.body.len()));
    stream.write_all(out.as_bytes()).await?;
    stream.write_all(&response.body).await?;
    stream.flush().await
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Status",
    }
}

/// Picks the first live rule for the request (using one of its times), then answers.
async fn answer(
    request: Request,
    client: &UpstreamClient,
    upstream: &str,
    state: &Mutex<State>,
) -> Response {
    let fault = {
        let mut state = state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let fault = state
            .rules
            .iter_mut()
            .find(|rule| rule.remaining != Some(0) && rule.operation.matches(&request.head))
            .map(|rule| {
                if let Some(remaining) = &mut rule.remaining {
                    *remaining -= 1;
                }
                rule.fault.clone()
            });
        state.seen.push((request.head.clone(), fault.is_some()));
        fault
    };
    let head = request.head.clone();
    match fault {
        None => forward(request, client, upstream).await,
        Some(Fault::AccessDenied) => error_answer(
            &head,
            if head.is_aws_json() { 400 } else { 403 },
            "AccessDeniedException",
            "com.amazon.coral.service#AccessDeniedException",
            &format!(
                "User: arn:aws:iam::123456789012:user/least-privilege is not authorized to \
                 perform: {} (injected by the test's fault endpoint)",
                head.operation()
            ),
        ),
        Some(Fault::Throttle) if head.is_aws_json() => error_answer(
            &head,
            400,
            "ThrottlingException",
            "com.amazon.coral.availability#ThrottlingException",
            "Rate of requests exceeds the allowed throughput (injected).",
        ),
        Some(Fault::Throttle) => error_answer(
            &head,
            429,
            "TooManyRequestsException",
            "",
            "Rate exceeded (injected).",
        ),
        Some(Fault::ProvisionedThroughputExceeded) => error_answer(
            &head,
            400,
            "ProvisionedThroughputExceededException",
            "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
            "The level of configured provisioned throughput for the table was exceeded \
             (injected).",
        ),
        Some(Fault::ServerError) => error_answer(
            &head,
            500,
            if head.is_aws_json() {
                "InternalServerError"
            } else {
                "ServiceException"
            },
            "com.amazonaws.dynamodb.v20120810#InternalServerError",
            "Internal server error (injected).",
        ),
        Some(Fault::Malformed) => Response {
            status: 200,
            headers: vec![("content-type".to_owned(), content_type(&head).to_owned())],
            body: br#"{"Items": [{"pk": {"S": "cut off"#.to_vec(),
        },
        Some(Fault::Answer { status, body }) => Response {
            status,
            headers: vec![("content-type".to_owned(), content_type(&head).to_owned())],
            body: body.into_bytes(),
        },
        Some(Fault::BadChecksum) => {
            let mut response = forward(request, client, upstream).await;
            response
                .headers
                .retain(|(name, _)| !name.eq_ignore_ascii_case("x-amz-crc32"));
            let wrong = crc32(&response.body).wrapping_add(1);
            response
                .headers
                .push(("x-amz-crc32".to_owned(), wrong.to_string()));
            response
        }
        Some(Fault::RepeatPage(token)) => {
            let field = token_field(&head);
            rewrite_json(forward(request, client, upstream).await, |json| {
                if let Value::Object(map) = json {
                    map.insert(field.to_owned(), token.clone());
                }
            })
        }
        Some(Fault::RewriteJson(change)) => {
            rewrite_json(forward(request, client, upstream).await, |json| {
                change(json)
            })
        }
    }
}

/// The continuation-token member of an answer to this request.
fn token_field(head: &RequestHead) -> &'static str {
    match head.target.as_deref() {
        Some(target) if target.ends_with(".ListTables") => "LastEvaluatedTableName",
        Some(_) => "LastEvaluatedKey",
        None if head.path.starts_with("/v2/") => "nextToken",
        None => "NextMarker",
    }
}

fn content_type(head: &RequestHead) -> &'static str {
    if head.is_aws_json() {
        "application/x-amz-json-1.0"
    } else {
        "application/json"
    }
}

/// An error the way each protocol sends it: awsJson names it in `__type`, REST-JSON in the
/// `x-amzn-ErrorType` header.
fn error_answer(
    head: &RequestHead,
    status: u16,
    code: &str,
    aws_json_type: &str,
    message: &str,
) -> Response {
    let mut headers = vec![
        ("content-type".to_owned(), content_type(head).to_owned()),
        (
            "x-amzn-requestid".to_owned(),
            "fault-endpoint-0000".to_owned(),
        ),
    ];
    let body = if head.is_aws_json() {
        let kind = if aws_json_type.is_empty() {
            code
        } else {
            aws_json_type
        };
        serde_json::json!({ "__type": kind, "message": message })
    } else {
        headers.push(("x-amzn-ErrorType".to_owned(), code.to_owned()));
        serde_json::json!({ "Message": message, "message": message })
    };
    Response {
        status,
        headers,
        body: body.to_string().into_bytes(),
    }
}

/// Applies `change` to a JSON answer; the body changes, so the emulator's checksum goes.
fn rewrite_json(mut response: Response, change: impl FnOnce(&mut Value)) -> Response {
    let Ok(mut json) = serde_json::from_slice::<Value>(&response.body) else {
        return response;
    };
    change(&mut json);
    response.body = json.to_string().into_bytes();
    response
        .headers
        .retain(|(name, _)| !name.eq_ignore_ascii_case("x-amz-crc32"));
    response
}

/// Sends the request on to the emulator as it came; a failure becomes a 502.
async fn forward(request: Request, client: &UpstreamClient, upstream: &str) -> Response {
    let mut builder = hyper::Request::builder()
        .method(request.head.method.as_str())
        .uri(format!("{upstream}{}", request.uri));
    for (name, value) in &request.headers {
        if !is_hop_by_hop(name) {
            builder = builder.header(name.as_str(), value.as_str());
        }
    }
    let Ok(upstream_request) = builder.body(Full::new(Bytes::from(request.body))) else {
        return bad_gateway("the request could not be rebuilt");
    };
    let response = match client.request(upstream_request).await {
        Ok(response) => response,
        Err(error) => return bad_gateway(&error.to_string()),
    };
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .filter(|(name, _)| !is_hop_by_hop(name.as_str()))
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    match response.into_body().collect().await {
        Ok(body) => Response {
            status,
            headers,
            body: body.to_bytes().to_vec(),
        },
        Err(error) => bad_gateway(&error.to_string()),
    }
}

/// Headers about one hop's framing, which the endpoint sets itself on each side.
fn is_hop_by_hop(name: &str) -> bool {
    [
        "connection",
        "content-length",
        "transfer-encoding",
        "keep-alive",
        "expect",
    ]
    .iter()
    .any(|h| name.eq_ignore_ascii_case(h))
}

fn bad_gateway(message: &str) -> Response {
    Response {
        status: 502,
        headers: vec![("content-type".to_owned(), "text/plain".to_owned())],
        body: format!("fault endpoint: upstream failed: {message}").into_bytes(),
    }
}

/// CRC-32 (IEEE), as DynamoDB puts in `x-amz-crc32`.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFF_u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}
