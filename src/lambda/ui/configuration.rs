//! The function tab's Configuration section: settings, then each part read by its own call
//! (versions, aliases, event source mappings, tags), then the environment variables.

use egui::RichText;

use crate::dynamodb::model::table_details::human_bytes;
use crate::lambda::model::FunctionDetails;
use crate::lambda::tab::FunctionCommand;
use crate::shared::model::TabRequest;
use crate::shared::widgets::StripedTable;
use crate::shared::widgets::empty_note_ui;
use crate::shared::widgets::named_button;
use crate::shared::widgets::optional_row;
use crate::shared::widgets::part_error_ui;
use crate::shared::widgets::property_list_ui;
use crate::shared::widgets::property_row;

/// The configuration and the environment; `revealed` says whether its values are shown.
pub fn configuration_ui(
    ui: &mut egui::Ui,
    function: &FunctionDetails,
    revealed: bool,
    commands: &mut Vec<FunctionCommand>,
) {
    details_ui(ui, function, commands);
    environment_ui(ui, function, revealed, commands);
}

/// The configuration, then each part read by its own call (versions, aliases, mappings, tags):
/// a part the identity may not read shows its own error and Retry, the rest shows as usual.
fn details_ui(ui: &mut egui::Ui, function: &FunctionDetails, commands: &mut Vec<FunctionCommand>) {
    let retry = || FunctionCommand::Tab(TabRequest::Refresh);
    StripedTable::new("function_settings")
        .columns(2)
        .show(ui, |ui| {
            optional_row(ui, "Description", function.description.as_deref());
            optional_row(ui, "Runtime", function.runtime.as_deref());
            optional_row(ui, "Handler", function.handler.as_deref());
            property_row(ui, "Architecture", &function.architectures.join(", "));
            optional_row(ui, "Memory (MB)", function.memory_mb);
            optional_row(ui, "Timeout (s)", function.timeout_s);
            optional_row(ui, "Ephemeral storage (MB)", function.ephemeral_storage_mb);
            optional_row(ui, "Role", function.role.as_deref());
            optional_row(ui, "State", function.state.as_deref());
            optional_row(
                ui,
                "Last update status",
                function.last_update_status.as_deref(),
            );
            optional_row(ui, "Last modified", function.last_modified.as_deref());
            property_row(ui, "Code size", &human_bytes(function.code_size_bytes));
            optional_row(ui, "Code SHA-256", function.code_sha256.as_deref());
            optional_row(ui, "Tracing", function.tracing.as_deref());
            property_row(ui, "VPC", function.vpc.as_deref().unwrap_or("Not attached"));
            let layers = if function.layers.is_empty() {
                "None".to_owned()
            } else {
                function.layers.join("\n")
            };
            property_row(ui, "Layers", &layers);
            optional_row(ui, "ARN", function.arn.as_deref());
        });
    section_heading(ui, "Versions");
    StripedTable::new("function_versions")
        .when_empty("No published versions.")
        .part_ui(
            ui,
            &function.versions,
            retry(),
            commands,
            |ui, version, _| {
                ui.label(&version.version);
                ui.label(version.description.as_deref().unwrap_or(""));
                ui.label(version.last_modified.as_deref().unwrap_or(""));
            },
        );
    section_heading(ui, "Aliases");
    StripedTable::new("function_aliases")
        .when_empty("No aliases.")
        .part_ui(ui, &function.aliases, retry(), commands, |ui, alias, _| {
            ui.label(&alias.name);
            let mut target = format!("→ version {}", alias.version);
            for (version, weight) in &alias.routing {
                target.push_str(&format!(" · {:.0}% to version {version}", weight * 100.0));
            }
            ui.label(target);
            ui.label(alias.description.as_deref().unwrap_or(""));
        });
    section_heading(ui, "Event source mappings");
    StripedTable::new("function_mappings")
        .when_empty("No event source mappings.")
        .part_ui(
            ui,
            &function.event_source_mappings,
            retry(),
            commands,
            |ui, mapping, _| {
                ui.label(mapping.source_arn.as_deref().unwrap_or(&mapping.uuid));
                ui.label(mapping.state.as_deref().unwrap_or(""));
                ui.label(
                    mapping
                        .batch_size
                        .map_or_else(String::new, |b| format!("batch {b}")),
                );
            },
        );
    section_heading(ui, "Tags");
    match &function.tags {
        Ok(tags) => property_list_ui(ui, "function_tags", tags, "No tags."),
        Err(error) => part_error_ui(ui, error, retry(), commands),
    }
}

fn section_heading(ui: &mut egui::Ui, text: &str) {
    ui.add_space(8.0);
    ui.label(RichText::new(text).strong());
}

fn environment_ui(
    ui: &mut egui::Ui,
    function: &FunctionDetails,
    revealed: bool,
    commands: &mut Vec<FunctionCommand>,
) {
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("Environment variables").strong());
        if function.environment.is_empty() {
            return;
        }
        let (text, name) = if revealed {
            ("Hide values", "Hide environment values")
        } else {
            ("Reveal values", "Reveal environment values")
        };
        if named_button(ui, text, name).clicked() {
            commands.push(FunctionCommand::RevealEnvironment {
                revealed: !revealed,
            });
        }
    });
    if function.environment.is_empty() {
        empty_note_ui(ui, "No environment variables.");
        return;
    }
    StripedTable::new("function_environment")
        .columns(2)
        .show(ui, |ui| {
            for (name, value) in &function.environment {
                let shown = if revealed {
                    value.as_str()
                } else {
                    "••••••"
                };
                property_row(ui, name, shown);
            }
        });
}
