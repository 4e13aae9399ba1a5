//! What Stratus remembers between runs: connections, open tabs, and per table the column
//! layout, saved queries and recent queries. Never a secret: keys given directly to a
//! connection are not part of it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::connection::model::ConnectionSpec;
use crate::connection::model::connection_colour::ConnectionColour;
use crate::dynamodb::model::table_memory::TableMemory;
use crate::shared::model::ResourceRef;
use crate::shared::model::request_code::CodeLanguage;

/// A connection as remembered: where it points, its colour, and whether it is read-only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedConnection {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    #[serde(default)]
    pub read_only: bool,
    pub colour: ConnectionColour,
}

impl SavedConnection {
    /// What to remember of `spec`: its static keys and retry override are left out.
    pub fn from_spec(spec: &ConnectionSpec, colour: ConnectionColour) -> Self {
        Self {
            profile: spec.profile.clone(),
            region: spec.region.clone(),
            endpoint_url: spec.endpoint_url.clone(),
            read_only: spec.read_only,
            colour,
        }
    }

    pub fn spec(&self) -> ConnectionSpec {
        ConnectionSpec {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            read_only: self.read_only,
            ..Default::default()
        }
    }
}

/// Identifies the account a table lives in, for per-table memory: the same table name on two
/// connections keeps two layouts.
pub use crate::connection::model::connection::connection_key;

/// The key of one table's memory.
pub fn table_key(spec: &ConnectionSpec, table: &str) -> String {
    format!("{}|{table}", connection_key(spec))
}

/// An open tab: which remembered connection and which resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedTab {
    /// Index into [`Workspace::connections`].
    pub connection: usize,
    pub resource: ResourceRef,
}

/// The whole remembered workspace. Unknown or missing fields fall back to defaults, so an old
/// or hand-edited file never stops the app from starting.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Workspace {
    pub connections: Vec<SavedConnection>,
    pub tabs: Vec<SavedTab>,
    pub active_tab: Option<usize>,
    /// By [`table_key`].
    pub tables: BTreeMap<String, TableMemory>,
    /// Resources opened lately, newest first (the welcome's list).
    pub recent: Vec<crate::app::recent::RecentResource>,
    /// The language requests are shown in as code.
    pub code_language: CodeLanguage,
}

impl Workspace {
    pub const FILE_NAME: &'static str = "workspace.json";

    /// Drops tabs that point at no connection and empty table memories.
    pub fn tidy(&mut self) {
        let connections = self.connections.len();
        self.tabs.retain(|tab| tab.connection < connections);
        if self
            .active_tab
            .is_some_and(|active| active >= self.tabs.len())
        {
            self.active_tab = None;
        }
        self.tables.retain(|_, memory| !memory.is_empty());
        self.recent.truncate(crate::app::recent::MAX_RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connection::model::StaticCredentials;

    #[test]
    fn remembered_connections_never_hold_keys() {
        let spec = ConnectionSpec {
            endpoint_url: Some("http://localhost:8000".into()),
            static_credentials: Some(StaticCredentials {
                access_key_id: "AKIDEXAMPLE".into(),
                secret_access_key: "wJalrXUtnFEMI/K7MDENG".into(),
            }),
            read_only: true,
            max_attempts: Some(1),
            ..Default::default()
        };
        let saved = SavedConnection::from_spec(&spec, ConnectionColour::nth(2));
        let text = serde_json::to_string(&Workspace {
            connections: vec![saved.clone()],
            ..Default::default()
        })
        .expect("json");
        assert!(!text.contains("wJalrXUtnFEMI"));
        assert!(!text.contains("AKIDEXAMPLE"));
        let back = saved.spec();
        assert!(back.read_only);
        assert_eq!(back.endpoint_url, spec.endpoint_url);
        assert_eq!(back.static_credentials, None);
    }

    #[test]
    fn tidy_drops_dangling_tabs_and_empty_memories() {
        let mut workspace: Workspace = serde_json::from_str(
            r#"{"connections":[{"profile":null,"region":"eu-west-1","endpoint_url":null,
                "colour":[1,2,3]}],
                "tabs":[{"connection":0,"resource":{"Table":{"name":"a"}}},
                        {"connection":7,"resource":"FunctionList"}],
                "active_tab":1,
                "tables":{"x":{},"y":{"columns":{"hidden":["b"]}}},
                "unknown":42}"#,
        )
        .expect("parse");
        workspace.tidy();
        assert_eq!(workspace.tabs.len(), 1);
        assert_eq!(workspace.active_tab, None);
        assert_eq!(workspace.tables.len(), 1);
        assert_eq!(workspace.tables["y"].columns.hidden, vec!["b".to_owned()]);
    }

    #[test]
    fn table_keys_separate_connections() {
        let local = ConnectionSpec {
            endpoint_url: Some("http://localhost:8000".into()),
            ..Default::default()
        };
        let prod = ConnectionSpec {
            profile: Some("prod".into()),
            ..Default::default()
        };
        assert_ne!(table_key(&local, "Orders"), table_key(&prod, "Orders"));
    }
}
