//! An API tab: its settings and parts, and the route tester's calls: "Invoke function"
//! builds the event API Gateway would send for the route and invokes the integration's own
//! function; "Send HTTP request" sends a plain request. What its view asks of it is an
//! [`ApiCommand`].

use crate::apigateway::model::ApiDetails;
use crate::apigateway::model::api_parts::{ApiParts, LambdaTarget, account_of_function_arn};
use crate::apigateway::model::route_event::{
    ProxyResponse, RouteContext, RouteRequest, event_v1, event_v2, parse_proxy_response,
};
use crate::connection::calls::AwsClients;
use crate::lambda::model::invocation::{InvocationResult, InvocationType};
use crate::shared::bridge::backend::Backend;
use crate::shared::bridge::request::Request;
use crate::shared::calls::http_client::{HttpRequest, HttpResponse};
use crate::shared::model::{ErrorKind, ServiceError, TabRequest};

/// A route tester run: the request, the route, and the function its integration calls.
#[derive(Clone, Debug, PartialEq)]
pub struct RouteTest {
    pub request: RouteRequest,
    pub route_key: String,
    pub target: LambdaTarget,
    /// `2.0` or `1.0`.
    pub payload_format_version: String,
}

/// What the route tester's "Invoke function" sent and got back.
#[derive(Clone, Debug)]
pub struct RouteInvocation {
    /// The event, pretty-printed, exactly as sent.
    pub event: String,
    pub result: InvocationResult,
    pub response: ProxyResponse,
}

/// An API tab: settings, parts, and the route tester's calls.
pub struct ApiTab {
    pub details: Request<ApiDetails>,
    pub parts: Request<ApiParts>,
    pub route_invocation: Request<RouteInvocation>,
    pub http_response: Request<HttpResponse>,
}

/// A request from an API tab's view.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiCommand {
    /// For the shell: refresh this tab, or open a linked resource.
    Tab(TabRequest),
    /// Build the route's event as API Gateway would and invoke its function.
    TestRouteInvoke { test: Box<RouteTest> },
    /// Send a plain HTTP request (the route tester's "Send HTTP request").
    TestRouteHttp { request: HttpRequest },
}

/// What an API tab's calls need from the app.
pub struct ApiContext<'a> {
    /// `None` until the connection has resolved.
    pub clients: Option<AwsClients>,
    pub api_id: &'a str,
    /// The API's endpoint from the connection's API list, for invoke URLs.
    pub endpoint: Option<String>,
    /// A read-only connection sends only GET, HEAD and OPTIONS.
    pub read_only: bool,
    pub backend: &'a Backend,
}

impl Default for ApiTab {
    fn default() -> Self {
        Self::new()
    }
}

impl ApiTab {
    pub fn new() -> Self {
        Self {
            details: Request::new("GetApi"),
            parts: Request::new("GetRoutes"),
            route_invocation: Request::new("Invoke"),
            http_response: Request::new("HTTP request"),
        }
    }

    /// Moves finished calls into place; true when something changed.
    pub fn poll(&mut self) -> bool {
        let mut changed = self.details.poll();
        changed |= self.parts.poll();
        changed |= self.route_invocation.poll();
        changed |= self.http_response.poll();
        changed
    }

    /// Operations in flight, for the status line.
    pub fn pending_operations(&self) -> Vec<&'static str> {
        [
            self.details.pending_operation(),
            self.parts.pending_operation(),
            self.route_invocation.pending_operation(),
            self.http_response.pending_operation(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Reads the API's settings and its parts (routes, integrations, stages, authorizers).
    pub fn refresh(&mut self, ctx: &ApiContext<'_>) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        let details_clients = clients.clone();
        let api_id = ctx.api_id.to_owned();
        self.details
            .start(ctx.backend.spawn_fallible("GetApi", async move {
                crate::apigateway::calls::get_api(&details_clients, &api_id).await
            }));
        let (id, endpoint) = (ctx.api_id.to_owned(), ctx.endpoint.clone());
        self.parts
            .start(ctx.backend.spawn_fallible("GetRoutes", async move {
                Ok(
                    crate::apigateway::calls::get_api_parts(&clients, &id, endpoint.as_deref())
                        .await,
                )
            }));
    }

    /// Handles what is the tab's own; the shell's requests are the shell's.
    pub fn handle(&mut self, command: ApiCommand, ctx: &ApiContext<'_>) {
        match command {
            ApiCommand::Tab(_) => {}
            ApiCommand::TestRouteInvoke { test } => self.test_route_invoke(ctx, *test),
            ApiCommand::TestRouteHttp { request } => {
                let read_only = ctx.read_only;
                self.http_response
                    .start(ctx.backend.spawn_fallible("HTTP request", async move {
                        crate::shared::calls::http_client::send(&request, read_only).await
                    }));
            }
        }
    }

    /// Builds the event for a route test, invokes the function, and reads the proxy response.
    fn test_route_invoke(&mut self, ctx: &ApiContext<'_>, test: RouteTest) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        let (id, backend, api) = (ctx.api_id, ctx.backend, self);
        // A function in another region is never reached through this connection's endpoint.
        if let Some(why) = test.target.elsewhere(&clients.region, None) {
            api.route_invocation
                .start(poll_promise::Promise::from_ready(Err(ServiceError::new(
                    "Invoke",
                    ErrorKind::Other,
                    why,
                ))));
            return;
        }
        let domain_name = api
            .details
            .value()
            .and_then(|d| d.endpoint.as_deref())
            .map(|e| {
                e.trim_start_matches("https://")
                    .trim_start_matches("http://")
            })
            .map(|e| e.split('/').next().unwrap_or(e).to_owned())
            .unwrap_or_else(|| format!("{id}.execute-api.{}.amazonaws.com", clients.region));
        let epoch_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        let context = RouteContext {
            api_id: id.to_owned(),
            account_id: test
                .target
                .account_id
                .clone()
                .unwrap_or_else(|| "123456789012".to_owned()),
            domain_name,
            route_key: test.route_key.clone(),
            request_id: format!("stratus-{epoch_ms:x}"),
            epoch_ms,
            source_ip: "127.0.0.1".to_owned(),
        };
        let event = if test.payload_format_version == "1.0" {
            event_v1(&test.request, &context)
        } else {
            event_v2(&test.request, &context)
        };
        let event = match event {
            Ok(event) => event,
            Err(message) => {
                api.route_invocation
                    .start(poll_promise::Promise::from_ready(Err(ServiceError::new(
                        "Build event",
                        ErrorKind::Other,
                        message,
                    ))));
                return;
            }
        };
        let event_text = serde_json::to_string_pretty(&event).unwrap_or_default();
        api.route_invocation
            .start(backend.spawn_fallible("Invoke", async move {
                let target = &test.target;
                let account = connection_account(&clients, target).await;
                if let Some(why) = target.elsewhere(&clients.region, account.as_deref()) {
                    return Err(ServiceError::new("Invoke", ErrorKind::Other, why));
                }
                // By ARN, so Lambda resolves the integration's own function.
                let function = target
                    .function_arn
                    .as_deref()
                    .unwrap_or(&target.function_name);
                let result = crate::lambda::calls::invoke(
                    &clients,
                    function,
                    target.qualifier.as_deref(),
                    InvocationType::RequestResponse,
                    event_text.as_bytes(),
                )
                .await?;
                let response = parse_proxy_response(&result.payload, &test.payload_format_version);
                Ok(RouteInvocation {
                    event: event_text,
                    result,
                    response,
                })
            }));
    }
}

/// This connection's account, read from the ARN of its own function of the target's name,
/// when the integration names an account to compare it with. `None` when unknown (no such
/// function here, or GetFunction denied): then the invocation goes by the full ARN.
async fn connection_account(clients: &AwsClients, target: &LambdaTarget) -> Option<String> {
    target.account_id.as_ref()?;
    let function = crate::lambda::calls::get_function(clients, &target.function_name)
        .await
        .ok()?;
    account_of_function_arn(function.arn.as_deref()?).map(ToOwned::to_owned)
}
