//! One instance's Runtime API server (Lambda runs one per execution environment): the runtime
//! long-polls `next` for the event the runner queued, and posts its response or error back.

use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::HeaderValue;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot, watch};

use crate::local_lambda::calls::output::OutputLog;
use crate::local_lambda::model::local_log::MAX_RESPONSE_BYTES;
use crate::local_lambda::model::runtime_api::{
    self as api, ACCEPTED_BODY, RuntimeCall, error_body, invalid_request_id_body,
};

/// An invocation queued for an instance.
pub struct Job {
    pub request_id: String,
    pub payload: Bytes,
    pub arn: String,
    pub timeout_ms: u64,
    pub trace_id: String,
    pub client_context: Option<String>,
    pub cognito_identity: Option<String>,
    /// Told when the runtime takes the event: when, and how much output came before it.
    pub handed_over: Option<oneshot::Sender<(Instant, usize)>>,
    pub outcome: Option<oneshot::Sender<Outcome>>,
}

/// What the runtime answered for an invocation, and when.
#[derive(Debug)]
pub enum Outcome {
    Response(Bytes, Instant),
    /// The handler failed: the runtime's error type and its JSON error body.
    Error(Option<String>, Bytes, Instant),
    /// The runtime could not start the handler (`/runtime/init/error`).
    InitError(Option<String>, Bytes, Instant),
    /// The response was over 6 MB (its size when the runtime said it).
    TooLarge(Option<u64>, Instant),
}

#[derive(Default)]
struct Slots {
    /// Queued by the runner, not yet taken by `next`.
    queued: Option<Job>,
    /// Taken by `next`, not yet answered.
    current: Option<Job>,
}

/// The server's shared state.
pub struct RuntimeApi {
    slots: Mutex<Slots>,
    job_ready: Notify,
    shutdown: watch::Sender<bool>,
    output: Arc<OutputLog>,
    port: u16,
    /// Set by the runtime's first `next`: its init is over, and `init/error` no longer fits.
    initialised: AtomicBool,
}

impl RuntimeApi {
    /// Binds a loopback port and serves on it until [`RuntimeApi::shut_down`].
    pub async fn start(output: Arc<OutputLog>) -> std::io::Result<Arc<Self>> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let port = listener.local_addr()?.port();
        let (shutdown, _) = watch::channel(false);
        let api = Arc::new(Self {
            slots: Mutex::new(Slots::default()),
            job_ready: Notify::new(),
            shutdown,
            output,
            port,
            initialised: AtomicBool::new(false),
        });
        tokio::spawn(accept_loop(Arc::clone(&api), listener));
        Ok(api)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops accepting and ends every open connection (a pending `next` included).
    pub fn shut_down(&self) {
        self.shutdown.send_replace(true);
    }

    /// Queues an invocation for the runtime's next `next`.
    pub fn queue(&self, job: Job) {
        self.lock().queued = Some(job);
        self.job_ready.notify_one();
    }

    /// Forgets the invocation in flight: later answers for it are refused as unknown.
    pub fn abandon(&self) {
        let mut slots = self.lock();
        slots.queued = None;
        slots.current = None;
    }

    fn lock(&self) -> MutexGuard<'_, Slots> {
        // A panic while holding the lock leaves plain data behind; keep serving.
        self.slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn is_current(&self, request_id: &str) -> bool {
        self.lock()
            .current
            .as_ref()
            .is_some_and(|job| job.request_id == request_id)
    }

    /// Ends the current invocation if it is `request_id`; false when it is not.
    fn finish(&self, request_id: &str, outcome: Outcome) -> bool {
        let job = {
            let mut slots = self.lock();
            if slots
                .current
                .as_ref()
                .is_none_or(|job| job.request_id != request_id)
            {
                return false;
            }
            slots.current.take()
        };
        if let Some(sender) = job.and_then(|mut job| job.outcome.take()) {
            let _ = sender.send(outcome);
        }
        true
    }

    /// An init error ends whatever the instance was given.
    fn fail_init(&self, outcome: Outcome) {
        let job = {
            let mut slots = self.lock();
            slots.current.take().or_else(|| slots.queued.take())
        };
        if let Some(sender) = job.and_then(|mut job| job.outcome.take()) {
            let _ = sender.send(outcome);
        }
    }

    /// `GET next`: waits until the runner queues an event, then hands it over.
    async fn next(&self) -> Response<Full<Bytes>> {
        self.initialised.store(true, Ordering::SeqCst);
        loop {
            let ready = self.job_ready.notified();
            {
                let mut slots = self.lock();
                if let Some(mut job) = slots.queued.take() {
                    let response = event_response(&job);
                    if let Some(told) = job.handed_over.take() {
                        let _ = told.send((Instant::now(), self.output.len()));
                    }
                    slots.current = Some(job);
                    return response;
                }
            }
            ready.await;
        }
    }
}

fn event_response(job: &Job) -> Response<Full<Bytes>> {
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let deadline = (now_ms + job.timeout_ms).to_string();
    let mut response = Response::new(Full::new(job.payload.clone()));
    let headers = response.headers_mut();
    headers.insert(
        hyper::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let optional = [
        (api::HEADER_REQUEST_ID, Some(job.request_id.as_str())),
        (api::HEADER_DEADLINE_MS, Some(deadline.as_str())),
        (api::HEADER_FUNCTION_ARN, Some(job.arn.as_str())),
        (api::HEADER_TRACE_ID, Some(job.trace_id.as_str())),
        (api::HEADER_CLIENT_CONTEXT, job.client_context.as_deref()),
        (
            api::HEADER_COGNITO_IDENTITY,
            job.cognito_identity.as_deref(),
        ),
    ];
    for (name, value) in optional {
        // A value that cannot be a header (an odd ARN) is left out, never the whole event.
        if let Some(value) = value.and_then(|v| HeaderValue::from_str(v).ok()) {
            headers.insert(name, value);
        }
    }
    response
}

async fn accept_loop(api: Arc<RuntimeApi>, listener: TcpListener) {
    let mut shutdown = api.shutdown.subscribe();
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
            _ = shutdown.wait_for(|stop| *stop) => return,
        };
        let _ = stream.set_nodelay(true);
        let api = Arc::clone(&api);
        tokio::spawn(async move {
            let mut shutdown = api.shutdown.subscribe();
            let service_api = Arc::clone(&api);
            let service = service_fn(move |request| {
                let api = Arc::clone(&service_api);
                async move { Ok::<_, Infallible>(handle(&api, request).await) }
            });
            let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = connection => {}
                _ = shutdown.wait_for(|stop| *stop) => {}
            }
        });
    }
}

fn json(status: u16, body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    response
}

/// Why a body was not read.
enum BodyRefusal {
    TooLarge(Option<u64>),
    Broken,
}

async fn read_body(request: Request<Incoming>) -> Result<Bytes, BodyRefusal> {
    let declared = request
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_RESPONSE_BYTES as u64) {
        return Err(BodyRefusal::TooLarge(declared));
    }
    match Limited::new(request.into_body(), MAX_RESPONSE_BYTES)
        .collect()
        .await
    {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => {
            Err(BodyRefusal::TooLarge(declared))
        }
        Err(_) => Err(BodyRefusal::Broken),
    }
}

async fn handle(api: &RuntimeApi, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let call = match api::route(request.method().as_str(), request.uri().path()) {
        Ok(call) => call,
        Err(refusal) => {
            let (status, body) = refusal.answer();
            return json(status, body);
        }
    };
    match call {
        RuntimeCall::Next => api.next().await,
        RuntimeCall::Response(id) => {
            if !api.is_current(&id) {
                return json(400, invalid_request_id_body());
            }
            match read_body(request).await {
                Ok(body) => accepted(api.finish(&id, Outcome::Response(body, Instant::now()))),
                Err(BodyRefusal::TooLarge(size)) => {
                    api.finish(&id, Outcome::TooLarge(size, Instant::now()));
                    let message = format!(
                        "Exceeded maximum allowed payload size ({MAX_RESPONSE_BYTES} bytes)."
                    );
                    json(413, error_body("RequestEntityTooLarge", &message))
                }
                Err(BodyRefusal::Broken) => {
                    json(400, error_body("InvalidRequest", "unreadable body"))
                }
            }
        }
        RuntimeCall::Error(id) => {
            if !api.is_current(&id) {
                return json(400, invalid_request_id_body());
            }
            let error_type = api::error_type_header(
                request
                    .headers()
                    .get(api::HEADER_ERROR_TYPE)
                    .map(|v| v.as_bytes()),
            );
            let too_large = request
                .headers()
                .get(hyper::header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok())
                .filter(|n| *n > MAX_RESPONSE_BYTES as u64);
            match error_body_of(request).await {
                Ok(body) => {
                    accepted(api.finish(&id, Outcome::Error(error_type, body, Instant::now())))
                }
                Err(refusal) => {
                    // An error too large to take ends the invocation as a response would.
                    if refusal.status() == hyper::StatusCode::PAYLOAD_TOO_LARGE {
                        api.finish(&id, Outcome::TooLarge(too_large, Instant::now()));
                    }
                    refusal
                }
            }
        }
        RuntimeCall::InitError => {
            if api.initialised.load(Ordering::SeqCst) {
                return json(
                    403,
                    error_body(
                        "InvalidStateTransition",
                        "State transition from Ready to InitError failed for runtime",
                    ),
                );
            }
            let error_type = api::error_type_header(
                request
                    .headers()
                    .get(api::HEADER_ERROR_TYPE)
                    .map(|v| v.as_bytes()),
            );
            match error_body_of(request).await {
                Ok(body) => {
                    api.fail_init(Outcome::InitError(error_type, body, Instant::now()));
                    accepted(true)
                }
                Err(refusal) => refusal,
            }
        }
    }
}

/// An error body. Like Lambda's, it is taken as it is, JSON or not: a custom runtime that
/// posts plain text ends its invocation with that text rather than leaving it to time out.
async fn error_body_of(request: Request<Incoming>) -> Result<Bytes, Response<Full<Bytes>>> {
    match read_body(request).await {
        Ok(body) => Ok(body),
        Err(BodyRefusal::TooLarge(_)) => Err(json(
            413,
            error_body("RequestEntityTooLarge", "error body too large"),
        )),
        Err(BodyRefusal::Broken) => Err(json(400, error_body("InvalidRequest", "unreadable body"))),
    }
}

fn accepted(known: bool) -> Response<Full<Bytes>> {
    if known {
        json(202, ACCEPTED_BODY.to_owned())
    } else {
        json(400, invalid_request_id_body())
    }
}
