//! The REST tester's calls, kept by a REST API tab: "Invoke function" builds the Lambda proxy
//! event of the selected method and invokes its integration's function; "Send HTTP request"
//! sends the request to the stage's invoke URL.

use crate::apigateway::calls::route_function::LocalRuns;
use crate::apigateway::model::api_parts::LambdaTarget;
use crate::apigateway::model::route_event::{RestRequest, rest_event};
use crate::apigateway::tab::route_invoke::{
    InvokeWhere, RouteInvocation, RouteOrigin, domain_name, run_at, start_route_invocation,
};
use crate::connection::calls::AwsClients;
use crate::shared::bridge::backend::Backend;
use crate::shared::bridge::request::Request;
use crate::shared::calls::http_client::{HttpRequest, HttpResponse};

/// A REST tester run: the request, and the function the method's integration calls.
#[derive(Clone, Debug, PartialEq)]
pub struct RestTest {
    pub request: RestRequest,
    pub target: LambdaTarget,
    /// The stage's invoke URL: its host is the event's `domainName` when it is the API's own.
    pub invoke_url: Option<String>,
    /// Deployed ("Invoke function") or locally ("Invoke locally").
    pub run: InvokeWhere,
}

/// A request from the REST tester.
#[derive(Clone, Debug, PartialEq)]
pub enum RestTestCommand {
    /// Build the method's proxy event as API Gateway would and invoke its function.
    Invoke { test: Box<RestTest> },
    /// Send a plain HTTP request to the stage.
    Http { request: HttpRequest },
}

/// What the REST tester's calls need from the tab.
pub struct RestTestContext<'a> {
    pub clients: Option<AwsClients>,
    pub api_id: &'a str,
    /// A read-only connection invokes nothing and sends only GET, HEAD and OPTIONS.
    pub read_only: bool,
    pub backend: &'a Backend,
    pub local: &'a LocalRuns,
}

/// The REST tester's two calls and what came back.
pub struct RestTester {
    pub invocation: Request<RouteInvocation>,
    pub http_response: Request<HttpResponse>,
}

impl Default for RestTester {
    fn default() -> Self {
        Self {
            invocation: Request::new("Invoke"),
            http_response: Request::new("HTTP request"),
        }
    }
}

impl RestTester {
    /// Moves finished calls into place; true when something changed.
    pub fn poll(&mut self) -> bool {
        let changed = self.invocation.poll();
        self.http_response.poll() || changed
    }

    /// Operations in flight, for the status line.
    pub fn pending_operations(&self) -> Vec<&'static str> {
        [
            self.invocation.pending_operation(),
            self.http_response.pending_operation(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    pub fn handle(&mut self, command: RestTestCommand, ctx: &RestTestContext<'_>) {
        match command {
            RestTestCommand::Invoke { test } => {
                let RestTest {
                    request,
                    target,
                    invoke_url,
                    run,
                } = *test;
                // The invoke URL's host names the API only on AWS, not behind an emulator.
                let endpoint =
                    invoke_url.filter(|url| domain_name(Some(url), "", "").starts_with(ctx.api_id));
                let origin = RouteOrigin {
                    api_id: ctx.api_id.to_owned(),
                    endpoint,
                    route_key: format!("{} {}", request.route.method, request.route.path_template),
                    response_format: "1.0",
                    function_error_status: 502,
                };
                let run = run_at(run, &target, ctx.local);
                start_route_invocation(
                    &mut self.invocation,
                    ctx.clients.clone(),
                    ctx.backend,
                    (target, run),
                    origin,
                    |context| rest_event(&request, context),
                );
            }
            RestTestCommand::Http { request } => {
                let read_only = ctx.read_only;
                self.http_response
                    .start(ctx.backend.spawn_fallible("HTTP request", async move {
                        crate::shared::calls::http_client::send(&request, read_only).await
                    }));
            }
        }
    }
}
