//! A function tab: its configuration, the routes that call it, and its test invocations; what
//! its view asks of it ([`FunctionCommand`]) and how it handles that.

use crate::apigateway::model::api_parts::FunctionRoutes;
use crate::connection::calls::AwsClients;
use crate::lambda::model::FunctionDetails;
use crate::lambda::model::invocation::{InvocationResult, InvocationType};
use crate::shared::bridge::backend::Backend;
use crate::shared::bridge::request::Request;
use crate::shared::clock::wall_clock_now;
use crate::shared::model::{ServiceError, TabRequest};

/// What was sent in one test invocation.
#[derive(Clone, Debug, PartialEq)]
pub struct InvocationInput {
    pub qualifier: Option<String>,
    pub invocation_type: InvocationType,
    pub payload: String,
    /// Run on this machine (Invoke locally) rather than in Lambda.
    pub locally: bool,
}

/// One invocation of this session: what was sent, what came back, and when.
#[derive(Clone, Debug)]
pub struct InvocationRecord {
    pub input: InvocationInput,
    pub outcome: Result<InvocationResult, ServiceError>,
    /// Local wall-clock time, `HH:MM:SS`.
    pub at: String,
}

/// A function tab: its configuration and its test invocations.
pub struct FunctionTab {
    pub details: Request<FunctionDetails>,
    /// API routes (and REST methods) whose integration calls this function.
    pub routes: Request<FunctionRoutes>,
    pub invocation: Request<InvocationResult>,
    /// What the invocation in flight was sent with.
    pub in_flight: Option<InvocationInput>,
    /// Every invocation of this session, newest last.
    pub history: Vec<InvocationRecord>,
    /// The Logs section: the function's log group.
    pub logs: crate::logs::tab::LogsTab,
    /// The folder chooser of the Local code section.
    pub folder_pick: Request<Option<std::path::PathBuf>>,
    /// A local-only function (no deployed twin): its configuration is its local setup, and
    /// only local runs are possible.
    pub local_only: bool,
    /// *Download code* of the deployed package, to run it locally.
    pub code_download: crate::local_lambda::code_download::CodeDownload,
}

/// A request from a function tab's view.
#[derive(Clone, Debug, PartialEq)]
pub enum FunctionCommand {
    /// For the shell: refresh this tab, or open a linked resource.
    Tab(TabRequest),
    /// Invoke the function with the test form's input.
    Invoke {
        input: InvocationInput,
    },
    /// Show or hide the environment variable values (kept by the app, per connection).
    RevealEnvironment {
        revealed: bool,
    },
    /// Save a test event for a function (replacing one of the same name); the app keeps them.
    SaveEvent {
        function: String,
        name: String,
        payload: String,
    },
    RenameEvent {
        function: String,
        from: String,
        to: String,
    },
    DeleteEvent {
        function: String,
        name: String,
    },
    /// The Logs section's own command, on the function's log group.
    Logs(crate::logs::tab::LogsCommand),
    /// Run the function on this machine with the test form's payload (the app's: it holds the
    /// runner and the setups). `allow_credentials`: the user's per-run permission on a
    /// read-only connection.
    InvokeLocally {
        input: InvocationInput,
        allow_credentials: bool,
    },
    /// The Local code section and the instance list (the app's).
    LocalRun(crate::local_lambda::tab::LocalRunCommand),
    /// Download the deployed code, or forget a local-only function (the app's).
    LocalCode(crate::local_lambda::model::local_only::LocalCodeCommand),
}

/// What a function tab's calls need from the app.
pub struct FunctionContext<'a> {
    /// `None` until the connection has resolved.
    pub clients: Option<AwsClients>,
    pub function: &'a str,
    pub backend: &'a Backend,
}

impl Default for FunctionTab {
    fn default() -> Self {
        Self::new()
    }
}

impl FunctionTab {
    pub fn new() -> Self {
        Self {
            details: Request::new("GetFunction"),
            routes: Request::new("GetRoutes"),
            invocation: Request::new("Invoke"),
            in_flight: None,
            history: Vec::new(),
            logs: crate::logs::tab::LogsTab::default(),
            folder_pick: Request::new("Choose folder"),
            local_only: false,
            code_download: crate::local_lambda::code_download::CodeDownload::default(),
        }
    }

    /// Moves finished calls into place, recording a finished invocation in the history.
    pub fn poll(&mut self) -> bool {
        let mut changed = self.details.poll();
        changed |= self.routes.poll();
        changed |= self.logs.poll();
        changed |= self.folder_pick.poll();
        changed |= self.code_download.poll();
        if self.invocation.poll() {
            changed = true;
            if let Some(input) = self.in_flight.take() {
                let outcome = match self.invocation.latest() {
                    Some(Err(error)) => Err(error.clone()),
                    Some(Ok(result)) => Ok(result.clone()),
                    None => return changed,
                };
                self.history.push(InvocationRecord {
                    input,
                    outcome,
                    at: wall_clock_now(),
                });
            }
        }
        changed
    }

    /// Operations in flight, for the status line.
    pub fn pending_operations(&self) -> Vec<&'static str> {
        [
            self.details.pending_operation(),
            self.routes.pending_operation(),
            self.invocation.pending_operation(),
            self.code_download.request.pending_operation(),
        ]
        .into_iter()
        .flatten()
        .chain(self.logs.pending_operations())
        .collect()
    }

    /// Reads the configuration and the routes that call the function (and its logs, once shown).
    pub fn refresh(&mut self, ctx: &FunctionContext<'_>) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        let details_clients = clients.clone();
        let function_name = ctx.function.to_owned();
        self.details
            .start(ctx.backend.spawn_fallible("GetFunction", async move {
                crate::lambda::calls::get_function(&details_clients, &function_name).await
            }));
        let function_name = ctx.function.to_owned();
        self.routes
            .start(ctx.backend.spawn_fallible("GetRoutes", async move {
                Ok(crate::apigateway::calls::function_routes(&clients, &function_name).await)
            }));
        // The Logs section, once shown, lists and searches again too.
        if !self.logs.streams.is_idle() {
            let group = self.log_group(ctx.function);
            self.logs.refresh(&crate::logs::tab::LogsContext {
                clients: ctx.clients.clone(),
                group: &group,
                backend: ctx.backend,
            });
        }
    }

    /// The function's log group: the one its logging configuration names, once read.
    pub fn log_group(&self, function: &str) -> String {
        self.details.value().map_or_else(
            || format!("/aws/lambda/{function}"),
            |d| d.log_group_or_default(function),
        )
    }

    /// Handles what is the tab's own; the shell's and the app's requests are theirs.
    pub fn handle(&mut self, command: FunctionCommand, ctx: &FunctionContext<'_>) {
        match command {
            FunctionCommand::Invoke { input } => self.invoke(ctx, input),
            FunctionCommand::Logs(command) => {
                let group = self.log_group(ctx.function);
                let logs_ctx = crate::logs::tab::LogsContext {
                    clients: ctx.clients.clone(),
                    group: &group,
                    backend: ctx.backend,
                };
                self.logs.handle(command, &logs_ctx);
            }
            FunctionCommand::Tab(_)
            | FunctionCommand::RevealEnvironment { .. }
            | FunctionCommand::SaveEvent { .. }
            | FunctionCommand::RenameEvent { .. }
            | FunctionCommand::DeleteEvent { .. }
            | FunctionCommand::InvokeLocally { .. }
            | FunctionCommand::LocalRun(_)
            | FunctionCommand::LocalCode(_) => {}
        }
    }

    /// Runs the function locally with `input`'s payload; the result and history are the same
    /// as a deployed invocation's.
    pub fn invoke_locally(
        &mut self,
        ctx: &FunctionContext<'_>,
        input: InvocationInput,
        run: crate::local_lambda::tab::LocalRun,
    ) {
        let payload = input.payload.clone().into_bytes();
        self.in_flight = Some(input);
        self.invocation.start_as(
            crate::local_lambda::calls::runner::OPERATION,
            crate::local_lambda::tab::spawn_invoke_locally(
                ctx.backend,
                ctx.clients.clone(),
                ctx.function.to_owned(),
                run,
                payload,
            ),
        );
    }

    fn invoke(&mut self, ctx: &FunctionContext<'_>, input: InvocationInput) {
        if self.local_only {
            // Nothing is deployed to invoke: said in the result (and the history) rather than
            // sent to a 404.
            self.in_flight = Some(input);
            self.invocation.start_as(
                "Invoke",
                poll_promise::Promise::from_ready(Err(ServiceError::new(
                    "Invoke",
                    crate::shared::model::ErrorKind::Other,
                    format!(
                        "{} is a local-only function: use Invoke locally",
                        ctx.function
                    ),
                ))),
            );
            return;
        }
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        let name = ctx.function.to_owned();
        let sent = input.clone();
        self.in_flight = Some(input);
        self.invocation.start_as(
            "Invoke",
            ctx.backend.spawn_fallible("Invoke", async move {
                crate::lambda::calls::invoke(
                    &clients,
                    &name,
                    sent.qualifier.as_deref(),
                    sent.invocation_type,
                    sent.payload.as_bytes(),
                )
                .await
            }),
        );
    }
}
