//! One connection the user added: where it points, its colour, its SDK clients once resolved,
//! and the tables, functions and APIs it lists.

use poll_promise::Promise;

use crate::connection::calls::AwsClients;
use crate::connection::model::ConnectionColour;
use crate::connection::model::ConnectionSpec;
use crate::connection::model::health::{self, CallState, Health, Identity};
use crate::connection::model::table_size::TableSize;
use crate::dynamodb::model::TableDetails;
use crate::shared::bridge::backend::Backend;
use crate::shared::bridge::request::Request;
use crate::shared::model::ApiSummary;
use crate::shared::model::FunctionSummary;
use crate::shared::model::TableSummary;

/// How many tables the welcome describes for their sizes.
pub const SIZED_TABLES: usize = 50;

/// Identifies a connection for as long as the app runs; tabs and commands refer to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnectionId(pub u32);

/// A connection and what it has loaded.
pub struct LiveConnection {
    pub id: ConnectionId,
    pub spec: ConnectionSpec,
    pub colour: ConnectionColour,
    /// Built once the connection resolves; `None` while connecting.
    pub clients: Option<AwsClients>,
    connecting: Option<Promise<AwsClients>>,
    pub tables: Request<Vec<TableSummary>>,
    pub functions: Request<Vec<FunctionSummary>>,
    /// HTTP and WebSocket APIs (v2).
    pub apis: Request<Vec<ApiSummary>>,
    /// REST APIs (v1): their own call, so one failing leaves the other's list.
    pub rest_apis: Request<Vec<ApiSummary>>,
    /// CloudWatch log groups, read when the palette first opens (not at start: many roles
    /// may not list them, and nothing else needs them).
    pub log_groups: Request<Vec<crate::logs::model::LogGroupSummary>>,
    /// The last CreateTable of this connection, from sending to the table being active.
    pub create_table: Request<TableDetails>,
    /// Who the connection is (STS GetCallerIdentity); with the lists, whether it works.
    pub identity: Request<Identity>,
    /// Sizes of the first tables, asked for from the welcome (never at start: a role may not
    /// describe every table, and the calls would cost the user nothing they asked for).
    pub table_sizes: Request<Vec<TableSize>>,
}

impl LiveConnection {
    /// A connection that starts resolving `spec` at once.
    pub fn start(
        id: ConnectionId,
        spec: ConnectionSpec,
        colour: ConnectionColour,
        backend: &Backend,
    ) -> Self {
        let mut connection = Self {
            id,
            spec: ConnectionSpec::default(),
            colour,
            clients: None,
            connecting: None,
            tables: Request::new("ListTables"),
            functions: Request::new("ListFunctions"),
            apis: Request::new("GetApis"),
            rest_apis: Request::new("GetRestApis"),
            log_groups: Request::new("DescribeLogGroups"),
            create_table: Request::new("CreateTable"),
            identity: Request::new("GetCallerIdentity"),
            table_sizes: Request::new("DescribeTable"),
        };
        connection.reconnect(spec, backend);
        connection
    }

    /// Drops the clients and lists, and resolves `spec` afresh.
    pub fn reconnect(&mut self, spec: ConnectionSpec, backend: &Backend) {
        tracing::info!(
            target_label = %spec.target_label(),
            region = ?spec.region,
            read_only = spec.read_only,
            "connecting"
        );
        let why = if spec.read_only && !self.spec.read_only {
            "the connection became read-only"
        } else {
            "the connection was reconnected"
        };
        self.revoke_writes(why);
        self.spec = spec.clone();
        self.clients = None;
        self.identity.reset();
        self.table_sizes.reset();
        self.tables.reset();
        self.functions.reset();
        self.apis.reset();
        self.rest_apis.reset();
        self.log_groups.reset();
        self.connecting = Some(backend.spawn(AwsClients::connect(spec)));
    }

    /// Stops writes still running on this connection's clients (imports, batch deletes)
    /// before their next batch; they hold clones, which share the revocation.
    pub fn revoke_writes(&self, why: &'static str) {
        if let Some(clients) = &self.clients {
            clients.revoke_writes(why);
        }
    }

    /// A short label: the endpoint, the profile, or the default chain; with the region.
    pub fn label(&self) -> String {
        let region = self.spec.region.as_deref().or(self.region()).unwrap_or("…");
        format!("{} · {region}", self.spec.target_label())
    }

    /// A few words for tab titles: the endpoint's host and port, the profile, or `default`.
    pub fn short_label(&self) -> String {
        match (&self.spec.endpoint_url, &self.spec.profile) {
            (Some(url), _) => url
                .split_once("://")
                .map_or(url.as_str(), |(_, rest)| rest)
                .trim_end_matches('/')
                .to_owned(),
            (None, Some(profile)) => profile.clone(),
            (None, None) => "default".to_owned(),
        }
    }

    /// The region in use once connected.
    pub fn region(&self) -> Option<&str> {
        self.clients.as_ref().map(|c| c.region.as_str())
    }

    pub fn is_connecting(&self) -> bool {
        self.connecting.is_some()
    }

    /// Takes the clients once resolved; true on the frame they arrive.
    pub fn poll_connecting(&mut self) -> bool {
        let Some(promise) = self.connecting.take() else {
            return false;
        };
        match promise.try_take() {
            Ok(clients) => {
                self.clients = Some(clients);
                true
            }
            Err(promise) => {
                self.connecting = Some(promise);
                false
            }
        }
    }

    /// Moves finished list calls into place; true when anything changed.
    pub fn poll_lists(&mut self) -> bool {
        let mut changed = self.identity.poll();
        changed |= self.table_sizes.poll();
        changed |= self.tables.poll();
        changed |= self.functions.poll();
        changed |= self.apis.poll();
        changed |= self.rest_apis.poll();
        changed |= self.log_groups.poll();
        changed
    }

    /// Asks who the connection is; its answer (or failure) says whether the connection works.
    pub fn refresh_identity(&mut self, backend: &Backend) {
        let Some(clients) = self.clients.clone() else {
            return;
        };
        self.identity
            .start(backend.spawn_fallible("GetCallerIdentity", async move {
                crate::connection::calls::identity::caller_identity(&clients).await
            }));
    }

    /// Describes the first [`SIZED_TABLES`] listed tables, a few at a time, for their sizes. A
    /// table that cannot be described is left out; only when none can is it an error.
    pub fn refresh_table_sizes(&mut self, backend: &Backend) {
        let (Some(clients), Some(tables)) = (self.clients.clone(), self.tables.value()) else {
            return;
        };
        let names: Vec<String> = tables
            .iter()
            .take(SIZED_TABLES)
            .map(|t| t.name.clone())
            .collect();
        self.table_sizes
            .start(backend.spawn_fallible("DescribeTable", async move {
                let mut sizes = Vec::new();
                let mut first_error = None;
                for batch in names.chunks(4) {
                    let mut calls = tokio::task::JoinSet::new();
                    for name in batch {
                        let (clients, name) = (clients.clone(), name.clone());
                        calls.spawn(async move {
                            crate::dynamodb::calls::tables::describe_table(&clients, &name).await
                        });
                    }
                    while let Some(joined) = calls.join_next().await {
                        match joined {
                            Ok(Ok(details)) => sizes.push(TableSize {
                                name: details.name,
                                item_count: details.item_count,
                                size_bytes: details.size_bytes,
                            }),
                            Ok(Err(error)) => {
                                first_error.get_or_insert(error);
                            }
                            // A panicked call leaves its table out, like a failed one.
                            Err(_) => {}
                        }
                    }
                }
                match first_error {
                    Some(error) if sizes.is_empty() => Err(error),
                    _ => Ok(sizes),
                }
            }));
    }

    /// Whether the connection works, decided from its identity check and its lists (see
    /// [`health::classify`]).
    pub fn health(&self) -> Health<'_> {
        fn state<T: Send + 'static>(request: &Request<T>) -> CallState<'_> {
            match request.latest() {
                Some(Ok(_)) => CallState::Succeeded,
                Some(Err(error)) => CallState::Failed(error),
                None => CallState::Pending,
            }
        }
        let lists = [
            state(&self.tables),
            state(&self.functions),
            state(&self.apis),
            state(&self.rest_apis),
        ];
        health::classify(
            self.clients.is_some() && !self.is_connecting(),
            self.identity.latest(),
            &lists,
        )
    }

    pub fn refresh_tables(&mut self, backend: &Backend) {
        let Some(clients) = self.clients.clone() else {
            return;
        };
        self.tables
            .start(backend.spawn_fallible("ListTables", async move {
                crate::dynamodb::calls::tables::list_tables(&clients).await
            }));
    }

    pub fn refresh_functions(&mut self, backend: &Backend) {
        let Some(clients) = self.clients.clone() else {
            return;
        };
        self.functions
            .start(backend.spawn_fallible("ListFunctions", async move {
                crate::lambda::calls::list_functions(&clients).await
            }));
    }

    /// Lists the log groups, all pages.
    pub fn refresh_log_groups(&mut self, backend: &Backend) {
        let Some(clients) = self.clients.clone() else {
            return;
        };
        self.log_groups
            .start(backend.spawn_fallible("DescribeLogGroups", async move {
                crate::logs::calls::list_log_groups(&clients).await
            }));
    }

    /// Lists HTTP and WebSocket APIs and REST APIs, side by side.
    pub fn refresh_apis(&mut self, backend: &Backend) {
        let Some(clients) = self.clients.clone() else {
            return;
        };
        let v2_clients = clients.clone();
        self.apis
            .start(backend.spawn_fallible("GetApis", async move {
                crate::apigateway::calls::list_apis(&v2_clients).await
            }));
        self.rest_apis
            .start(backend.spawn_fallible("GetRestApis", async move {
                crate::apigateway::calls::rest::list_rest_apis(&clients).await
            }));
    }

    /// Every API of the connection listed so far, REST and HTTP / WebSocket, by name.
    pub fn all_apis(&self) -> Option<Vec<&ApiSummary>> {
        let (v2, rest) = (self.apis.value(), self.rest_apis.value());
        if v2.is_none() && rest.is_none() {
            return None;
        }
        let mut apis: Vec<&ApiSummary> = v2.into_iter().chain(rest).flatten().collect();
        apis.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
        Some(apis)
    }

    /// List operations in flight, for the status line.
    pub fn pending_operations(&self) -> Vec<&'static str> {
        let mut pending = Vec::new();
        if self.is_connecting() {
            pending.push("Connect");
        }
        pending.extend(
            [
                self.create_table.pending_operation(),
                self.identity.pending_operation(),
                self.table_sizes.pending_operation(),
                self.tables.pending_operation(),
                self.functions.pending_operation(),
                self.apis.pending_operation(),
                self.rest_apis.pending_operation(),
            ]
            .into_iter()
            .flatten(),
        );
        pending
    }
}
