//! The events of a log view: one by one, or grouped by invocation with the REPORT line's
//! numbers in the heading; errors and timeouts in the error colour; JSON lines as fields,
//! pretty on expand; copy an event or a whole invocation.

use egui::RichText;

use crate::lambda::model::lambda_log::ReportLine;
use crate::logs::model::LogEvent;
use crate::logs::model::invocations::{Invocation, group_invocations, is_error_line};
use crate::logs::model::json_line::parse_json_line;
use crate::logs::model::log_event::format_utc;
use crate::logs::ui::logs_view::{LogsViewContext, LogsViewState};
use crate::shared::widgets::{error_color, named_button};

/// At most this many invocations (or events) are drawn; the rest are counted.
const SHOWN_AT_MOST: usize = 1000;

/// The heading of an invocation: when, which request, and what its REPORT said.
pub fn invocation_title(invocation: &Invocation, events: &[LogEvent]) -> String {
    let mut parts = vec![format_utc(invocation.first_ms)];
    parts.push(match &invocation.request_id {
        Some(id) => format!("RequestId {id}"),
        None => "Outside any invocation".to_owned(),
    });
    if let Some(report) = &invocation.report {
        parts.extend(report_parts(report));
    }
    let count = invocation
        .events
        .iter()
        .filter(|i| **i < events.len())
        .count();
    parts.push(format!(
        "{count} event{}",
        if count == 1 { "" } else { "s" }
    ));
    if invocation.timed_out {
        parts.push("Timed out".to_owned());
    } else if invocation.error {
        parts.push("Error".to_owned());
    }
    parts.join(" · ")
}

/// The REPORT line's numbers as the Test tab reads them.
fn report_parts(report: &ReportLine) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(ms) = report.duration_ms {
        parts.push(format!("Duration {ms} ms"));
    }
    if let Some(ms) = report.billed_duration_ms {
        parts.push(format!("Billed {ms} ms"));
    }
    match (report.max_memory_used_mb, report.memory_size_mb) {
        (Some(used), Some(size)) => parts.push(format!("Memory {used} of {size} MB")),
        (None, Some(size)) => parts.push(format!("Memory size {size} MB")),
        (Some(used), None) => parts.push(format!("Max memory {used} MB")),
        (None, None) => {}
    }
    if let Some(ms) = report.init_duration_ms {
        parts.push(format!("Init {ms} ms"));
    }
    parts
}

/// The events as the view arranges them.
pub fn events_ui(ui: &mut egui::Ui, cx: &mut LogsViewContext<'_>, view: &mut LogsViewState) {
    let logs = cx.logs;
    if logs.events.is_empty() {
        let note = if logs.page.is_pending() {
            "Searching…"
        } else {
            "No events in this range."
        };
        ui.label(RichText::new(note).weak());
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt(("log_events", cx.tab))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if view.by_invocation {
                if view.groups.0 != logs.generation {
                    view.groups = (logs.generation, group_invocations(&logs.events));
                }
                let groups = &view.groups.1;
                let order: Box<dyn Iterator<Item = &Invocation>> = if view.newest_first {
                    Box::new(groups.iter().rev())
                } else {
                    Box::new(groups.iter())
                };
                for invocation in order.take(SHOWN_AT_MOST) {
                    invocation_ui(ui, &logs.events, invocation, view.focus_request.as_deref());
                }
                more_note_ui(ui, groups.len(), "invocations");
            } else {
                let order: Box<dyn Iterator<Item = &LogEvent>> = if view.newest_first {
                    Box::new(logs.events.iter().rev())
                } else {
                    Box::new(logs.events.iter())
                };
                for event in order.take(SHOWN_AT_MOST) {
                    event_ui(ui, event);
                }
                more_note_ui(ui, logs.events.len(), "events");
            }
        });
}

fn more_note_ui(ui: &mut egui::Ui, total: usize, noun: &str) {
    if total > SHOWN_AT_MOST {
        ui.label(
            RichText::new(format!(
                "Showing {SHOWN_AT_MOST} of {total} {noun}; narrow the range or the pattern."
            ))
            .weak(),
        );
    }
}

fn invocation_ui(
    ui: &mut egui::Ui,
    events: &[LogEvent],
    invocation: &Invocation,
    focus: Option<&str>,
) {
    let title = invocation_title(invocation, events);
    let mut text = RichText::new(&title);
    if invocation.error || invocation.timed_out {
        text = text.color(error_color(ui));
    }
    let focused = focus.is_some() && invocation.request_id.as_deref() == focus;
    let salt = invocation.request_id.clone().unwrap_or_else(|| {
        format!(
            "{}#{}",
            invocation.stream,
            invocation.events.first().copied().unwrap_or(0)
        )
    });
    let header = egui::CollapsingHeader::new(one_line(ui, text))
        .id_salt(("invocation", salt))
        .default_open(focused);
    let header = if focused {
        header.open(Some(true))
    } else {
        header
    };
    let response = header.show(ui, |ui| {
        let lines: Vec<&LogEvent> = invocation
            .events
            .iter()
            .filter_map(|i| events.get(*i))
            .collect();
        let name = match &invocation.request_id {
            Some(id) => format!("Copy invocation {id}"),
            None => format!("Copy events at {}", format_utc(invocation.first_ms)),
        };
        if named_button(ui, "Copy invocation", &name).clicked() {
            let text: Vec<String> = lines
                .iter()
                .map(|e| format!("{}\t{}", format_utc(e.timestamp_ms), e.message.trim_end()))
                .collect();
            ui.ctx().copy_text(text.join("\n"));
        }
        for event in lines {
            event_ui(ui, event);
        }
    });
    let header_response = response.header_response.on_hover_text(&title);
    if focused && header_response.rect.is_positive() {
        header_response.scroll_to_me(Some(egui::Align::TOP));
    }
}

/// The heading cut to the view's width with an ellipsis: a collapsing header never wraps, and
/// a request id with its REPORT figures runs past a narrow window. The hover shows it whole.
fn one_line(ui: &egui::Ui, text: RichText) -> egui::WidgetText {
    let job = egui::WidgetText::from(text).into_layout_job(
        ui.style(),
        egui::FontSelection::Style(egui::TextStyle::Button),
        egui::Align::Center,
    );
    let mut job = std::sync::Arc::unwrap_or_clone(job);
    job.wrap = egui::text::TextWrapping::truncate_at_width(
        (ui.available_width() - ui.spacing().indent - ui.spacing().button_padding.x * 2.0)
            .max(40.0),
    );
    egui::WidgetText::from(ui.fonts_mut(|fonts| fonts.layout_job(job)))
}

fn event_ui(ui: &mut egui::Ui, event: &LogEvent) {
    let time = format_utc(event.timestamp_ms);
    let message = event.message.trim_end();
    let error = is_error_line(message);
    let json = parse_json_line(message);
    ui.horizontal_wrapped(|ui| {
        if named_button(ui, "Copy", &format!("Copy event at {time}")).clicked() {
            ui.ctx().copy_text(event.message.clone());
        }
        ui.label(RichText::new(&time).monospace().weak());
        let shown = match &json {
            Some(json) => json
                .fields
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(" · "),
            None => message.to_owned(),
        };
        let mut text = RichText::new(shown).monospace();
        if error {
            text = text.color(error_color(ui));
        }
        ui.add(egui::Label::new(text).wrap());
    });
    if let Some(json) = json {
        ui.indent(("json_event", &event.event_id, event.timestamp_ms), |ui| {
            egui::CollapsingHeader::new(format!("JSON at {time}"))
                .id_salt(("json_event_body", &event.event_id, event.timestamp_ms))
                .show(ui, |ui| {
                    ui.add(egui::Label::new(RichText::new(&json.pretty).monospace()).wrap());
                });
        });
    }
}
