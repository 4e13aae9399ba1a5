//! An open resource in the main area: its stable id, its connection, and the service's tab
//! state. Every dispatch over tab kinds is an exhaustive match: a new kind makes the compiler
//! list each place to fill in.

use crate::apigateway::rest_tab::RestApiTab;
use crate::apigateway::tab::ApiTab;
use crate::connection::live_connection::ConnectionId;
use crate::dynamodb::tab::TableTab;
use crate::lambda::tab::FunctionTab;
use crate::logs::tab::LogsTab;
use crate::shared::model::{ResourceRef, TabId};

/// What a tab holds: the resource it shows and the data loaded for it.
pub struct Tab {
    /// Stable for the tab's whole life (a reconnect keeps it).
    pub id: TabId,
    /// The connection the resource belongs to.
    pub connection: ConnectionId,
    pub resource: ResourceRef,
    pub content: TabContent,
}

/// The loaded data of a tab, by resource kind.
pub enum TabContent {
    Table(Box<TableTab>),
    Function(Box<FunctionTab>),
    Api(Box<ApiTab>),
    RestApi(Box<RestApiTab>),
    LogGroup(Box<LogsTab>),
    /// Shows the navigator's function list; nothing of its own to load.
    FunctionList,
}

impl Tab {
    pub fn new(id: TabId, connection: ConnectionId, resource: ResourceRef) -> Self {
        let content = match &resource {
            ResourceRef::Table { .. } => TabContent::Table(Box::default()),
            ResourceRef::Function { .. } => TabContent::Function(Box::default()),
            ResourceRef::Api { .. } => TabContent::Api(Box::default()),
            ResourceRef::RestApi { .. } => TabContent::RestApi(Box::default()),
            ResourceRef::LogGroup { .. } => TabContent::LogGroup(Box::default()),
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
            TabContent::Table(table) => table.poll(),
            TabContent::Function(function) => function.poll(),
            TabContent::Api(api) => api.poll(),
            TabContent::RestApi(api) => api.poll(),
            TabContent::LogGroup(logs) => logs.poll(),
            TabContent::FunctionList => false,
        }
    }

    /// Operations in flight for this tab.
    pub fn pending_operations(&self) -> Vec<&'static str> {
        match &self.content {
            TabContent::Table(table) => table.pending_operations(),
            TabContent::Function(function) => function.pending_operations(),
            TabContent::Api(api) => api.pending_operations(),
            TabContent::RestApi(api) => api.pending_operations(),
            TabContent::LogGroup(logs) => logs.pending_operations(),
            TabContent::FunctionList => Vec::new(),
        }
    }

    /// Whether events are still queued for this tab after this frame.
    pub fn wants_more_frames(&self) -> bool {
        match &self.content {
            TabContent::Table(table) => table.wants_more_frames(),
            TabContent::Function(_)
            | TabContent::Api(_)
            | TabContent::RestApi(_)
            | TabContent::LogGroup(_)
            | TabContent::FunctionList => false,
        }
    }
}
