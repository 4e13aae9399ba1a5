//! Restores the remembered workspace at start and writes it back whenever it changes.

use crate::app::state::AppState;
use crate::app::tab::Tab;
use crate::app::workspace::SavedConnection;
use crate::app::workspace::SavedTab;
use crate::app::workspace::Workspace;
use crate::connection::live_connection::ConnectionId;
use crate::connection::model::ConnectionSpec;
use crate::shared::bridge::backend::Backend;

impl AppState {
    /// What to remember now: connections (without keys), open tabs, table memories.
    pub fn workspace(&self) -> Workspace {
        let index_of = |id: ConnectionId| self.connections.iter().position(|c| c.id == id);
        let mut workspace = Workspace {
            connections: self
                .connections
                .iter()
                .map(|c| SavedConnection::from_spec(&c.spec, c.colour))
                .collect(),
            tabs: self
                .tabs
                .iter()
                .filter_map(|tab| {
                    Some(SavedTab {
                        connection: index_of(tab.connection)?,
                        resource: tab.resource.clone(),
                    })
                })
                .collect(),
            active_tab: self
                .active_tab
                .and_then(|id| self.tabs.iter().position(|t| t.id == id)),
            tables: self.table_memory.clone(),
            recent: self.recent.clone(),
            code_language: self.code_language,
        };
        workspace.tidy();
        workspace
    }

    /// Starts the connections and reopens the tabs of `workspace`, with `requested` (from the
    /// command line) as the current connection. A requested connection that matches a
    /// remembered one takes its place (with its keys, and read-only if either says so); the
    /// default chain with nothing remembered, or anything else, is added.
    pub fn restore(
        &mut self,
        mut workspace: Workspace,
        requested: ConnectionSpec,
        backend: &Backend,
    ) {
        workspace.tidy();
        let same_target = |saved: &SavedConnection| {
            saved.profile == requested.profile
                && saved.region == requested.region
                && saved.endpoint_url == requested.endpoint_url
        };
        let explicit = requested != ConnectionSpec::default();
        let mut current = None;
        let mut ids = Vec::new();
        for saved in &workspace.connections {
            let (spec, is_requested) = if same_target(saved) {
                let spec = ConnectionSpec {
                    read_only: requested.read_only || saved.read_only,
                    ..requested.clone()
                };
                (spec, true)
            } else {
                (saved.spec(), false)
            };
            let id = self.add_connection(spec, Some(saved.colour), backend);
            if is_requested {
                current = Some(id);
            }
            ids.push(id);
        }
        if current.is_none() && (explicit || self.connections.is_empty()) {
            current = Some(self.add_connection(requested, None, backend));
        }
        for tab in workspace.tabs {
            if let Some(&id) = ids.get(tab.connection) {
                let tab_id = self.new_tab_id();
                self.tabs.push(Tab::new(tab_id, id, tab.resource));
            }
        }
        self.active_tab = workspace
            .active_tab
            .and_then(|i| self.tabs.get(i))
            .map(|t| t.id);
        self.table_memory = workspace.tables;
        self.recent = workspace.recent;
        self.code_language = workspace.code_language;
        self.current_connection = current
            .or_else(|| self.active().map(|t| t.connection))
            .or_else(|| self.connections.first().map(|c| c.id))
            .unwrap_or(ConnectionId(0));
        self.saved_workspace = Some(self.workspace());
    }

    /// Writes the workspace file when anything in it changed since the last write.
    pub fn save_workspace_if_changed(&mut self) {
        let Some(dir) = self.config_dir.clone() else {
            return;
        };
        let workspace = self.workspace();
        if self.saved_workspace.as_ref() == Some(&workspace) {
            return;
        }
        // Written off the UI thread; a failed write is retried on the next change (see
        // `take_write_failures`), and the session goes on either way.
        if self
            .file_writer
            .save(&dir, Workspace::FILE_NAME, &workspace)
            .is_ok()
        {
            self.saved_workspace = Some(workspace);
        }
    }

    /// Notes config writes that failed on the writer thread: the workspace is written again
    /// on the next change, a test-events failure is shown where events are edited.
    pub(crate) fn take_write_failures(&mut self) -> bool {
        let failures = self.file_writer.failures();
        for (name, error) in &failures {
            if name == Workspace::FILE_NAME {
                self.saved_workspace = None;
            } else if name == crate::lambda::model::saved_events::FILE_NAME {
                self.saved_events_error = Some(format!("Could not save test events: {error}"));
            } else if name == crate::local_lambda::model::local_setups::FILE_NAME {
                self.local_setups_error = Some(format!("Could not save the local setups: {error}"));
            }
        }
        !failures.is_empty()
    }
}
