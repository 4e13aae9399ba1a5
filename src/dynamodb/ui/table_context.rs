//! What a table tab's views read and where they send what the user asks: one borrowed
//! context (kitdiff's `AppStateRef`) instead of a parameter for each piece.

use crate::connection::LiveConnection;
use crate::dynamodb::model::table_memory::TableMemory;
use crate::dynamodb::tab::TableCommand;
use crate::dynamodb::tab::TableTab;
use crate::shared::model::TabId;

/// The table tab as its views see it for one frame.
pub struct TableViewContext<'a> {
    /// The tab, which names its egui ids and windows.
    pub tab: TabId,
    /// The table's name as the tab was opened, known before DescribeTable answers.
    pub name: &'a str,
    /// The tab's state: details, items, writes, TTL, transfers.
    pub table: &'a TableTab,
    /// The tab's connection, once resolved: its region and endpoint go into the CLI preview.
    pub connection: Option<&'a LiveConnection>,
    /// What is remembered about this table: saved and recent queries, the version attribute.
    pub memory: Option<&'a TableMemory>,
    /// Writes are refused: the connection is read-only, or not resolved yet.
    pub read_only: bool,
    /// The connection's functions that can run locally (code folder attached, or local-only),
    /// for the stream's *Invoke locally*.
    pub local_functions: Vec<String>,
    /// Where the views push their tab's commands; the shell addresses them to this tab.
    pub commands: &'a mut Vec<TableCommand>,
}
