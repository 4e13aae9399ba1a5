//! The red line under a field (or a form) that says what is wrong with it.

use egui::RichText;

use crate::shared::widgets::error_color;

/// Shows `message`, when there is one, in the error colour.
pub fn field_error_ui(ui: &mut egui::Ui, message: Option<&str>) {
    if let Some(message) = message {
        ui.label(RichText::new(message).color(error_color(ui)));
    }
}
