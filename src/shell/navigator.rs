//! The navigator: tables, functions and APIs of every connection, each with a filter.

use egui::RichText;

use std::collections::{HashMap, HashSet};

use crate::shared::widgets::colour_stripe;

use crate::shared::widgets::error_ui;

use crate::shared::widgets::named_button;

use crate::shared::widgets::named_text_field;

use crate::shared::widgets::read_only_badge;

use crate::app::AppState;
use crate::app::Command;
use crate::app::tab::TabContent;
use crate::connection::ConnectionId;
use crate::connection::LiveConnection;
use crate::connection::model::EndpointPreset;
use crate::shared::bridge::request::Request;
use crate::shared::model::ResourceRef;
use crate::shared::model::resource::matches_filter;
use crate::shared::widgets::set_accessible_name;
use crate::shell::connection_health;

/// The filter boxes' text, per connection.
#[derive(Default)]
pub struct NavigatorState {
    filters: HashMap<ConnectionId, Filters>,
    /// Connections whose lists the user folded away.
    collapsed: HashSet<ConnectionId>,
    /// The connection whose "New local function" was clicked, for the shell to open the form.
    pub new_local_function: Option<ConnectionId>,
}

#[derive(Default)]
struct Filters {
    tables: String,
    functions: String,
    apis: String,
}

/// One row of a navigator list: what to show and what opening it means.
struct Entry {
    label: String,
    detail: String,
    /// A short mark drawn after the label: an API's protocol.
    badge: Option<String>,
    resource: ResourceRef,
}

/// Rows beyond this many are scrolled within their section.
const SECTION_MAX_HEIGHT: f32 = 320.0;

/// Draws the navigator; returns the connection whose "New table" button was clicked.
pub fn navigator_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    navigator: &mut NavigatorState,
    commands: &mut Vec<Command>,
) -> Option<ConnectionId> {
    let mut new_table = None;
    navigator
        .filters
        .retain(|id, _| state.connection(*id).is_some());
    let several = state.connections.len() > 1;
    let open = state.active();
    // Ctrl+F filters the grid when a table is open, else the tables of this connection.
    let grid_shown = open.is_some_and(|t| matches!(t.content, TabContent::Table(_)));
    let focus_filter =
        !grid_shown && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::F));
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for connection in &state.connections {
                let open = open
                    .filter(|t| t.connection == connection.id)
                    .map(|t| &t.resource);
                if several {
                    let collapsed = navigator.collapsed.contains(&connection.id);
                    if connection_header_ui(ui, state, connection, collapsed, commands) {
                        if collapsed {
                            navigator.collapsed.remove(&connection.id);
                        } else {
                            navigator.collapsed.insert(connection.id);
                        }
                    }
                    if collapsed {
                        ui.add_space(6.0);
                        continue;
                    }
                }
                let filters = navigator.filters.entry(connection.id).or_default();
                // Names stay unique for screen readers and tests when connections repeat them.
                let suffix = if several {
                    format!(" ({})", connection.short_label())
                } else {
                    String::new()
                };
                ui.push_id(connection.id.0, |ui| {
                    // Until the connection works, its lists stay quiet and it says why once.
                    if !connection_health::lists_or_problem_ui(ui, state, connection, commands) {
                        return;
                    }
                    let focus = focus_filter && state.current_connection == connection.id;
                    connection_lists_ui(ui, connection, focus, filters, &suffix, open, commands);
                    if local_functions_ui(ui, state, connection.id, &suffix, open, commands) {
                        navigator.new_local_function = Some(connection.id);
                    }
                    let button = ui
                        .add_enabled(!connection.spec.read_only, egui::Button::new("New table…"))
                        .on_hover_text("Create a DynamoDB table: keys, billing, indexes")
                        .on_disabled_hover_text("This connection is read-only");
                    set_accessible_name(ui, &button, &format!("New table{suffix}"));
                    if button.clicked() {
                        new_table = Some(connection.id);
                    }
                });
                if several {
                    ui.add_space(6.0);
                }
            }
        });
    new_table
}

/// A connection's heading when several are open: fold button, colour, name, read-only badge.
/// Returns true when the fold button was clicked.
fn connection_header_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    connection: &LiveConnection,
    collapsed: bool,
    commands: &mut Vec<Command>,
) -> bool {
    let mut toggled = false;
    ui.horizontal(|ui| {
        let (arrow, verb) = if collapsed {
            ("▶", "Expand")
        } else {
            ("▼", "Collapse")
        };
        let fold = ui.add(egui::Button::new(arrow).frame(false));
        set_accessible_name(
            ui,
            &fold,
            &format!("{verb} connection {}", connection.label()),
        );
        toggled = fold.clicked();
        colour_stripe(ui, connection.colour, 6.0);
        let current = state.current_connection == connection.id;
        let title = RichText::new(connection.label()).strong();
        let header = ui
            .selectable_label(current, title)
            .on_hover_text("Edit this connection in the bar above");
        set_accessible_name(ui, &header, &format!("Connection {}", connection.label()));
        if header.clicked() {
            commands.push(Command::SelectConnection(connection.id));
        }
        if connection.spec.read_only {
            read_only_badge(ui, "read-only", true);
        }
        connection_health::bar_mark_ui(ui, connection);
    });
    toggled
}

fn connection_lists_ui(
    ui: &mut egui::Ui,
    connection: &LiveConnection,
    focus_filter: bool,
    filters: &mut Filters,
    suffix: &str,
    open: Option<&ResourceRef>,
    commands: &mut Vec<Command>,
) {
    let id = connection.id;
    let tables = connection.tables.value().map(|tables| {
        tables
            .iter()
            .map(|t| Entry {
                label: t.name.clone(),
                detail: "DynamoDB table".to_owned(),
                badge: None,
                resource: ResourceRef::Table {
                    name: t.name.clone(),
                },
            })
            .collect::<Vec<_>>()
    });
    section_ui(
        ui,
        Section {
            title: "DynamoDB tables",
            noun: "tables",
            suffix,
            connection: id,
            requests: vec![&connection.tables],
            entries: tables,
            filter: &mut filters.tables,
            refresh: Command::RefreshTables(id),
            focus_filter,
            empty_hint: empty_tables_hint(connection),
            list_tab: None,
        },
        open,
        commands,
    );
    let functions = connection.functions.value().map(|functions| {
        functions
            .iter()
            .map(|f| Entry {
                label: f.name.clone(),
                detail: format!(
                    "{} · {} MB · {} s timeout",
                    f.runtime.as_deref().unwrap_or("container image"),
                    f.memory_mb.unwrap_or_default(),
                    f.timeout_s.unwrap_or_default()
                ),
                badge: None,
                resource: ResourceRef::Function {
                    name: f.name.clone(),
                },
            })
            .collect::<Vec<_>>()
    });
    section_ui(
        ui,
        Section {
            title: "Lambda functions",
            noun: "functions",
            suffix,
            connection: id,
            requests: vec![&connection.functions],
            entries: functions,
            filter: &mut filters.functions,
            refresh: Command::RefreshFunctions(id),
            focus_filter: false,
            empty_hint: None,
            list_tab: Some(ResourceRef::FunctionList),
        },
        open,
        commands,
    );
    // REST APIs (v1) and HTTP / WebSocket ones (v2) come from two calls, listed as one.
    let apis = connection.all_apis().map(|apis| {
        apis.iter()
            .map(|a| Entry {
                label: a.name.clone(),
                detail: format!("{} API {}", a.protocol, a.id),
                badge: Some(a.protocol.clone()),
                resource: a.resource(),
            })
            .collect::<Vec<_>>()
    });
    section_ui(
        ui,
        Section {
            title: "API Gateway APIs",
            noun: "APIs",
            suffix,
            connection: id,
            requests: vec![&connection.apis, &connection.rest_apis],
            entries: apis,
            filter: &mut filters.apis,
            refresh: Command::RefreshApis(id),
            focus_filter: false,
            empty_hint: None,
            list_tab: None,
        },
        open,
        commands,
    );
}

/// The connection's local-only functions, each marked "local", and "New local function";
/// true when that was clicked.
fn local_functions_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    connection: ConnectionId,
    suffix: &str,
    open: Option<&ResourceRef>,
    commands: &mut Vec<Command>,
) -> bool {
    let local = state.local_only_functions(connection);
    if !local.is_empty() {
        egui::CollapsingHeader::new(
            RichText::new(format!("Local functions ({})", local.len())).strong(),
        )
        .id_salt("Local functions")
        .default_open(true)
        .show(ui, |ui| {
            for (name, setup) in &local {
                let resource = ResourceRef::Function { name: name.clone() };
                ui.horizontal(|ui| {
                    let response = ui
                        .selectable_label(open == Some(&resource), name)
                        .on_hover_text(format!(
                            "{} · local only · code in {}",
                            setup.runtime.as_deref().unwrap_or("no runtime"),
                            setup.code_dir.display()
                        ));
                    ui.label(RichText::new("local").small().weak());
                    if response.clicked() {
                        commands.push(Command::Open {
                            connection,
                            resource: resource.clone(),
                        });
                    }
                });
            }
        });
    }
    let button = ui
        .button("New local function…")
        .on_hover_text("A function that runs only on this machine: code folder, runtime, handler");
    set_accessible_name(ui, &button, &format!("New local function{suffix}"));
    button.clicked()
}

/// DynamoDB Local keeps one database per access key and region unless started with -sharedDb,
/// the classic reason for an unexpectedly empty list.
fn empty_tables_hint(connection: &LiveConnection) -> Option<&'static str> {
    let url = connection.spec.endpoint_url.as_deref()?;
    (EndpointPreset::for_url(Some(url)) == EndpointPreset::DynamoDbLocal || url.ends_with(":8000"))
        .then_some(
            "DynamoDB Local keeps a separate database for each access key and region \
             unless it runs with -sharedDb.",
        )
}

struct Section<'a, T: Send + 'static> {
    title: &'static str,
    noun: &'static str,
    /// Added to accessible names when several connections are open.
    suffix: &'a str,
    connection: ConnectionId,
    /// The calls the list comes from (APIs: v2 and REST), each with its own error.
    requests: Vec<&'a Request<T>>,
    entries: Option<Vec<Entry>>,
    filter: &'a mut String,
    refresh: Command,
    empty_hint: Option<&'static str>,
    /// Ctrl+F was pressed with no grid to filter: this filter takes the focus.
    focus_filter: bool,
    /// A tab that shows the whole list with more detail.
    list_tab: Option<ResourceRef>,
}

fn section_ui<T: Send + 'static>(
    ui: &mut egui::Ui,
    section: Section<'_, T>,
    open: Option<&ResourceRef>,
    commands: &mut Vec<Command>,
) {
    let pending = section
        .requests
        .iter()
        .find(|r| r.is_pending())
        .map(|r| r.operation());
    let count = section
        .entries
        .as_ref()
        .map_or_else(String::new, |e| format!(" ({})", e.len()));
    egui::CollapsingHeader::new(RichText::new(format!("{}{count}", section.title)).strong())
        .id_salt(section.title)
        .default_open(true)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                let filter_name = format!("Filter {}{}", section.noun, section.suffix);
                let filter = named_text_field(ui, section.filter, &filter_name, "Filter…", 170.0);
                if section.focus_filter {
                    filter.request_focus();
                }
                let refresh_name = format!("Refresh {}{}", section.noun, section.suffix);
                if named_button(ui, "Refresh", &refresh_name).clicked() {
                    commands.push(section.refresh.clone());
                }
                if let Some(tab) = &section.list_tab
                    && named_button(
                        ui,
                        "Table",
                        &format!("Show all {} as a table{}", section.noun, section.suffix),
                    )
                    .clicked()
                {
                    commands.push(Command::Open {
                        connection: section.connection,
                        resource: tab.clone(),
                    });
                }
                if pending.is_some() && section.entries.is_some() {
                    ui.spinner();
                }
            });
            // One call failing leaves the other's entries listed below its error.
            for error in section.requests.iter().filter_map(|r| r.error()) {
                error_ui(ui, error, section.refresh.clone(), commands);
            }
            let Some(entries) = section.entries else {
                if let Some(operation) = pending {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(format!("{operation}…"));
                    });
                }
                return;
            };
            let shown: Vec<&Entry> = entries
                .iter()
                .filter(|e| matches_filter(&e.label, section.filter))
                .collect();
            if entries.is_empty() {
                ui.label(RichText::new(format!("No {} in this region.", section.noun)).weak());
                if let Some(hint) = section.empty_hint {
                    ui.add(egui::Label::new(RichText::new(hint).italics()).wrap());
                }
                return;
            }
            if shown.is_empty() {
                ui.label(
                    RichText::new(format!(
                        "No {} match \u{201c}{}\u{201d}.",
                        section.noun,
                        section.filter.trim()
                    ))
                    .weak(),
                );
                return;
            }
            let row_height = ui.spacing().interact_size.y;
            egui::ScrollArea::vertical()
                .id_salt(section.title)
                .max_height(SECTION_MAX_HEIGHT)
                .auto_shrink([false, true])
                .show_rows(ui, row_height, shown.len(), |ui, rows| {
                    for entry in &shown[rows] {
                        let selected = open == Some(&entry.resource);
                        let response = ui
                            .horizontal(|ui| {
                                let response = ui
                                    .selectable_label(selected, &entry.label)
                                    .on_hover_text(&entry.detail);
                                if let Some(badge) = &entry.badge {
                                    ui.label(RichText::new(badge).small().weak());
                                }
                                response
                            })
                            .inner;
                        if response.clicked() {
                            commands.push(Command::Open {
                                connection: section.connection,
                                resource: entry.resource.clone(),
                            });
                        }
                    }
                });
        });
}
