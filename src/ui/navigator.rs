//! The navigator: tables, functions and APIs of the connection, each with a filter.

use egui::RichText;

use super::widgets::{error_ui, named_button, named_text_field};
use crate::app::request::Request;
use crate::app::{AppState, Command};
use crate::model::resource::matches_filter;
use crate::model::{EndpointPreset, ResourceRef};

/// The filter boxes' text.
#[derive(Default)]
pub struct NavigatorState {
    pub table_filter: String,
    pub function_filter: String,
    pub api_filter: String,
}

/// One row of a navigator list: what to show and what opening it means.
struct Entry {
    label: String,
    detail: String,
    resource: ResourceRef,
}

/// Rows beyond this many are scrolled within their section.
const SECTION_MAX_HEIGHT: f32 = 320.0;

pub fn navigator_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    navigator: &mut NavigatorState,
    commands: &mut Vec<Command>,
) {
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let open = state
                .active_tab
                .and_then(|i| state.tabs.get(i))
                .map(|t| &t.resource);
            let tables = state.tables.value().map(|tables| {
                tables
                    .iter()
                    .map(|t| Entry {
                        label: t.name.clone(),
                        detail: "DynamoDB table".to_owned(),
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
                    request: &state.tables,
                    entries: tables,
                    filter: &mut navigator.table_filter,
                    refresh: Command::RefreshTables,
                    empty_hint: empty_tables_hint(state),
                    list_tab: None,
                },
                open,
                commands,
            );
            let functions = state.functions.value().map(|functions| {
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
                    request: &state.functions,
                    entries: functions,
                    filter: &mut navigator.function_filter,
                    refresh: Command::RefreshFunctions,
                    empty_hint: None,
                    list_tab: Some(ResourceRef::FunctionList),
                },
                open,
                commands,
            );
            let apis = state.apis.value().map(|apis| {
                apis.iter()
                    .map(|a| Entry {
                        label: a.name.clone(),
                        detail: format!("{} API {}", a.protocol, a.id),
                        resource: ResourceRef::Api {
                            id: a.id.clone(),
                            name: a.name.clone(),
                        },
                    })
                    .collect::<Vec<_>>()
            });
            section_ui(
                ui,
                Section {
                    title: "API Gateway APIs",
                    noun: "APIs",
                    request: &state.apis,
                    entries: apis,
                    filter: &mut navigator.api_filter,
                    refresh: Command::RefreshApis,
                    empty_hint: None,
                    list_tab: None,
                },
                open,
                commands,
            );
        });
}

/// DynamoDB Local keeps one database per access key and region unless started with -sharedDb,
/// the classic reason for an unexpectedly empty list.
fn empty_tables_hint(state: &AppState) -> Option<&'static str> {
    let url = state.connection.endpoint_url.as_deref()?;
    (EndpointPreset::for_url(Some(url)) == EndpointPreset::DynamoDbLocal || url.ends_with(":8000"))
        .then_some(
            "DynamoDB Local keeps a separate database for each access key and region \
             unless it runs with -sharedDb.",
        )
}

struct Section<'a, T: Send + 'static> {
    title: &'static str,
    noun: &'static str,
    request: &'a Request<T>,
    entries: Option<Vec<Entry>>,
    filter: &'a mut String,
    refresh: Command,
    empty_hint: Option<&'static str>,
    /// A tab that shows the whole list with more detail.
    list_tab: Option<ResourceRef>,
}

fn section_ui<T: Send + 'static>(
    ui: &mut egui::Ui,
    section: Section<'_, T>,
    open: Option<&ResourceRef>,
    commands: &mut Vec<Command>,
) {
    let count = section
        .entries
        .as_ref()
        .map_or_else(String::new, |e| format!(" ({})", e.len()));
    egui::CollapsingHeader::new(RichText::new(format!("{}{count}", section.title)).strong())
        .id_salt(section.title)
        .default_open(true)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                let filter_name = format!("Filter {}", section.noun);
                named_text_field(ui, section.filter, &filter_name, "Filter…", 170.0);
                let refresh_name = format!("Refresh {}", section.noun);
                if named_button(ui, "Refresh", &refresh_name).clicked() {
                    commands.push(section.refresh.clone());
                }
                if let Some(tab) = &section.list_tab
                    && named_button(
                        ui,
                        "Table",
                        &format!("Show all {} as a table", section.noun),
                    )
                    .clicked()
                {
                    commands.push(Command::Open(tab.clone()));
                }
                if section.request.is_pending() && section.entries.is_some() {
                    ui.spinner();
                }
            });
            if let Some(error) = section.request.error() {
                error_ui(ui, error, section.refresh.clone(), commands);
            }
            let Some(entries) = section.entries else {
                if section.request.is_pending() {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(format!("{}…", section.request.operation()));
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
                            .selectable_label(selected, &entry.label)
                            .on_hover_text(&entry.detail);
                        if response.clicked() {
                            commands.push(Command::Open(entry.resource.clone()));
                        }
                    }
                });
        });
}
