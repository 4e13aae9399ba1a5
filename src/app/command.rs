//! What the UI asks the app to do. Widgets push commands; the app handles them once per frame.

use crate::connection::live_connection::ConnectionId;
use std::path::PathBuf;

use crate::apigateway::model::api_parts::LambdaTarget;
use crate::apigateway::model::route_event::RouteRequest;
use crate::app::tab::InvocationInput;
use crate::app::workspace::ColumnLayout;
use crate::connection::model::ConnectionColour;
use crate::connection::model::ConnectionSpec;
use crate::dynamodb::calls::items::LoadMode;
use crate::dynamodb::model::AttrValue;
use crate::dynamodb::model::export_format::ExportFormat;
use crate::dynamodb::model::expression::ItemsRequest;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::item_edit::SaveRequest;
use crate::dynamodb::model::query_draft::QueryDraft;
use crate::dynamodb::model::table_spec::TableSpec;
use crate::dynamodb::model::ttl::TtlUpdate;
use crate::dynamodb::tab::item_writes::RowsAt;
use crate::dynamodb::tab::transfer_state::ExportScope;
use crate::dynamodb::tab::transfer_state::FilePurpose;
use crate::shared::calls::http_client::HttpRequest;
use crate::shared::model::ResourceRef;
use crate::shared::model::TabId;

/// A route tester run: the request, the route, and the function its integration calls.
#[derive(Clone, Debug, PartialEq)]
pub struct RouteTest {
    pub request: RouteRequest,
    pub route_key: String,
    pub target: LambdaTarget,
    /// `2.0` or `1.0`.
    pub payload_format_version: String,
}

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
    /// Delete the table a table tab shows (after the typed confirmation), then close the tab.
    DeleteTable(TabId),
    /// Turn the TTL of a table tab's table on or off.
    UpdateTtl {
        tab: TabId,
        update: TtlUpdate,
    },
    /// Write a table tab's loaded items, or its whole table, to a file.
    Export {
        tab: TabId,
        scope: ExportScope,
        /// The grid rows (item indexes) for [`ExportScope::Selected`].
        rows: Vec<u32>,
        format: ExportFormat,
        path: PathBuf,
    },
    CancelExport(TabId),
    /// Read a file and check every row against the tab's table; nothing is sent.
    CheckImport {
        tab: TabId,
        format: ExportFormat,
        path: PathBuf,
    },
    /// Write the checked file's items (only when no row is wrong).
    RunImport(TabId),
    CancelImport(TabId),
    /// Ask the system for a file to export to or import from.
    PickFile {
        tab: TabId,
        purpose: FilePurpose,
        suggested: String,
    },
    /// Re-read the profile names from the AWS config files.
    ReloadProfiles,
    RefreshTables(ConnectionId),
    RefreshFunctions(ConnectionId),
    RefreshApis(ConnectionId),
    /// Open a resource of a connection in a tab, or focus its tab if already open.
    Open {
        connection: ConnectionId,
        resource: ResourceRef,
    },
    /// Open a resource of the same connection as the tab at `from_tab` (links between views).
    OpenLinked {
        from_tab: TabId,
        resource: ResourceRef,
    },
    /// Remember a query under a name for the table of a table tab.
    SaveQuery {
        tab: TabId,
        name: String,
        draft: QueryDraft,
    },
    DeleteQuery {
        tab: TabId,
        name: String,
    },
    /// Put a query that was just run first in the table's recent queries.
    RecordQuery {
        tab: TabId,
        draft: QueryDraft,
    },
    /// Designate (or clear) the table's version attribute, checked and bumped by every save.
    SetVersionAttribute {
        tab: TabId,
        name: Option<String>,
    },
    /// Remember how the user arranged a table's columns.
    RememberColumns {
        tab: TabId,
        layout: ColumnLayout,
    },
    /// Reload what the tab at this index shows.
    RefreshTab(TabId),
    SelectTab(TabId),
    CloseTab(TabId),
    /// Replace a table tab's items with what `request` returns (one page or all pages).
    RunItems {
        tab: TabId,
        request: ItemsRequest,
        mode: LoadMode,
    },
    /// Append the next page of what the tab's grid shows.
    LoadMore(TabId),
    /// Stop the tab's load; loaded items stay.
    CancelLoad(TabId),
    /// Replace a table tab's items with a PartiQL statement's results.
    RunPartiql {
        tab: TabId,
        statement: String,
        parameters: Vec<AttrValue>,
    },
    /// Invoke the function of a function tab.
    Invoke {
        tab: TabId,
        input: InvocationInput,
    },
    /// Save a test event for a function (replacing one of the same name).
    SaveEvent {
        function: String,
        name: String,
        payload: String,
    },
    RenameEvent {
        function: String,
        from: String,
        to: String,
    },
    DeleteEvent {
        function: String,
        name: String,
    },
    /// Build the route's event as API Gateway would and invoke its function.
    TestRouteInvoke {
        tab: TabId,
        test: RouteTest,
    },
    /// Send a plain HTTP request (the route tester's "Send HTTP request").
    TestRouteHttp {
        tab: TabId,
        request: HttpRequest,
    },
    /// Save an edited, new or duplicated item (conditionally).
    SaveItem {
        tab: TabId,
        request: SaveRequest,
    },
    /// Delete items by their loaded images, each only if still as loaded; `at` is where
    /// their rows were, so the grid removes exactly those.
    DeleteItems {
        tab: TabId,
        items: Vec<Item>,
        at: RowsAt,
    },
    /// Read an item whole (strongly consistent) for the editor to open on.
    ReadForEdit {
        tab: TabId,
        key: Item,
    },
    /// Undo a write of this session (conditionally).
    RevertWrite {
        tab: TabId,
        index: usize,
    },
    /// Show or hide the environment variable values of the function tab `tab`, on that tab's
    /// connection only.
    RevealEnvironment {
        tab: TabId,
        revealed: bool,
    },
}
