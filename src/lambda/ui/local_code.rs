//! The function tab's Local code section: where the function's code is on this machine, what
//! local runs use instead of the deployed configuration, and the running local instances.

use egui::RichText;

use crate::lambda::tab::FunctionCommand;
use crate::lambda::ui::function_view::{FunctionViewContext, FunctionViewState};
use crate::local_lambda::tab::LocalRunCommand;
use crate::local_lambda::ui::{InstanceAction, LocalSetupAction, instances_ui, local_setup_ui};
use crate::shared::widgets::error_ui;

/// The form, then the instances.
pub fn local_code_ui(
    ui: &mut egui::Ui,
    ctx: &mut FunctionViewContext<'_>,
    view: &mut FunctionViewState,
) {
    ui.label(RichText::new("Local setup").strong());
    let action = local_setup_ui(
        ui,
        &mut view.local,
        ctx.local.setup,
        ctx.function.details.value(),
        ctx.local.save_error,
    );
    let command = match action {
        Some(LocalSetupAction::Save(setup)) => Some(LocalRunCommand::SaveSetup(setup)),
        Some(LocalSetupAction::Detach) => Some(LocalRunCommand::DetachSetup),
        Some(LocalSetupAction::Browse) => Some(LocalRunCommand::BrowseFolder),
        None => None,
    };
    ctx.commands.extend(command.map(FunctionCommand::LocalRun));
    // Download code (deployed functions) or Delete local function (local-only ones).
    let mut extras = Vec::new();
    let emulator = ctx
        .connection
        .is_some_and(|c| c.spec.endpoint_url.is_some());
    crate::local_lambda::ui::local_code_extras::local_code_extras_ui(
        ui,
        ctx.function,
        emulator,
        &mut extras,
    );
    ctx.commands
        .extend(extras.into_iter().map(FunctionCommand::LocalCode));
    if let Some(error) = ctx.function.folder_pick.error() {
        error_ui(
            ui,
            error,
            FunctionCommand::LocalRun(LocalRunCommand::BrowseFolder),
            ctx.commands,
        );
    }
    ui.add_space(8.0);
    ui.label(RichText::new("Local instances").strong());
    let command = match instances_ui(ui, &ctx.local.instances) {
        Some(InstanceAction::Stop(id)) => Some(LocalRunCommand::StopInstance(id)),
        Some(InstanceAction::StopAll) => Some(LocalRunCommand::StopInstances),
        None => None,
    };
    ctx.commands.extend(command.map(FunctionCommand::LocalRun));
}
