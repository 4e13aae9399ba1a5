//! The main area when no tab is open: what Stratus does, what was used last, a summary of the
//! current connection from which each resource opens, the shortcuts, and how to try the demo.

use std::collections::BTreeMap;

use egui::RichText;

use crate::app::AppState;
use crate::app::Command;
use crate::connection::LiveConnection;
use crate::connection::live_connection::SIZED_TABLES;
use crate::connection::model::health::Health;
use crate::connection::model::table_size;
use crate::shared::model::ResourceRef;
use crate::shared::widgets::{colour_stripe, error_ui, named_button, set_accessible_name};

/// How many names each summary list shows before "and N more".
const SUMMARY_NAMES: usize = 8;

pub fn welcome_ui(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    egui::ScrollArea::vertical()
        .id_salt("welcome")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            // Lines a reader can follow on a wide screen; the whole width on a narrow one.
            ui.set_max_width(ui.available_width().min(760.0));
            ui.add_space(8.0);
            ui.heading("Welcome to Stratus");
            ui.add(
                egui::Label::new(
                    "Browse and edit DynamoDB tables, test Lambda functions and API Gateway \
                     routes, on AWS or on a local emulator, several accounts side by side.",
                )
                .wrap(),
            );
            ui.add(
                egui::Label::new(
                    RichText::new(
                        "Open a table, function or API from the navigator on the left, or \
                         from the lists below.",
                    )
                    .weak(),
                )
                .wrap(),
            );
            ui.add_space(12.0);
            if let Some(connection) = state.current() {
                summary_ui(ui, connection, commands);
            }
            recent_ui(ui, state, commands);
            connections_ui(ui, state, commands);
            shortcuts_ui(ui);
            demo_ui(ui);
        });
}

/// What the current connection holds: counts, tables, functions by runtime, APIs.
fn summary_ui(ui: &mut egui::Ui, connection: &LiveConnection, commands: &mut Vec<Command>) {
    let id = connection.id;
    ui.label(RichText::new(format!("On {}", connection.label())).strong());
    match connection.health() {
        Health::Connecting => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Connecting…");
            });
            ui.add_space(12.0);
            return;
        }
        Health::NotConnected(_) => {
            ui.add(
                egui::Label::new(
                    RichText::new(
                        "Not connected yet: the navigator on the left says why and how to fix it.",
                    )
                    .weak(),
                )
                .wrap(),
            );
            ui.add_space(12.0);
            return;
        }
        Health::Connected(_) => {}
    }
    let tables = connection.tables.value();
    let functions = connection.functions.value();
    let apis = connection.all_apis();
    let count = |n: Option<usize>, noun: &str| match n {
        Some(n) => format!("{n} {noun}"),
        None => format!("? {noun}"),
    };
    ui.label(format!(
        "{} · {} · {}",
        count(tables.map(Vec::len), "tables"),
        count(functions.map(Vec::len), "functions"),
        count(apis.as_ref().map(Vec::len), "APIs"),
    ));
    let open = |resource: ResourceRef| Command::Open {
        connection: id,
        resource,
    };
    if let Some(tables) = tables.filter(|t| !t.is_empty()) {
        names_ui(
            ui,
            "Tables",
            tables.iter().map(|t| {
                (
                    t.name.clone(),
                    ResourceRef::Table {
                        name: t.name.clone(),
                    },
                )
            }),
            &mut |resource| commands.push(open(resource)),
        );
        largest_tables_ui(ui, connection, commands);
    }
    if let Some(functions) = functions.filter(|f| !f.is_empty()) {
        let mut by_runtime: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for function in functions {
            let runtime = function.runtime.as_deref().unwrap_or("container image");
            by_runtime.entry(runtime).or_default().push(&function.name);
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Functions by runtime:").weak());
            // Each runtime opens a list of its functions, each of which opens.
            for (runtime, names) in &by_runtime {
                ui.menu_button(format!("{runtime} ({})", names.len()), |ui| {
                    egui::ScrollArea::vertical()
                        .max_height(320.0)
                        .show(ui, |ui| {
                            for name in names {
                                let button = ui.button(*name);
                                set_accessible_name(
                                    ui,
                                    &button,
                                    &format!("Open {runtime} function {name}"),
                                );
                                if button.clicked() {
                                    commands.push(open(ResourceRef::Function {
                                        name: (*name).to_owned(),
                                    }));
                                    ui.close();
                                }
                            }
                        });
                });
            }
            if named_button(ui, "All functions…", "Open the function table").clicked() {
                commands.push(open(ResourceRef::FunctionList));
            }
        });
        names_ui(
            ui,
            "Functions",
            functions.iter().map(|f| {
                (
                    f.name.clone(),
                    ResourceRef::Function {
                        name: f.name.clone(),
                    },
                )
            }),
            &mut |resource| commands.push(open(resource)),
        );
    }
    if let Some(apis) = apis.filter(|a| !a.is_empty()) {
        names_ui(
            ui,
            "APIs",
            apis.iter().map(|a| (a.name.clone(), a.resource())),
            &mut |resource| commands.push(open(resource)),
        );
    }
    ui.add_space(12.0);
}

/// The largest tables by size (or items where no size is reported), described on request.
fn largest_tables_ui(ui: &mut egui::Ui, connection: &LiveConnection, commands: &mut Vec<Command>) {
    let id = connection.id;
    let sizes = &connection.table_sizes;
    if let Some(error) = sizes.error() {
        error_ui(ui, error, Command::DescribeTableSizes(id), commands);
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Largest tables:").weak());
        match sizes.value() {
            None if sizes.is_pending() => {
                ui.spinner();
                ui.label(RichText::new("describing the tables…").weak());
            }
            None => {
                let ask =
                    named_button(ui, "Find…", "Find the largest tables").on_hover_text(format!(
                        "Describe the first {SIZED_TABLES} tables (DescribeTable) for their \
                         item counts and sizes, which AWS refreshes about every six hours"
                    ));
                if ask.clicked() {
                    commands.push(Command::DescribeTableSizes(id));
                }
            }
            Some(known) => {
                let ranked = table_size::largest(known, SUMMARY_NAMES);
                if ranked.is_empty() {
                    ui.label(RichText::new("no sizes reported").weak());
                }
                for size in ranked {
                    let link = ui.link(format!("{} ({})", size.name, table_size::describe(size)));
                    set_accessible_name(ui, &link, &format!("Open large table {}", size.name));
                    if link.clicked() {
                        commands.push(Command::Open {
                            connection: id,
                            resource: ResourceRef::Table {
                                name: size.name.clone(),
                            },
                        });
                    }
                }
            }
        }
    });
}

/// A row of links, each opening its resource, the first few of them.
fn names_ui(
    ui: &mut egui::Ui,
    title: &str,
    entries: impl ExactSizeIterator<Item = (String, ResourceRef)>,
    open: &mut dyn FnMut(ResourceRef),
) {
    let total = entries.len();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{title}:")).weak());
        for (name, resource) in entries.take(SUMMARY_NAMES) {
            let link = ui.link(&name);
            let kind = resource.kind_label();
            // "table", "function", but "API" and "REST API" as written.
            let kind = if kind.chars().any(char::is_lowercase) {
                kind.to_lowercase()
            } else {
                kind.to_owned()
            };
            let label = format!("Open {kind} {name}");
            set_accessible_name(ui, &link, &label);
            if link.on_hover_text(&label).clicked() {
                open(resource);
            }
        }
        if total > SUMMARY_NAMES {
            ui.label(RichText::new(format!("and {} more", total - SUMMARY_NAMES)).weak());
        }
    });
}

/// What was opened lately, on which connection; each opens again.
fn recent_ui(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    if state.recent.is_empty() {
        return;
    }
    ui.label(RichText::new("Opened recently").strong());
    for recent in &state.recent {
        ui.horizontal(|ui| {
            colour_stripe(ui, recent.connection.colour, 4.0);
            let title = format!(
                "{} · {}",
                recent.resource.kind_label(),
                recent.resource.title()
            );
            let link = ui.link(&title);
            let name = format!("Open recent {title}");
            set_accessible_name(ui, &link, &name);
            if link.clicked() {
                commands.push(Command::OpenRecent(recent.clone()));
            }
            let spec = recent.connection.spec();
            let region = spec.region.as_deref().unwrap_or("default region");
            ui.label(RichText::new(format!("on {} · {region}", spec.target_label())).weak());
        });
    }
    ui.add_space(12.0);
}

/// The connections of this session (those remembered from the last one come back at start).
fn connections_ui(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.label(RichText::new("Connections").strong());
    for connection in &state.connections {
        ui.horizontal(|ui| {
            colour_stripe(ui, connection.colour, 4.0);
            let current = state.current_connection == connection.id;
            let label = ui.selectable_label(current, connection.label());
            set_accessible_name(
                ui,
                &label,
                &format!("Use connection {}", connection.label()),
            );
            if label.clicked() {
                commands.push(Command::SelectConnection(connection.id));
            }
            let status = match connection.health() {
                Health::Connecting => "connecting…".to_owned(),
                Health::Connected(Some(identity)) if !identity.account.is_empty() => {
                    format!("connected, account {}", identity.account)
                }
                Health::Connected(_) => "connected".to_owned(),
                Health::NotConnected(error) => format!(
                    "not connected: {}",
                    crate::connection::model::health::reason(error.kind)
                ),
            };
            ui.label(RichText::new(status).weak());
        });
    }
    ui.add_space(12.0);
}

fn shortcuts_ui(ui: &mut egui::Ui) {
    ui.label(RichText::new("Keyboard").strong());
    egui::Grid::new("welcome_shortcuts")
        .num_columns(2)
        .spacing([16.0, 2.0])
        .show(ui, |ui| {
            for (keys, what) in [
                (
                    "Ctrl+K",
                    "find any table, function or API, and every command",
                ),
                ("F1", "every shortcut"),
                ("F5", "refresh the open tab"),
                ("Ctrl+Enter", "run the query or invoke the function"),
                ("Ctrl+W", "close the tab"),
            ] {
                ui.label(RichText::new(keys).monospace());
                ui.label(what);
                ui.end_row();
            }
        });
    ui.add_space(12.0);
}

fn demo_ui(ui: &mut egui::Ui) {
    ui.label(RichText::new("Try it on demo data").strong());
    ui.add(
        egui::Label::new(
            "From the source folder, this starts a local moto emulator with demo tables, \
             functions and APIs, and opens Stratus on it (no AWS account needed):",
        )
        .wrap(),
    );
    ui.horizontal(|ui| {
        let command = "scripts/demo";
        ui.label(RichText::new(command).monospace());
        if named_button(ui, "Copy", "Copy the command scripts/demo").clicked() {
            ui.ctx().copy_text(command.to_owned());
        }
    });
}
