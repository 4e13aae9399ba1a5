//! The eframe app: wires the state, the backend and the UI together.

use std::path::PathBuf;

use super::backend::Backend;
use super::command::Command;
use super::state::AppState;
use crate::model::ConnectionSpec;
use crate::ui::UiState;

/// How to start the app; tests build it against an emulator with these.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    pub connection: ConnectionSpec,
    /// Where settings live; `None` keeps nothing on disk.
    pub config_dir: Option<PathBuf>,
}

/// The Stratus window.
pub struct StratusApp {
    state: AppState,
    ui_state: UiState,
    backend: Backend,
    commands: Vec<Command>,
}

impl StratusApp {
    /// Builds the app and starts connecting. `runtime` runs every SDK call.
    pub fn new(
        egui_ctx: &egui::Context,
        runtime: tokio::runtime::Handle,
        options: AppOptions,
    ) -> Self {
        let backend = Backend::new(runtime, egui_ctx.clone());
        let mut state = AppState::new(options.connection.clone(), options.config_dir);
        state.connect(options.connection, &backend);
        state.handle(Command::ReloadProfiles, &backend);
        let ui_state = UiState::new(&state);
        Self {
            state,
            ui_state,
            backend,
            commands: Vec::new(),
        }
    }

    /// Read access for tests and embedders.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Queues a command as if a widget had sent it.
    pub fn send(&mut self, command: Command) {
        self.commands.push(command);
    }

    fn handle_commands(&mut self) {
        for command in std::mem::take(&mut self.commands) {
            self.state.handle(command, &self.backend);
        }
    }
}

impl eframe::App for StratusApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.handle_commands();
        self.state.poll(&self.backend);
        if self.state.tabs.iter().any(|t| t.wants_more_frames()) {
            ctx.request_repaint();
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        crate::ui::app_ui(ui, &self.state, &mut self.ui_state, &mut self.commands);
        if !self.commands.is_empty() {
            self.handle_commands();
            ui.ctx().request_repaint();
        }
    }
}
