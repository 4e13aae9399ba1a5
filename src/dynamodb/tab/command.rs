//! What a table tab's view asks of its tab, and the tab's handling of it (kitdiff-style: the
//! app wraps these in `Command::Table` and hands them to the tab that owns them).

use std::path::PathBuf;

use super::item_writes::RowsAt;
use super::schema_state::SchemaCommand;
use super::stream_state::StreamCommand;
use super::table_tab::{TableContext, TableTab};
use super::transfer_state::{ExportScope, FilePurpose};
use crate::dynamodb::calls::items::LoadMode;
use crate::dynamodb::model::AttrValue;
use crate::dynamodb::model::export_format::ExportFormat;
use crate::dynamodb::model::expression::ItemsRequest;
use crate::dynamodb::model::item_edit::{Item, SaveRequest};
use crate::dynamodb::model::query_draft::{self, QueryDraft};
use crate::dynamodb::model::table_memory::{ColumnLayout, TableMemory};
use crate::dynamodb::model::ttl::TtlUpdate;
use crate::shared::model::TabRequest;

/// A request from a table tab's view.
#[derive(Clone, Debug, PartialEq)]
pub enum TableCommand {
    /// For the shell: refresh this tab, or open a linked resource.
    Tab(TabRequest),
    /// Delete the table (after the typed confirmation); the tab closes once it is gone.
    DeleteTable,
    /// Turn the table's TTL on or off.
    UpdateTtl {
        update: TtlUpdate,
    },
    /// Write the loaded items, the selected rows (`rows`, item indexes) or the whole table.
    Export {
        scope: ExportScope,
        rows: Vec<u32>,
        format: ExportFormat,
        path: PathBuf,
    },
    CancelExport,
    /// Read a file and check every row against the table; nothing is sent.
    CheckImport {
        format: ExportFormat,
        path: PathBuf,
    },
    /// Write the checked file's items (only when no row is wrong).
    RunImport,
    CancelImport,
    /// Ask the system for a file to export to or import from.
    PickFile {
        purpose: FilePurpose,
        suggested: String,
    },
    /// Remember a query under a name for this table.
    SaveQuery {
        name: String,
        draft: QueryDraft,
    },
    DeleteQuery {
        name: String,
    },
    /// Put a query that was just run first in the table's recent queries.
    RecordQuery {
        draft: QueryDraft,
    },
    /// Remember how the user arranged the columns.
    RememberColumns {
        layout: ColumnLayout,
    },
    /// Designate (or clear) the version attribute every save checks and bumps.
    SetVersionAttribute {
        name: Option<String>,
    },
    /// Replace the grid with what `request` returns (one page or all pages).
    RunItems {
        request: ItemsRequest,
        mode: LoadMode,
    },
    /// Append the next page of what the grid shows.
    LoadMore,
    /// Stop the load; loaded items stay.
    CancelLoad,
    /// Replace the grid with a PartiQL statement's results.
    RunPartiql {
        statement: String,
        parameters: Vec<AttrValue>,
    },
    /// Save an edited, new or duplicated item (conditionally).
    SaveItem {
        request: SaveRequest,
    },
    /// Read an item whole (strongly consistent) for the editor to open on.
    ReadForEdit {
        key: Item,
    },
    /// Delete items by their loaded images, each only if still as loaded; `at` is where
    /// their rows were, so the grid removes exactly those.
    DeleteItems {
        items: Vec<Item>,
        at: RowsAt,
    },
    /// Undo a write of this session (conditionally), by its place in the history.
    RevertWrite {
        index: usize,
    },
    /// The Schema section's own command.
    Schema(SchemaCommand),
    /// The Stream section's own command.
    Stream(StreamCommand),
}

impl TableTab {
    /// Handles one of this tab's commands. `memory` is what is remembered about its table.
    /// [`TableCommand::Tab`] is the shell's and is ignored here.
    pub fn handle(
        &mut self,
        command: TableCommand,
        ctx: &TableContext<'_>,
        memory: &mut TableMemory,
    ) {
        match command {
            TableCommand::Tab(_) => {}
            TableCommand::DeleteTable => self.delete_table(ctx),
            TableCommand::UpdateTtl { update } => self.update_ttl(ctx, update),
            TableCommand::Export {
                scope,
                rows,
                format,
                path,
            } => self.export(ctx, (scope, rows), format, path),
            TableCommand::CancelExport => self.transfer.export_progress.cancel(),
            TableCommand::CheckImport { format, path } => self.check_import(ctx, format, path),
            TableCommand::RunImport => self.run_import(ctx),
            TableCommand::CancelImport => self.transfer.import_progress.cancel(),
            TableCommand::PickFile { purpose, suggested } => {
                self.pick_file(ctx, purpose, suggested);
            }
            TableCommand::SaveQuery { name, draft } => {
                // The builder refuses blank names before sending this.
                let _refused = query_draft::save_query(&mut memory.saved_queries, &name, draft);
            }
            TableCommand::DeleteQuery { name } => {
                memory.saved_queries.retain(|q| q.name != name);
            }
            TableCommand::RecordQuery { draft } => {
                query_draft::remember_recent(&mut memory.recent_queries, draft);
            }
            TableCommand::RememberColumns { layout } => memory.columns = layout,
            TableCommand::SetVersionAttribute { name } => memory.version_attribute = name,
            TableCommand::RunItems { request, mode } => {
                self.start_items(ctx, request, None, mode, true);
            }
            TableCommand::LoadMore => self.load_more(ctx),
            TableCommand::CancelLoad => self.items.cancel(),
            TableCommand::RunPartiql {
                statement,
                parameters,
            } => self.run_partiql(ctx, statement, parameters, None),
            TableCommand::SaveItem { request } => self.save_item(ctx, request),
            TableCommand::ReadForEdit { key } => self.read_for_edit(ctx, key),
            TableCommand::DeleteItems { items, at } => self.delete_items(ctx, items, at),
            TableCommand::RevertWrite { index } => self.revert_write(ctx, index),
            TableCommand::Schema(command) => self.handle_schema(ctx, command, memory),
            TableCommand::Stream(command) => self.stream.handle(command, ctx),
        }
    }
}
