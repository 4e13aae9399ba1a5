//! A table tab's writes: saves, whole-item reads before editing, deletes and reverts. Each
//! is refused while another write to the same item is in flight (see
//! [`super::item_writes::WriteState::refuse_if_busy`]).

use super::item_writes::{Deleting, RowsAt};
use super::table_tab::{TableContext, TableTab};
use crate::dynamodb::model::item_edit::{Item, SaveRequest};

impl TableTab {
    pub(super) fn save_item(&mut self, ctx: &TableContext<'_>, request: SaveRequest) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        // One save at a time, and never beside another write to the same item: a second save
        // would replace the first's pending answer, and the history would miss a write.
        let touched: Vec<Item> = request
            .loaded
            .iter()
            .cloned()
            .chain(std::iter::once(request.edited.clone()))
            .collect();
        let pending = self.writes.save.is_pending();
        if self
            .writes
            .refuse_if_busy(pending, &touched, &request.key_schema)
        {
            return;
        }
        self.writes.saves_started += 1;
        self.writes.saving = Some(request.clone());
        self.writes
            .save
            .start(ctx.backend.spawn_fallible("UpdateItem", async move {
                crate::dynamodb::calls::writes::save_item(&clients, &request).await
            }));
    }

    /// Reads the whole item (strongly consistent) before the editor opens on it: the grid's
    /// copy may be a projection, and an editor must never save a partial item.
    pub(super) fn read_for_edit(&mut self, ctx: &TableContext<'_>, key: Item) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        let name = ctx.table.to_owned();
        self.writes.reads_started += 1;
        self.writes
            .read_for_edit
            .start(ctx.backend.spawn_fallible("GetItem", async move {
                crate::dynamodb::calls::writes::get_item(&clients, &name, &key).await
            }));
    }

    pub(super) fn delete_items(&mut self, ctx: &TableContext<'_>, items: Vec<Item>, at: RowsAt) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        let Some(details) = self.details.value() else {
            return;
        };
        let keys = details.key_schema.clone();
        let name = details.name.clone();
        let pending = self.writes.delete.is_pending();
        if self.writes.refuse_if_busy(pending, &items, &keys) {
            return;
        }
        let progress = self.writes.delete_progress.clone();
        progress.done.store(0, std::sync::atomic::Ordering::Relaxed);
        progress
            .total
            .store(items.len(), std::sync::atomic::Ordering::Relaxed);
        self.writes.deleting = Deleting {
            items: items.clone(),
            at,
        };
        let repaint = ctx.backend.repaint_callback();
        self.writes
            .delete
            .start(ctx.backend.spawn_fallible("DeleteItem", async move {
                crate::dynamodb::calls::deletes::batch_delete(
                    &clients,
                    &name,
                    items,
                    &keys,
                    move |done, total| {
                        progress
                            .done
                            .store(done, std::sync::atomic::Ordering::Relaxed);
                        progress
                            .total
                            .store(total, std::sync::atomic::Ordering::Relaxed);
                        repaint();
                    },
                )
                .await
            }));
    }

    pub(super) fn revert_write(&mut self, ctx: &TableContext<'_>, record_index: usize) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        let (Some(details), Some(record)) =
            (self.details.value(), self.writes.history.get(record_index))
        else {
            return;
        };
        let (name, keys, record) = (
            details.name.clone(),
            details.key_schema.clone(),
            record.clone(),
        );
        let touched: Vec<Item> = record
            .before
            .iter()
            .chain(record.after.iter())
            .cloned()
            .collect();
        let pending = self.writes.revert.is_pending();
        if self.writes.refuse_if_busy(pending, &touched, &keys) {
            return;
        }
        self.writes.reverting = Some(record_index);
        self.writes
            .revert
            .start(ctx.backend.spawn_fallible("Revert", async move {
                crate::dynamodb::calls::writes::revert(&clients, &name, &record, &keys).await
            }));
    }

    /// Deletes the table; the app closes the tab once it is gone.
    pub(super) fn delete_table(&mut self, ctx: &TableContext<'_>) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        let name = ctx.table.to_owned();
        self.items.cancel();
        self.delete_table
            .start(ctx.backend.spawn_fallible("DeleteTable", async move {
                crate::dynamodb::calls::admin::delete_table(&clients, &name).await
            }));
    }

    pub(super) fn update_ttl(
        &mut self,
        ctx: &TableContext<'_>,
        update: crate::dynamodb::model::ttl::TtlUpdate,
    ) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        let name = ctx.table.to_owned();
        self.ttl
            .start(ctx.backend.spawn_fallible("UpdateTimeToLive", async move {
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
