//! The glue above every service and the shell: the app's state and commands, the command
//! router, the remembered workspace, and the `eframe::App`. Nothing below imports it.

pub mod api_local;
pub mod command;
pub mod config_dir;
pub mod connections;
pub mod file_writer;
pub mod json_file;
pub mod local_functions;
pub mod local_runs;
pub mod logic;
pub mod recent;
pub mod state;
pub mod stratus_app;
pub mod tab;
pub mod table_calls;
pub mod workspace;
pub mod workspace_io;

pub use command::Command;
pub use state::AppState;
pub use stratus_app::{AppOptions, StartupReport, StratusApp};
