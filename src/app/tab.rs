//! An open resource in the main area.

use crate::apigateway::model::ApiDetails;
use crate::apigateway::model::api_parts::ApiParts;
use crate::apigateway::model::api_parts::RouteLink;
use crate::apigateway::model::route_event::ProxyResponse;
use crate::connection::live_connection::ConnectionId;
use crate::dynamodb::model::TableDetails;
use crate::dynamodb::model::ttl::TtlState;
use crate::dynamodb::tab::item_writes::WriteState;
use crate::dynamodb::tab::items_state::ItemsState;
use crate::dynamodb::tab::transfer_state::TransferState;
use crate::lambda::model::FunctionDetails;
use crate::lambda::model::invocation::InvocationResult;
use crate::lambda::model::invocation::InvocationType;
use crate::shared::bridge::request::Request;
use crate::shared::calls::http_client::HttpResponse;
use crate::shared::model::ResourceRef;
use crate::shared::model::ServiceError;
use crate::shared::model::TabId;

impl FunctionTab {
    /// Moves finished calls into place, recording a finished invocation in the history.
    fn poll(&mut self) -> bool {
        let mut changed = self.details.poll();
        changed |= self.routes.poll();
        if self.invocation.poll() {
            changed = true;
            if let Some(input) = self.in_flight.take() {
                let outcome = match (self.invocation.error(), self.invocation.value()) {
                    (Some(error), _) => Err(error.clone()),
                    (None, Some(result)) => Ok(result.clone()),
                    (None, None) => return changed,
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
}

/// The time of day in UTC, `HH:MM:SS`, for the history list.
pub(crate) fn wall_clock_now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let day = seconds % 86_400;
    format!(
        "{:02}:{:02}:{:02} UTC",
        day / 3600,
        day % 3600 / 60,
        day % 60
    )
}

/// What a tab holds: the resource it shows and the data loaded for it.
pub struct Tab {
    /// Stable for the tab's whole life (a reconnect keeps it).
    pub id: TabId,
    /// The connection the resource belongs to.
    pub connection: ConnectionId,
    pub resource: ResourceRef,
    pub content: TabContent,
}

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
}

/// What was sent in one test invocation.
#[derive(Clone, Debug, PartialEq)]
pub struct InvocationInput {
    pub qualifier: Option<String>,
    pub invocation_type: InvocationType,
    pub payload: String,
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
    /// API routes whose integration calls this function.
    pub routes: Request<Vec<RouteLink>>,
    pub invocation: Request<InvocationResult>,
    /// What the invocation in flight was sent with.
    pub in_flight: Option<InvocationInput>,
    /// Every invocation of this session, newest last.
    pub history: Vec<InvocationRecord>,
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

/// The loaded data of a tab, by resource kind.
pub enum TabContent {
    Table(Box<TableTab>),
    Function(Box<FunctionTab>),
    Api(Box<ApiTab>),
    /// Shows the navigator's function list; nothing of its own to load.
    FunctionList,
}

impl Tab {
    pub fn new(id: TabId, connection: ConnectionId, resource: ResourceRef) -> Self {
        let content = match &resource {
            ResourceRef::Table { .. } => TabContent::Table(Box::new(TableTab {
                details: Request::new("DescribeTable"),
                items: ItemsState::new(&[]),
                writes: WriteState::default(),
                ttl: Request::new("DescribeTimeToLive"),
                delete_table: Request::new("DeleteTable"),
                transfer: TransferState::default(),
            })),
            ResourceRef::Function { .. } => TabContent::Function(Box::new(FunctionTab {
                details: Request::new("GetFunction"),
                routes: Request::new("GetRoutes"),
                invocation: Request::new("Invoke"),
                in_flight: None,
                history: Vec::new(),
            })),
            ResourceRef::Api { .. } => TabContent::Api(Box::new(ApiTab {
                details: Request::new("GetApi"),
                parts: Request::new("GetRoutes"),
                route_invocation: Request::new("Invoke"),
                http_response: Request::new("HTTP request"),
            })),
            ResourceRef::FunctionList => TabContent::FunctionList,
        };
        Self {
            id,
            connection,
            resource,
            content,
        }
    }

    /// Moves finished calls into place; true when something changed.
    pub fn poll(&mut self) -> bool {
        match &mut self.content {
            TabContent::Table(table) => {
                let had_details = table.details.value().is_some();
                let mut changed = table.details.poll();
                if !had_details && let Some(details) = table.details.value() {
                    // Keys lead the grid once the schema is known.
                    table.items.store.set_key_columns(&details.key_names());
                }
                changed |= table.items.poll();
                changed |= table.ttl.poll();
                changed |= table.delete_table.poll();
                changed |= table.transfer.poll();
                let keys = table
                    .details
                    .value()
                    .map(|d| d.key_schema.clone())
                    .unwrap_or_default();
                changed
                    | table
                        .writes
                        .poll(&mut table.items.store, table.items.generation, &keys)
            }
            TabContent::Function(function) => function.poll(),
            TabContent::Api(api) => {
                let mut changed = api.details.poll();
                changed |= api.parts.poll();
                changed |= api.route_invocation.poll();
                changed |= api.http_response.poll();
                changed
            }
            TabContent::FunctionList => false,
        }
    }

    /// Operations in flight for this tab.
    pub fn pending_operations(&self) -> Vec<&'static str> {
        let mut pending = Vec::new();
        match &self.content {
            TabContent::Table(table) => {
                pending.extend(table.details.pending_operation());
                pending.extend(table.items.pending_operation());
                pending.extend(table.transfer.pending_operations());
                let writes = &table.writes;
                pending.extend(
                    [
                        table.ttl.pending_operation(),
                        table.delete_table.pending_operation(),
                        writes.save.pending_operation(),
                        writes.delete.pending_operation(),
                        writes.revert.pending_operation(),
                        writes.read_for_edit.pending_operation(),
                    ]
                    .into_iter()
                    .flatten(),
                );
            }
            TabContent::Function(function) => pending.extend(
                [
                    function.details.pending_operation(),
                    function.invocation.pending_operation(),
                ]
                .into_iter()
                .flatten(),
            ),
            TabContent::Api(api) => pending.extend(
                [
                    api.details.pending_operation(),
                    api.parts.pending_operation(),
                    api.route_invocation.pending_operation(),
                    api.http_response.pending_operation(),
                ]
                .into_iter()
                .flatten(),
            ),
            TabContent::FunctionList => {}
        }
        pending
    }

    /// Whether events are still queued for this tab after this frame.
    pub fn wants_more_frames(&self) -> bool {
        match &self.content {
            TabContent::Table(table) => {
                table.items.wants_more_frames || table.transfer.is_running()
            }
            _ => false,
        }
    }
}
