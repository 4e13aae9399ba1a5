//! An API tab: its settings and parts, and the route tester's calls: "Invoke function"
//! builds the event API Gateway would send for the route and invokes the integration's own
//! function; "Send HTTP request" sends a plain request. What its view asks of it is an
//! [`ApiCommand`].

pub mod rest_tester;
pub mod route_invoke;
pub mod serving;
pub mod websocket_tester;

use crate::apigateway::calls::route_function::LocalRuns;
use crate::apigateway::model::ApiDetails;
use crate::apigateway::model::api_parts::{ApiParts, LambdaTarget};
use crate::apigateway::model::route_event::{RouteRequest, event_v1, event_v2};
use crate::apigateway::model::served_api::ServedApi;
use crate::apigateway::tab::route_invoke::{
    InvokeWhere, RouteOrigin, run_at, start_route_invocation,
};
use crate::apigateway::tab::serving::{ServeContext, Serving};
use crate::apigateway::tab::websocket_tester::{SessionContext, WebSocketSession, WebSocketTest};
use crate::connection::calls::AwsClients;
use crate::shared::bridge::backend::Backend;
use crate::shared::bridge::request::Request;
use crate::shared::calls::http_client::{HttpRequest, HttpResponse};
use crate::shared::model::TabRequest;

pub use crate::apigateway::tab::route_invoke::RouteInvocation;

/// A route tester run: the request, the route, and the function its integration calls.
#[derive(Clone, Debug, PartialEq)]
pub struct RouteTest {
    pub request: RouteRequest,
    pub route_key: String,
    pub target: LambdaTarget,
    /// `2.0` or `1.0`.
    pub payload_format_version: String,
    /// Deployed ("Invoke function") or locally ("Invoke locally").
    pub run: InvokeWhere,
}

/// An API tab: settings, parts, and the route tester's calls.
pub struct ApiTab {
    pub details: Request<ApiDetails>,
    pub parts: Request<ApiParts>,
    pub route_invocation: Request<RouteInvocation>,
    pub http_response: Request<HttpResponse>,
    /// The WebSocket tester's session (WebSocket APIs only).
    pub websocket: WebSocketSession,
    /// "Serve locally" (HTTP APIs).
    pub serving: Serving,
}

/// A request from an API tab's view.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiCommand {
    /// For the shell: refresh this tab, or open a linked resource.
    Tab(TabRequest),
    /// Build the route's event as API Gateway would and invoke its function.
    TestRouteInvoke {
        test: Box<RouteTest>,
    },
    /// Send a plain HTTP request (the route tester's "Send HTTP request").
    TestRouteHttp {
        request: HttpRequest,
    },
    /// Send one step of the WebSocket session (connect, message or disconnect) to its route's
    /// function.
    TestWebSocket {
        test: Box<WebSocketTest>,
    },
    /// Forget the WebSocket session's connection: the next step opens a new one.
    NewWebSocketConnection,
    /// Serve the API on 127.0.0.1 (`None`: any free port), with the routes as loaded.
    ServeLocally {
        port: Option<u16>,
    },
    StopServing,
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
    /// The runner and the connection's local setups, for "Invoke locally" and serving.
    pub local: LocalRuns,
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
            websocket: WebSocketSession::default(),
            serving: Serving::default(),
        }
    }

    /// Moves finished calls into place; true when something changed.
    pub fn poll(&mut self) -> bool {
        let mut changed = self.details.poll();
        changed |= self.parts.poll();
        changed |= self.route_invocation.poll();
        changed |= self.http_response.poll();
        changed |= self.websocket.invocation.poll();
        changed |= self.serving.poll();
        changed
    }

    /// Operations in flight, for the status line.
    pub fn pending_operations(&self) -> Vec<&'static str> {
        [
            self.details.pending_operation(),
            self.parts.pending_operation(),
            self.route_invocation.pending_operation(),
            self.http_response.pending_operation(),
            self.websocket.invocation.pending_operation(),
            self.serving.server.pending_operation(),
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
            ApiCommand::TestWebSocket { test } => {
                let session = SessionContext {
                    clients: ctx.clients.clone(),
                    api_id: ctx.api_id,
                    endpoint: self.endpoint(ctx),
                    backend: ctx.backend,
                    local: &ctx.local,
                };
                self.websocket.send(*test, &session);
            }
            ApiCommand::NewWebSocketConnection => self.websocket.new_connection(),
            ApiCommand::ServeLocally { port } => {
                let api = self.served_api(ctx.api_id);
                let serve = ServeContext {
                    clients: ctx.clients.clone(),
                    local: &ctx.local,
                    read_only: ctx.read_only,
                    backend: ctx.backend,
                };
                self.serving.start(api, port, &serve);
            }
            ApiCommand::StopServing => self.serving.stop(),
        }
    }

    /// The API's endpoint: GetApi's, else the connection's API list's.
    fn endpoint(&self, ctx: &ApiContext<'_>) -> Option<String> {
        self.details
            .value()
            .and_then(|d| d.endpoint.clone())
            .or_else(|| ctx.endpoint.clone())
    }

    /// The API as served: its routes and integrations as loaded, at its `$default` stage
    /// (the root) when it has one or none, else under its first stage.
    fn served_api(&self, api_id: &str) -> Result<ServedApi, String> {
        let parts = self
            .parts
            .value()
            .ok_or_else(|| "The routes are not loaded yet".to_owned())?;
        let routes = parts.routes.clone().map_err(|e| e.to_string())?;
        let integrations = parts.integrations.clone().map_err(|e| e.to_string())?;
        let stages = parts.stages.as_deref().unwrap_or_default();
        let stage = match stages.iter().find(|s| s.name == "$default") {
            Some(_) => "$default".to_owned(),
            None => stages
                .first()
                .map_or_else(|| "$default".to_owned(), |s| s.name.clone()),
        };
        Ok(ServedApi::Http {
            api_id: api_id.to_owned(),
            routes,
            integrations,
            stage,
        })
    }

    /// Builds the event for a route test, invokes the function, and reads the proxy response.
    fn test_route_invoke(&mut self, ctx: &ApiContext<'_>, test: RouteTest) {
        let origin = RouteOrigin {
            api_id: ctx.api_id.to_owned(),
            endpoint: self.details.value().and_then(|d| d.endpoint.clone()),
            route_key: test.route_key.clone(),
            response_format: if test.payload_format_version == "1.0" {
                "1.0"
            } else {
                "2.0"
            },
            function_error_status: 500,
        };
        let run = run_at(test.run, &test.target, &ctx.local);
        start_route_invocation(
            &mut self.route_invocation,
            ctx.clients.clone(),
            ctx.backend,
            (test.target, run),
            origin,
            |context| {
                if test.payload_format_version == "1.0" {
                    event_v1(&test.request, context)
                } else {
                    event_v2(&test.request, context)
                }
            },
        );
    }
}
