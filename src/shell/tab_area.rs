//! The main area: a strip of open tabs and the active tab's view.

use crate::apigateway::ui::api_view::{ApiViewContext, api_view_ui};
use crate::apigateway::ui::rest_view::{RestApiViewContext, rest_api_view_ui};
use crate::app::AppState;
use crate::app::Command;
use crate::app::tab::TabContent;
use crate::dynamodb::ui::table_view::TableViewState;
use crate::lambda::ui::function_view::{FunctionViewContext, function_view_ui};
use crate::shared::widgets::colour_stripe;
use crate::shared::widgets::named_button;
use crate::shell::UiState;

pub fn tab_area_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    ui_state: &mut UiState,
    commands: &mut Vec<Command>,
) {
    if state.tabs.is_empty() {
        crate::shell::welcome::welcome_ui(ui, state, commands);
        return;
    }
    egui::ScrollArea::horizontal()
        .id_salt("tab_strip")
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                let several = state.connections.len() > 1;
                for tab in &state.tabs {
                    let active = state.active_tab == Some(tab.id);
                    let connection = state.connection(tab.connection);
                    if let Some(connection) = connection {
                        // The connection's colour marks every one of its tabs.
                        colour_stripe(ui, connection.colour, 4.0);
                    }
                    let mut title =
                        format!("{} · {}", tab.resource.kind_label(), tab.resource.title());
                    if let Some(connection) = connection.filter(|_| several) {
                        title = format!("{title} · {}", connection.short_label());
                    }
                    let mut tab_button = ui.selectable_label(active, title);
                    if let Some(connection) = connection {
                        tab_button = tab_button.on_hover_text(connection.label());
                    }
                    if tab_button.clicked() {
                        commands.push(Command::SelectTab(tab.id));
                    }
                    let close_name = format!("Close tab {}", tab.resource.title());
                    if named_button(ui, "×", &close_name).clicked() {
                        commands.push(Command::CloseTab(tab.id));
                    }
                    ui.separator();
                }
            });
        });
    ui.separator();
    let Some(tab) = state.active() else {
        return;
    };
    let index = tab.id;
    // Each kind's view sends its own commands; they go to the app addressed to this tab.
    match &tab.content {
        TabContent::Table(table) => {
            // The grid scrolls itself; it must not sit inside another scroll area.
            let memory = state.table_memory(tab.connection, tab.resource.title());
            let view = ui_state
                .tables
                .entry(tab.id)
                .or_insert_with(|| TableViewState::new(tab.resource.title(), memory));
            let mut own = Vec::new();
            let mut context = crate::dynamodb::ui::table_context::TableViewContext {
                tab: index,
                name: tab.resource.title(),
                table,
                connection: state.tab_connection(index),
                memory,
                read_only: state.tab_read_only(index),
                local_functions: state.functions_with_local_code(tab.connection),
                commands: &mut own,
            };
            crate::dynamodb::ui::table_view::table_view_ui(ui, &mut context, view);
            commands.extend(
                own.into_iter()
                    .map(|cmd| Command::Table { tab: index, cmd }),
            );
        }
        TabContent::Api(api) => {
            let view = ui_state.apis.entry(tab.id).or_default();
            let mut own = Vec::new();
            let mut context = ApiViewContext {
                tab: index,
                name: tab.resource.title(),
                api,
                read_only: state.tab_read_only(index),
                local_setups: state.tab_local_setups(index),
                commands: &mut own,
            };
            api_view_ui(ui, &mut context, view);
            commands.extend(own.into_iter().map(|cmd| Command::Api { tab: index, cmd }));
        }
        TabContent::RestApi(api) => {
            let view = ui_state.rest_apis.entry(tab.id).or_default();
            let mut own = Vec::new();
            let mut context = RestApiViewContext {
                tab: index,
                name: tab.resource.title(),
                api,
                read_only: state.tab_read_only(index),
                local_setups: state.tab_local_setups(index),
                commands: &mut own,
            };
            rest_api_view_ui(ui, &mut context, view);
            commands.extend(
                own.into_iter()
                    .map(|cmd| Command::RestApi { tab: index, cmd }),
            );
        }
        TabContent::LogGroup(logs) => {
            let view = ui_state.log_groups.entry(tab.id).or_default();
            let mut own = Vec::new();
            let mut context = crate::logs::ui::logs_view::LogsViewContext {
                tab: index,
                group: tab.resource.title(),
                logs,
                commands: &mut own,
            };
            crate::logs::ui::logs_view::logs_view_ui(ui, &mut context, view);
            commands.extend(own.into_iter().map(|cmd| Command::Logs { tab: index, cmd }));
        }
        TabContent::Function(function) => {
            let view = ui_state.functions.entry(tab.id).or_default();
            let mut own = Vec::new();
            let mut context = FunctionViewContext {
                tab: index,
                name: tab.resource.title(),
                function,
                saved_events: &state.saved_events,
                saved_events_error: state.saved_events_error.as_deref(),
                environment_revealed: state.environment_revealed(index),
                read_only: state.tab_read_only(index),
                connection: state.tab_connection(index),
                local: state.local_function_view(index),
                commands: &mut own,
            };
            function_view_ui(ui, &mut context, view);
            commands.extend(
                own.into_iter()
                    .map(|cmd| Command::Function { tab: index, cmd }),
            );
        }
        TabContent::FunctionList => {
            // The table scrolls itself.
            crate::shell::function_list_view::function_list_ui(
                ui,
                index,
                state,
                &mut ui_state.function_list_filter,
                commands,
            );
        }
    }
}
