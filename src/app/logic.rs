//! The app's logic step: handles commands and moves finished calls into state.

use std::sync::{Arc, mpsc};
use std::time::Instant;

use super::backend::Backend;
use super::command::{Command, RouteTest};
use super::items_state::{Continuation, ItemsSource, LoadJob};
use super::live_connection::{ConnectionId, LiveConnection};
use super::state::AppState;
use super::tab::{InvocationInput, RouteInvocation, Tab, TabContent, TableTab};
use crate::aws;
use crate::aws::dynamodb_items::{EventSink, LoadMode};
use crate::model::expression::{ItemsRequest, ItemsRequestSpec};
use crate::model::invocation::InvocationType;
use crate::model::item_edit::{Item, SaveRequest, key_of, unchanged_condition};
use crate::model::query_draft;
use crate::model::route_event::{RouteContext, event_v1, event_v2, parse_proxy_response};
use crate::model::ttl::TtlUpdate;
use crate::model::workspace::{TableMemory, table_key};
use crate::model::{
    AttrValue, ConnectionColour, ConnectionSpec, EndpointPreset, ErrorKind, RawItem, ResourceRef,
    ServiceError,
};

/// Items in the page a table tab loads when it opens, as the console does.
pub const FIRST_PAGE_SIZE: i32 = 100;

impl AppState {
    /// Adds a connection beside the others and starts resolving it; it becomes the current one.
    pub fn add_connection(
        &mut self,
        spec: ConnectionSpec,
        colour: Option<ConnectionColour>,
        backend: &Backend,
    ) -> ConnectionId {
        self.remember_endpoint(&spec);
        let id = ConnectionId(self.next_connection_id);
        self.next_connection_id += 1;
        let colour = colour.unwrap_or_else(|| ConnectionColour::nth(self.connections.len()));
        self.connections
            .push(LiveConnection::start(id, spec, colour, backend));
        self.current_connection = id;
        id
    }

    /// Points a connection at `spec`; its lists and its tabs reload once it resolves.
    pub fn reconnect(&mut self, id: ConnectionId, spec: ConnectionSpec, backend: &Backend) {
        self.remember_endpoint(&spec);
        let Some(connection) = self.connection_mut(id) else {
            return;
        };
        connection.reconnect(spec, backend);
        self.current_connection = id;
        for tab in self.tabs.iter_mut().filter(|t| t.connection == id) {
            *tab = Tab::new(id, tab.resource.clone());
        }
    }

    fn remember_endpoint(&mut self, spec: &ConnectionSpec) {
        if let Some(url) = &spec.endpoint_url
            && EndpointPreset::for_url(Some(url)) == EndpointPreset::Custom
        {
            self.settings.remember_endpoint(url);
            if let Some(dir) = &self.config_dir {
                // Losing the recent-endpoints list is harmless; the connection goes on.
                let _ignored = self.settings.save(dir);
            }
        }
    }

    fn remove_connection(&mut self, id: ConnectionId) {
        // The last connection stays: the connection bar always edits one.
        if self.connections.len() <= 1 {
            return;
        }
        while let Some(index) = self.tabs.iter().position(|t| t.connection == id) {
            self.close_tab(index);
        }
        self.connections.retain(|c| c.id != id);
        if self.current_connection == id {
            self.current_connection = self
                .active_tab
                .and_then(|i| self.tabs.get(i))
                .map_or_else(|| self.connections[0].id, |t| t.connection);
        }
    }

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
                        Some(clients) => backend.spawn(async move {
                            aws::dynamodb_tables::create_table(&clients, &spec).await
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
            Command::DeleteTable(index) => self.delete_table(index, backend),
            Command::UpdateTtl { tab, update } => self.update_ttl(tab, update, backend),
            Command::Export {
                tab,
                scope,
                rows,
                format,
                path,
            } => self.export(tab, (scope, rows), format, path, backend),
            Command::CancelExport(tab) => {
                if let Some(table) = self.table_tab_mut(tab) {
                    table.transfer.export_progress.cancel();
                }
            }
            Command::CheckImport { tab, format, path } => {
                self.check_import(tab, format, path, backend);
            }
            Command::RunImport(tab) => self.run_import(tab, backend),
            Command::CancelImport(tab) => {
                if let Some(table) = self.table_tab_mut(tab) {
                    table.transfer.import_progress.cancel();
                }
            }
            Command::PickFile {
                tab,
                purpose,
                suggested,
            } => self.pick_file(tab, purpose, suggested, backend),
            Command::ReloadProfiles => self
                .profiles
                .start(backend.spawn(async { Ok(aws::profiles::load_profile_names().await) })),
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
                if let Some(connection) = self.tabs.get(from_tab).map(|t| t.connection) {
                    self.open(connection, resource, backend);
                }
            }
            Command::SaveQuery { tab, name, draft } => {
                if let Some(memory) = self.tab_table_memory_mut(tab) {
                    // The builder refuses blank names before sending this.
                    let _refused = query_draft::save_query(&mut memory.saved_queries, &name, draft);
                }
            }
            Command::DeleteQuery { tab, name } => {
                if let Some(memory) = self.tab_table_memory_mut(tab) {
                    memory.saved_queries.retain(|q| q.name != name);
                }
            }
            Command::RecordQuery { tab, draft } => {
                if let Some(memory) = self.tab_table_memory_mut(tab) {
                    query_draft::remember_recent(&mut memory.recent_queries, draft);
                }
            }
            Command::RememberColumns { tab, layout } => {
                if let Some(memory) = self.tab_table_memory_mut(tab) {
                    memory.columns = layout;
                }
            }
            Command::RefreshTab(index) => self.refresh_tab(index, backend),
            Command::SelectTab(index) => self.select_tab(index),
            Command::CloseTab(index) => self.close_tab(index),
            Command::RunItems { tab, request, mode } => {
                self.start_items(tab, request, None, mode, true, backend);
            }
            Command::LoadMore(tab) => self.load_more(tab, backend),
            Command::CancelLoad(tab) => {
                if let Some(table) = self.table_tab_mut(tab) {
                    table.items.cancel();
                }
            }
            Command::RunPartiql {
                tab,
                statement,
                parameters,
            } => self.run_partiql(tab, statement, parameters, None, backend),
            Command::Invoke { tab, input } => self.invoke(tab, input, backend),
            Command::SaveItem { tab, request } => self.save_item(tab, request, backend),
            Command::DeleteItems { tab, items } => self.delete_items(tab, items, backend),
            Command::RevertWrite { tab, index } => self.revert_write(tab, index, backend),
            Command::TestRouteInvoke { tab, test } => self.test_route_invoke(tab, test, backend),
            Command::TestRouteHttp { tab, request } => {
                if let Some(TabContent::Api(api)) = self.tabs.get_mut(tab).map(|t| &mut t.content) {
                    api.http_response.start(
                        backend.spawn(async move { aws::http_client::send(&request).await }),
                    );
                }
            }
            Command::SaveEvent {
                function,
                name,
                payload,
            } => {
                let outcome = self.saved_events.put(&function, &name, &payload);
                self.finish_saved_events_change(outcome);
            }
            Command::RenameEvent { function, from, to } => {
                let outcome = self.saved_events.rename(&function, &from, &to);
                self.finish_saved_events_change(outcome);
            }
            Command::DeleteEvent { function, name } => {
                self.saved_events.delete(&function, &name);
                self.finish_saved_events_change(Ok(()));
            }
            Command::RevealEnvironment { function, revealed } => {
                if revealed {
                    self.revealed_environments.insert(function);
                } else {
                    self.revealed_environments.remove(&function);
                }
            }
        }
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
                if let Some(table) = connection.create_table.value() {
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
        for tab in &mut self.tabs {
            changed |= tab.poll();
        }
        self.close_deleted_tables(backend);
        self.reload_after_imports(backend);
        changed
    }

    /// Runs a table tab's query or scan again after an import wrote to its table.
    fn reload_after_imports(&mut self, backend: &Backend) {
        for index in 0..self.tabs.len() {
            let Some(table) = self.table_tab_mut(index) else {
                continue;
            };
            if !std::mem::take(&mut table.transfer.imported) {
                continue;
            }
            if let Some(ItemsSource::Request(request)) = table.items.source.clone() {
                self.start_items(index, request, None, LoadMode::OnePage, true, backend);
            }
        }
    }

    /// Closes the tabs of tables that were just deleted and refreshes their connection's list.
    fn close_deleted_tables(&mut self, backend: &Backend) {
        while let Some(index) = self.tabs.iter().position(
            |tab| matches!(&tab.content, TabContent::Table(t) if t.delete_table.value().is_some()),
        ) {
            let id = self.tabs[index].connection;
            self.close_tab(index);
            if let Some(connection) = self.connection_mut(id) {
                connection.refresh_tables(backend);
            }
        }
    }

    fn delete_table(&mut self, index: usize, backend: &Backend) {
        let Some((clients, name, table)) = self.table_target(index) else {
            return;
        };
        table.items.cancel();
        table.delete_table.start(
            backend.spawn(async move { aws::dynamodb_tables::delete_table(&clients, &name).await }),
        );
    }

    /// The clients, table name and state of a table tab, for calls about the table itself.
    pub(crate) fn table_target(
        &mut self,
        index: usize,
    ) -> Option<(crate::aws::AwsClients, String, &mut TableTab)> {
        let clients = self.tab_clients(index)?;
        let tab = self.tabs.get_mut(index)?;
        match (&tab.resource, &mut tab.content) {
            (ResourceRef::Table { name }, TabContent::Table(table)) => {
                Some((clients, name.clone(), table))
            }
            _ => None,
        }
    }

    fn update_ttl(&mut self, index: usize, update: TtlUpdate, backend: &Backend) {
        let Some((clients, name, table)) = self.table_target(index) else {
            return;
        };
        table.ttl.start(backend.spawn(async move {
            aws::dynamodb_tables::update_ttl(
                &clients,
                &name,
                update.enabled,
                &update.attribute_name,
            )
            .await
        }));
    }

    /// Reloads the lists and the tabs of a connection that just resolved.
    fn reload_connection(&mut self, id: ConnectionId, backend: &Backend) {
        if let Some(connection) = self.connection_mut(id) {
            connection.refresh_tables(backend);
            connection.refresh_functions(backend);
            connection.refresh_apis(backend);
        }
        for index in 0..self.tabs.len() {
            if self.tabs[index].connection == id {
                self.refresh_tab(index, backend);
            }
        }
    }

    /// The memory of the table a table tab shows.
    fn tab_table_memory_mut(&mut self, index: usize) -> Option<&mut TableMemory> {
        let tab = self.tabs.get(index)?;
        let ResourceRef::Table { name } = &tab.resource else {
            return None;
        };
        let key = table_key(&self.connection(tab.connection)?.spec, name);
        Some(self.table_memory.entry(key).or_default())
    }

    fn select_tab(&mut self, index: usize) {
        if let Some(tab) = self.tabs.get(index) {
            self.active_tab = Some(index);
            self.current_connection = tab.connection;
        }
    }

    fn open(&mut self, connection: ConnectionId, resource: ResourceRef, backend: &Backend) {
        if self.connection(connection).is_none() {
            return;
        }
        if let Some(index) = self
            .tabs
            .iter()
            .position(|t| t.resource == resource && t.connection == connection)
        {
            self.select_tab(index);
            return;
        }
        self.tabs.push(Tab::new(connection, resource));
        let index = self.tabs.len() - 1;
        self.select_tab(index);
        self.refresh_tab(index, backend);
    }

    fn refresh_tab(&mut self, index: usize, backend: &Backend) {
        let Some(clients) = self.tab_clients(index) else {
            return;
        };
        let api_endpoints: Vec<(String, Option<String>)> = self
            .tab_connection(index)
            .and_then(|c| c.apis.value())
            .map(|apis| {
                apis.iter()
                    .map(|a| (a.id.clone(), a.endpoint.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let Some(tab) = self.tabs.get_mut(index) else {
            return;
        };
        let mut first_scan = None;
        let mut refresh_functions = None;
        match (&tab.resource, &mut tab.content) {
            (ResourceRef::Table { name }, TabContent::Table(table)) => {
                let table_name = name.clone();
                let details_clients = clients.clone();
                table.details.start(backend.spawn(async move {
                    aws::dynamodb::describe_table(&details_clients, &table_name).await
                }));
                let table_name = name.clone();
                let ttl_clients = clients.clone();
                table.ttl.start(backend.spawn(async move {
                    aws::dynamodb_tables::describe_ttl(&ttl_clients, &table_name).await
                }));
                if table.items.source.is_none() {
                    first_scan = ItemsRequestSpec::scan(name, FIRST_PAGE_SIZE).build().ok();
                }
            }
            (ResourceRef::Function { name }, TabContent::Function(function)) => {
                let name = name.clone();
                let details_clients = clients.clone();
                let function_name = name.clone();
                function.details.start(backend.spawn(async move {
                    aws::lambda::get_function(&details_clients, &function_name).await
                }));
                function.routes.start(
                    backend.spawn(
                        async move { aws::apigateway::routes_calling(&clients, &name).await },
                    ),
                );
            }
            (ResourceRef::Api { id, .. }, TabContent::Api(api)) => {
                let id = id.clone();
                let endpoint = api_endpoints
                    .into_iter()
                    .find(|(api, _)| *api == id)
                    .and_then(|(_, endpoint)| endpoint);
                let details_clients = clients.clone();
                let api_id = id.clone();
                api.details.start(backend.spawn(async move {
                    aws::apigateway::get_api(&details_clients, &api_id).await
                }));
                api.parts.start(backend.spawn(async move {
                    Ok(aws::apigateway::get_api_parts(&clients, &id, endpoint.as_deref()).await)
                }));
            }
            (ResourceRef::FunctionList, _) => refresh_functions = Some(tab.connection),
            // `Tab::new` pairs each resource with its content; other pairs cannot occur.
            _ => {}
        }
        if let Some(connection) = refresh_functions.and_then(|id| self.connection_mut(id)) {
            connection.refresh_functions(backend);
        }
        if let Some(request) = first_scan {
            // Opening a table shows its first items at once, as the console does.
            self.start_items(index, request, None, LoadMode::OnePage, true, backend);
        }
    }

    /// Records the outcome of a saved-event change and writes the file.
    fn finish_saved_events_change(&mut self, outcome: Result<(), String>) {
        self.saved_events_error = match (outcome, &self.config_dir) {
            (Err(message), _) => Some(message),
            (Ok(()), Some(dir)) => {
                let file = crate::model::saved_events::FILE_NAME;
                super::json_file::save(dir, file, &self.saved_events)
                    .err()
                    .map(|e| format!("Could not save test events: {e}"))
            }
            (Ok(()), None) => None,
        };
    }

    fn invoke(&mut self, index: usize, input: InvocationInput, backend: &Backend) {
        let Some(clients) = self.tab_clients(index) else {
            return;
        };
        let Some(tab) = self.tabs.get_mut(index) else {
            return;
        };
        let (ResourceRef::Function { name }, TabContent::Function(function)) =
            (&tab.resource, &mut tab.content)
        else {
            return;
        };
        let name = name.clone();
        let sent = input.clone();
        function.in_flight = Some(input);
        function.invocation.start(backend.spawn(async move {
            aws::lambda::invoke(
                &clients,
                &name,
                sent.qualifier.as_deref(),
                sent.invocation_type,
                sent.payload.as_bytes(),
            )
            .await
        }));
    }

    /// Builds the event for a route test, invokes the function, and reads the proxy response.
    fn test_route_invoke(&mut self, index: usize, test: RouteTest, backend: &Backend) {
        let Some(clients) = self.tab_clients(index) else {
            return;
        };
        let Some(tab) = self.tabs.get_mut(index) else {
            return;
        };
        let (ResourceRef::Api { id, .. }, TabContent::Api(api)) = (&tab.resource, &mut tab.content)
        else {
            return;
        };
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
            api_id: id.clone(),
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
        api.route_invocation.start(backend.spawn(async move {
            let result = aws::lambda::invoke(
                &clients,
                &test.target.function_name,
                test.target.qualifier.as_deref(),
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

    fn save_item(&mut self, index: usize, request: SaveRequest, backend: &Backend) {
        let Some(clients) = self.tab_clients(index) else {
            return;
        };
        let Some(table) = self.table_tab_mut(index) else {
            return;
        };
        table.writes.saving = Some(request.clone());
        table.writes.save.start(
            backend.spawn(async move { aws::dynamodb_writes::save_item(&clients, &request).await }),
        );
    }

    fn delete_items(&mut self, index: usize, items: Vec<Item>, backend: &Backend) {
        let Some(clients) = self.tab_clients(index) else {
            return;
        };
        let Some(table) = self.table_tab_mut(index) else {
            return;
        };
        let Some(details) = table.details.value() else {
            return;
        };
        let keys = details.key_schema.clone();
        let name = details.name.clone();
        let progress = table.writes.delete_progress.clone();
        progress.done.store(0, std::sync::atomic::Ordering::Relaxed);
        progress
            .total
            .store(items.len(), std::sync::atomic::Ordering::Relaxed);
        table.writes.deleting = items.clone();
        let repaint = backend.repaint_callback();
        table.writes.delete.start(backend.spawn(async move {
            if let [item] = items.as_slice() {
                // One item: conditional on what was loaded, like every other write.
                let key = key_of(item, &keys);
                let condition = unchanged_condition(item, None, "o");
                return match aws::dynamodb_writes::delete_item(&clients, &name, &key, &condition)
                    .await
                {
                    Ok(()) => Ok(aws::dynamodb_writes::BatchDeleteReport {
                        deleted: 1,
                        failed: Vec::new(),
                    }),
                    Err(e) if e.kind == ErrorKind::Conflict => {
                        Ok(aws::dynamodb_writes::BatchDeleteReport {
                            deleted: 0,
                            failed: vec![(key, e.headline())],
                        })
                    }
                    Err(e) => Err(e),
                };
            }
            let keys: Vec<Item> = items.iter().map(|i| key_of(i, &keys)).collect();
            aws::dynamodb_writes::batch_delete(&clients, &name, keys, move |done, total| {
                progress
                    .done
                    .store(done, std::sync::atomic::Ordering::Relaxed);
                progress
                    .total
                    .store(total, std::sync::atomic::Ordering::Relaxed);
                repaint();
            })
            .await
        }));
    }

    fn revert_write(&mut self, index: usize, record_index: usize, backend: &Backend) {
        let Some(clients) = self.tab_clients(index) else {
            return;
        };
        let Some(table) = self.table_tab_mut(index) else {
            return;
        };
        let (Some(details), Some(record)) = (
            table.details.value(),
            table.writes.history.get(record_index),
        ) else {
            return;
        };
        let (name, keys, record) = (
            details.name.clone(),
            details.key_schema.clone(),
            record.clone(),
        );
        table.writes.reverting = Some(record_index);
        table.writes.revert.start(backend.spawn(async move {
            aws::dynamodb_writes::revert(&clients, &name, &record, &keys).await
        }));
    }

    pub(crate) fn table_tab_mut(&mut self, index: usize) -> Option<&mut TableTab> {
        match self.tabs.get_mut(index).map(|t| &mut t.content) {
            Some(TabContent::Table(table)) => Some(table),
            _ => None,
        }
    }

    /// Starts loading items into a table tab, replacing or appending to its grid.
    fn start_items(
        &mut self,
        index: usize,
        request: ItemsRequest,
        start: Option<RawItem>,
        mode: LoadMode,
        replace: bool,
        backend: &Backend,
    ) {
        let Some(clients) = self.tab_clients(index) else {
            return;
        };
        let Some(table) = self.table_tab_mut(index) else {
            return;
        };
        let items = &mut table.items;
        if replace {
            items.replace(ItemsSource::Request(request.clone()));
        } else {
            items.cancel();
            items.progress.cancelled = false;
            items.error = None;
        }
        items.progress.segments = match mode {
            LoadMode::All { segments } => segments,
            LoadMode::OnePage => 1,
        };
        let (sender, events) = mpsc::channel();
        let repaint = backend.repaint_callback();
        let sink: EventSink = Arc::new(move |event| {
            // The receiver is gone only when the load was cancelled or replaced.
            let _ignored = sender.send(event);
            repaint();
        });
        let operation = request.operation.name();
        let abort = backend.spawn_task(aws::dynamodb_items::load(
            clients, request, start, mode, sink,
        ));
        items.job = Some(LoadJob {
            operation,
            events,
            abort,
            started: Instant::now(),
        });
    }

    fn load_more(&mut self, index: usize, backend: &Backend) {
        let Some(TabContent::Table(table)) = self.tabs.get(index).map(|t| &t.content) else {
            return;
        };
        match (table.items.source.clone(), table.items.next.clone()) {
            (Some(ItemsSource::Request(request)), Some(Continuation::Key(key))) => {
                self.start_items(index, request, Some(key), LoadMode::OnePage, false, backend);
            }
            (
                Some(ItemsSource::Partiql {
                    statement,
                    parameters,
                }),
                Some(Continuation::Token(token)),
            ) => self.run_partiql(index, statement, parameters, Some(token), backend),
            _ => {}
        }
    }

    fn run_partiql(
        &mut self,
        index: usize,
        statement: String,
        parameters: Vec<AttrValue>,
        next_token: Option<String>,
        backend: &Backend,
    ) {
        let Some(clients) = self.tab_clients(index) else {
            return;
        };
        let Some(table) = self.table_tab_mut(index) else {
            return;
        };
        if next_token.is_none() {
            table.items.replace(ItemsSource::Partiql {
                statement: statement.clone(),
                parameters: parameters.clone(),
            });
        } else {
            table.items.error = None;
        }
        table.items.partiql = Some(backend.spawn(async move {
            aws::dynamodb_items::execute_statement(&clients, &statement, &parameters, next_token)
                .await
        }));
    }

    fn close_tab(&mut self, index: usize) {
        if index >= self.tabs.len() {
            return;
        }
        self.tabs.remove(index);
        self.active_tab = match self.active_tab {
            _ if self.tabs.is_empty() => None,
            Some(active) if active > index => Some(active - 1),
            Some(active) if active == index => Some(index.min(self.tabs.len() - 1)),
            other => other,
        };
        if let Some(tab) = self.active_tab.and_then(|i| self.tabs.get(i)) {
            self.current_connection = tab.connection;
        }
    }
}
