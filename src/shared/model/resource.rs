//! Summaries of the resources a connection lists, and references to open one in a tab.

/// A DynamoDB table as the navigator lists it. ListTables returns names only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableSummary {
    pub name: String,
}

/// A Lambda function as ListFunctions describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FunctionSummary {
    pub name: String,
    pub runtime: Option<String>,
    pub memory_mb: Option<i32>,
    pub timeout_s: Option<i32>,
    pub last_modified: Option<String>,
}

/// An API Gateway API: a REST API (v1), or an HTTP or WebSocket API (v2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiSummary {
    pub id: String,
    pub name: String,
    /// `REST`, `HTTP` or `WEBSOCKET`.
    pub protocol: String,
    pub endpoint: Option<String>,
}

/// Which resource a tab shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ResourceRef {
    Table {
        name: String,
    },
    Function {
        name: String,
    },
    Api {
        id: String,
        name: String,
    },
    /// A REST API (API Gateway v1); `Api` is an HTTP or WebSocket one.
    RestApi {
        id: String,
        name: String,
    },
    /// Every Lambda function of the connection, as a table.
    FunctionList,
    /// A CloudWatch Logs log group.
    LogGroup {
        name: String,
    },
}

impl ApiSummary {
    /// The protocol REST APIs are marked with.
    pub const REST: &'static str = "REST";

    /// The tab this API opens in: the REST API view or the HTTP / WebSocket one.
    pub fn resource(&self) -> ResourceRef {
        let (id, name) = (self.id.clone(), self.name.clone());
        if self.protocol == Self::REST {
            ResourceRef::RestApi { id, name }
        } else {
            ResourceRef::Api { id, name }
        }
    }
}

impl ResourceRef {
    /// The tab title.
    pub fn title(&self) -> &str {
        match self {
            Self::Table { name }
            | Self::Function { name }
            | Self::Api { name, .. }
            | Self::RestApi { name, .. }
            | Self::LogGroup { name } => name,
            Self::FunctionList => "All functions",
        }
    }

    /// The kind of resource, as a user would say it.
    pub fn kind_label(&self) -> &'static str {
        match self {
            Self::Table { .. } => "Table",
            Self::Function { .. } => "Function",
            Self::Api { .. } => "API",
            Self::RestApi { .. } => "REST API",
            Self::LogGroup { .. } => "Log group",
            Self::FunctionList => "Lambda",
        }
    }
}

/// Case-insensitive substring match used by the navigator's filter boxes.
pub fn matches_filter(name: &str, filter: &str) -> bool {
    let filter = filter.trim();
    filter.is_empty() || name.to_lowercase().contains(&filter.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_is_case_insensitive_and_trims() {
        assert!(matches_filter("Orders", " ord "));
        assert!(matches_filter("Orders", ""));
        assert!(!matches_filter("Orders", "users"));
        assert!(matches_filter("Überweisungen", "überw"));
    }
}
