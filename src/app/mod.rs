//! App state and commands: what the UI reads and the only place that starts SDK calls.

pub mod backend;
pub mod command;
pub mod config_dir;
pub mod connections;
pub mod file_writer;
pub mod invocations;
pub mod item_writes;
pub mod items_state;
pub mod json_file;
pub mod live_connection;
pub mod logic;
pub mod request;
pub mod state;
pub mod stratus_app;
pub mod tab;
pub mod table_calls;
pub mod transfer_logic;
pub mod transfer_state;
pub mod workspace_io;

pub use command::Command;
pub use live_connection::{ConnectionId, LiveConnection};
pub use state::AppState;
pub use stratus_app::{AppOptions, StartupReport, StratusApp};
