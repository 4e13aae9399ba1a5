//! Everything the app knows at one moment. The UI draws from it; only `logic` changes it.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use crate::app::config_dir::Settings;
use crate::app::tab::Tab;
use crate::app::workspace::Workspace;
use crate::app::workspace::table_key;
use crate::connection::calls::AwsClients;
use crate::connection::live_connection::ConnectionId;
use crate::connection::live_connection::LiveConnection;
use crate::dynamodb::model::table_memory::TableMemory;
use crate::lambda::model::saved_events;
use crate::lambda::model::saved_events::SavedEvents;
use crate::shared::bridge::request::Request;
use crate::shared::model::ResourceRef;
use crate::shared::model::TabId;
use crate::shared::model::request_code::CodeLanguage;

/// App state: the connections and their lists, the open tabs and user settings.
pub struct AppState {
    /// Every connection, in the navigator's order. Never empty once the app has started.
    pub connections: Vec<LiveConnection>,
    /// The connection the connection bar edits: the active tab's, or the one last chosen.
    pub current_connection: ConnectionId,
    pub(crate) next_connection_id: u32,
    pub profiles: Request<Vec<String>>,
    pub tabs: Vec<Tab>,
    pub active_tab: Option<TabId>,
    /// The id the next opened tab gets.
    pub(crate) next_tab_id: u64,
    /// Functions whose environment variable values the user chose to see, each on its own
    /// connection: revealing `orders` on one account leaves another's `orders` hidden.
    pub revealed_environments: HashSet<(ConnectionId, String)>,
    pub settings: Settings,
    /// Test events saved per function, kept in the config directory.
    pub saved_events: SavedEvents,
    /// Why the last save, rename or delete of a test event was refused.
    pub saved_events_error: Option<String>,
    /// Column layout, saved and recent queries, by [`table_key`].
    pub table_memory: BTreeMap<String, TableMemory>,
    /// Resources opened lately, newest first, for the welcome.
    pub recent: Vec<crate::app::recent::RecentResource>,
    /// The language requests are shown in as code (remembered in the workspace).
    pub code_language: CodeLanguage,
    /// Where settings are kept; `None` keeps nothing on disk.
    pub config_dir: Option<PathBuf>,
    /// The workspace as last written, to write only when it changed.
    pub(crate) saved_workspace: Option<Workspace>,
    /// Writes config files off the UI thread.
    pub(crate) file_writer: crate::app::file_writer::FileWriter,
    /// Where each function's code is, to run it locally, per connection.
    pub local_setups: crate::local_lambda::model::LocalSetups,
    /// Runs functions locally; its instances stop when the app drops it.
    pub local_runner: crate::local_lambda::calls::LocalRunner,
    /// Why the local setups could not be written, shown in the Local code section.
    pub local_setups_error: Option<String>,
}

impl AppState {
    pub fn new(config_dir: Option<PathBuf>) -> Self {
        let settings = config_dir
            .as_deref()
            .map(Settings::load)
            .unwrap_or_default();
        let saved_events = config_dir
            .as_deref()
            .map(|dir| crate::app::json_file::load(dir, saved_events::FILE_NAME))
            .unwrap_or_default();
        let local_setups = config_dir
            .as_deref()
            .map(|dir| {
                crate::app::json_file::load(
                    dir,
                    crate::local_lambda::model::local_setups::FILE_NAME,
                )
            })
            .unwrap_or_default();
        let local_runner =
            crate::local_lambda::calls::LocalRunner::new(local_cache_dir(config_dir.as_deref()));
        Self {
            connections: Vec::new(),
            current_connection: ConnectionId(0),
            next_connection_id: 0,
            profiles: Request::new("Read AWS profiles"),
            tabs: Vec::new(),
            active_tab: None,
            next_tab_id: 0,
            revealed_environments: HashSet::new(),
            settings,
            saved_events,
            saved_events_error: None,
            table_memory: BTreeMap::new(),
            recent: Vec::new(),
            code_language: CodeLanguage::default(),
            config_dir,
            saved_workspace: None,
            file_writer: crate::app::file_writer::FileWriter::new(),
            local_setups,
            local_runner,
            local_setups_error: None,
        }
    }

    /// Attaches `--code` folders to functions of `spec`'s connection, keeping any other local
    /// setting the user made for them, and remembers them.
    pub fn attach_code_folders(
        &mut self,
        spec: &crate::connection::model::ConnectionSpec,
        folders: &[(String, PathBuf)],
    ) {
        if folders.is_empty() {
            return;
        }
        let key = crate::app::workspace::connection_key(spec);
        for (function, dir) in folders {
            let mut setup = self
                .local_setups
                .get(&key, function)
                .cloned()
                .unwrap_or_default();
            setup.code_dir.clone_from(dir);
            self.local_setups.put(&key, function, setup);
        }
        if let Some(dir) = &self.config_dir {
            let file = crate::local_lambda::model::local_setups::FILE_NAME;
            if let Err(error) = crate::app::json_file::save(dir, file, &self.local_setups) {
                tracing::warn!("could not remember the code folders: {error}");
            }
        }
    }

    pub fn connection(&self, id: ConnectionId) -> Option<&LiveConnection> {
        self.connections.iter().find(|c| c.id == id)
    }

    pub fn connection_mut(&mut self, id: ConnectionId) -> Option<&mut LiveConnection> {
        self.connections.iter_mut().find(|c| c.id == id)
    }

    /// The connection the connection bar edits.
    pub fn current(&self) -> Option<&LiveConnection> {
        self.connection(self.current_connection)
            .or_else(|| self.connections.first())
    }

    /// The tab with this id, if it is still open.
    pub fn tab(&self, id: TabId) -> Option<&Tab> {
        self.tabs.iter().find(|t| t.id == id)
    }

    pub fn tab_mut(&mut self, id: TabId) -> Option<&mut Tab> {
        self.tabs.iter_mut().find(|t| t.id == id)
    }

    /// The active tab, if any.
    pub fn active(&self) -> Option<&Tab> {
        self.tab(self.active_tab?)
    }

    /// A new tab id, never used before in this run.
    pub(crate) fn new_tab_id(&mut self) -> TabId {
        self.next_tab_id += 1;
        TabId(self.next_tab_id)
    }

    /// The connection of a tab.
    pub fn tab_connection(&self, id: TabId) -> Option<&LiveConnection> {
        self.connection(self.tab(id)?.connection)
    }

    /// The clients of the tab's connection, once resolved.
    pub(crate) fn tab_clients(&self, id: TabId) -> Option<AwsClients> {
        self.tab_connection(id)?.clients.clone()
    }

    /// The connection and function name of a function tab, as environment reveals are kept.
    pub(crate) fn function_of_tab(&self, id: TabId) -> Option<(ConnectionId, String)> {
        let tab = self.tab(id)?;
        match &tab.resource {
            ResourceRef::Function { name } => Some((tab.connection, name.clone())),
            ResourceRef::Table { .. }
            | ResourceRef::Api { .. }
            | ResourceRef::RestApi { .. }
            | ResourceRef::LogGroup { .. }
            | ResourceRef::FunctionList => None,
        }
    }

    /// Whether the function tab shows its environment values.
    pub fn environment_revealed(&self, id: TabId) -> bool {
        self.function_of_tab(id)
            .is_some_and(|key| self.revealed_environments.contains(&key))
    }

    /// Whether the tab's connection refuses writes.
    pub fn tab_read_only(&self, id: TabId) -> bool {
        self.tab_connection(id).is_none_or(|c| c.spec.read_only)
    }

    /// The memory of a table of a connection, if anything is remembered.
    pub fn table_memory(&self, connection: ConnectionId, table: &str) -> Option<&TableMemory> {
        let spec = &self.connection(connection)?.spec;
        self.table_memory.get(&table_key(spec, table))
    }

    /// Operations in flight, for the status line.
    pub fn pending_operations(&self) -> Vec<&'static str> {
        let mut pending = Vec::new();
        for connection in &self.connections {
            pending.extend(connection.pending_operations());
        }
        pending.extend(self.profiles.pending_operation());
        pending.extend(self.tabs.iter().flat_map(Tab::pending_operations));
        pending
    }
}

/// Where local runs keep their bootstrap shims and downloaded code: the platform's cache
/// folder, or beside a custom config folder (tests), so nothing is shared between them.
pub(crate) fn local_cache_dir(config_dir: Option<&std::path::Path>) -> PathBuf {
    let platform = directories::ProjectDirs::from("dev", "stratus", "stratus")
        .map(|d| d.cache_dir().join("local-runs"));
    match (config_dir, platform) {
        (Some(dir), Some(platform))
            if Some(dir) == crate::app::config_dir::default_config_dir().as_deref() =>
        {
            platform
        }
        (Some(dir), _) => dir.join("local-runs"),
        (None, Some(platform)) => platform,
        (None, None) => std::env::temp_dir().join("stratus-local-runs"),
    }
}
