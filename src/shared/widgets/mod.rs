//! Small widgets shared by the views: named buttons and fields, errors, loading states.

pub mod dialog;
pub mod field_error;
pub mod json_highlight;
pub mod payload_cache;
pub mod request_code;
pub mod striped_table;

pub use dialog::{dialog_position, dialog_window};
pub use field_error::field_error_ui;
pub use request_code::{request_code_ui, request_code_ui_cached};
pub use striped_table::{StripedTable, empty_note_ui, part_error_ui};

use egui::{Color32, RichText};

use crate::shared::bridge::request::Request;
use crate::shared::model::ServiceError;

/// Gives a widget the name a screen reader (and a kittest query) uses.
pub fn set_accessible_name(ui: &egui::Ui, response: &egui::Response, name: &str) {
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(name));
}

/// A button showing `text` whose accessible name is the more specific `name`
/// (several "Refresh" buttons must still be told apart).
pub fn named_button(ui: &mut egui::Ui, text: &str, name: &str) -> egui::Response {
    let response = ui.button(text).on_hover_text(name);
    set_accessible_name(ui, &response, name);
    response
}

/// A one-line text field named `name`, showing `hint` while empty.
pub fn named_text_field(
    ui: &mut egui::Ui,
    text: &mut String,
    name: &str,
    hint: &str,
    width: f32,
) -> egui::Response {
    let response = ui.add(
        egui::TextEdit::singleline(text)
            .hint_text(hint)
            .desired_width(width),
    );
    set_accessible_name(ui, &response, name);
    response
}

/// Colour for error text, readable in both themes.
pub fn error_color(ui: &egui::Ui) -> Color32 {
    ui.visuals().error_fg_color
}

/// A readable error: what failed, the service's words, a hint, and a retry button.
pub fn error_ui<C>(ui: &mut egui::Ui, error: &ServiceError, retry: C, commands: &mut Vec<C>) {
    ui.group(|ui| {
        ui.label(
            RichText::new(error.headline())
                .color(error_color(ui))
                .strong(),
        );
        ui.add(egui::Label::new(error.message.as_str()).wrap());
        if let Some(hint) = error.hint() {
            ui.add(egui::Label::new(RichText::new(hint).italics()).wrap());
        }
        if let Some(command) = error.fix_command() {
            ui.horizontal(|ui| {
                ui.label(RichText::new(&command).monospace());
                if named_button(ui, "Copy", &format!("Copy the command {command}")).clicked() {
                    ui.ctx().copy_text(command.clone());
                }
            });
        }
        let retry_name = format!("Retry {}", error.operation);
        if named_button(ui, "Retry", &retry_name).clicked() {
            commands.push(retry);
        }
    });
}

/// Shows a request's state: spinner while it first loads, its error with a retry, then the
/// value through `show`. A refresh keeps the old value on screen with a small spinner.
pub fn request_ui<T: Send + 'static, C: Clone>(
    ui: &mut egui::Ui,
    request: &Request<T>,
    retry: C,
    commands: &mut Vec<C>,
    show: impl FnOnce(&mut egui::Ui, &T, &mut Vec<C>),
) {
    if let Some(error) = request.error() {
        error_ui(ui, error, retry.clone(), commands);
    }
    match request.value() {
        Some(value) => show(ui, value, commands),
        None if request.is_pending() => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("{}…", request.operation()));
            });
        }
        None => {}
    }
}

/// A two-column property grid row.
pub fn property_row(ui: &mut egui::Ui, name: &str, value: &str) {
    ui.label(RichText::new(name).weak());
    ui.add(egui::Label::new(value).wrap());
    ui.end_row();
}

/// A property row for optional values, showing a dash when absent.
pub fn optional_row(ui: &mut egui::Ui, name: &str, value: Option<impl ToString>) {
    let text = value.map_or_else(|| "—".to_owned(), |v| v.to_string());
    property_row(ui, name, &text);
}

/// Name and value pairs as a two-column grid, or the weak `empty` note when there are none.
pub fn property_list_ui(ui: &mut egui::Ui, id_salt: &str, pairs: &[(String, String)], empty: &str) {
    if pairs.is_empty() {
        empty_note_ui(ui, empty);
        return;
    }
    egui::Grid::new(id_salt).num_columns(2).show(ui, |ui| {
        for (name, value) in pairs {
            property_row(ui, name, value);
        }
    });
}

/// Where the command palette leaves a shortcut for the open tab to act on. Kept in egui's
/// memory, not as a synthetic key event: events last one pass, and the pass after the palette
/// closes may not draw the tab.
fn requested_shortcut_id() -> egui::Id {
    egui::Id::unique("stratus_requested_shortcut")
}

/// Asks the open tab to act as if Ctrl+`key` had been pressed.
pub fn request_shortcut(ctx: &egui::Context, key: egui::Key) {
    ctx.data_mut(|d| d.insert_temp(requested_shortcut_id(), key));
}

/// Whether Ctrl+`key` was pressed, or the palette asked for it; either is used up.
pub fn shortcut(ui: &egui::Ui, key: egui::Key) -> bool {
    let id = requested_shortcut_id();
    let requested = ui.ctx().data_mut(|d| {
        let asked = d.get_temp::<egui::Key>(id) == Some(key);
        if asked {
            d.remove::<egui::Key>(id);
        }
        asked
    });
    requested || ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, key))
}

/// The read-only badge: white on red, full size in the connection bar, small in the navigator.
pub fn read_only_badge(ui: &mut egui::Ui, text: &str, small: bool) {
    let mut label = egui::RichText::new(text).color(Color32::WHITE);
    label = if small { label.small() } else { label.strong() };
    egui::Frame::new()
        .fill(Color32::from_rgb(0xb0, 0x3a, 0x2e))
        .corner_radius(if small { 3.0 } else { 4.0 })
        .inner_margin(if small {
            egui::Margin::symmetric(4, 0)
        } else {
            egui::Margin::symmetric(6, 2)
        })
        .show(ui, |ui| {
            ui.label(label);
        });
}

/// A connection's colour as a short upright bar, before its heading or tab.
pub fn colour_stripe(
    ui: &mut egui::Ui,
    colour: crate::connection::model::ConnectionColour,
    width: f32,
) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 18.0), egui::Sense::hover());
    ui.painter()
        .rect_filled(rect, width / 3.0, colour32(colour));
}

/// The egui colour of a connection colour.
pub fn colour32(colour: crate::connection::model::ConnectionColour) -> Color32 {
    let [r, g, b] = colour.0;
    Color32::from_rgb(r, g, b)
}

/// The heading of a resource view, with its refresh button (which pushes `refresh`).
pub fn view_header_ui<C>(
    ui: &mut egui::Ui,
    (kind, title): (&str, &str),
    pending: bool,
    refresh: C,
    commands: &mut Vec<C>,
) {
    ui.horizontal(|ui| {
        ui.heading(title);
        ui.label(RichText::new(kind).weak());
        if named_button(ui, "Refresh", &format!("Refresh {title}")).clicked() {
            commands.push(refresh);
        }
        if pending {
            ui.spinner();
        }
    });
    ui.add_space(4.0);
}
