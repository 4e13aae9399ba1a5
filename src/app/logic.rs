//! The app's logic step: handles commands and moves finished calls into state.

use std::sync::{Arc, mpsc};
use std::time::Instant;

use crate::app::command::Command;
use crate::app::state::AppState;
use crate::app::tab::Tab;
use crate::app::tab::TabContent;
use crate::app::tab::TableTab;
use crate::app::workspace::TableMemory;
use crate::app::workspace::table_key;
use crate::connection::live_connection::ConnectionId;
use crate::dynamodb::calls::items::EventSink;
use crate::dynamodb::calls::items::LoadMode;
use crate::dynamodb::model::AttrValue;
use crate::dynamodb::model::RawItem;
use crate::dynamodb::model::expression::ItemsRequest;
use crate::dynamodb::model::expression::ItemsRequestSpec;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::item_edit::SaveRequest;
use crate::dynamodb::model::query_draft;
use crate::dynamodb::tab::item_writes::Deleting;
use crate::dynamodb::tab::item_writes::RowsAt;
use crate::dynamodb::tab::items_state::Continuation;
use crate::dynamodb::tab::items_state::ItemsSource;
use crate::dynamodb::tab::items_state::LoadJob;
use crate::shared::bridge::backend::Backend;
use crate::shared::model::ErrorKind;
use crate::shared::model::ResourceRef;
use crate::shared::model::ServiceError;
use crate::shared::model::TabId;

/// Items in the page a table tab loads when it opens, as the console does.
pub const FIRST_PAGE_SIZE: i32 = 100;

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
            Command::SetVersionAttribute { tab, name } => {
                if let Some(memory) = self.tab_table_memory_mut(tab) {
                    memory.version_attribute = name;
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
            Command::ReadForEdit { tab, key } => self.read_for_edit(tab, key, backend),
            Command::DeleteItems { tab, items, at } => self.delete_items(tab, items, at, backend),
            Command::RevertWrite { tab, index } => self.revert_write(tab, index, backend),
            Command::TestRouteInvoke { tab, test } => self.test_route_invoke(tab, test, backend),
            Command::TestRouteHttp { tab, request } => {
                let read_only = self.tab_read_only(tab);
                if let Some(TabContent::Api(api)) = self.tab_mut(tab).map(|t| &mut t.content) {
                    api.http_response
                        .start(backend.spawn_fallible("HTTP request", async move {
                            crate::shared::calls::http_client::send(&request, read_only).await
                        }));
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
            Command::RevealEnvironment { tab, revealed } => {
                if let Some(key) = self.function_of_tab(tab) {
                    if revealed {
                        self.revealed_environments.insert(key);
                    } else {
                        self.revealed_environments.remove(&key);
                    }
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
        changed |= self.take_write_failures();
        for tab in &mut self.tabs {
            changed |= tab.poll();
        }
        self.close_deleted_tables(backend);
        self.reload_after_imports(backend);
        changed
    }

    /// The memory of the table a table tab shows.
    fn tab_table_memory_mut(&mut self, index: TabId) -> Option<&mut TableMemory> {
        let tab = self.tab(index)?;
        let ResourceRef::Table { name } = &tab.resource else {
            return None;
        };
        let key = table_key(&self.connection(tab.connection)?.spec, name);
        Some(self.table_memory.entry(key).or_default())
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

    pub(crate) fn refresh_tab(&mut self, index: TabId, backend: &Backend) {
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
        let Some(tab) = self.tab_mut(index) else {
            return;
        };
        let mut first_scan = None;
        let mut refresh_functions = None;
        match (&tab.resource, &mut tab.content) {
            (ResourceRef::Table { name }, TabContent::Table(table)) => {
                let table_name = name.clone();
                let details_clients = clients.clone();
                table
                    .details
                    .start(backend.spawn_fallible("DescribeTable", async move {
                        crate::dynamodb::calls::tables::describe_table(
                            &details_clients,
                            &table_name,
                        )
                        .await
                    }));
                let table_name = name.clone();
                let ttl_clients = clients.clone();
                table
                    .ttl
                    .start(backend.spawn_fallible("DescribeTimeToLive", async move {
                        crate::dynamodb::calls::admin::describe_ttl(&ttl_clients, &table_name).await
                    }));
                if table.items.source.is_none() {
                    first_scan = ItemsRequestSpec::scan(name, FIRST_PAGE_SIZE).build().ok();
                }
            }
            (ResourceRef::Function { name }, TabContent::Function(function)) => {
                let name = name.clone();
                let details_clients = clients.clone();
                let function_name = name.clone();
                function
                    .details
                    .start(backend.spawn_fallible("GetFunction", async move {
                        crate::lambda::calls::get_function(&details_clients, &function_name).await
                    }));
                function
                    .routes
                    .start(backend.spawn_fallible("GetRoutes", async move {
                        crate::apigateway::calls::routes_calling(&clients, &name).await
                    }));
            }
            (ResourceRef::Api { id, .. }, TabContent::Api(api)) => {
                let id = id.clone();
                let endpoint = api_endpoints
                    .into_iter()
                    .find(|(api, _)| *api == id)
                    .and_then(|(_, endpoint)| endpoint);
                let details_clients = clients.clone();
                let api_id = id.clone();
                api.details
                    .start(backend.spawn_fallible("GetApi", async move {
                        crate::apigateway::calls::get_api(&details_clients, &api_id).await
                    }));
                api.parts
                    .start(backend.spawn_fallible("GetRoutes", async move {
                        Ok(crate::apigateway::calls::get_api_parts(
                            &clients,
                            &id,
                            endpoint.as_deref(),
                        )
                        .await)
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
                let file = crate::lambda::model::saved_events::FILE_NAME;
                self.file_writer
                    .save(dir, file, &self.saved_events)
                    .err()
                    .map(|e| format!("Could not save test events: {e}"))
            }
            (Ok(()), None) => None,
        };
    }

    fn save_item(&mut self, index: TabId, request: SaveRequest, backend: &Backend) {
        let Some(clients) = self.tab_clients(index) else {
            return;
        };
        let Some(table) = self.table_tab_mut(index) else {
            return;
        };
        // One save at a time, and never beside another write to the same item: a second save
        // would replace the first's pending answer, and the history would miss a write.
        let touched: Vec<Item> = request
            .loaded
            .iter()
            .cloned()
            .chain(std::iter::once(request.edited.clone()))
            .collect();
        let pending = table.writes.save.is_pending();
        if table
            .writes
            .refuse_if_busy(pending, &touched, &request.key_schema)
        {
            return;
        }
        table.writes.saves_started += 1;
        table.writes.saving = Some(request.clone());
        table
            .writes
            .save
            .start(backend.spawn_fallible("UpdateItem", async move {
                crate::dynamodb::calls::writes::save_item(&clients, &request).await
            }));
    }

    /// Reads the whole item (strongly consistent) before the editor opens on it: the grid's
    /// copy may be a projection, and an editor must never save a partial item.
    fn read_for_edit(&mut self, index: TabId, key: Item, backend: &Backend) {
        let Some(clients) = self.tab_clients(index) else {
            return;
        };
        let Some(table) = self.table_tab_mut(index) else {
            return;
        };
        let Some(name) = table.details.value().map(|d| d.name.clone()) else {
            return;
        };
        table.writes.reads_started += 1;
        table
            .writes
            .read_for_edit
            .start(backend.spawn_fallible("GetItem", async move {
                crate::dynamodb::calls::writes::get_item(&clients, &name, &key).await
            }));
    }

    fn delete_items(&mut self, index: TabId, items: Vec<Item>, at: RowsAt, backend: &Backend) {
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
        let pending = table.writes.delete.is_pending();
        if table.writes.refuse_if_busy(pending, &items, &keys) {
            return;
        }
        let progress = table.writes.delete_progress.clone();
        progress.done.store(0, std::sync::atomic::Ordering::Relaxed);
        progress
            .total
            .store(items.len(), std::sync::atomic::Ordering::Relaxed);
        table.writes.deleting = Deleting {
            items: items.clone(),
            at,
        };
        let repaint = backend.repaint_callback();
        table
            .writes
            .delete
            .start(backend.spawn_fallible("DeleteItem", async move {
                crate::dynamodb::calls::deletes::batch_delete(
                    &clients,
                    &name,
                    items,
                    &keys,
                    move |done, total| {
                        progress
                            .done
                            .store(done, std::sync::atomic::Ordering::Relaxed);
                        progress
                            .total
                            .store(total, std::sync::atomic::Ordering::Relaxed);
                        repaint();
                    },
                )
                .await
            }));
    }

    fn revert_write(&mut self, index: TabId, record_index: usize, backend: &Backend) {
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
        let touched: Vec<Item> = record
            .before
            .iter()
            .chain(record.after.iter())
            .cloned()
            .collect();
        let pending = table.writes.revert.is_pending();
        if table.writes.refuse_if_busy(pending, &touched, &keys) {
            return;
        }
        table.writes.reverting = Some(record_index);
        table
            .writes
            .revert
            .start(backend.spawn_fallible("Revert", async move {
                crate::dynamodb::calls::writes::revert(&clients, &name, &record, &keys).await
            }));
    }

    pub(crate) fn table_tab_mut(&mut self, index: TabId) -> Option<&mut TableTab> {
        match self.tab_mut(index).map(|t| &mut t.content) {
            Some(TabContent::Table(table)) => Some(table),
            _ => None,
        }
    }

    /// Starts loading items into a table tab, replacing or appending to its grid.
    pub(crate) fn start_items(
        &mut self,
        index: TabId,
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
        let abort = backend.spawn_task_reporting(
            crate::dynamodb::calls::items::load(clients, request, start, mode, sink.clone()),
            crate::dynamodb::tab::items_state::report_panic(sink, operation),
        );
        items.job = Some(LoadJob {
            operation,
            events,
            abort,
            started: Instant::now(),
        });
    }

    fn load_more(&mut self, index: TabId, backend: &Backend) {
        let Some(TabContent::Table(table)) = self.tab(index).map(|t| &t.content) else {
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
        index: TabId,
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
        table.items.partiql = Some(backend.spawn_fallible("ExecuteStatement", async move {
            crate::dynamodb::calls::items::execute_statement(
                &clients,
                &statement,
                &parameters,
                next_token,
            )
            .await
        }));
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
