//! The function tab's Logs section: the log view of the function's log group (its logging
//! configuration's, else `/aws/lambda/NAME`), its commands wrapped as the function tab's.

use crate::lambda::tab::FunctionCommand;
use crate::lambda::ui::function_view::{FunctionViewContext, FunctionViewState};
use crate::local_lambda::ui::{LocalRunLog, local_runs_log_ui};
use crate::logs::ui::logs_view::{LogsViewContext, logs_view_ui};

/// Draws the function's logs.
pub fn function_logs_ui(
    ui: &mut egui::Ui,
    ctx: &mut FunctionViewContext<'_>,
    view: &mut FunctionViewState,
) {
    // This session's local runs first: they never reach CloudWatch.
    let local_runs: Vec<LocalRunLog<'_>> = ctx
        .function
        .history
        .iter()
        .filter(|record| record.input.locally)
        .filter_map(|record| {
            let result = record.outcome.as_ref().ok()?;
            Some(LocalRunLog {
                at: &record.at,
                request_id: result.request_id.as_deref(),
                instance: result.local_instance,
                function_error: result.function_error.is_some(),
                log: result.log_tail.as_deref().unwrap_or_default(),
            })
        })
        .collect();
    local_runs_log_ui(ui, &local_runs, &mut view.local_run_focus);
    let group = ctx.function.log_group(ctx.name);
    let mut own = Vec::new();
    let mut logs_ctx = LogsViewContext {
        tab: ctx.tab,
        group: &group,
        logs: &ctx.function.logs,
        commands: &mut own,
    };
    logs_view_ui(ui, &mut logs_ctx, &mut view.logs);
    ctx.commands
        .extend(own.into_iter().map(FunctionCommand::Logs));
}
