//! An open resource in the main area.

use super::request::Request;
use crate::model::{ApiDetails, FunctionDetails, ResourceRef, TableDetails};

/// What a tab holds: the resource it shows and the data loaded for it.
pub struct Tab {
    pub resource: ResourceRef,
    pub content: TabContent,
}

/// The loaded data of a tab, by resource kind.
pub enum TabContent {
    Table(Request<TableDetails>),
    Function(Request<FunctionDetails>),
    Api(Request<ApiDetails>),
}

impl Tab {
    pub fn new(resource: ResourceRef) -> Self {
        let content = match &resource {
            ResourceRef::Table { .. } => TabContent::Table(Request::new("DescribeTable")),
            ResourceRef::Function { .. } => TabContent::Function(Request::new("GetFunction")),
            ResourceRef::Api { .. } => TabContent::Api(Request::new("GetApi")),
        };
        Self { resource, content }
    }

    /// Moves finished calls into place; true when something changed.
    pub fn poll(&mut self) -> bool {
        match &mut self.content {
            TabContent::Table(request) => request.poll(),
            TabContent::Function(request) => request.poll(),
            TabContent::Api(request) => request.poll(),
        }
    }

    /// The operation in flight for this tab, if any.
    pub fn pending_operation(&self) -> Option<&'static str> {
        let (pending, operation) = match &self.content {
            TabContent::Table(r) => (r.is_pending(), r.operation()),
            TabContent::Function(r) => (r.is_pending(), r.operation()),
            TabContent::Api(r) => (r.is_pending(), r.operation()),
        };
        pending.then_some(operation)
    }
}
