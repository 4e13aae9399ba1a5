//! The shell around the services' views: connection bar, navigator, tab strip, command
//! palette and status line. Reads app state, sends [`Command`]s, never calls the SDK.

pub mod command_palette;
pub mod connection_bar;
pub mod connection_health;
pub mod function_list_view;
pub mod navigator;
pub mod status_line;
pub mod tab_area;
pub mod welcome;

use std::collections::HashMap;

use crate::apigateway::ui::{api_view, rest_view};
use crate::dynamodb::ui::{create_table_form, table_view};
use crate::lambda::ui::function_view;

use crate::app::AppState;

use crate::app::Command;

use crate::shared::model::TabId;

/// UI-only state: drafts in text fields, filters, what the user chose to reveal.
pub struct UiState {
    pub connection_bar: connection_bar::ConnectionBarState,
    pub navigator: navigator::NavigatorState,
    /// Builder drafts and grid layout of each open table tab.
    pub tables: HashMap<TabId, table_view::TableViewState>,
    /// The command palette and the shortcuts help.
    pub palette: command_palette::CommandPalette,
    /// The filter of the "All functions" tab.
    pub function_list_filter: String,
    /// Sections and route tester drafts of each open API tab.
    pub apis: HashMap<TabId, api_view::ApiViewState>,
    /// Sections, the selected method and tester drafts of each open REST API tab.
    pub rest_apis: HashMap<TabId, rest_view::RestApiViewState>,
    /// The create-table window, when open.
    pub create_table: Option<create_table_form::CreateTableForm>,
    /// The *New local function* window, when open.
    pub new_local_function:
        Option<crate::local_lambda::ui::new_local_function::NewLocalFunctionForm>,
    /// Test form drafts of each open function tab.
    pub functions: HashMap<TabId, function_view::FunctionViewState>,
    /// Search choices of each open log group tab.
    pub log_groups: HashMap<TabId, crate::logs::ui::logs_view::LogsViewState>,
}

impl UiState {
    pub fn new(state: &AppState) -> Self {
        Self {
            connection_bar: connection_bar::ConnectionBarState::new(
                state.current().map(|c| c.id),
                &state.current().map(|c| c.spec.clone()).unwrap_or_default(),
            ),
            navigator: navigator::NavigatorState::default(),
            tables: HashMap::new(),
            functions: HashMap::new(),
            log_groups: HashMap::new(),
            apis: HashMap::new(),
            rest_apis: HashMap::new(),
            function_list_filter: String::new(),
            palette: command_palette::CommandPalette::default(),
            create_table: None,
            new_local_function: None,
        }
    }
}

/// The whole window: connection bar, status line, navigator and tabs.
pub fn app_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    ui_state: &mut UiState,
    commands: &mut Vec<Command>,
) {
    command_palette::shortcuts(ui.ctx(), state, &mut ui_state.palette, commands);
    egui::Panel::top("connection_bar").show(ui, |ui| {
        if connection_bar::connection_bar_ui(ui, state, &mut ui_state.connection_bar, commands) {
            ui_state.palette.show();
        }
    });
    egui::Panel::bottom("status_line").show(ui, |ui| {
        status_line::status_line_ui(ui, state);
    });
    // A quarter of a small window (1024 wide) leaves the views their room; 300 px at most.
    let navigator_width = (ui.available_width() * 0.24).clamp(220.0, 300.0);
    egui::Panel::left("navigator")
        .resizable(true)
        .default_size(navigator_width)
        .show(ui, |ui| {
            if let Some(id) = navigator::navigator_ui(ui, state, &mut ui_state.navigator, commands)
            {
                ui_state.create_table = Some(create_table_form::CreateTableForm::new(id));
            }
            if let Some(id) = ui_state.navigator.new_local_function.take() {
                ui_state.new_local_function = Some(
                    crate::local_lambda::ui::new_local_function::NewLocalFunctionForm::new(id),
                );
            }
        });
    let is_open = |id: &TabId| state.tab(*id).is_some();
    ui_state.tables.retain(|key, _| is_open(key));
    ui_state.functions.retain(|key, _| is_open(key));
    ui_state.apis.retain(|key, _| is_open(key));
    ui_state.rest_apis.retain(|key, _| is_open(key));
    egui::CentralPanel::default_margins().show(ui, |ui| {
        tab_area::tab_area_ui(ui, state, ui_state, commands);
    });
    if let Some(form) = &mut ui_state.create_table {
        let mut create = Vec::new();
        let open = state.connection(form.connection).is_some_and(|connection| {
            create_table_form::create_table_window(ui.ctx(), connection, form, &mut create)
        });
        commands.extend(create.into_iter().map(|spec| Command::CreateTable {
            connection: form.connection,
            spec,
        }));
        if !open {
            ui_state.create_table = None;
        }
    }
    new_local_function_ui(ui.ctx(), state, ui_state, commands);
    command_palette::palette_ui(ui.ctx(), state, &mut ui_state.palette, commands);
}

/// The *New local function* window, while open; a right form becomes its command.
fn new_local_function_ui(
    ctx: &egui::Context,
    state: &AppState,
    ui_state: &mut UiState,
    commands: &mut Vec<Command>,
) {
    use crate::local_lambda::ui::new_local_function::{
        NewLocalFunctionOutcome, new_local_function_window,
    };
    let Some(form) = &mut ui_state.new_local_function else {
        return;
    };
    let Some(connection) = state.connection(form.connection) else {
        ui_state.new_local_function = None;
        return;
    };
    let deployed = state.deployed_function_names(connection.id);
    let local = state.local_only_functions(connection.id);
    let deployed: Vec<&str> = deployed.iter().map(String::as_str).collect();
    let local: Vec<&str> = local.iter().map(|(name, _)| name.as_str()).collect();
    match new_local_function_window(ctx, &connection.short_label(), form, &deployed, &local) {
        NewLocalFunctionOutcome::Open => {}
        NewLocalFunctionOutcome::Closed => ui_state.new_local_function = None,
        NewLocalFunctionOutcome::Create(name, setup) => {
            commands.push(Command::CreateLocalFunction {
                connection: connection.id,
                name,
                setup,
            });
            ui_state.new_local_function = None;
        }
    }
}
