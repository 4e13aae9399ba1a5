//! The app's logic step: handles commands and moves finished calls into state.

use crate::apigateway::rest_tab::{RestApiCommand, RestApiContext};
use crate::apigateway::tab::{ApiCommand, ApiContext};
use crate::app::command::Command;
use crate::app::state::AppState;
use crate::app::tab::{Tab, TabContent};
use crate::app::workspace::table_key;
use crate::connection::live_connection::ConnectionId;
use crate::dynamodb::tab::{TableCommand, TableContext};
use crate::lambda::tab::{FunctionCommand, FunctionContext};
use crate::shared::bridge::backend::Backend;
use crate::shared::model::{ErrorKind, ResourceRef, ServiceError, TabId, TabRequest};

impl AppState {
    /// Handles one command from the UI.
    pub fn handle(&mut self, command: Command, backend: &Backend) {
        match command {
            Command::Reconnect { connection, spec } => self.reconnect(connection, spec, backend),
            Command::AddConnection(spec) => {
                self.add_connection(spec, None, backend);
            }
            Command::RemoveConnection(id) => self.remove_connection(id),
            Command::SetConnectionColour { connection, colour } => {
                if let Some(connection) = self.connection_mut(connection) {
                    connection.colour = colour;
                }
            }
            Command::SelectConnection(id) => {
                if self.connection(id).is_some() {
                    self.current_connection = id;
                }
            }
            Command::CreateTable { connection, spec } => {
                if let Some(connection) = self.connection_mut(connection) {
                    let promise = match connection.clients.clone() {
                        Some(clients) => backend.spawn_fallible("CreateTable", async move {
                            crate::dynamodb::calls::admin::create_table(&clients, &spec).await
                        }),
                        // Said at the form rather than ignored: the user can retry in a moment.
                        None => poll_promise::Promise::from_ready(Err(ServiceError::new(
                            "CreateTable",
                            ErrorKind::Other,
                            "not connected yet: wait for the connection, then retry",
                        ))),
                    };
                    connection.create_table.start(promise);
                }
            }
            Command::ReloadProfiles => {
                self.profiles
                    .start(backend.spawn_fallible("Read AWS profiles", async {
                        Ok(crate::connection::calls::profiles::load_profile_names().await)
                    }))
            }
            Command::RefreshTables(id) => {
                if let Some(connection) = self.connection_mut(id) {
                    connection.refresh_tables(backend);
                }
            }
            Command::RefreshFunctions(id) => {
                if let Some(connection) = self.connection_mut(id) {
                    connection.refresh_functions(backend);
                }
            }
            Command::DescribeTableSizes(id) => {
                if let Some(connection) = self.connection_mut(id) {
                    connection.refresh_table_sizes(backend);
                }
            }
            Command::RefreshApis(id) => {
                if let Some(connection) = self.connection_mut(id) {
                    connection.refresh_apis(backend);
                }
            }
            Command::Open {
                connection,
                resource,
            } => self.open(connection, resource, backend),
            Command::OpenLinked { from_tab, resource } => {
                if let Some(connection) = self.tab(from_tab).map(|t| t.connection) {
                    self.open(connection, resource, backend);
                }
            }
            Command::OpenRecent(recent) => {
                let connection = self.connection_for_recent(&recent, backend);
                self.open(connection, recent.resource, backend);
            }
            Command::RefreshTab(index) => self.refresh_tab(index, backend),
            Command::SelectTab(index) => self.select_tab(index),
            Command::CloseTab(index) => self.close_tab(index),
            Command::Table { tab, cmd } => self.handle_table(tab, cmd, backend),
            Command::Function { tab, cmd } => self.handle_function(tab, cmd, backend),
            Command::Api { tab, cmd } => self.handle_api(tab, cmd, backend),
            Command::RestApi { tab, cmd } => self.handle_rest_api(tab, cmd, backend),
            Command::Logs { tab, cmd } => self.handle_logs(tab, cmd, backend),
            Command::RefreshLogGroups(id) => {
                if let Some(connection) = self.connection_mut(id) {
                    connection.refresh_log_groups(backend);
                }
            }
            Command::CreateLocalFunction {
                connection,
                name,
                setup,
            } => self.create_local_function(connection, name, setup, backend),
        }
    }

    /// Hands a log group tab its command.
    fn handle_logs(&mut self, tab: TabId, cmd: crate::logs::tab::LogsCommand, backend: &Backend) {
        if let crate::logs::tab::LogsCommand::Tab(request) = cmd {
            return self.handle_tab_request(tab, request, backend);
        }
        let clients = self.tab_clients(tab);
        let Some(found) = self.tab_mut(tab) else {
            return;
        };
        if let (ResourceRef::LogGroup { name }, TabContent::LogGroup(logs)) =
            (&found.resource, &mut found.content)
        {
            logs.handle(
                cmd,
                &crate::logs::tab::LogsContext {
                    clients,
                    group: name,
                    backend,
                },
            );
        }
    }

    /// What the shell does for a tab's [`TabRequest`].
    fn handle_tab_request(&mut self, tab: TabId, request: TabRequest, backend: &Backend) {
        match request {
            TabRequest::Refresh => self.refresh_tab(tab, backend),
            TabRequest::OpenLinked(resource) => {
                if let Some(connection) = self.tab(tab).map(|t| t.connection) {
                    self.open(connection, resource, backend);
                }
            }
            TabRequest::OpenRestMethod {
                api_id,
                api_name,
                resource_id,
                http_method,
            } => {
                let Some(connection) = self.tab(tab).map(|t| t.connection) else {
                    return;
                };
                let resource = ResourceRef::RestApi {
                    id: api_id,
                    name: api_name,
                };
                self.open(connection, resource.clone(), backend);
                let opened = self
                    .tabs
                    .iter_mut()
                    .find(|t| t.resource == resource && t.connection == connection);
                if let Some(TabContent::RestApi(api)) = opened.map(|t| &mut t.content) {
                    api.focus_method(resource_id, http_method);
                }
            }
        }
    }

    /// Hands a table tab its command, with its table's context and remembered settings.
    fn handle_table(&mut self, tab: TabId, cmd: TableCommand, backend: &Backend) {
        if let TableCommand::Tab(request) = cmd {
            return self.handle_tab_request(tab, request, backend);
        }
        if let TableCommand::Stream(crate::dynamodb::tab::StreamCommand::SendToLocalFunction {
            ..
        }) = &cmd
        {
            return self.send_stream_locally(tab, cmd, backend);
        }
        let clients = self.tab_clients(tab);
        let Some(key) = self.tab_table_key(tab) else {
            return;
        };
        let memory = self.table_memory.entry(key).or_default();
        let Some(found) = self.tabs.iter_mut().find(|t| t.id == tab) else {
            return;
        };
        if let (ResourceRef::Table { name }, TabContent::Table(table)) =
            (&found.resource, &mut found.content)
        {
            let ctx = TableContext {
                clients,
                table: name,
                backend,
            };
            table.handle(cmd, &ctx, memory);
        }
    }

    /// Hands a function tab its command; test events and environment reveals are the app's.
    fn handle_function(&mut self, tab: TabId, cmd: FunctionCommand, backend: &Backend) {
        match cmd {
            FunctionCommand::Tab(request) => self.handle_tab_request(tab, request, backend),
            FunctionCommand::SaveEvent {
                function,
                name,
                payload,
            } => {
                let outcome = self.saved_events.put(&function, &name, &payload);
                self.finish_saved_events_change(outcome);
            }
            FunctionCommand::RenameEvent { function, from, to } => {
                let outcome = self.saved_events.rename(&function, &from, &to);
                self.finish_saved_events_change(outcome);
            }
            FunctionCommand::DeleteEvent { function, name } => {
                self.saved_events.delete(&function, &name);
                self.finish_saved_events_change(Ok(()));
            }
            FunctionCommand::RevealEnvironment { revealed } => {
                if let Some(key) = self.function_of_tab(tab) {
                    if revealed {
                        self.revealed_environments.insert(key);
                    } else {
                        self.revealed_environments.remove(&key);
                    }
                }
            }
            FunctionCommand::LocalCode(command) => self.handle_local_code(tab, command, backend),
            FunctionCommand::InvokeLocally {
                input,
                allow_credentials,
            } => self.invoke_locally(tab, input, allow_credentials, backend),
            FunctionCommand::LocalRun(command) => {
                self.handle_local_run(tab, command, backend);
                self.local_setup_changed(tab);
            }
            FunctionCommand::Invoke { .. } | FunctionCommand::Logs(_) => {
                self.with_function_tab(tab, backend, |function, ctx| function.handle(cmd, ctx));
            }
        }
    }

    /// Hands an API tab its command.
    fn handle_api(&mut self, tab: TabId, cmd: ApiCommand, backend: &Backend) {
        if let ApiCommand::Tab(request) = cmd {
            return self.handle_tab_request(tab, request, backend);
        }
        let Some(ctx_parts) = self.api_context_parts(tab) else {
            return;
        };
        let (clients, endpoint, read_only) = ctx_parts;
        let local = self.tab_local_runs(tab);
        let Some(found) = self.tab_mut(tab) else {
            return;
        };
        if let (ResourceRef::Api { id, .. }, TabContent::Api(api)) =
            (&found.resource, &mut found.content)
        {
            let ctx = ApiContext {
                clients,
                api_id: id,
                endpoint,
                read_only,
                backend,
                local,
            };
            api.handle(cmd, &ctx);
        }
    }

    /// Hands a REST API tab its command.
    fn handle_rest_api(&mut self, tab: TabId, cmd: RestApiCommand, backend: &Backend) {
        if let RestApiCommand::Tab(request) = cmd {
            return self.handle_tab_request(tab, request, backend);
        }
        let (clients, read_only) = (self.tab_clients(tab), self.tab_read_only(tab));
        let local = self.tab_local_runs(tab);
        let Some(found) = self.tab_mut(tab) else {
            return;
        };
        if let (ResourceRef::RestApi { id, .. }, TabContent::RestApi(api)) =
            (&found.resource, &mut found.content)
        {
            let ctx = RestApiContext {
                clients,
                api_id: id,
                read_only,
                backend,
                local,
            };
            api.handle(cmd, &ctx);
        }
    }

    /// An API tab's clients, endpoint (from the connection's API list) and read-only flag.
    fn api_context_parts(
        &self,
        tab: TabId,
    ) -> Option<(
        Option<crate::connection::calls::AwsClients>,
        Option<String>,
        bool,
    )> {
        let found = self.tab(tab)?;
        let ResourceRef::Api { id, .. } = &found.resource else {
            return None;
        };
        let endpoint = self
            .tab_connection(tab)
            .and_then(|c| c.apis.value())
            .and_then(|apis| apis.iter().find(|a| &a.id == id))
            .and_then(|a| a.endpoint.clone());
        Some((self.tab_clients(tab), endpoint, self.tab_read_only(tab)))
    }

    /// Moves finished calls into state; true when anything changed.
    pub fn poll(&mut self, backend: &Backend) -> bool {
        let mut changed = false;
        let mut resolved = Vec::new();
        let mut created = Vec::new();
        for connection in &mut self.connections {
            if connection.poll_connecting() {
                resolved.push(connection.id);
                changed = true;
            }
            changed |= connection.poll_lists();
            if connection.create_table.poll() {
                changed = true;
                if let Some(Ok(table)) = connection.create_table.latest() {
                    created.push((connection.id, table.name.clone()));
                }
            }
        }
        for id in resolved {
            self.reload_connection(id, backend);
        }
        for (id, name) in created {
            // A new table shows up in the list and opens, as in the console.
            if let Some(connection) = self.connection_mut(id) {
                connection.refresh_tables(backend);
            }
            self.open(id, ResourceRef::Table { name }, backend);
        }
        changed |= self.profiles.poll();
        changed |= self.take_write_failures();
        for tab in &mut self.tabs {
            changed |= tab.poll();
        }
        self.attach_downloaded_code();
        self.close_deleted_tables(backend);
        self.reload_after_imports(backend);
        changed
    }

    /// The key the remembered settings of a table tab's table are kept under.
    fn tab_table_key(&self, tab: TabId) -> Option<String> {
        let found = self.tab(tab)?;
        let ResourceRef::Table { name } = &found.resource else {
            return None;
        };
        Some(table_key(&self.connection(found.connection)?.spec, name))
    }

    fn select_tab(&mut self, index: TabId) {
        if let Some(connection) = self.tab(index).map(|t| t.connection) {
            self.active_tab = Some(index);
            self.current_connection = connection;
        }
    }

    fn open(&mut self, connection: ConnectionId, resource: ResourceRef, backend: &Backend) {
        if self.connection(connection).is_none() {
            return;
        }
        self.note_recent(connection, &resource);
        if let Some(tab) = self
            .tabs
            .iter()
            .find(|t| t.resource == resource && t.connection == connection)
        {
            let id = tab.id;
            self.select_tab(id);
            return;
        }
        let id = self.new_tab_id();
        self.tabs.push(Tab::new(id, connection, resource));
        self.select_tab(id);
        self.refresh_tab(id, backend);
    }

    /// Reloads what a tab shows, each kind through its own tab.
    pub(crate) fn refresh_tab(&mut self, tab: TabId, backend: &Backend) {
        let clients = self.tab_clients(tab);
        let api_parts = self.api_context_parts(tab);
        let read_only = self.tab_read_only(tab);
        let local = self.tab_local_runs(tab);
        if let Some(found) = self.tab(tab)
            && found.resource == ResourceRef::FunctionList
        {
            let connection = found.connection;
            if let Some(connection) = self.connection_mut(connection) {
                connection.refresh_functions(backend);
            }
            return;
        }
        // A local-only function is shown from its setup: there is nothing deployed to read.
        if self.show_local_only(tab) {
            return;
        }
        let Some(found) = self.tab_mut(tab) else {
            return;
        };
        match (&found.resource, &mut found.content) {
            (ResourceRef::Table { name }, TabContent::Table(table)) => {
                table.refresh(&TableContext {
                    clients,
                    table: name,
                    backend,
                });
            }
            (ResourceRef::Function { name }, TabContent::Function(function)) => {
                function.refresh(&FunctionContext {
                    clients,
                    function: name,
                    backend,
                });
            }
            (ResourceRef::Api { id, .. }, TabContent::Api(api)) => {
                let (_, endpoint, read_only) = api_parts.unwrap_or((None, None, true));
                api.refresh(&ApiContext {
                    clients,
                    api_id: id,
                    endpoint,
                    read_only,
                    backend,
                    local,
                });
            }
            (ResourceRef::RestApi { id, .. }, TabContent::RestApi(api)) => {
                api.refresh(&RestApiContext {
                    clients,
                    api_id: id,
                    read_only,
                    backend,
                    local,
                });
            }
            (ResourceRef::LogGroup { name }, TabContent::LogGroup(logs)) => {
                logs.refresh(&crate::logs::tab::LogsContext {
                    clients,
                    group: name,
                    backend,
                });
            }
            // The function list refreshed above; `Tab::new` pairs each resource with its
            // content, so other pairs cannot occur.
            (
                ResourceRef::FunctionList
                | ResourceRef::LogGroup { .. }
                | ResourceRef::Table { .. }
                | ResourceRef::Function { .. }
                | ResourceRef::Api { .. }
                | ResourceRef::RestApi { .. },
                _,
            ) => {}
        }
    }

    /// Records the outcome of a saved-event change and writes the file.
    fn finish_saved_events_change(&mut self, outcome: Result<(), String>) {
        self.saved_events_error = match (outcome, &self.config_dir) {
            (Err(message), _) => Some(message),
            (Ok(()), Some(dir)) => {
                let file = crate::lambda::model::saved_events::FILE_NAME;
                self.file_writer
                    .save(dir, file, &self.saved_events)
                    .err()
                    .map(|e| format!("Could not save test events: {e}"))
            }
            (Ok(()), None) => None,
        };
    }

    /// Closes a tab; a command for it that comes later finds no tab and does nothing. When
    /// the active tab closes, the one that took its place in the strip becomes active.
    pub(crate) fn close_tab(&mut self, id: TabId) {
        let Some(position) = self.tabs.iter().position(|t| t.id == id) else {
            return;
        };
        self.tabs.remove(position);
        if self.active_tab == Some(id) {
            self.active_tab = self
                .tabs
                .get(position.min(self.tabs.len().saturating_sub(1)))
                .map(|t| t.id);
        }
        if let Some(tab) = self.active() {
            self.current_connection = tab.connection;
        }
    }
}
