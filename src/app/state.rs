//! Everything the app knows at one moment. The UI draws from it; only `logic` changes it.

use std::collections::HashSet;
use std::path::PathBuf;

use poll_promise::Promise;

use super::config_dir::Settings;
use super::request::Request;
use super::tab::Tab;
use crate::aws::AwsClients;
use crate::model::saved_events::{self, SavedEvents};
use crate::model::{ApiSummary, ConnectionSpec, FunctionSummary, TableSummary};

/// App state: the connection, the navigator's lists, the open tabs and user settings.
pub struct AppState {
    /// The connection in use, or being connected.
    pub connection: ConnectionSpec,
    /// Built once the connection resolves; `None` while connecting.
    pub clients: Option<AwsClients>,
    pub(crate) connecting: Option<Promise<AwsClients>>,
    pub profiles: Request<Vec<String>>,
    pub tables: Request<Vec<TableSummary>>,
    pub functions: Request<Vec<FunctionSummary>>,
    pub apis: Request<Vec<ApiSummary>>,
    pub tabs: Vec<Tab>,
    pub active_tab: Option<usize>,
    /// Functions whose environment variable values the user chose to see.
    pub revealed_environments: HashSet<String>,
    pub settings: Settings,
    /// Test events saved per function, kept in the config directory.
    pub saved_events: SavedEvents,
    /// Why the last save, rename or delete of a test event was refused.
    pub saved_events_error: Option<String>,
    /// Where settings are kept; `None` keeps nothing on disk.
    pub config_dir: Option<PathBuf>,
}

impl AppState {
    pub fn new(connection: ConnectionSpec, config_dir: Option<PathBuf>) -> Self {
        let settings = config_dir
            .as_deref()
            .map(Settings::load)
            .unwrap_or_default();
        let saved_events = config_dir
            .as_deref()
            .map(|dir| super::json_file::load(dir, saved_events::FILE_NAME))
            .unwrap_or_default();
        Self {
            connection,
            clients: None,
            connecting: None,
            profiles: Request::new("Read AWS profiles"),
            tables: Request::new("ListTables"),
            functions: Request::new("ListFunctions"),
            apis: Request::new("GetApis"),
            tabs: Vec::new(),
            active_tab: None,
            revealed_environments: HashSet::new(),
            settings,
            saved_events,
            saved_events_error: None,
            config_dir,
        }
    }

    /// The region in use once connected.
    pub fn region(&self) -> Option<&str> {
        self.clients.as_ref().map(|c| c.region.as_str())
    }

    pub fn is_connecting(&self) -> bool {
        self.connecting.is_some()
    }

    /// Operations in flight, for the status line.
    pub fn pending_operations(&self) -> Vec<&'static str> {
        let mut pending = Vec::new();
        if self.is_connecting() {
            pending.push("Connect");
        }
        for (is_pending, operation) in [
            (self.profiles.is_pending(), self.profiles.operation()),
            (self.tables.is_pending(), self.tables.operation()),
            (self.functions.is_pending(), self.functions.operation()),
            (self.apis.is_pending(), self.apis.operation()),
        ] {
            if is_pending {
                pending.push(operation);
            }
        }
        pending.extend(self.tabs.iter().flat_map(Tab::pending_operations));
        pending
    }
}
