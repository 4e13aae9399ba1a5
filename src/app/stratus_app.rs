//! The eframe app: wires the state, the backend and the UI together.

use std::path::PathBuf;

use crate::app::command::Command;
use crate::app::state::AppState;
use crate::app::workspace::Workspace;
use crate::connection::model::ConnectionSpec;
use crate::shared::bridge::backend::Backend;
use crate::shell::UiState;

/// How to start the app; tests build it against an emulator with these.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    /// The connection asked for on the command line; remembered connections open beside it.
    pub connection: ConnectionSpec,
    /// Where settings and the workspace live; `None` keeps nothing on disk.
    pub config_dir: Option<PathBuf>,
    /// Report start-up milestones on stderr (for the start-up benchmark).
    pub startup_report: Option<StartupReport>,
    /// `--code FUNCTION=DIR`: code folders for the command line's connection, remembered.
    pub code_folders: Vec<(String, PathBuf)>,
}

/// Start-up milestones printed for `scripts/bench`: the first frame and the first table list,
/// as Unix epoch milliseconds so the script can subtract its own launch time.
#[derive(Clone, Debug, Default)]
pub struct StartupReport {
    /// Close the window once the tables are listed.
    pub exit_when_listed: bool,
    first_frame_done: bool,
    tables_done: bool,
}

impl StartupReport {
    pub fn new(exit_when_listed: bool) -> Self {
        Self {
            exit_when_listed,
            ..Default::default()
        }
    }
}

fn epoch_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}

/// The Stratus window.
pub struct StratusApp {
    startup_report: Option<StartupReport>,
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
        let mut state = AppState::new(options.config_dir.clone());
        let workspace = options
            .config_dir
            .as_deref()
            .map(|dir| crate::app::json_file::load(dir, Workspace::FILE_NAME))
            .unwrap_or_default();
        state.attach_code_folders(&options.connection, &options.code_folders);
        state.restore(workspace, options.connection, &backend);
        state.handle(Command::ReloadProfiles, &backend);
        crate::shared::widgets::request_code::set_code_language(egui_ctx, state.code_language);
        let ui_state = UiState::new(&state);
        Self {
            startup_report: options.startup_report,
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

    fn report_startup(&mut self, ctx: &egui::Context) {
        let Some(report) = &mut self.startup_report else {
            return;
        };
        if !report.first_frame_done {
            report.first_frame_done = true;
            eprintln!("startup: first_frame_epoch_ms={}", epoch_ms());
        }
        let listed = self
            .state
            .current()
            .is_some_and(|c| c.tables.value().is_some());
        if !report.tables_done && listed {
            report.tables_done = true;
            eprintln!("startup: tables_listed_epoch_ms={}", epoch_ms());
            if report.exit_when_listed {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn handle_commands(&mut self) {
        let commands = std::mem::take(&mut self.commands);
        if commands.is_empty() {
            return;
        }
        for command in commands {
            self.state.handle(command, &self.backend);
        }
        self.state.save_workspace_if_changed();
    }
}

/// Local instances are child processes: they stop when Stratus exits (the window closes, or
/// a test drops the app), however many clones of the runner calls in flight still hold.
impl Drop for StratusApp {
    fn drop(&mut self) {
        self.state.local_runner.stop_all();
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
        crate::shell::app_ui(ui, &self.state, &mut self.ui_state, &mut self.commands);
        // The code views' language lives in egui's memory; the workspace remembers it.
        let language = crate::shared::widgets::request_code::code_language(ui.ctx());
        if language != self.state.code_language {
            self.state.code_language = language;
            self.state.save_workspace_if_changed();
        }
        self.report_startup(ui.ctx());
        if !self.commands.is_empty() {
            self.handle_commands();
            ui.ctx().request_repaint();
        }
    }
}
