//! What follows a table tab's calls at the app's level: a deleted table's tab closes, and a
//! table an import wrote to shows its items again.

use crate::app::state::AppState;
use crate::app::tab::TabContent;
use crate::dynamodb::tab::TableContext;
use crate::shared::bridge::backend::Backend;
use crate::shared::model::{ResourceRef, TabId};

impl AppState {
    /// Runs a table tab's query or scan again after an import wrote to its table.
    pub(crate) fn reload_after_imports(&mut self, backend: &Backend) {
        let tabs: Vec<TabId> = self.tabs.iter().map(|t| t.id).collect();
        for tab in tabs {
            let clients = self.tab_clients(tab);
            let Some(found) = self.tab_mut(tab) else {
                continue;
            };
            if let (ResourceRef::Table { name }, TabContent::Table(table)) =
                (&found.resource, &mut found.content)
                && std::mem::take(&mut table.transfer.imported)
            {
                table.reload_items(&TableContext {
                    clients,
                    table: name,
                    backend,
                });
            }
        }
    }

    /// Closes the tabs of tables that were just deleted and refreshes their connection's list.
    pub(crate) fn close_deleted_tables(&mut self, backend: &Backend) {
        while let Some((tab, id)) = self
            .tabs
            .iter()
            .find(|tab| {
                matches!(&tab.content, TabContent::Table(t) if matches!(t.delete_table.latest(), Some(Ok(()))))
            })
            .map(|t| (t.id, t.connection))
        {
            self.close_tab(tab);
            if let Some(connection) = self.connection_mut(id) {
                connection.refresh_tables(backend);
            }
        }
    }
}
