//! Adding, pointing, removing and reloading connections.

use crate::app::state::AppState;
use crate::app::tab::Tab;
use crate::app::tab::TabContent;
use crate::connection::live_connection::ConnectionId;
use crate::connection::live_connection::LiveConnection;
use crate::connection::model::ConnectionColour;
use crate::connection::model::ConnectionSpec;
use crate::connection::model::EndpointPreset;
use crate::shared::bridge::backend::Backend;
use crate::shared::model::TabId;

impl AppState {
    /// Adds a connection beside the others and starts resolving it; it becomes the current one.
    pub fn add_connection(
        &mut self,
        spec: ConnectionSpec,
        colour: Option<ConnectionColour>,
        backend: &Backend,
    ) -> ConnectionId {
        self.remember_endpoint(&spec);
        let id = ConnectionId(self.next_connection_id);
        self.next_connection_id += 1;
        let colour = colour.unwrap_or_else(|| ConnectionColour::nth(self.connections.len()));
        self.connections
            .push(LiveConnection::start(id, spec, colour, backend));
        self.current_connection = id;
        id
    }

    /// Points a connection at `spec`; its lists and its tabs reload once it resolves.
    pub fn reconnect(&mut self, id: ConnectionId, spec: ConnectionSpec, backend: &Backend) {
        self.remember_endpoint(&spec);
        let Some(connection) = self.connection_mut(id) else {
            return;
        };
        let same_target = ConnectionSpec {
            read_only: spec.read_only,
            ..connection.spec.clone()
        } == spec;
        connection.reconnect(spec, backend);
        self.current_connection = id;
        if !same_target {
            // Values revealed on one account are not revealed on the next one it points at.
            self.revealed_environments.retain(|(c, _)| *c != id);
        }
        for tab in self.tabs.iter_mut().filter(|t| t.connection == id) {
            let mut fresh = Tab::new(tab.id, id, tab.resource.clone());
            // A running import keeps its window, so it can say why it stopped (the old
            // clients now refuse its next batch).
            if let (TabContent::Table(old), TabContent::Table(new)) =
                (&mut tab.content, &mut fresh.content)
            {
                std::mem::swap(&mut old.transfer, &mut new.transfer);
                // On the same database, this session's writes (and a delete or save still in
                // flight) stay: the history must not miss a write that happened, and Revert
                // still applies. Pointed elsewhere, they describe another database.
                if same_target {
                    std::mem::swap(&mut old.writes, &mut new.writes);
                }
            }
            *tab = fresh;
        }
    }

    fn remember_endpoint(&mut self, spec: &ConnectionSpec) {
        if let Some(url) = &spec.endpoint_url
            && EndpointPreset::for_url(Some(url)) == EndpointPreset::Custom
        {
            self.settings.remember_endpoint(url);
            if let Some(dir) = &self.config_dir {
                // Losing the recent-endpoints list is harmless; the connection goes on.
                let _ignored = self.file_writer.save(
                    dir,
                    crate::app::config_dir::SETTINGS_FILE,
                    &self.settings,
                );
            }
        }
    }

    pub(crate) fn remove_connection(&mut self, id: ConnectionId) {
        // The last connection stays: the connection bar always edits one.
        if self.connections.len() <= 1 {
            return;
        }
        while let Some(tab) = self.tabs.iter().find(|t| t.connection == id).map(|t| t.id) {
            self.close_tab(tab);
        }
        if let Some(connection) = self.connection(id) {
            connection.revoke_writes("the connection was removed");
        }
        self.connections.retain(|c| c.id != id);
        self.revealed_environments.retain(|(c, _)| *c != id);
        if self.current_connection == id {
            self.current_connection = self
                .active()
                .map_or_else(|| self.connections[0].id, |t| t.connection);
        }
    }

    /// Reloads the lists and the tabs of a connection that just resolved.
    pub(crate) fn reload_connection(&mut self, id: ConnectionId, backend: &Backend) {
        if let Some(connection) = self.connection_mut(id) {
            connection.refresh_identity(backend);
            connection.refresh_tables(backend);
            connection.refresh_functions(backend);
            connection.refresh_apis(backend);
        }
        let tabs: Vec<TabId> = self
            .tabs
            .iter()
            .filter(|t| t.connection == id)
            .map(|t| t.id)
            .collect();
        for tab in tabs {
            self.refresh_tab(tab, backend);
        }
    }
}
