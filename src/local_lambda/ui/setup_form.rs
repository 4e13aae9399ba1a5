//! The "Local code" form: the code folder (typed or chosen), and what the local run uses
//! instead of the deployed configuration (empty: as deployed, shown as the hint).

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::lambda::model::FunctionDetails;
use crate::local_lambda::model::LocalSetup;
use crate::local_lambda::model::setup_draft::{DraftErrors, LocalSetupDraft, PathChecks};
use crate::shared::widgets::{field_error_ui, named_button, set_accessible_name};

/// What the user asked of the form.
#[derive(Clone, Debug, PartialEq)]
pub enum LocalSetupAction {
    /// Remember this setup (checked).
    Save(LocalSetup),
    /// Forget the function's setup.
    Detach,
    /// Open the system's folder chooser.
    Browse,
}

/// The form's text and its problems, per function view.
#[derive(Default)]
pub struct LocalSetupViewState {
    pub draft: LocalSetupDraft,
    pub errors: DraftErrors,
    /// The stored setup the draft was last filled from (`Some(None)`: none was stored).
    synced: Option<Option<LocalSetup>>,
    /// The chosen folder already put into the draft.
    picked_applied: Option<PathBuf>,
    /// The per-run permission on a read-only connection; reset after each run.
    pub allow_credentials: bool,
}

impl LocalSetupViewState {
    /// Fills the form from the stored setup whenever that changes (first view, a save, a
    /// detach, `--code`); typed text stays while the store does not change.
    pub fn sync(&mut self, stored: Option<&LocalSetup>) {
        if self.synced.as_ref().map(Option::as_ref) != Some(stored) {
            self.draft = stored.map(LocalSetupDraft::from_setup).unwrap_or_default();
            self.errors = DraftErrors::default();
            self.synced = Some(stored.cloned());
        }
    }

    /// Puts a folder the chooser answered with into the field, once.
    pub fn apply_picked(&mut self, picked: Option<&PathBuf>) {
        if let Some(path) = picked
            && self.picked_applied.as_ref() != Some(path)
        {
            self.picked_applied = Some(path.clone());
            self.draft.code_dir = path.display().to_string();
            self.errors.code_dir = None;
        }
    }

    /// The checked setup, or `None` with each problem kept for its field.
    pub fn checked(&mut self, stored: Option<&LocalSetup>) -> Option<LocalSetup> {
        let home = directories::BaseDirs::new().map(|d| d.home_dir().to_owned());
        let checks = PathChecks {
            is_dir: &Path::is_dir,
            is_file: &Path::is_file,
            home,
        };
        match self
            .draft
            .parse(&stored.cloned().unwrap_or_default(), &checks)
        {
            Ok(setup) => {
                self.errors = DraftErrors::default();
                Some(setup)
            }
            Err(errors) => {
                self.errors = *errors;
                None
            }
        }
    }
}

/// The form. `deployed` gives the hints; `stored` says whether Detach has anything to forget.
pub fn local_setup_ui(
    ui: &mut egui::Ui,
    view: &mut LocalSetupViewState,
    stored: Option<&LocalSetup>,
    deployed: Option<&FunctionDetails>,
    save_error: Option<&str>,
) -> Option<LocalSetupAction> {
    let mut action = None;
    match stored {
        Some(setup) if !setup.code_dir.as_os_str().is_empty() => ui.label(format!(
            "Invoke locally runs the code in {}",
            setup.code_dir.display()
        )),
        _ => ui.label(
            RichText::new(
                "Attach the folder holding this function's code to run it on this machine \
                 (Invoke locally, in the Test tab). Empty fields take the deployed configuration.",
            )
            .weak(),
        ),
    };
    let hint = |deployed_value: Option<String>, otherwise: &str| {
        deployed_value.map_or_else(|| otherwise.to_owned(), |v| format!("{v} (deployed)"))
    };
    let runtime_hint = hint(deployed.and_then(|d| d.runtime.clone()), "python3.12");
    let handler_hint = hint(deployed.and_then(|d| d.handler.clone()), "module.function");
    let timeout_hint = hint(
        deployed.and_then(|d| d.timeout_s).map(|t| t.to_string()),
        "3",
    );
    let memory_hint = hint(
        deployed.and_then(|d| d.memory_mb).map(|m| m.to_string()),
        "128",
    );
    let environment_hint = match deployed.map(|d| d.environment.len()) {
        Some(n) if n > 0 => {
            format!("KEY=value, one a line: added to the {n} deployed variables")
        }
        _ => "KEY=value, one a line".to_owned(),
    };
    let draft = &mut view.draft;
    let errors = &view.errors;
    egui::Grid::new("local_setup_form")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            ui.label("Code folder");
            ui.vertical(|ui| {
                ui.horizontal(|ui| {
                    text_field(
                        ui,
                        &mut draft.code_dir,
                        "Code folder path",
                        "/path/to/the/code",
                        420.0,
                    );
                    if named_button(ui, "Browse…", "Browse for the code folder").clicked() {
                        action = Some(LocalSetupAction::Browse);
                    }
                });
                field_error_ui(ui, errors.code_dir.as_deref());
            });
            ui.end_row();
            field_row(
                ui,
                "Runtime",
                &mut draft.runtime,
                "Local runtime",
                &runtime_hint,
                errors.runtime.as_deref(),
            );
            field_row(
                ui,
                "Handler",
                &mut draft.handler,
                "Local handler",
                &handler_hint,
                errors.handler.as_deref(),
            );
            field_row(
                ui,
                "Interpreter",
                &mut draft.interpreter,
                "Interpreter path",
                "python3 or node from PATH (or a virtualenv's python)",
                errors.interpreter.as_deref(),
            );
            field_row(
                ui,
                "Timeout (s)",
                &mut draft.timeout_s,
                "Local timeout (seconds)",
                &timeout_hint,
                errors.timeout_s.as_deref(),
            );
            field_row(
                ui,
                "Memory (MB)",
                &mut draft.memory_mb,
                "Local memory (MB)",
                &memory_hint,
                errors.memory_mb.as_deref(),
            );
            ui.label("Environment");
            ui.vertical(|ui| {
                let response = ui.add(
                    egui::TextEdit::multiline(&mut draft.environment)
                        .hint_text(environment_hint.as_str())
                        .desired_rows(3)
                        .desired_width(420.0)
                        .code_editor(),
                );
                set_accessible_name(ui, &response, "Local environment variables");
                field_error_ui(ui, errors.environment.as_deref());
            });
            ui.end_row();
        });
    ui.horizontal(|ui| {
        if named_button(ui, "Save", "Save local setup").clicked() {
            action = view.checked(stored).map(LocalSetupAction::Save);
        }
        let attached = stored.is_some();
        let detach = ui
            .add_enabled(attached, egui::Button::new("Detach"))
            .on_hover_text("Forget this function's code folder and local settings");
        set_accessible_name(ui, &detach, "Detach code folder");
        if detach.clicked() {
            action = Some(LocalSetupAction::Detach);
        }
    });
    field_error_ui(ui, save_error);
    action
}

/// A one-line field named `name` whose text, while empty, shows `hint`.
fn text_field(ui: &mut egui::Ui, text: &mut String, name: &str, hint: &str, width: f32) {
    let response = ui.add(
        egui::TextEdit::singleline(text)
            .hint_text(hint)
            .desired_width(width),
    );
    set_accessible_name(ui, &response, name);
}

/// A labelled grid row with its field and the field's problem under it.
fn field_row(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    name: &str,
    hint: &str,
    error: Option<&str>,
) {
    ui.label(label);
    ui.vertical(|ui| {
        text_field(ui, text, name, hint, 260.0);
        field_error_ui(ui, error);
    });
    ui.end_row();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_follows_the_store_and_keeps_typed_text_until_it_changes() {
        let mut view = LocalSetupViewState::default();
        view.sync(None);
        assert_eq!(view.draft, LocalSetupDraft::default());
        view.draft.code_dir = "/typed".to_owned();
        view.sync(None);
        assert_eq!(view.draft.code_dir, "/typed", "typed text stays");
        let stored = LocalSetup::with_code_dir("/stored".into());
        view.sync(Some(&stored));
        assert_eq!(
            view.draft.code_dir, "/stored",
            "a save or --code refills it"
        );
        view.sync(None);
        assert_eq!(view.draft.code_dir, "", "a detach empties it");

        let picked = PathBuf::from("/picked");
        view.apply_picked(Some(&picked));
        assert_eq!(view.draft.code_dir, "/picked");
        view.draft.code_dir = "/retyped".to_owned();
        view.apply_picked(Some(&picked));
        assert_eq!(
            view.draft.code_dir, "/retyped",
            "a chosen folder is put in once"
        );
    }
}
