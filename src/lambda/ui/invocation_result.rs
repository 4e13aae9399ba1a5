//! One invocation's outcome (status, function error, response, report, log tail) and the
//! session's history of invocations, any of which can be re-opened.

use egui::RichText;

use crate::lambda::model::invocation::InvocationResult;
use crate::lambda::model::lambda_log::parse_report;
use crate::lambda::tab::FunctionTab;
use crate::lambda::ui::function_view::FunctionViewState;
use crate::shared::widgets::error_color;
use crate::shared::widgets::named_button;
use crate::shared::widgets::optional_row;
use crate::shared::widgets::payload_cache::payload_view;
use crate::shared::widgets::property_row;

/// What one invocation returned: status, any function error, the response, report and logs.
pub fn result_ui(ui: &mut egui::Ui, result: &InvocationResult) {
    ui.horizontal_wrapped(|ui| {
        if result.ran_locally {
            local_run_badges_ui(ui, result);
        }
        ui.label(RichText::new(format!("Status {}", result.status_code)).strong());
        if let Some(version) = result
            .executed_version
            .as_ref()
            .filter(|_| !result.ran_locally)
        {
            ui.label(format!("· executed version {version}"));
        }
        ui.label(format!(
            "· {:.0} ms round trip",
            result.round_trip.as_secs_f64() * 1000.0
        ));
    });
    let shown = payload_view(ui.ctx(), &result.payload);
    let parsed_error = shown.function_error.as_ref();
    if result.function_error.is_some() || parsed_error.is_some() {
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.5, error_color(ui)))
            .show(ui, |ui| {
                let kind = result.function_error.as_deref().unwrap_or("Error");
                let error_type = parsed_error
                    .and_then(|e| e.error_type.clone())
                    .unwrap_or_else(|| "function error".to_owned());
                ui.label(
                    RichText::new(format!("Function error ({kind}): {error_type}"))
                        .color(error_color(ui))
                        .strong(),
                );
                if let Some(message) = parsed_error.and_then(|e| e.error_message.as_ref()) {
                    ui.add(egui::Label::new(message.as_str()).wrap());
                }
                for line in parsed_error.iter().flat_map(|e| e.stack_trace.iter()) {
                    ui.label(RichText::new(line.trim_end()).monospace().weak());
                }
            });
    }
    ui.label(RichText::new("Response").strong());
    if result.payload.is_empty() {
        ui.label(RichText::new("(empty)").weak());
    } else {
        ui.add(egui::Label::new(RichText::new(shown.text.as_str()).monospace()).extend());
    }
    if let Some(log) = &result.log_tail {
        if let Some(report) = parse_report(log) {
            ui.label(RichText::new("Report").strong());
            egui::Grid::new("invocation_report")
                .num_columns(2)
                .show(ui, |ui| {
                    let ms = |v: Option<f64>| v.map(|v| format!("{v} ms"));
                    optional_row(ui, "Duration", ms(report.duration_ms));
                    optional_row(ui, "Billed duration", ms(report.billed_duration_ms));
                    optional_row(
                        ui,
                        "Memory size",
                        report.memory_size_mb.map(|m| format!("{m} MB")),
                    );
                    optional_row(
                        ui,
                        "Max memory used",
                        report.max_memory_used_mb.map(|m| format!("{m} MB")),
                    );
                    optional_row(ui, "Init duration", ms(report.init_duration_ms));
                    if let Some(status) = &report.status {
                        property_row(ui, "Status", status);
                    }
                });
        }
        ui.label(RichText::new("Log tail").strong());
        ui.add(egui::Label::new(RichText::new(log.as_str()).monospace()).extend());
    } else {
        ui.label(RichText::new("No log tail was returned.").weak());
    }
}

/// "Ran locally", the instance, and whether it started the instance (the REPORT has an Init
/// Duration only then, as Lambda writes it).
fn local_run_badges_ui(ui: &mut egui::Ui, result: &InvocationResult) {
    crate::local_lambda::ui::local_badge(ui, "Ran locally");
    if let Some(instance) = result.local_instance {
        ui.label(format!("instance #{instance}"));
    }
    let cold = result
        .log_tail
        .as_deref()
        .and_then(parse_report)
        .map(|r| r.init_duration_ms.is_some());
    match cold {
        Some(true) => ui.label("· cold start"),
        Some(false) => ui.label("· warm"),
        None => ui.label("· no REPORT line"),
    };
}

/// The session's invocations, newest first; Open shows one again with its payload.
pub fn history_ui(ui: &mut egui::Ui, tab: &FunctionTab, view: &mut FunctionViewState) {
    if tab.history.is_empty() {
        return;
    }
    ui.add_space(8.0);
    egui::CollapsingHeader::new(format!("History ({} invocations)", tab.history.len()))
        .id_salt("invocation_history")
        .show(ui, |ui| {
            for (i, record) in tab.history.iter().enumerate().rev() {
                ui.horizontal(|ui| {
                    let outcome = match &record.outcome {
                        Ok(result) if result.function_error.is_some() => {
                            format!("{} · function error", result.status_code)
                        }
                        Ok(result) => format!(
                            "{} · {:.0} ms",
                            result.status_code,
                            result.round_trip.as_secs_f64() * 1000.0
                        ),
                        Err(error) => error.headline(),
                    };
                    let target = if record.input.locally {
                        "local run".to_owned()
                    } else {
                        format!(
                            "{} · {:?}",
                            record.input.qualifier.as_deref().unwrap_or("$LATEST"),
                            record.input.invocation_type
                        )
                    };
                    ui.label(format!("#{} {} · {target} · {outcome}", i + 1, record.at));
                    if named_button(ui, "Open", &format!("Open invocation {}", i + 1)).clicked() {
                        view.shown_history = Some(i);
                        view.payload = record.input.payload.clone();
                        view.payload_error = None;
                    }
                });
            }
        });
}
