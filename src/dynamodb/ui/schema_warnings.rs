//! Where the item editor shows how an edit deviates from the table's accepted schema: at the
//! field, under the JSON text, and in the review, where saving anyway takes one more tick.

use egui::RichText;

use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::schema::{AcceptedSchema, SchemaWarning};
use crate::shared::widgets::set_accessible_name;

/// The warnings `item` earns against the accepted schema, if there is one.
pub fn warnings_for(accepted: Option<&AcceptedSchema>, item: Option<&Item>) -> Vec<SchemaWarning> {
    match (accepted, item) {
        (Some(accepted), Some(item)) => accepted.check(item),
        _ => Vec::new(),
    }
}

fn warning_ui(ui: &mut egui::Ui, warning: &SchemaWarning) {
    ui.label(
        RichText::new(format!("Schema warning: {}", warning.message))
            .color(ui.visuals().warn_fg_color),
    );
}

/// The warnings that belong to the top-level attribute `attribute`.
pub fn field_warnings_ui(ui: &mut egui::Ui, warnings: &[SchemaWarning], attribute: &str) {
    for warning in warnings.iter().filter(|w| w.attribute == attribute) {
        warning_ui(ui, warning);
    }
}

/// The warnings of attributes the form no longer shows (a required attribute removed).
pub fn other_warnings_ui(ui: &mut egui::Ui, warnings: &[SchemaWarning], shown: &[&str]) {
    for warning in warnings
        .iter()
        .filter(|w| !shown.contains(&w.attribute.as_str()))
    {
        warning_ui(ui, warning);
    }
}

/// Every warning, and the tick that allows the save; whether the save may go ahead.
pub fn review_warnings_ui(
    ui: &mut egui::Ui,
    warnings: &[SchemaWarning],
    save_anyway: &mut bool,
) -> bool {
    if warnings.is_empty() {
        return true;
    }
    ui.label(
        RichText::new(format!(
            "{} schema warning{}: this item differs from the table's accepted schema.",
            warnings.len(),
            if warnings.len() == 1 { "" } else { "s" }
        ))
        .strong()
        .color(ui.visuals().warn_fg_color),
    );
    for warning in warnings {
        warning_ui(ui, warning);
    }
    let tick = ui.checkbox(save_anyway, "Save despite warnings");
    set_accessible_name(ui, &tick, "Save despite warnings");
    *save_anyway
}
