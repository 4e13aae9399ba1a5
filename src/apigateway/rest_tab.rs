//! A REST API tab (API Gateway v1): its settings and its parts (resources with their methods,
//! stages, deployments, authorizers, validators). What its view asks of it is a
//! [`RestApiCommand`]. HTTP and WebSocket APIs have their own tab, [`crate::apigateway::tab`].

use crate::apigateway::calls::route_function::LocalRuns;
use crate::apigateway::model::rest_api::{RestApiDetails, RestApiParts};
use crate::apigateway::model::served_api::ServedApi;
use crate::apigateway::tab::rest_tester::{RestTestCommand, RestTestContext, RestTester};
use crate::apigateway::tab::serving::{ServeContext, Serving};
use crate::connection::calls::AwsClients;
use crate::shared::bridge::backend::Backend;
use crate::shared::bridge::request::Request;
use crate::shared::model::TabRequest;

/// A REST API tab: what GetRestApi says and the API's parts.
pub struct RestApiTab {
    pub details: Request<RestApiDetails>,
    pub parts: Request<RestApiParts>,
    /// The REST tester's calls (its invocation and HTTP response).
    pub tester: RestTester,
    /// The method a link asked to show, numbered so the view applies each request once.
    pub focus: Option<MethodFocus>,
    /// "Serve locally".
    pub serving: Serving,
}

/// A method to show: its resource's id and its HTTP method, with the request's number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MethodFocus {
    pub number: u64,
    pub method: (String, String),
}

/// A request from a REST API tab's view.
#[derive(Clone, Debug, PartialEq)]
pub enum RestApiCommand {
    /// For the shell: refresh this tab, or open a linked resource.
    Tab(TabRequest),
    /// The REST tester's "Invoke function", "Invoke locally" and "Send HTTP request".
    Test(RestTestCommand),
    /// Serve the API on 127.0.0.1 (`None`: any free port), under each of its stages.
    ServeLocally {
        port: Option<u16>,
    },
    StopServing,
}

/// What a REST API tab's calls need from the app.
pub struct RestApiContext<'a> {
    /// `None` until the connection has resolved.
    pub clients: Option<AwsClients>,
    pub api_id: &'a str,
    /// A read-only connection invokes nothing and sends only GET, HEAD and OPTIONS.
    pub read_only: bool,
    pub backend: &'a Backend,
    /// The runner and the connection's local setups, for "Invoke locally" and serving.
    pub local: LocalRuns,
}

impl Default for RestApiTab {
    fn default() -> Self {
        Self::new()
    }
}

impl RestApiTab {
    pub fn new() -> Self {
        Self {
            details: Request::new("GetRestApi"),
            parts: Request::new("GetResources"),
            tester: RestTester::default(),
            focus: None,
            serving: Serving::default(),
        }
    }

    /// Asks the view to show this method (a link from a function's routes).
    pub fn focus_method(&mut self, resource_id: String, http_method: String) {
        let number = self.focus.as_ref().map_or(1, |f| f.number + 1);
        self.focus = Some(MethodFocus {
            number,
            method: (resource_id, http_method),
        });
    }

    /// Moves finished calls into place; true when something changed.
    pub fn poll(&mut self) -> bool {
        let mut changed = self.details.poll();
        changed |= self.parts.poll();
        changed |= self.tester.poll();
        changed |= self.serving.poll();
        changed
    }

    /// Operations in flight, for the status line.
    pub fn pending_operations(&self) -> Vec<&'static str> {
        [
            self.details.pending_operation(),
            self.parts.pending_operation(),
            self.serving.server.pending_operation(),
        ]
        .into_iter()
        .flatten()
        .chain(self.tester.pending_operations())
        .collect()
    }

    /// Reads the API's settings and its parts.
    pub fn refresh(&mut self, ctx: &RestApiContext<'_>) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        let (details_clients, api_id) = (clients.clone(), ctx.api_id.to_owned());
        self.details
            .start(ctx.backend.spawn_fallible("GetRestApi", async move {
                crate::apigateway::calls::rest::get_rest_api(&details_clients, &api_id).await
            }));
        let api_id = ctx.api_id.to_owned();
        self.parts
            .start(ctx.backend.spawn_fallible("GetResources", async move {
                Ok(crate::apigateway::calls::rest::get_rest_api_parts(&clients, &api_id).await)
            }));
    }

    /// Handles what is the tab's own; the shell's requests are the shell's.
    pub fn handle(&mut self, command: RestApiCommand, ctx: &RestApiContext<'_>) {
        match command {
            RestApiCommand::Tab(_) => {}
            RestApiCommand::Test(command) => self.tester.handle(
                command,
                &RestTestContext {
                    clients: ctx.clients.clone(),
                    api_id: ctx.api_id,
                    read_only: ctx.read_only,
                    backend: ctx.backend,
                    local: &ctx.local,
                },
            ),
            RestApiCommand::ServeLocally { port } => {
                let api = self.served_api(ctx.api_id);
                let serve = ServeContext {
                    clients: ctx.clients.clone(),
                    local: &ctx.local,
                    read_only: ctx.read_only,
                    backend: ctx.backend,
                };
                self.serving.start(api, port, &serve);
            }
            RestApiCommand::StopServing => self.serving.stop(),
        }
    }

    /// The API as served: its resources and stages as loaded.
    fn served_api(&self, api_id: &str) -> Result<ServedApi, String> {
        let parts = self
            .parts
            .value()
            .ok_or_else(|| "The resources are not loaded yet".to_owned())?;
        let resources = parts.resources.clone().map_err(|e| e.to_string())?;
        let stages = parts.stages.clone().map_err(|e| e.to_string())?;
        if stages.is_empty() {
            return Err("The API has no stage: deploy it to a stage to serve it".to_owned());
        }
        Ok(ServedApi::Rest {
            api_id: api_id.to_owned(),
            resources,
            stages,
        })
    }
}
