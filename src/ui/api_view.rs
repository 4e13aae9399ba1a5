//! The API tab: settings of one API Gateway v2 API.

use egui::RichText;

use super::tab_area::resource_view_ui;
use super::widgets::{optional_row, property_row};
use crate::app::Command;
use crate::app::request::Request;
use crate::model::{ApiDetails, ResourceRef};

pub fn api_view_ui(
    ui: &mut egui::Ui,
    index: usize,
    resource: &ResourceRef,
    request: &Request<ApiDetails>,
    commands: &mut Vec<Command>,
) {
    resource_view_ui(
        ui,
        index,
        "API Gateway API",
        resource,
        request,
        commands,
        |ui, api, _| details_ui(ui, api),
    );
}

fn details_ui(ui: &mut egui::Ui, api: &ApiDetails) {
    egui::Grid::new("api_settings")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            property_row(ui, "API ID", &api.id);
            property_row(ui, "Protocol", &api.protocol);
            optional_row(ui, "Endpoint", api.endpoint.as_deref());
            property_row(
                ui,
                "Default endpoint",
                if api.default_endpoint_disabled {
                    "Disabled"
                } else {
                    "Enabled"
                },
            );
            optional_row(
                ui,
                "Route selection expression",
                api.route_selection_expression.as_deref(),
            );
            optional_row(ui, "Description", api.description.as_deref());
            optional_row(ui, "Created", api.created.as_deref());
        });
    ui.add_space(8.0);
    ui.label(RichText::new("CORS").strong());
    if api.cors.is_empty() {
        ui.label(RichText::new("CORS is not configured.").weak());
    } else {
        egui::Grid::new("api_cors").num_columns(2).show(ui, |ui| {
            for (name, value) in &api.cors {
                property_row(ui, name, value);
            }
        });
    }
    ui.add_space(8.0);
    ui.label(RichText::new("Tags").strong());
    if api.tags.is_empty() {
        ui.label(RichText::new("No tags.").weak());
    } else {
        egui::Grid::new("api_tags").num_columns(2).show(ui, |ui| {
            for (key, value) in &api.tags {
                property_row(ui, key, value);
            }
        });
    }
}
