//! A function's local runs in its Logs view: one entry per invocation, marked "local", titled
//! as the cloud log's invocations are (when, request id, the REPORT's numbers), lines inside.

use egui::RichText;

use crate::lambda::model::lambda_log::{ReportLine, parse_report};
use crate::local_lambda::ui::local_badge;
use crate::logs::model::invocations::is_error_line;
use crate::shared::widgets::error_color;

/// One local run's log, as the function tab's history holds it.
pub struct LocalRunLog<'a> {
    /// Local wall-clock time, `HH:MM:SS`.
    pub at: &'a str,
    pub request_id: Option<&'a str>,
    pub instance: Option<u64>,
    pub function_error: bool,
    pub log: &'a str,
}

/// The heading of one local run.
pub fn local_run_title(run: &LocalRunLog<'_>, report: Option<&ReportLine>) -> String {
    let mut parts = vec![run.at.to_owned()];
    parts.push(run.request_id.map_or_else(
        || "RequestId unknown".to_owned(),
        |id| format!("RequestId {id}"),
    ));
    if let Some(instance) = run.instance {
        parts.push(format!("instance #{instance}"));
    }
    if let Some(report) = report {
        if let Some(ms) = report.duration_ms {
            parts.push(format!("Duration {ms} ms"));
        }
        if let (Some(used), Some(size)) = (report.max_memory_used_mb, report.memory_size_mb) {
            parts.push(format!("Memory {used} of {size} MB"));
        }
        parts.push(match report.init_duration_ms {
            Some(ms) => format!("cold start, Init {ms} ms"),
            None => "warm".to_owned(),
        });
    }
    let lines = run.log.lines().count();
    parts.push(format!("{lines} line{}", if lines == 1 { "" } else { "s" }));
    if run.function_error {
        parts.push("Error".to_owned());
    }
    parts.join(" · ")
}

/// The section: nothing when the function has not run locally this session. The run whose
/// request id is `focus` is opened and scrolled to, once.
pub fn local_runs_log_ui(ui: &mut egui::Ui, runs: &[LocalRunLog<'_>], focus: &mut Option<String>) {
    if runs.is_empty() {
        return;
    }
    let focused = focus.take();
    egui::CollapsingHeader::new(format!("Local runs ({})", runs.len()))
        .id_salt("local_runs_log")
        .default_open(true)
        .show(ui, |ui| {
            ui.label(
                RichText::new("Run on this machine by Invoke locally this session, newest first.")
                    .weak(),
            );
            egui::ScrollArea::vertical()
                .id_salt("local_runs_log_scroll")
                .max_height(240.0)
                .show(ui, |ui| {
                    for (i, run) in runs.iter().enumerate().rev() {
                        let open = focused.is_some() && run.request_id == focused.as_deref();
                        run_ui(ui, i, run, open);
                    }
                });
        });
    ui.separator();
}

fn run_ui(ui: &mut egui::Ui, index: usize, run: &LocalRunLog<'_>, open: bool) {
    let report = parse_report(run.log);
    let title = local_run_title(run, report.as_ref());
    ui.horizontal(|ui| {
        local_badge(ui, "local");
        let mut heading = RichText::new(title);
        if run.function_error {
            heading = heading.color(error_color(ui));
        }
        let header = egui::CollapsingHeader::new(heading)
            .id_salt(("local_run", index))
            .open(open.then_some(true))
            .show(ui, |ui| {
                for line in run.log.lines() {
                    let mut text = RichText::new(line).monospace();
                    if is_error_line(line) {
                        text = text.color(error_color(ui));
                    }
                    ui.add(egui::Label::new(text).wrap());
                }
            });
        if open {
            header.header_response.scroll_to_me(Some(egui::Align::TOP));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_reads_like_a_cloud_invocation_and_says_cold_or_warm() {
        let log = "START RequestId: r1 Version: $LATEST\nhello\nEND RequestId: r1\n\
                   REPORT RequestId: r1\tDuration: 1.50 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB\tInit Duration: 30.00 ms\t";
        let run = LocalRunLog {
            at: "12:00:01",
            request_id: Some("r1"),
            instance: Some(3),
            function_error: false,
            log,
        };
        let title = local_run_title(&run, parse_report(log).as_ref());
        assert!(
            title.starts_with("12:00:01 · RequestId r1 · instance #3"),
            "{title}"
        );
        assert!(title.contains("cold start"), "{title}");
        assert!(title.ends_with("4 lines"), "{title}");
        let hostile = LocalRunLog {
            at: "",
            request_id: None,
            instance: None,
            function_error: true,
            log: "\u{0}REPORT RequestId: \n\n",
        };
        let title = local_run_title(&hostile, parse_report(hostile.log).as_ref());
        assert!(title.ends_with("Error"), "{title}");
    }
}
