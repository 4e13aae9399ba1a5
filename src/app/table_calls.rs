//! Calls about a table itself rather than its items: TTL, deleting it, and what follows an
//! import or a delete.

use crate::app::state::AppState;
use crate::app::tab::TabContent;
use crate::app::tab::TableTab;
use crate::dynamodb::calls::items::LoadMode;
use crate::dynamodb::model::ttl::TtlUpdate;
use crate::dynamodb::tab::items_state::ItemsSource;
use crate::shared::bridge::backend::Backend;
use crate::shared::model::ResourceRef;
use crate::shared::model::TabId;

impl AppState {
    /// Runs a table tab's query or scan again after an import wrote to its table.
    pub(crate) fn reload_after_imports(&mut self, backend: &Backend) {
        let tabs: Vec<TabId> = self.tabs.iter().map(|t| t.id).collect();
        for index in tabs {
            let Some(table) = self.table_tab_mut(index) else {
                continue;
            };
            if !std::mem::take(&mut table.transfer.imported) {
                continue;
            }
            if let Some(ItemsSource::Request(request)) = table.items.source.clone() {
                self.start_items(index, request, None, LoadMode::OnePage, true, backend);
            }
        }
    }

    /// Closes the tabs of tables that were just deleted and refreshes their connection's list.
    pub(crate) fn close_deleted_tables(&mut self, backend: &Backend) {
        while let Some((tab, id)) = self
            .tabs
            .iter()
            .find(
                |tab| matches!(&tab.content, TabContent::Table(t) if t.delete_table.value().is_some()),
            )
            .map(|t| (t.id, t.connection))
        {
            self.close_tab(tab);
            if let Some(connection) = self.connection_mut(id) {
                connection.refresh_tables(backend);
            }
        }
    }

    pub(crate) fn delete_table(&mut self, index: TabId, backend: &Backend) {
        let Some((clients, name, table)) = self.table_target(index) else {
            return;
        };
        table.items.cancel();
        table
            .delete_table
            .start(backend.spawn_fallible("DeleteTable", async move {
                crate::dynamodb::calls::admin::delete_table(&clients, &name).await
            }));
    }

    /// The clients, table name and state of a table tab, for calls about the table itself.
    pub(crate) fn table_target(
        &mut self,
        index: TabId,
    ) -> Option<(crate::connection::calls::AwsClients, String, &mut TableTab)> {
        let clients = self.tab_clients(index)?;
        let tab = self.tab_mut(index)?;
        match (&tab.resource, &mut tab.content) {
            (ResourceRef::Table { name }, TabContent::Table(table)) => {
                Some((clients, name.clone(), table))
            }
            _ => None,
        }
    }

    pub(crate) fn update_ttl(&mut self, index: TabId, update: TtlUpdate, backend: &Backend) {
        let Some((clients, name, table)) = self.table_target(index) else {
            return;
        };
        table
            .ttl
            .start(backend.spawn_fallible("UpdateTimeToLive", async move {
                crate::dynamodb::calls::admin::update_ttl(
                    &clients,
                    &name,
                    update.enabled,
                    &update.attribute_name,
                )
                .await
            }));
    }
}
