//! The function tab: a test-invoke form with saved events, templates and history, the
//! function's configuration, and the API routes that call it.

use crate::connection::LiveConnection;
use crate::lambda::model::invocation::InvocationType;
use crate::lambda::model::saved_events::SavedEvents;
use crate::lambda::tab::FunctionCommand;
use crate::lambda::tab::FunctionTab;
use crate::lambda::ui::configuration::configuration_ui;
use crate::lambda::ui::routes::routes_ui;
use crate::lambda::ui::test_invoke::test_ui;
use crate::shared::model::TabId;
use crate::shared::model::TabRequest;
use crate::shared::widgets::request_ui;
use crate::shared::widgets::view_header_ui;

/// Which part of the function tab is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionSection {
    Test,
    Configuration,
    /// API routes that call the function.
    Routes,
    /// The function's CloudWatch logs.
    Logs,
    /// The code folder and overrides for local runs, and the local instances.
    LocalCode,
}

/// The test form's drafts for one function tab.
pub struct FunctionViewState {
    pub section: FunctionSection,
    pub payload: String,
    pub payload_error: Option<String>,
    pub qualifier: String,
    pub invocation_type: InvocationType,
    pub event_name: String,
    pub selected_event: Option<String>,
    /// A history entry the user re-opened; `None` shows the latest result.
    pub shown_history: Option<usize>,
    /// The Logs section's search and display choices.
    pub logs: crate::logs::ui::logs_view::LogsViewState,
    /// The Local code form and the per-run credentials choice.
    pub local: crate::local_lambda::ui::LocalSetupViewState,
    /// The local run whose log entry the Logs tab opens (from "Show in logs").
    pub local_run_focus: Option<String>,
}

impl Default for FunctionViewState {
    fn default() -> Self {
        Self {
            section: FunctionSection::Test,
            payload: "{}".to_owned(),
            payload_error: None,
            qualifier: "$LATEST".to_owned(),
            invocation_type: InvocationType::RequestResponse,
            event_name: String::new(),
            selected_event: None,
            shown_history: None,
            logs: Default::default(),
            local: Default::default(),
            local_run_focus: None,
        }
    }
}

/// What a function tab's views read, and where they send their commands: one borrowed view
/// of the app for this tab, so no view takes a long parameter list.
pub struct FunctionViewContext<'a> {
    pub tab: TabId,
    /// The function's name (the tab's title).
    pub name: &'a str,
    pub function: &'a FunctionTab,
    pub saved_events: &'a SavedEvents,
    pub saved_events_error: Option<&'a str>,
    /// Whether this function's environment values are shown (on this tab's connection).
    pub environment_revealed: bool,
    pub read_only: bool,
    /// The tab's connection, once resolved: its region and endpoint go into the code view.
    pub connection: Option<&'a LiveConnection>,
    /// Local runs: the remembered setup and this function's instances.
    pub local: crate::local_lambda::ui::LocalFunctionView<'a>,
    pub commands: &'a mut Vec<FunctionCommand>,
}

/// The whole function tab: heading, section switch, and the chosen section.
pub fn function_view_ui(
    ui: &mut egui::Ui,
    ctx: &mut FunctionViewContext<'_>,
    view: &mut FunctionViewState,
) {
    let function = ctx.function;
    let pending = function.details.is_pending() || function.invocation.is_pending();
    view_header_ui(
        ui,
        ("Lambda function", ctx.name),
        pending,
        FunctionCommand::Tab(TabRequest::Refresh),
        ctx.commands,
    );
    ui.horizontal(|ui| {
        ui.selectable_value(&mut view.section, FunctionSection::Test, "Test");
        ui.selectable_value(
            &mut view.section,
            FunctionSection::Configuration,
            "Configuration",
        );
        let routes = function.routes.value().map_or_else(
            || "Routes".to_owned(),
            |r| format!("Routes ({})", r.links.len()),
        );
        ui.selectable_value(&mut view.section, FunctionSection::Routes, routes);
        ui.selectable_value(&mut view.section, FunctionSection::Logs, "Logs");
        ui.selectable_value(&mut view.section, FunctionSection::LocalCode, "Local code");
    });
    ui.separator();
    // The form follows the remembered setup (a save, a detach, `--code`) on every section, so
    // Invoke locally in the Test tab checks what the Local code section shows.
    view.local.sync(ctx.local.setup);
    view.local
        .apply_picked(function.folder_pick.value().and_then(Option::as_ref));
    if view.section == FunctionSection::Logs {
        // The events scroll themselves.
        crate::lambda::ui::function_logs::function_logs_ui(ui, ctx, view);
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt(("function_body", ctx.tab))
        .auto_shrink([false, false])
        .show(ui, |ui| match view.section {
            FunctionSection::Test => test_ui(ui, ctx, view),
            FunctionSection::Routes => request_ui(
                ui,
                &function.routes,
                FunctionCommand::Tab(TabRequest::Refresh),
                ctx.commands,
                routes_ui,
            ),
            FunctionSection::Logs => {}
            FunctionSection::LocalCode => {
                crate::lambda::ui::local_code::local_code_ui(ui, ctx, view);
            }
            FunctionSection::Configuration => {
                let revealed = ctx.environment_revealed;
                request_ui(
                    ui,
                    &function.details,
                    FunctionCommand::Tab(TabRequest::Refresh),
                    ctx.commands,
                    |ui, details, commands| configuration_ui(ui, details, revealed, commands),
                );
            }
        });
}
