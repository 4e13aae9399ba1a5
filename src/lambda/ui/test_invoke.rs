//! The function tab's Test section: the payload editor, qualifier and invocation type, the
//! Invoke button, and the shown invocation.

use egui::RichText;

use crate::connection::LiveConnection;
use crate::lambda::model::FunctionDetails;
use crate::lambda::model::invocation::InvocationType;
use crate::lambda::model::invocation::validate_payload;
use crate::lambda::model::invoke_code::{InvokeInput, invoke_code};
use crate::lambda::tab::FunctionCommand;
use crate::lambda::tab::InvocationInput;
use crate::lambda::ui::function_view::FunctionViewContext;
use crate::lambda::ui::function_view::FunctionViewState;
use crate::lambda::ui::invocation_result::history_ui;
use crate::lambda::ui::invocation_result::result_ui;
use crate::lambda::ui::saved_events::saved_events_ui;
use crate::shared::model::request_code::CodeTarget;
use crate::shared::widgets::error_ui;
use crate::shared::widgets::field_error_ui;
use crate::shared::widgets::payload_cache::json_layout_job_cached;
use crate::shared::widgets::request_code_ui_cached;
use crate::shared::widgets::set_accessible_name;
use crate::shared::widgets::shortcut;

/// Saved events, the payload, the Invoke row, then the latest (or re-opened) invocation.
pub fn test_ui(ui: &mut egui::Ui, ctx: &mut FunctionViewContext<'_>, view: &mut FunctionViewState) {
    saved_events_ui(ui, ctx, view);
    ui.add_space(4.0);
    ui.label(RichText::new("Payload").strong());
    payload_editor_ui(ui, view);
    invoke_row_ui(ui, ctx, view);
    crate::lambda::ui::local_invoke::invoke_locally_notes_ui(ui, ctx, view);
    invoke_code_ui(ui, ctx, view);
    ui.separator();
    let tab = ctx.function;
    let shown = view
        .shown_history
        .and_then(|i| tab.history.get(i))
        .or(tab.history.last());
    match shown {
        Some(record) => {
            if view.shown_history.is_some() {
                ui.label(
                    RichText::new(format!("Showing the invocation of {}", record.at)).italics(),
                );
            }
            match &record.outcome {
                Ok(result) => {
                    show_in_logs_ui(ui, result, ctx, view);
                    result_ui(ui, result);
                }
                Err(error) => {
                    let retry = if record.input.locally {
                        // The per-run credentials permission is not carried over to a retry.
                        FunctionCommand::InvokeLocally {
                            input: record.input.clone(),
                            allow_credentials: false,
                        }
                    } else {
                        FunctionCommand::Invoke {
                            input: record.input.clone(),
                        }
                    };
                    error_ui(ui, error, retry, ctx.commands);
                }
            }
        }
        None => {
            ui.label(RichText::new("Invoke the function to see its response and logs.").weak());
        }
    }
    history_ui(ui, tab, view);
}

/// The invocation the Invoke button sends, as code.
fn invoke_code_ui(ui: &mut egui::Ui, ctx: &FunctionViewContext<'_>, view: &FunctionViewState) {
    egui::CollapsingHeader::new("Invocation as code")
        .id_salt(("invoke_code", ctx.tab))
        .show(ui, |ui| {
            let target = CodeTarget::new(
                ctx.connection.and_then(LiveConnection::region),
                ctx.connection.and_then(|c| c.spec.endpoint_url.as_deref()),
            );
            let input = InvokeInput {
                function: ctx.name,
                qualifier: Some(&view.qualifier),
                invocation_type: view.invocation_type,
                payload: &view.payload,
            };
            // The payload may be megabytes: its code is written again only when something changes.
            let source = (
                ctx.name,
                &view.qualifier,
                format!("{:?}", view.invocation_type),
                &view.payload,
                (&target.region, &target.endpoint_url),
            );
            request_code_ui_cached(ui, ("invoke_code", ctx.tab), source, |language| {
                invoke_code(&input, language, &target)
            });
        });
}

/// The JSON payload, coloured, with the reason it was refused under it.
fn payload_editor_ui(ui: &mut egui::Ui, view: &mut FunctionViewState) {
    let dark_mode = ui.visuals().dark_mode;
    let mut layouter = |ui: &egui::Ui, text: &dyn egui::TextBuffer, wrap_width: f32| {
        let job = json_layout_job_cached(ui.ctx(), text.as_str(), dark_mode, wrap_width);
        ui.fonts_mut(|fonts| fonts.layout_job(job))
    };
    // The editor scrolls inside a bounded box so the Invoke row stays in view.
    let editor = egui::ScrollArea::vertical()
        .id_salt("payload_editor")
        .max_height(280.0)
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut view.payload)
                    .code_editor()
                    .desired_rows(10)
                    .desired_width(f32::INFINITY)
                    .layouter(&mut layouter),
            )
        })
        .inner;
    set_accessible_name(ui, &editor, "Event payload");
    if editor.changed() {
        view.payload_error = None;
    }
    field_error_ui(ui, view.payload_error.as_deref());
}

/// Qualifier, invocation type and Invoke (or Ctrl+Enter); a read-only connection only dry-runs.
fn invoke_row_ui(
    ui: &mut egui::Ui,
    ctx: &mut FunctionViewContext<'_>,
    view: &mut FunctionViewState,
) {
    let tab = ctx.function;
    ui.horizontal_wrapped(|ui| {
        ui.label("Qualifier");
        let qualifiers = tab
            .details
            .value()
            .map_or_else(|| vec!["$LATEST".to_owned()], FunctionDetails::qualifiers);
        let combo = egui::ComboBox::from_id_salt(("qualifier", ctx.tab))
            .selected_text(&view.qualifier)
            .show_ui(ui, |ui| {
                for qualifier in qualifiers {
                    ui.selectable_value(&mut view.qualifier, qualifier.clone(), qualifier);
                }
            });
        set_accessible_name(ui, &combo.response, "Qualifier (version or alias)");
        ui.label("Invocation");
        let combo = egui::ComboBox::from_id_salt(("invocation_type", ctx.tab))
            .selected_text(view.invocation_type.label())
            .show_ui(ui, |ui| {
                for kind in InvocationType::ALL {
                    ui.selectable_value(&mut view.invocation_type, kind, kind.label());
                }
            });
        set_accessible_name(ui, &combo.response, "Invocation type");
        let ctrl_enter = shortcut(ui, egui::Key::Enter);
        let read_only_blocked = ctx.read_only && view.invocation_type != InvocationType::DryRun;
        // A local-only function has nothing deployed to invoke.
        let blocked = read_only_blocked || tab.local_only;
        let invoke = ui
            .add_enabled(
                !blocked && !tab.invocation.is_pending(),
                egui::Button::new("Invoke"),
            )
            .on_hover_text("Invoke (Ctrl+Enter)");
        set_accessible_name(ui, &invoke, "Invoke");
        crate::lambda::ui::local_invoke::invoke_locally_button_ui(ui, ctx, view);
        if tab.local_only {
            ui.label(RichText::new("Local-only function: nothing is deployed to Invoke").weak());
        } else if read_only_blocked {
            ui.label(RichText::new("Read-only connection: only DryRun is allowed").weak());
        }
        if (invoke.clicked() || (ctrl_enter && !blocked)) && !tab.invocation.is_pending() {
            match validate_payload(&view.payload, view.invocation_type) {
                Ok(()) => {
                    view.payload_error = None;
                    view.shown_history = None;
                    ctx.commands.push(FunctionCommand::Invoke {
                        input: InvocationInput {
                            qualifier: Some(view.qualifier.clone()),
                            invocation_type: view.invocation_type,
                            payload: view.payload.clone(),
                            locally: false,
                        },
                    });
                }
                Err(error) => view.payload_error = Some(error.message),
            }
        }
        if tab.invocation.is_pending() {
            ui.spinner();
            ui.label("Invoking…");
        }
    });
}

/// "Show in logs": the Logs section, searched for this invocation's request id.
fn show_in_logs_ui(
    ui: &mut egui::Ui,
    result: &crate::lambda::model::invocation::InvocationResult,
    ctx: &mut FunctionViewContext<'_>,
    view: &mut FunctionViewState,
) {
    let from_report = || {
        result
            .log_tail
            .as_deref()
            .and_then(crate::lambda::model::lambda_log::parse_report)
            .and_then(|r| r.request_id)
    };
    let Some(id) = result.request_id.clone().or_else(from_report) else {
        return;
    };
    let button = crate::shared::widgets::named_button(ui, "Show in logs", "Show in logs")
        .on_hover_text(format!("Request {id}"));
    if button.clicked() {
        view.section = crate::lambda::ui::function_view::FunctionSection::Logs;
        if result.ran_locally {
            // A local run never reached CloudWatch: its entry in the local runs opens instead.
            view.local_run_focus = Some(id);
            return;
        }
        let command = view.logs.show_request(&id);
        ctx.commands.push(FunctionCommand::Logs(command));
    }
}
