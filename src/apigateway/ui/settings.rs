//! The API tab's Settings section: what GetApi says, its CORS and its tags.

use egui::RichText;

use crate::apigateway::model::ApiDetails;
use crate::shared::widgets::StripedTable;
use crate::shared::widgets::optional_row;
use crate::shared::widgets::property_list_ui;
use crate::shared::widgets::property_row;

/// The API's settings, then its CORS configuration and tags.
pub fn settings_ui(ui: &mut egui::Ui, api: &ApiDetails) {
    StripedTable::new("api_settings").columns(2).show(ui, |ui| {
        property_row(ui, "API ID", &api.id);
        property_row(ui, "Protocol", &api.protocol);
        optional_row(ui, "Endpoint", api.endpoint.as_deref());
        default_endpoint_row(ui, api.default_endpoint_disabled);
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
    property_list_ui(ui, "api_cors", &api.cors, "CORS is not configured.");
    ui.add_space(8.0);
    ui.label(RichText::new("Tags").strong());
    property_list_ui(ui, "api_tags", &api.tags, "No tags.");
}

/// Whether the API's own execute-api endpoint answers (both API kinds can turn it off).
pub(super) fn default_endpoint_row(ui: &mut egui::Ui, disabled: bool) {
    property_row(
        ui,
        "Default endpoint",
        if disabled { "Disabled" } else { "Enabled" },
    );
}
