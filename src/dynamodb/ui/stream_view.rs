//! The table tab's Stream section: the stream's settings and shards, turning it on or off,
//! the functions that consume it, and following its records (drawn by `stream_records`).

use egui::RichText;

use crate::dynamodb::model::stream_details::{StreamInfo, StreamStart, StreamViewType};
use crate::dynamodb::model::stream_record::RecordFilter;
use crate::dynamodb::tab::TableCommand;
use crate::dynamodb::tab::stream_state::{StreamCommand, StreamOverview};
use crate::dynamodb::ui::stream_records::{records_ui, send_ui};
use crate::dynamodb::ui::table_context::TableViewContext;
use crate::shared::model::{ResourceRef, TabRequest};
use crate::shared::widgets::{
    StripedTable, error_ui, named_button, named_text_field, request_ui, set_accessible_name,
};

/// What the user arranged in a table tab's Stream section.
pub struct StreamViewState {
    /// The view type the stream is turned on with.
    pub view_type: StreamViewType,
    pub start: StreamStart,
    pub filter: RecordFilter,
    pub newest_first: bool,
    /// Records chosen for sending, by their buffer ids.
    pub chosen: std::collections::BTreeSet<u64>,
    /// The record whose images and changes show.
    pub shown: Option<u64>,
    /// The function chosen records are sent to.
    pub function: String,
    /// The shown records' ids, and the buffer generation and filter they were picked for.
    pub(crate) cache: (u64, RecordFilter, bool, Vec<u64>),
}

impl Default for StreamViewState {
    fn default() -> Self {
        Self {
            view_type: StreamViewType::NewAndOldImages,
            start: StreamStart::Latest,
            filter: RecordFilter::default(),
            newest_first: true,
            chosen: Default::default(),
            shown: None,
            function: String::new(),
            cache: (u64::MAX, RecordFilter::default(), true, Vec::new()),
        }
    }
}

fn send(cx: &mut TableViewContext<'_>, command: StreamCommand) {
    cx.commands.push(TableCommand::Stream(command));
}

/// The whole Stream section.
pub fn stream_view_ui(
    ui: &mut egui::Ui,
    cx: &mut TableViewContext<'_>,
    view: &mut StreamViewState,
) {
    let stream = &cx.table.stream;
    if stream.overview.is_idle() {
        send(cx, StreamCommand::Refresh);
    }
    egui::CollapsingHeader::new(RichText::new("Stream settings").strong())
        .id_salt(("stream_settings", cx.tab))
        .default_open(true)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(("stream_settings_scroll", cx.tab))
                .max_height(ui.available_height() * 0.4)
                .auto_shrink([false, true])
                .show(ui, |ui| settings_ui(ui, cx, view));
        });
    ui.separator();
    follow_bar_ui(ui, cx, view);
    let tab = cx.tab;
    egui::Panel::right(("stream_record_pane", tab))
        .resizable(true)
        .default_size(380.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(("stream_record_pane_scroll", tab))
                .auto_shrink([false, false])
                .show(ui, |ui| send_ui(ui, cx, view));
        });
    egui::CentralPanel::no_frame().show(ui, |ui| records_ui(ui, cx, view));
}

fn settings_ui(ui: &mut egui::Ui, cx: &mut TableViewContext<'_>, view: &mut StreamViewState) {
    let stream = &cx.table.stream;
    ui.horizontal(|ui| {
        if named_button(ui, "Refresh", "Refresh stream").clicked() {
            cx.commands
                .push(TableCommand::Stream(StreamCommand::Refresh));
        }
        if stream.overview.is_pending() || stream.update.is_pending() {
            ui.spinner();
        }
    });
    if let Some(error) = stream.update.error() {
        error_ui(
            ui,
            error,
            TableCommand::Stream(StreamCommand::Refresh),
            cx.commands,
        );
    }
    let read_only = cx.read_only;
    let busy = stream.update.is_pending();
    let tab = cx.tab;
    request_ui(
        ui,
        &stream.overview,
        TableCommand::Stream(StreamCommand::Refresh),
        cx.commands,
        |ui, overview, commands| {
            overview_ui(ui, overview, commands);
            ui.horizontal(|ui| {
                ui.add_enabled_ui(!read_only && !busy, |ui| {
                    if overview.info.enabled {
                        if named_button(ui, "Turn stream off", "Turn stream off").clicked() {
                            commands.push(TableCommand::Stream(StreamCommand::SetStream {
                                view: None,
                            }));
                        }
                    } else {
                        let combo = egui::ComboBox::from_id_salt(("stream_view_type", tab))
                            .selected_text(view.view_type.label())
                            .show_ui(ui, |ui| {
                                for choice in StreamViewType::ALL {
                                    ui.selectable_value(
                                        &mut view.view_type,
                                        choice,
                                        choice.label(),
                                    );
                                }
                            });
                        set_accessible_name(ui, &combo.response, "Stream view type");
                        if named_button(ui, "Turn stream on", "Turn stream on").clicked() {
                            commands.push(TableCommand::Stream(StreamCommand::SetStream {
                                view: Some(view.view_type),
                            }));
                        }
                    }
                });
                if read_only {
                    ui.label(RichText::new("Read-only: the stream cannot be changed.").weak());
                }
            });
            mappings_ui(ui, overview, commands);
        },
    );
}

fn overview_ui(ui: &mut egui::Ui, overview: &StreamOverview, _commands: &mut Vec<TableCommand>) {
    let info: &StreamInfo = &overview.info;
    egui::Grid::new("stream_overview")
        .num_columns(2)
        .show(ui, |ui| {
            let state = match (&info.enabled, &info.view_type) {
                (true, Some(view)) => format!("On · {view}"),
                (true, None) => "On".to_owned(),
                (false, _) => "Off".to_owned(),
            };
            crate::shared::widgets::property_row(ui, "Stream", &format!("Stream {state}"));
            crate::shared::widgets::optional_row(ui, "Status", info.status.as_deref());
            crate::shared::widgets::optional_row(ui, "Latest stream ARN", info.arn.as_deref());
        });
    if info.arn.is_none() {
        return;
    }
    ui.label(RichText::new("Shards").strong());
    StripedTable::new("stream_shards")
        .headings(&["Shard", "Parent", "Starting sequence", "Ending sequence"])
        .when_empty("No shards yet.")
        .rows_ui(ui, &info.shards, |ui, shard| {
            ui.label(&shard.shard_id);
            ui.label(shard.parent_shard_id.as_deref().unwrap_or("—"));
            ui.label(shard.starting_sequence.as_deref().unwrap_or("—"));
            ui.label(shard.ending_sequence.as_deref().unwrap_or("open"));
        });
}

fn mappings_ui(ui: &mut egui::Ui, overview: &StreamOverview, commands: &mut Vec<TableCommand>) {
    if overview.info.arn.is_none() {
        return;
    }
    ui.label(RichText::new("Functions reading this stream").strong());
    StripedTable::new("stream_mappings")
        .headings(&["Function", "State", "Batch size", "Starting position"])
        .when_empty("No event source mapping reads this stream.")
        .part_ui(
            ui,
            &overview.mappings,
            TableCommand::Stream(StreamCommand::Refresh),
            commands,
            |ui, mapping, commands| {
                let name = format!("Open function {}", mapping.function);
                if named_button(ui, &mapping.function, &name).clicked() {
                    commands.push(TableCommand::Tab(TabRequest::OpenLinked(
                        ResourceRef::Function {
                            name: mapping.function.clone(),
                        },
                    )));
                }
                ui.label(mapping.state.as_deref().unwrap_or("—"));
                ui.label(
                    mapping
                        .batch_size
                        .map_or_else(|| "—".to_owned(), |b| b.to_string()),
                );
                ui.label(mapping.starting_position.as_deref().unwrap_or("—"));
            },
        );
}

/// Start position, follow and pause, the counts, the filter.
fn follow_bar_ui(ui: &mut egui::Ui, cx: &mut TableViewContext<'_>, view: &mut StreamViewState) {
    let stream = &cx.table.stream;
    if let Some(error) = &stream.follow_error {
        error_ui(
            ui,
            error,
            TableCommand::Stream(StreamCommand::Resume { start: view.start }),
            cx.commands,
        );
    }
    let mut commands = Vec::new();
    ui.horizontal_wrapped(|ui| {
        match &stream.follow {
            None => {
                let combo = egui::ComboBox::from_id_salt(("stream_start", cx.tab))
                    .selected_text(view.start.label())
                    .show_ui(ui, |ui| {
                        for choice in StreamStart::ALL {
                            ui.selectable_value(&mut view.start, choice, choice.label());
                        }
                    });
                set_accessible_name(ui, &combo.response, "Start from");
                if named_button(ui, "Follow", "Follow stream").clicked() {
                    commands.push(StreamCommand::Follow { start: view.start });
                }
            }
            Some(job) => {
                if named_button(ui, "Stop", "Stop following").clicked() {
                    commands.push(StreamCommand::StopFollowing);
                }
                let paused = job.is_paused();
                let (text, name) = if paused {
                    ("Resume", "Resume following")
                } else {
                    ("Pause", "Pause following")
                };
                if named_button(ui, text, name).clicked() {
                    commands.push(StreamCommand::Pause { paused: !paused });
                }
                let state = match (paused, job.shards) {
                    (true, _) => "Paused".to_owned(),
                    (false, None) => "Starting…".to_owned(),
                    (false, Some(1)) => format!("Following 1 shard from {}", job.start.as_str()),
                    (false, Some(n)) => format!("Following {n} shards from {}", job.start.as_str()),
                };
                if !paused {
                    ui.spinner();
                }
                ui.label(state);
            }
        }
        let records = &stream.records;
        let mut counts = format!(
            "{} records received · {} kept",
            records.received(),
            records.len()
        );
        if records.dropped() > 0 {
            counts.push_str(&format!(" · {} oldest dropped", records.dropped()));
        }
        ui.label(counts);
        if named_button(ui, "Clear", "Clear records").clicked() {
            commands.push(StreamCommand::ClearRecords);
        }
    });
    ui.horizontal_wrapped(|ui| {
        let filter = &mut view.filter;
        for (shown, event) in [
            (&mut filter.insert, "INSERT"),
            (&mut filter.modify, "MODIFY"),
            (&mut filter.remove, "REMOVE"),
        ] {
            let check = ui.checkbox(shown, event);
            set_accessible_name(ui, &check, &format!("Show {event} records"));
        }
        named_text_field(
            ui,
            &mut view.filter.key,
            "Filter records by key",
            "key contains…",
            200.0,
        );
        ui.checkbox(&mut view.newest_first, "Newest first");
    });
    cx.commands
        .extend(commands.into_iter().map(TableCommand::Stream));
}
