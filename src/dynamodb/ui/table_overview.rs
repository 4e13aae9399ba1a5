//! The table overview: keys, indexes and settings of one DynamoDB table.

use egui::RichText;

use crate::shared::widgets::StripedTable;
use crate::shared::widgets::optional_row;

use crate::dynamodb::model::TableDetails;
use crate::dynamodb::model::TtlState;
use crate::dynamodb::model::table_details::human_bytes;
use crate::shared::bridge::request::Request;
use crate::shared::widgets::property_row;

/// Keys, indexes and settings of a table. The TTL setting is its own request (another IAM
/// permission): when it cannot be read, only its row says so.
pub fn table_overview_ui(ui: &mut egui::Ui, table: &TableDetails, ttl: &Request<TtlState>) {
    egui::Grid::new("table_settings")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for key in &table.key_schema {
                property_row(
                    ui,
                    key.role.label(),
                    &format!("{} ({})", key.name, key.attribute_type),
                );
            }
            optional_row(ui, "Status", table.status.as_deref());
            property_row(ui, "Billing mode", &table.billing_mode);
            if table.billing_mode == "PROVISIONED" {
                optional_row(ui, "Read capacity", table.read_capacity);
                optional_row(ui, "Write capacity", table.write_capacity);
            }
            optional_row(
                ui,
                "Item count (refreshed about every 6 h)",
                table.item_count,
            );
            optional_row(
                ui,
                "Table size (refreshed about every 6 h)",
                table.size_bytes.map(human_bytes),
            );
            property_row(ui, "Time to live", &ttl_text(ttl));
            property_row(ui, "Stream", table.stream.as_deref().unwrap_or("Disabled"));
            property_row(
                ui,
                "Deletion protection",
                if table.deletion_protection {
                    "On"
                } else {
                    "Off"
                },
            );
            optional_row(ui, "ARN", table.arn.as_deref());
            optional_row(ui, "Created", table.created.as_deref());
        });
    ui.add_space(8.0);
    ui.label(RichText::new("Secondary indexes").strong());
    StripedTable::new("table_indexes")
        .when_empty("This table has no secondary indexes.")
        .headings(&["Name", "Type", "Keys", "Projection", "Status", "Item count"])
        .rows_ui(ui, &table.indexes, |ui, index| {
            ui.label(&index.name);
            ui.label(if index.global { "GSI" } else { "LSI" });
            let keys: Vec<String> = index
                .keys
                .iter()
                .map(|k| format!("{} ({})", k.name, k.attribute_type))
                .collect();
            ui.label(keys.join(" / "));
            ui.label(&index.projection);
            ui.label(index.status.as_deref().unwrap_or("—"));
            ui.label(
                index
                    .item_count
                    .map_or_else(|| "—".to_owned(), |c| c.to_string()),
            );
        });
}

/// The TTL row: the setting, or why it is not known (the error itself, with Retry, shows in
/// the TTL section below).
fn ttl_text(ttl: &Request<TtlState>) -> String {
    match (ttl.value(), ttl.error()) {
        (Some(state), _) => match &state.attribute_name {
            Some(attribute) => format!("{attribute} ({})", state.status.as_str()),
            None => "Not set".to_owned(),
        },
        (None, Some(error)) => format!("Unknown: {} could not be read", error.operation),
        (None, None) if ttl.is_pending() => "Reading…".to_owned(),
        (None, None) => "—".to_owned(),
    }
}
