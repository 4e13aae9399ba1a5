//! Followed stream records: the filtered list (virtualized, newest first by default), the
//! chosen record's keys, images and attribute-level changes, and sending chosen records to a
//! function as the event Lambda would deliver.

use egui::RichText;

use crate::dynamodb::model::attribute_json::{JsonStyle, item_to_json, value_to_json};
use crate::dynamodb::model::item_edit::{ChangeKind, Item};
use crate::dynamodb::model::stream_record::{StreamEventName, StreamRecord};
use crate::dynamodb::tab::TableCommand;
use crate::dynamodb::tab::stream_state::StreamCommand;
use crate::dynamodb::ui::stream_view::StreamViewState;
use crate::dynamodb::ui::table_context::TableViewContext;
use crate::lambda::model::lambda_log::pretty_payload;
use crate::shared::widgets::{
    StripedTable, error_color, error_ui, named_button, set_accessible_name,
};

/// How a record reads in the list and in its checkbox's name.
pub fn record_line(record: &StreamRecord) -> String {
    format!(
        "{} {} at {}",
        record.event_name.as_str(),
        record.keys_text,
        record.time_text()
    )
}

fn event_colour(ui: &egui::Ui, event: StreamEventName) -> egui::Color32 {
    match event {
        StreamEventName::Insert => egui::Color32::from_rgb(0x2e, 0x9e, 0x4f),
        StreamEventName::Modify => egui::Color32::from_rgb(0xd0, 0x8c, 0x1c),
        StreamEventName::Remove => error_color(ui),
    }
}

/// Recomputes the shown ids only when the records, the filter or the order changed: a busy
/// stream redraws often and the buffer holds up to 10,000 records.
fn shown_ids(cx: &TableViewContext<'_>, view: &mut StreamViewState) {
    let stream = &cx.table.stream;
    let (generation, filter, newest_first, _) = &view.cache;
    if *generation == stream.generation
        && *filter == view.filter
        && *newest_first == view.newest_first
    {
        return;
    }
    let matching = stream.records.iter().filter(|r| view.filter.matches(r));
    let ids: Vec<u64> = if view.newest_first {
        matching.rev().map(|r| r.id).collect()
    } else {
        matching.map(|r| r.id).collect()
    };
    view.cache = (
        stream.generation,
        view.filter.clone(),
        view.newest_first,
        ids,
    );
}

/// The list of kept records that pass the filter.
pub fn records_ui(ui: &mut egui::Ui, cx: &mut TableViewContext<'_>, view: &mut StreamViewState) {
    shown_ids(cx, view);
    let records = &cx.table.stream.records;
    let ids = std::mem::take(&mut view.cache.3);
    if ids.is_empty() {
        let note = if records.is_empty() {
            "No records yet. Follow the stream, then write to the table."
        } else {
            "No kept record matches the filter."
        };
        ui.label(RichText::new(note).weak());
    } else {
        ui.horizontal(|ui| {
            ui.label(format!("{} shown", ids.len()));
            if named_button(ui, "Choose all shown", "Choose all shown records").clicked() {
                view.chosen.extend(ids.iter().copied());
            }
            if named_button(ui, "Choose none", "Choose no records").clicked() {
                view.chosen.clear();
            }
        });
        let row_height = ui.spacing().interact_size.y;
        egui::ScrollArea::vertical()
            .id_salt(("stream_records", cx.tab))
            .auto_shrink([false, false])
            .show_rows(ui, row_height, ids.len(), |ui, rows| {
                for id in &ids[rows] {
                    let Some(record) = records.get(*id) else {
                        continue;
                    };
                    ui.horizontal(|ui| {
                        let line = record_line(record);
                        let mut chosen = view.chosen.contains(id);
                        let check = ui.checkbox(&mut chosen, "");
                        set_accessible_name(ui, &check, &format!("Choose {line}"));
                        if check.changed() {
                            if chosen {
                                view.chosen.insert(*id);
                            } else {
                                view.chosen.remove(id);
                            }
                        }
                        ui.label(RichText::new(record.time_text()).monospace().weak());
                        ui.label(
                            RichText::new(record.event_name.as_str())
                                .monospace()
                                .color(event_colour(ui, record.event_name)),
                        );
                        let row = ui.selectable_label(view.shown == Some(*id), &record.keys_text);
                        set_accessible_name(ui, &row, &line);
                        if row.clicked() {
                            view.shown = Some(*id);
                        }
                    });
                }
            });
    }
    view.cache.3 = ids;
}

/// Sending the chosen records to a function, then the shown record in full.
pub fn send_ui(ui: &mut egui::Ui, cx: &mut TableViewContext<'_>, view: &mut StreamViewState) {
    let stream = &cx.table.stream;
    ui.label(RichText::new("Send to a function").strong());
    // Chosen records that were dropped from the buffer since are no longer sendable.
    view.chosen.retain(|id| stream.records.get(*id).is_some());
    let mut functions = cx
        .connection
        .and_then(|c| c.functions.value())
        .map(|f| f.iter().map(|f| f.name.clone()).collect::<Vec<_>>())
        .unwrap_or_default();
    // Local-only functions can be sent to as well (locally).
    for name in &cx.local_functions {
        if !functions.contains(name) {
            functions.push(name.clone());
        }
    }
    if view.function.is_empty()
        && let Some(first) = functions.first()
    {
        view.function = first.clone();
    }
    let combo = egui::ComboBox::from_id_salt(("stream_send_function", cx.tab))
        .selected_text(if view.function.is_empty() {
            "no function"
        } else {
            view.function.as_str()
        })
        .show_ui(ui, |ui| {
            for name in &functions {
                ui.selectable_value(&mut view.function, name.clone(), name);
            }
        });
    set_accessible_name(ui, &combo.response, "Function to send to");
    let count = view.chosen.len();
    let ready = count > 0 && !view.function.is_empty() && !cx.read_only;
    let text = format!(
        "Send {count} chosen record{} to {}",
        if count == 1 { "" } else { "s" },
        if view.function.is_empty() {
            "the function"
        } else {
            view.function.as_str()
        }
    );
    let button = ui.add_enabled(ready, egui::Button::new(&text));
    set_accessible_name(ui, &button, "Send chosen records to function");
    if button.clicked() {
        cx.commands
            .push(TableCommand::Stream(StreamCommand::SendToFunction {
                function: view.function.clone(),
                records: view.chosen.iter().copied().collect(),
            }));
    }
    local_send_ui(ui, cx, view, count);
    if cx.read_only {
        ui.label(RichText::new("Read-only: invoking a function can write anything.").weak());
    }
    let stream = &cx.table.stream;
    if stream.send.is_pending() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Invoke…");
        });
    }
    if let Some(error) = stream.send.error() {
        let (function, records) = (view.function.clone(), view.chosen.iter().copied().collect());
        // Retry sends the way the failed send went.
        let retry = if stream.sent_locally() {
            StreamCommand::SendToLocalFunction { function, records }
        } else {
            StreamCommand::SendToFunction { function, records }
        };
        error_ui(ui, error, TableCommand::Stream(retry), cx.commands);
    } else if let (Some(result), Some((function, sent))) = (stream.send.value(), &stream.sent) {
        ui.label(format!(
            "Sent {sent} record{} to {function}: status {}{}",
            if *sent == 1 { "" } else { "s" },
            result.status_code,
            result
                .function_error
                .as_deref()
                .map(|e| format!(" · function error {e}"))
                .unwrap_or_default()
        ));
        let (_, text) = pretty_payload(&result.payload);
        // Its text is its accessible name, so the response can be read back.
        ui.add(egui::Label::new(RichText::new(text).monospace()).wrap());
    }
    ui.separator();
    // Below the send controls, so they stay in reach however long the images are.
    match view.shown.and_then(|id| stream.records.get(id)) {
        Some(record) => record_detail_ui(ui, record),
        None => {
            ui.label(RichText::new("Click a record to see its images and changes.").weak());
        }
    }
}

fn record_detail_ui(ui: &mut egui::Ui, record: &StreamRecord) {
    ui.label(
        RichText::new(format!(
            "{} at {}",
            record.event_name.as_str(),
            record.time_text()
        ))
        .strong(),
    );
    ui.label(format!("Sequence {}", record.sequence_number));
    if let Some(size) = record.size_bytes {
        ui.label(format!("{size} bytes · shard {}", record.shard_id));
    }
    image_ui(ui, "Keys", Some(&record.keys));
    let changes = record.changes();
    if !changes.is_empty() {
        ui.label(RichText::new("Changes").strong());
        StripedTable::new(("stream_changes", record.id))
            .headings(&["Attribute", "Change", "Old", "New"])
            .rows_ui(ui, &changes, |ui, change| {
                ui.label(&change.name);
                ui.label(match change.kind {
                    ChangeKind::Added => "added",
                    ChangeKind::Changed => "changed",
                    ChangeKind::Removed => "removed",
                });
                let text = |v: Option<&crate::dynamodb::model::AttrValue>| {
                    v.map_or_else(
                        || "—".to_owned(),
                        |v| value_to_json(v, JsonStyle::DynamoDb, false),
                    )
                };
                ui.add(
                    egui::Label::new(RichText::new(text(change.before.as_ref())).monospace())
                        .wrap(),
                );
                ui.add(
                    egui::Label::new(RichText::new(text(change.after.as_ref())).monospace()).wrap(),
                );
            });
    }
    image_ui(ui, "New image", record.new_image.as_ref());
    image_ui(ui, "Old image", record.old_image.as_ref());
}

fn image_ui(ui: &mut egui::Ui, title: &str, image: Option<&Item>) {
    let Some(image) = image else {
        return;
    };
    egui::CollapsingHeader::new(title)
        .default_open(title == "Keys")
        .show(ui, |ui| {
            let text = item_to_json(
                image.iter().map(|(k, v)| (k.as_str(), v)),
                JsonStyle::DynamoDb,
                true,
            );
            ui.add(egui::Label::new(RichText::new(text).monospace()).wrap());
            if named_button(ui, "Copy", &format!("Copy {title}")).clicked() {
                ui.ctx().copy_text(item_to_json(
                    image.iter().map(|(k, v)| (k.as_str(), v)),
                    JsonStyle::DynamoDb,
                    true,
                ));
            }
        });
}

/// *Invoke locally* beside the deployed send: the same event to the function run on this
/// machine. Not a write, so allowed on a read-only connection (the process then gets no
/// credentials).
fn local_send_ui(
    ui: &mut egui::Ui,
    cx: &mut TableViewContext<'_>,
    view: &StreamViewState,
    count: usize,
) {
    let has_code = cx.local_functions.contains(&view.function);
    let button = ui
        .add_enabled(count > 0 && has_code, egui::Button::new("Invoke locally"))
        .on_hover_text("Send the chosen records to the function run on this machine")
        .on_disabled_hover_text(if has_code {
            "Choose records first"
        } else {
            "Attach this function's code folder to run it locally"
        });
    set_accessible_name(ui, &button, "Invoke locally with chosen records");
    if button.clicked() {
        cx.commands
            .push(TableCommand::Stream(StreamCommand::SendToLocalFunction {
                function: view.function.clone(),
                records: view.chosen.iter().copied().collect(),
            }));
    }
    if !has_code && !view.function.is_empty() {
        ui.label(RichText::new("Attach this function's code folder to run it locally").weak());
    }
}
