//! A log group's view: its streams, the search bar (time range, filter pattern, order), follow
//! and pause, and the events (drawn by `log_events`).

use egui::RichText;

use crate::logs::model::invocations::Invocation;
use crate::logs::model::log_event::{EventQuery, format_utc};
use crate::logs::model::time_range::TimeRange;
use crate::logs::tab::{LogsCommand, LogsTab};
use crate::logs::ui::log_events::events_ui;
use crate::shared::model::{ErrorKind, TabId};
use crate::shared::widgets::{
    StripedTable, error_ui, named_button, named_text_field, request_ui, set_accessible_name,
};

/// What the user arranged in one log view.
pub struct LogsViewState {
    pub range: TimeRange,
    /// Custom range bounds as typed (UTC).
    pub from: String,
    pub to: String,
    pub pattern: String,
    pub newest_first: bool,
    pub by_invocation: bool,
    /// Why the typed range was not searched.
    pub range_error: Option<String>,
    /// The request id to open (from the Test tab's "Show in logs").
    pub focus_request: Option<String>,
    /// The invocations of the events, and the events' generation they were grouped for.
    pub(crate) groups: (u64, Vec<Invocation>),
}

impl Default for LogsViewState {
    fn default() -> Self {
        Self {
            range: TimeRange::LastHour,
            from: String::new(),
            to: String::new(),
            pattern: String::new(),
            newest_first: true,
            by_invocation: true,
            range_error: None,
            focus_request: None,
            groups: (u64::MAX, Vec::new()),
        }
    }
}

impl LogsViewState {
    /// Searches around `request_id` (the last 24 hours, the id as the filter pattern) and
    /// opens its invocation.
    pub fn show_request(&mut self, request_id: &str) -> LogsCommand {
        self.range = TimeRange::Last24Hours;
        self.pattern = format!("\"{request_id}\"");
        self.focus_request = Some(request_id.to_owned());
        LogsCommand::Search {
            query: EventQuery {
                start_ms: now_ms() - 86_400_000,
                end_ms: None,
                pattern: self.pattern.clone(),
                newest_first: self.newest_first,
            },
        }
    }
}

/// What a log view reads and where it sends its commands.
pub struct LogsViewContext<'a> {
    pub tab: TabId,
    pub group: &'a str,
    pub logs: &'a LogsTab,
    pub commands: &'a mut Vec<LogsCommand>,
}

/// Milliseconds since the epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The whole log view.
pub fn logs_view_ui(ui: &mut egui::Ui, cx: &mut LogsViewContext<'_>, view: &mut LogsViewState) {
    let logs = cx.logs;
    let first = logs.streams.is_idle() && logs.page.is_idle();
    if first {
        cx.commands.push(LogsCommand::RefreshStreams);
    }
    if (first || logs.search_requested)
        && let Some(command) = search_command(view)
    {
        cx.commands.push(command);
    }
    ui.label(RichText::new(format!("Log group {}", cx.group)).weak());
    egui::CollapsingHeader::new("Log streams")
        .id_salt(("log_streams", cx.tab))
        .show(ui, |ui| {
            if named_button(ui, "Refresh", "Refresh log streams").clicked() {
                cx.commands.push(LogsCommand::RefreshStreams);
            }
            request_ui(
                ui,
                &logs.streams,
                LogsCommand::RefreshStreams,
                cx.commands,
                |ui, streams, _| {
                    StripedTable::new(("log_stream_list", cx.tab))
                        .headings(&["Stream", "Last event (UTC)"])
                        .when_empty("No log streams: the function has not logged yet.")
                        .rows_ui(ui, streams, |ui, stream| {
                            ui.label(&stream.name);
                            ui.label(
                                stream
                                    .last_event_ms
                                    .map_or_else(|| "—".to_owned(), format_utc),
                            );
                        });
                },
            );
        });
    search_bar_ui(ui, cx, view);
    follow_bar_ui(ui, cx);
    if let Some(error) = logs.page.error()
        && error.kind == ErrorKind::NotFound
    {
        // The usual case for a function that has not run yet, not a failure: Lambda makes the
        // group on the first invocation.
        ui.label(
            RichText::new(format!(
                "No logs yet: the log group {} does not exist. Lambda creates it when the \
                 function first runs.",
                cx.group
            ))
            .weak(),
        );
        if named_button(ui, "Search again", "Search the logs again").clicked() {
            logs_retry(logs, cx.commands);
        }
        return;
    }
    if let Some(error) = logs.page.error() {
        let retry = if logs.has_more() {
            LogsCommand::LoadMore
        } else {
            logs.query
                .clone()
                .map_or(LogsCommand::RefreshStreams, |query| LogsCommand::Search {
                    query,
                })
        };
        error_ui(ui, error, retry, cx.commands);
    }
    ui.separator();
    events_ui(ui, cx, view);
}

/// Runs the last search again (or lists the streams when none ran).
fn logs_retry(logs: &LogsTab, commands: &mut Vec<LogsCommand>) {
    commands.push(LogsCommand::RefreshStreams);
    if let Some(query) = logs.query.clone() {
        commands.push(LogsCommand::Search { query });
    }
}

/// The search for the view's range and pattern, or `None` (with the reason kept) when the
/// typed range is wrong.
fn search_command(view: &mut LogsViewState) -> Option<LogsCommand> {
    match view.range.bounds(now_ms(), &view.from, &view.to) {
        Ok((start_ms, end_ms)) => {
            view.range_error = None;
            Some(LogsCommand::Search {
                query: EventQuery {
                    start_ms,
                    end_ms,
                    pattern: view.pattern.clone(),
                    newest_first: view.newest_first,
                },
            })
        }
        Err(message) => {
            view.range_error = Some(message);
            None
        }
    }
}

fn search_bar_ui(ui: &mut egui::Ui, cx: &mut LogsViewContext<'_>, view: &mut LogsViewState) {
    let mut search = false;
    ui.horizontal_wrapped(|ui| {
        let combo = egui::ComboBox::from_id_salt(("log_range", cx.tab))
            .selected_text(view.range.label())
            .show_ui(ui, |ui| {
                for choice in TimeRange::ALL {
                    ui.selectable_value(&mut view.range, choice, choice.label());
                }
            });
        set_accessible_name(ui, &combo.response, "Time range");
        if view.range == TimeRange::Custom {
            named_text_field(ui, &mut view.from, "From (UTC)", "2024-05-01 10:00", 140.0);
            named_text_field(ui, &mut view.to, "To (UTC)", "now", 140.0);
        }
        let field = named_text_field(
            ui,
            &mut view.pattern,
            "Filter pattern",
            "filter pattern, e.g. ERROR or { $.level = \"ERROR\" }",
            260.0,
        );
        search |= field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        search |= named_button(ui, "Search", "Search logs").clicked();
        // The order decides which events a page holds: search again.
        search |= ui
            .checkbox(&mut view.newest_first, "Newest first")
            .changed();
        ui.checkbox(&mut view.by_invocation, "Group by invocation");
    });
    if let Some(error) = &view.range_error {
        ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
    }
    if search && let Some(command) = search_command(view) {
        cx.commands.push(command);
    }
}

/// Where following starts: after the last event shown (searched, or read before a failed
/// follow), so nothing between is missed; now when none is shown.
fn follow_from(logs: &LogsTab) -> i64 {
    logs.events
        .iter()
        .map(|e| e.timestamp_ms)
        .max()
        .map_or_else(now_ms, |ms| ms.saturating_add(1))
}

fn follow_bar_ui(ui: &mut egui::Ui, cx: &mut LogsViewContext<'_>) {
    let logs = cx.logs;
    if let Some(error) = &logs.follow_error {
        error_ui(
            ui,
            error,
            LogsCommand::Follow {
                pattern: logs
                    .query
                    .as_ref()
                    .map(|q| q.pattern.clone())
                    .unwrap_or_default(),
                start_ms: follow_from(logs),
            },
            cx.commands,
        );
    }
    ui.horizontal_wrapped(|ui| {
        match &logs.follow {
            None => {
                if named_button(ui, "Follow", "Follow logs").clicked() {
                    cx.commands.push(LogsCommand::Follow {
                        pattern: logs
                            .query
                            .as_ref()
                            .map(|q| q.pattern.clone())
                            .unwrap_or_default(),
                        start_ms: follow_from(logs),
                    });
                }
            }
            Some(job) => {
                if named_button(ui, "Stop", "Stop following logs").clicked() {
                    cx.commands.push(LogsCommand::StopFollowing);
                }
                let paused = job.is_paused();
                let (text, name) = if paused {
                    ("Resume", "Resume following logs")
                } else {
                    ("Pause", "Pause following logs")
                };
                if named_button(ui, text, name).clicked() {
                    cx.commands.push(LogsCommand::Pause { paused: !paused });
                }
                if !paused {
                    ui.spinner();
                }
                ui.label(format!(
                    "{} · {} new event{} received",
                    if paused { "Paused" } else { "Following" },
                    job.received,
                    if job.received == 1 { "" } else { "s" }
                ));
                ui.label(job.mode.describe());
            }
        }
        let count = logs.events.len();
        let mut shown = format!("{count} event{} loaded", if count == 1 { "" } else { "s" });
        if logs.dropped > 0 {
            shown.push_str(&format!(" · {} oldest dropped", logs.dropped));
        }
        ui.label(shown);
        if logs.page.is_pending() {
            ui.spinner();
        } else if logs.has_more() && named_button(ui, "Load more", "Load more log events").clicked()
        {
            cx.commands.push(LogsCommand::LoadMore);
        }
    });
}
