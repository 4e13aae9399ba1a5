//! The function tab: configuration of one Lambda function.

use std::collections::HashSet;

use egui::RichText;

use super::tab_area::resource_view_ui;
use super::widgets::{named_button, optional_row, property_row};
use crate::app::Command;
use crate::app::request::Request;
use crate::model::table_details::human_bytes;
use crate::model::{FunctionDetails, ResourceRef};

pub fn function_view_ui(
    ui: &mut egui::Ui,
    index: usize,
    resource: &ResourceRef,
    request: &Request<FunctionDetails>,
    revealed_environments: &HashSet<String>,
    commands: &mut Vec<Command>,
) {
    resource_view_ui(
        ui,
        index,
        "Lambda function",
        resource,
        request,
        commands,
        |ui, function, commands| {
            details_ui(ui, function);
            environment_ui(ui, function, revealed_environments, commands);
        },
    );
}

fn details_ui(ui: &mut egui::Ui, function: &FunctionDetails) {
    egui::Grid::new("function_settings")
        .num_columns(2)
        .striped(true)
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
            let layers = if function.layers.is_empty() {
                "None".to_owned()
            } else {
                function.layers.join("\n")
            };
            property_row(ui, "Layers", &layers);
            optional_row(ui, "ARN", function.arn.as_deref());
        });
}

fn environment_ui(
    ui: &mut egui::Ui,
    function: &FunctionDetails,
    revealed_environments: &HashSet<String>,
    commands: &mut Vec<Command>,
) {
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("Environment variables").strong());
        if function.environment.is_empty() {
            return;
        }
        let revealed = revealed_environments.contains(&function.name);
        let (text, name) = if revealed {
            ("Hide values", "Hide environment values")
        } else {
            ("Reveal values", "Reveal environment values")
        };
        if named_button(ui, text, name).clicked() {
            commands.push(Command::RevealEnvironment {
                function: function.name.clone(),
                revealed: !revealed,
            });
        }
    });
    if function.environment.is_empty() {
        ui.label(RichText::new("No environment variables.").weak());
        return;
    }
    let revealed = revealed_environments.contains(&function.name);
    egui::Grid::new("function_environment")
        .num_columns(2)
        .striped(true)
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
