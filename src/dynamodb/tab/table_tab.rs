//! A table tab: its table's settings, its items, its writes and its transfers, and the calls
//! that fill them. The app hands each call a [`TableContext`]; nothing here reaches the app.

use std::sync::{Arc, mpsc};
use std::time::Instant;

use super::item_writes::WriteState;
use super::items_state::{Continuation, ItemsSource, ItemsState, LoadJob};
use super::schema_state::SchemaTab;
use super::stream_state::StreamTab;
use super::transfer_state::TransferState;
use crate::connection::calls::AwsClients;
use crate::dynamodb::calls::items::{EventSink, LoadMode};
use crate::dynamodb::model::expression::{ItemsRequest, ItemsRequestSpec};
use crate::dynamodb::model::ttl::TtlState;
use crate::dynamodb::model::{AttrValue, RawItem, TableDetails};
use crate::shared::bridge::backend::Backend;
use crate::shared::bridge::request::Request;

/// Items in the page a table tab loads when it opens, as the console does.
pub const FIRST_PAGE_SIZE: i32 = 100;

/// A table tab: its settings and its items.
pub struct TableTab {
    pub details: Request<TableDetails>,
    pub items: ItemsState,
    pub writes: WriteState,
    /// The table's TTL setting, read with DescribeTimeToLive and changed with UpdateTimeToLive.
    pub ttl: Request<TtlState>,
    /// DeleteTable, from sending to the table being gone.
    pub delete_table: Request<()>,
    /// Exports to and imports from files.
    pub transfer: TransferState,
    /// The Schema section: inference, sampling, saving exports.
    pub schema: SchemaTab,
    /// The table's DynamoDB stream: settings, followed records, sends to functions.
    pub stream: StreamTab,
}

/// What a table tab's calls need from the app: the connection's clients and the table.
pub struct TableContext<'a> {
    /// `None` until the connection has resolved: calls then wait for the next refresh.
    pub clients: Option<AwsClients>,
    pub table: &'a str,
    pub backend: &'a Backend,
}

impl Default for TableTab {
    fn default() -> Self {
        Self::new()
    }
}

impl TableTab {
    pub fn new() -> Self {
        Self {
            details: Request::new("DescribeTable"),
            items: ItemsState::new(&[]),
            writes: WriteState::default(),
            ttl: Request::new("DescribeTimeToLive"),
            delete_table: Request::new("DeleteTable"),
            transfer: TransferState::default(),
            schema: SchemaTab::default(),
            stream: StreamTab::default(),
        }
    }

    /// Moves finished calls into place; true when something changed.
    pub fn poll(&mut self) -> bool {
        let had_details = self.details.value().is_some();
        let mut changed = self.details.poll();
        if !had_details && let Some(details) = self.details.value() {
            // Keys lead the grid once the schema is known.
            self.items.store.set_key_columns(&details.key_names());
        }
        changed |= self.items.poll();
        changed |= self.ttl.poll();
        changed |= self.delete_table.poll();
        changed |= self.transfer.poll();
        changed |= self.schema.poll();
        changed |= self.stream.poll();
        let keys = self
            .details
            .value()
            .map(|d| d.key_schema.clone())
            .unwrap_or_default();
        changed
            | self
                .writes
                .poll(&mut self.items.store, self.items.generation, &keys)
    }

    /// Operations in flight, for the status line.
    pub fn pending_operations(&self) -> Vec<&'static str> {
        let mut pending = Vec::new();
        pending.extend(self.details.pending_operation());
        pending.extend(self.items.pending_operation());
        pending.extend(self.transfer.pending_operations());
        pending.extend(self.schema.pending_operations());
        pending.extend(self.stream.pending_operations());
        let writes = &self.writes;
        pending.extend(
            [
                self.ttl.pending_operation(),
                self.delete_table.pending_operation(),
                writes.save.pending_operation(),
                writes.delete.pending_operation(),
                writes.revert.pending_operation(),
                writes.read_for_edit.pending_operation(),
            ]
            .into_iter()
            .flatten(),
        );
        pending
    }

    /// Whether events are still queued after this frame.
    pub fn wants_more_frames(&self) -> bool {
        self.items.wants_more_frames || self.transfer.is_running()
    }

    /// Reads the table's settings again; a tab that never loaded shows its first page.
    pub fn refresh(&mut self, ctx: &TableContext<'_>) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        let table_name = ctx.table.to_owned();
        let details_clients = clients.clone();
        self.details
            .start(ctx.backend.spawn_fallible("DescribeTable", async move {
                crate::dynamodb::calls::tables::describe_table(&details_clients, &table_name).await
            }));
        let table_name = ctx.table.to_owned();
        self.ttl.start(
            ctx.backend
                .spawn_fallible("DescribeTimeToLive", async move {
                    crate::dynamodb::calls::admin::describe_ttl(&clients, &table_name).await
                }),
        );
        if self.items.source.is_none()
            && let Ok(request) = ItemsRequestSpec::scan(ctx.table, FIRST_PAGE_SIZE).build()
        {
            // Opening a table shows its first items at once, as the console does.
            self.start_items(ctx, request, None, LoadMode::OnePage, true);
        }
    }

    /// Runs the tab's query or scan again (after an import wrote to its table).
    pub fn reload_items(&mut self, ctx: &TableContext<'_>) {
        if let Some(ItemsSource::Request(request)) = self.items.source.clone() {
            self.start_items(ctx, request, None, LoadMode::OnePage, true);
        }
    }

    /// Starts loading items, replacing or appending to the grid.
    pub fn start_items(
        &mut self,
        ctx: &TableContext<'_>,
        request: ItemsRequest,
        start: Option<RawItem>,
        mode: LoadMode,
        replace: bool,
    ) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        let items = &mut self.items;
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
        let repaint = ctx.backend.repaint_callback();
        let sink: EventSink = Arc::new(move |event| {
            // The receiver is gone only when the load was cancelled or replaced.
            let _ignored = sender.send(event);
            repaint();
        });
        let operation = request.operation.name();
        let abort = ctx.backend.spawn_task_reporting(
            crate::dynamodb::calls::items::load(clients, request, start, mode, sink.clone()),
            super::items_state::report_panic(sink, operation),
        );
        items.job = Some(LoadJob {
            operation,
            events,
            abort,
            started: Instant::now(),
        });
    }

    /// Appends the next page of what the grid shows.
    pub fn load_more(&mut self, ctx: &TableContext<'_>) {
        match (self.items.source.clone(), self.items.next.clone()) {
            (Some(ItemsSource::Request(request)), Some(Continuation::Key(key))) => {
                self.start_items(ctx, request, Some(key), LoadMode::OnePage, false);
            }
            (
                Some(ItemsSource::Partiql {
                    statement,
                    parameters,
                }),
                Some(Continuation::Token(token)),
            ) => self.run_partiql(ctx, statement, parameters, Some(token)),
            _ => {}
        }
    }

    /// Replaces the grid with a PartiQL statement's results, or appends its next page.
    pub fn run_partiql(
        &mut self,
        ctx: &TableContext<'_>,
        statement: String,
        parameters: Vec<AttrValue>,
        next_token: Option<String>,
    ) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        if next_token.is_none() {
            self.items.replace(ItemsSource::Partiql {
                statement: statement.clone(),
                parameters: parameters.clone(),
            });
        } else {
            self.items.error = None;
        }
        self.items.partiql = Some(ctx.backend.spawn_fallible("ExecuteStatement", async move {
            crate::dynamodb::calls::items::execute_statement(
                &clients,
                &statement,
                &parameters,
                next_token,
            )
            .await
        }));
    }
}
