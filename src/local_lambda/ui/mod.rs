//! Drawing local runs (no calls): the "Local code" form, the instance list, the read-only
//! credentials note beside an "Invoke locally" button, and local runs in a function's logs.
//! Each piece returns what the user asked for; the view that hosts it turns that into its own
//! command.

pub mod credentials_note;
pub mod instances;
pub mod local_code_extras;
pub mod local_logs;
pub mod new_local_function;
pub mod setup_form;

use egui::{Color32, RichText};

use crate::local_lambda::model::{InstanceSnapshot, LocalSetup};

pub use credentials_note::credentials_note_ui;
pub use instances::{InstanceAction, instances_ui};
pub use local_logs::{LocalRunLog, local_runs_log_ui};
pub use setup_form::{LocalSetupAction, LocalSetupViewState, local_setup_ui};

/// What a function view shows of local runs, read from the app each frame.
#[derive(Default)]
pub struct LocalFunctionView<'a> {
    /// The function's remembered setup on this connection.
    pub setup: Option<&'a LocalSetup>,
    /// This function's instances, oldest first.
    pub instances: Vec<InstanceSnapshot>,
    /// Why the setups file could not be written, if it could not.
    pub save_error: Option<&'a str>,
}

/// The small "local" mark on what ran on this machine rather than in Lambda.
pub fn local_badge(ui: &mut egui::Ui, text: &str) {
    egui::Frame::new()
        .fill(Color32::from_rgb(0x2e, 0x6b, 0xb0))
        .corner_radius(3.0)
        .inner_margin(egui::Margin::symmetric(4, 0))
        .show(ui, |ui| {
            ui.label(RichText::new(text).color(Color32::WHITE).small());
        });
}
