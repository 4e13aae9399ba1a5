//! The status line: where we are connected and which calls are in flight.

use egui::RichText;

use crate::app::AppState;

pub fn status_line_ui(ui: &mut egui::Ui, state: &AppState) {
    ui.horizontal(|ui| {
        let spec = &state.connection;
        let target = spec.target_label();
        match state.region() {
            Some(region) if !state.is_connecting() => {
                ui.label(format!("Connected to {target} · {region}"));
            }
            _ => {
                ui.label(format!("Connecting to {target}…"));
            }
        }
        if spec.read_only {
            ui.label(RichText::new("· read-only").strong());
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
