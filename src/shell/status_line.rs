//! The status line: where we are connected and which calls are in flight.

use egui::RichText;

use crate::app::AppState;

pub fn status_line_ui(ui: &mut egui::Ui, state: &AppState) {
    ui.horizontal(|ui| {
        if let Some(connection) = state.current() {
            crate::shell::connection_health::status_ui(ui, connection);
            if connection.spec.read_only {
                ui.label(RichText::new("· read-only").strong());
            }
            if state.connections.len() > 1 {
                ui.label(
                    RichText::new(format!("· {} connections", state.connections.len())).weak(),
                );
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let pending = state.pending_operations();
            if pending.is_empty() {
                ui.label(RichText::new("No requests pending").weak());
            } else {
                ui.label(format!("{} pending: {}", pending.len(), pending.join(", ")));
                ui.spinner();
            }
        });
    });
}
