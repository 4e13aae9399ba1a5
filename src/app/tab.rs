//! An open resource in the main area.

use super::items_state::ItemsState;
use super::request::Request;
use crate::model::{ApiDetails, FunctionDetails, ResourceRef, TableDetails};

/// What a tab holds: the resource it shows and the data loaded for it.
pub struct Tab {
    pub resource: ResourceRef,
    pub content: TabContent,
}

/// A table tab: its settings and its items.
pub struct TableTab {
    pub details: Request<TableDetails>,
    pub items: ItemsState,
}

/// The loaded data of a tab, by resource kind.
pub enum TabContent {
    Table(Box<TableTab>),
    Function(Box<Request<FunctionDetails>>),
    Api(Box<Request<ApiDetails>>),
}

impl Tab {
    pub fn new(resource: ResourceRef) -> Self {
        let content = match &resource {
            ResourceRef::Table { .. } => TabContent::Table(Box::new(TableTab {
                details: Request::new("DescribeTable"),
                items: ItemsState::new(&[]),
            })),
            ResourceRef::Function { .. } => {
                TabContent::Function(Box::new(Request::new("GetFunction")))
            }
            ResourceRef::Api { .. } => TabContent::Api(Box::new(Request::new("GetApi"))),
        };
        Self { resource, content }
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
                changed
            }
            TabContent::Function(request) => request.poll(),
            TabContent::Api(request) => request.poll(),
        }
    }

    /// Operations in flight for this tab.
    pub fn pending_operations(&self) -> Vec<&'static str> {
        let mut pending = Vec::new();
        match &self.content {
            TabContent::Table(table) => {
                if table.details.is_pending() {
                    pending.push(table.details.operation());
                }
                pending.extend(table.items.pending_operation());
            }
            TabContent::Function(r) if r.is_pending() => pending.push(r.operation()),
            TabContent::Api(r) if r.is_pending() => pending.push(r.operation()),
            _ => {}
        }
        pending
    }

    /// Whether events are still queued for this tab after this frame.
    pub fn wants_more_frames(&self) -> bool {
        match &self.content {
            TabContent::Table(table) => table.items.wants_more_frames,
            _ => false,
        }
    }
}
