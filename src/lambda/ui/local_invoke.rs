//! Invoke locally, beside Invoke: the same payload, run on this machine with the function's
//! local setup; why it cannot run yet, and on a read-only connection what the handler gets.

use egui::RichText;

use crate::lambda::model::invocation::{InvocationType, validate_payload};
use crate::lambda::tab::{FunctionCommand, InvocationInput};
use crate::lambda::ui::function_view::{FunctionSection, FunctionViewContext, FunctionViewState};
use crate::local_lambda::tab::LocalRunCommand;
use crate::local_lambda::ui::credentials_note_ui;
use crate::shared::widgets::{error_color, named_button, set_accessible_name};

/// Why Invoke locally is disabled without a code folder.
pub const NO_CODE_FOLDER: &str = "Attach this function's code folder to run it locally";

/// The button, in the Invoke row. Disabled without a code folder or while an invocation runs.
pub fn invoke_locally_button_ui(
    ui: &mut egui::Ui,
    ctx: &mut FunctionViewContext<'_>,
    view: &mut FunctionViewState,
) {
    let pending = ctx.function.invocation.is_pending();
    let attached = view.local.draft.has_code_dir();
    let button = ui
        .add_enabled(attached && !pending, egui::Button::new("Invoke locally"))
        .on_hover_text("Run the handler on this machine with this payload")
        .on_disabled_hover_text(if attached {
            "An invocation is running"
        } else {
            NO_CODE_FOLDER
        });
    set_accessible_name(ui, &button, "Invoke locally");
    if !button.clicked() || pending {
        return;
    }
    if let Err(error) = validate_payload(&view.payload, InvocationType::RequestResponse) {
        view.payload_error = Some(error.message);
        return;
    }
    view.payload_error = None;
    // The form's text is what runs: checked (each problem at its field) and remembered first.
    let Some(setup) = view.local.checked(ctx.local.setup) else {
        return;
    };
    if ctx.local.setup != Some(&setup) {
        ctx.commands
            .push(FunctionCommand::LocalRun(LocalRunCommand::SaveSetup(setup)));
    }
    view.shown_history = None;
    ctx.commands.push(FunctionCommand::InvokeLocally {
        input: InvocationInput {
            qualifier: None,
            invocation_type: InvocationType::RequestResponse,
            payload: view.payload.clone(),
            locally: true,
        },
        allow_credentials: view.local.allow_credentials,
    });
    // The permission is for one run.
    view.local.allow_credentials = false;
}

/// Under the Invoke row: why a local run cannot start, the setup's first problem, and on a
/// read-only connection the credentials note with its per-run checkbox.
pub fn invoke_locally_notes_ui(
    ui: &mut egui::Ui,
    ctx: &FunctionViewContext<'_>,
    view: &mut FunctionViewState,
) {
    if !view.local.draft.has_code_dir() {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(NO_CODE_FOLDER).weak());
            if named_button(ui, "Attach…", "Attach code folder").clicked() {
                view.section = FunctionSection::LocalCode;
            }
        });
        return;
    }
    if let Some(problem) = view.local.errors.first() {
        let problem = problem.to_owned();
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("Local code: {problem}")).color(error_color(ui)));
            if named_button(ui, "Fix…", "Open the local code setup").clicked() {
                view.section = FunctionSection::LocalCode;
            }
        });
    }
    if ctx.read_only {
        ui.horizontal_wrapped(|ui| {
            credentials_note_ui(ui, ctx.read_only, &mut view.local.allow_credentials);
        });
    }
}
