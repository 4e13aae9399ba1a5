//! The selected item in full, as JSON or DynamoDB JSON.

use egui::RichText;

use crate::dynamodb::model::ItemStore;
use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::attribute_json::item_to_json;
use crate::shared::widgets::named_button;

/// Shows the first selected item; the text is selectable and copyable.
pub fn item_pane_ui(
    ui: &mut egui::Ui,
    store: &ItemStore,
    selected: Option<u32>,
    style: &mut JsonStyle,
) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Item").strong());
        ui.selectable_value(style, JsonStyle::Plain, "JSON");
        ui.selectable_value(style, JsonStyle::DynamoDb, "DynamoDB JSON");
    });
    let Some(index) = selected else {
        ui.label(RichText::new("Select a row to see the whole item.").weak());
        return;
    };
    let text = item_to_json(store.named_attributes(index as usize), *style, true);
    if named_button(ui, "Copy", "Copy item").clicked() {
        ui.ctx().copy_text(text.clone());
    }
    egui::ScrollArea::both()
        .id_salt("item_pane_text")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            // A label, not a text box: selectable and copyable, never wrapped, and read as
            // plain text by screen readers.
            ui.add(egui::Label::new(RichText::new(text).monospace()).extend());
        });
}
