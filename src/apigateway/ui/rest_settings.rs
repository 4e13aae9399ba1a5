//! The REST API tab's Settings section: what GetRestApi says, and its tags.

use egui::RichText;

use crate::apigateway::model::rest_api::RestApiDetails;
use crate::apigateway::ui::settings::default_endpoint_row;
use crate::shared::widgets::StripedTable;
use crate::shared::widgets::optional_row;
use crate::shared::widgets::property_list_ui;
use crate::shared::widgets::property_row;

/// A list as one line, or a dash when empty.
fn joined(values: &[String]) -> String {
    if values.is_empty() {
        "—".to_owned()
    } else {
        values.join(", ")
    }
}

/// The API's settings, then its tags.
pub fn settings_ui(ui: &mut egui::Ui, api: &RestApiDetails) {
    StripedTable::new("rest_api_settings")
        .columns(2)
        .show(ui, |ui| {
            property_row(ui, "API ID", &api.id);
            property_row(ui, "Protocol", "REST");
            property_row(ui, "Endpoint type", &joined(&api.endpoint_types));
            if !api.vpc_endpoint_ids.is_empty() {
                property_row(ui, "VPC endpoints", &api.vpc_endpoint_ids.join(", "));
            }
            default_endpoint_row(ui, api.default_endpoint_disabled);
            property_row(ui, "Binary media types", &joined(&api.binary_media_types));
            property_row(
                ui,
                "API key source",
                api.api_key_source.as_deref().unwrap_or("HEADER"),
            );
            let compression = api
                .minimum_compression_size
                .map_or_else(|| "off".to_owned(), |size| format!("from {size} bytes"));
            property_row(ui, "Compression", &compression);
            optional_row(ui, "Description", api.description.as_deref());
            optional_row(ui, "Version", api.version.as_deref());
            optional_row(ui, "Created", api.created.as_deref());
        });
    ui.add_space(8.0);
    ui.label(RichText::new("Tags").strong());
    property_list_ui(ui, "rest_api_tags", &api.tags, "No tags.");
}
