//! What the UI asks the app to do. Widgets push commands; the app handles them once per frame.
//! A tab's own commands travel nested (`Command::Table { tab, cmd }`) and are handled by the tab
//! that owns them; what concerns connections, tabs as a whole, or app-wide state stays here.

use crate::apigateway::rest_tab::RestApiCommand;
use crate::apigateway::tab::ApiCommand;
use crate::connection::live_connection::ConnectionId;
use crate::connection::model::{ConnectionColour, ConnectionSpec};
use crate::dynamodb::model::table_spec::TableSpec;
use crate::dynamodb::tab::TableCommand;
use crate::lambda::tab::FunctionCommand;
use crate::shared::model::{ResourceRef, TabId};

/// A request from the UI to change app state or start a call.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Point a connection somewhere else (or reconnect it) and reload what it shows.
    Reconnect {
        connection: ConnectionId,
        spec: ConnectionSpec,
    },
    /// Add a connection beside the others.
    AddConnection(ConnectionSpec),
    /// Remove a connection and close its tabs.
    RemoveConnection(ConnectionId),
    SetConnectionColour {
        connection: ConnectionId,
        colour: ConnectionColour,
    },
    /// Make this the connection the connection bar edits.
    SelectConnection(ConnectionId),
    /// Create a table on a connection, wait for it to become active, then open it.
    CreateTable {
        connection: ConnectionId,
        spec: TableSpec,
    },
    /// Re-read the profile names from the AWS config files.
    ReloadProfiles,
    RefreshTables(ConnectionId),
    RefreshFunctions(ConnectionId),
    RefreshApis(ConnectionId),
    /// Describe a connection's first tables for the welcome's largest tables.
    DescribeTableSizes(ConnectionId),
    /// Open a resource of a connection in a tab, or focus its tab if already open.
    Open {
        connection: ConnectionId,
        resource: ResourceRef,
    },
    /// Open a resource of the same connection as `from_tab` (links between views).
    OpenLinked {
        from_tab: TabId,
        resource: ResourceRef,
    },
    /// Open a resource the welcome lists as recent, on the connection it was opened on.
    OpenRecent(crate::app::recent::RecentResource),
    /// Reload what a tab shows.
    RefreshTab(TabId),
    SelectTab(TabId),
    CloseTab(TabId),
    /// A table tab's own command.
    Table {
        tab: TabId,
        cmd: TableCommand,
    },
    /// A function tab's own command.
    Function {
        tab: TabId,
        cmd: FunctionCommand,
    },
    /// An API tab's own command.
    Api {
        tab: TabId,
        cmd: ApiCommand,
    },
    /// A REST API tab's own command.
    RestApi {
        tab: TabId,
        cmd: RestApiCommand,
    },
    /// A log group tab's own command.
    Logs {
        tab: TabId,
        cmd: crate::logs::tab::LogsCommand,
    },
    /// List the connection's log groups (for the palette, when it opens).
    RefreshLogGroups(ConnectionId),
    /// Define a function that exists only locally (code folder, runtime, handler) and open it.
    CreateLocalFunction {
        connection: ConnectionId,
        name: String,
        setup: crate::local_lambda::model::LocalSetup,
    },
}
