//! The *New local function* window: name, code folder, runtime and handler of a function
//! that exists only on this machine. Each mistake shows at its field; nothing is kept until
//! the whole form is right.

use std::path::Path;

use crate::connection::ConnectionId;
use crate::local_lambda::model::LocalSetup;
use crate::local_lambda::model::local_only::{DraftField, LocalFunctionDraft, RUNTIMES};
use crate::shared::widgets::{
    dialog_window, field_error_ui, named_button, named_text_field, set_accessible_name,
};

/// The open form: for which connection, what is typed, and what is wrong.
pub struct NewLocalFunctionForm {
    pub connection: ConnectionId,
    pub draft: LocalFunctionDraft,
    errors: Vec<(DraftField, String)>,
}

impl NewLocalFunctionForm {
    pub fn new(connection: ConnectionId) -> Self {
        Self {
            connection,
            draft: LocalFunctionDraft::default(),
            errors: Vec::new(),
        }
    }

    fn error_at(&self, field: DraftField) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, message)| message.as_str())
    }

    /// Checks the form; the function to create, or the errors shown at their fields.
    fn submit(&mut self, deployed: &[&str], local: &[&str]) -> Option<(String, LocalSetup)> {
        let mut outcome = self.draft.validate(deployed, local);
        // The folder must be there now (it is read on every run); IO stays out of the model.
        let folder = self.draft.code_dir.trim();
        if !folder.is_empty() && !Path::new(folder).is_dir() {
            let missing = (DraftField::CodeDir, format!("No folder at {folder}"));
            match &mut outcome {
                Ok(_) => outcome = Err(vec![missing]),
                Err(errors) => errors.push(missing),
            }
        }
        match outcome {
            Ok(created) => {
                self.errors.clear();
                Some(created)
            }
            Err(errors) => {
                self.errors = errors;
                None
            }
        }
    }
}

/// What the window gives back this frame.
pub enum NewLocalFunctionOutcome {
    Open,
    Closed,
    /// The form is right: create this function (the window closes).
    Create(String, LocalSetup),
}

/// Draws the window titled for `connection_label`. `deployed` and `local` are the names the
/// new one may not take.
pub fn new_local_function_window(
    ctx: &egui::Context,
    connection_label: &str,
    form: &mut NewLocalFunctionForm,
    deployed: &[&str],
    local: &[&str],
) -> NewLocalFunctionOutcome {
    let mut open = true;
    let mut outcome = NewLocalFunctionOutcome::Open;
    dialog_window(
        ctx,
        format!("New local function on {connection_label}"),
        ("new_local_function", form.connection),
    )
    .open(&mut open)
    .default_width(460.0)
    .show(ctx, |ui| {
        ui.label(
            "A function that exists only on this machine: Stratus runs its code locally. \
             Nothing is deployed.",
        );
        egui::Grid::new("new_local_function_grid")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                text_row(
                    ui,
                    form,
                    DraftField::Name,
                    ("Name", "Local function name", "my-function"),
                    |d| &mut d.name,
                );
                text_row(
                    ui,
                    form,
                    DraftField::CodeDir,
                    ("Code folder", "Local function code folder", "/path/to/code"),
                    |d| &mut d.code_dir,
                );
                ui.label("Runtime");
                ui.vertical(|ui| {
                    let combo =
                        egui::ComboBox::from_id_salt(("new_local_runtime", form.connection))
                            .selected_text(form.draft.runtime.as_str())
                            .show_ui(ui, |ui| {
                                for runtime in RUNTIMES {
                                    ui.selectable_value(
                                        &mut form.draft.runtime,
                                        runtime.to_owned(),
                                        runtime,
                                    );
                                }
                            });
                    set_accessible_name(ui, &combo.response, "Local function runtime");
                    field_error_ui(ui, form.error_at(DraftField::Runtime));
                });
                ui.end_row();
                text_row(
                    ui,
                    form,
                    DraftField::Handler,
                    ("Handler", "Local function handler", "module.function"),
                    |d| &mut d.handler,
                );
            });
        ui.separator();
        ui.horizontal(|ui| {
            if named_button(ui, "Create", "Create local function").clicked()
                && let Some((name, setup)) = form.submit(deployed, local)
            {
                outcome = NewLocalFunctionOutcome::Create(name, setup);
            }
            if named_button(ui, "Cancel", "Cancel new local function").clicked() {
                outcome = NewLocalFunctionOutcome::Closed;
            }
        });
    });
    match outcome {
        NewLocalFunctionOutcome::Open if !open => NewLocalFunctionOutcome::Closed,
        other => other,
    }
}

/// One text field's row: its label, the field (label, accessible name, hint) and
/// the field's mistake under it.
fn text_row(
    ui: &mut egui::Ui,
    form: &mut NewLocalFunctionForm,
    field: DraftField,
    (label, name, hint): (&str, &str, &str),
    value: fn(&mut LocalFunctionDraft) -> &mut String,
) {
    ui.label(label);
    ui.vertical(|ui| {
        named_text_field(ui, value(&mut form.draft), name, hint, 280.0);
        field_error_ui(ui, form.error_at(field));
    });
    ui.end_row();
}
