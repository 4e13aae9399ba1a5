//! Drawing. Reads app state, sends [`Command`]s, never calls the SDK.

pub mod api_view;
pub mod connection_bar;
pub mod function_view;
pub mod navigator;
pub mod status_line;
pub mod tab_area;
pub mod table_view;
pub mod widgets;

use crate::app::{AppState, Command};

/// UI-only state: drafts in text fields, filters, what the user chose to reveal.
pub struct UiState {
    pub connection_bar: connection_bar::ConnectionBarState,
    pub navigator: navigator::NavigatorState,
}

impl UiState {
    pub fn new(state: &AppState) -> Self {
        Self {
            connection_bar: connection_bar::ConnectionBarState::new(&state.connection),
            navigator: navigator::NavigatorState::default(),
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
    egui::Panel::top("connection_bar").show(ui, |ui| {
        connection_bar::connection_bar_ui(ui, state, &mut ui_state.connection_bar, commands);
    });
    egui::Panel::bottom("status_line").show(ui, |ui| {
        status_line::status_line_ui(ui, state);
    });
    egui::Panel::left("navigator")
        .resizable(true)
        .default_size(300.0)
        .show(ui, |ui| {
            navigator::navigator_ui(ui, state, &mut ui_state.navigator, commands);
        });
    egui::CentralPanel::default_margins().show(ui, |ui| {
        tab_area::tab_area_ui(ui, state, commands);
    });
}
