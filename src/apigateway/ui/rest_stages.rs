//! The REST API tab's Stages section: each stage (deployment, invoke URL, variables,
//! throttling, caching, tracing), then the deployments with their dates.

use egui::RichText;

use crate::apigateway::model::rest_api::{RestApiParts, RestStage};
use crate::apigateway::rest_tab::RestApiCommand;
use crate::apigateway::ui::parts::throttling_text;
use crate::shared::model::TabRequest;
use crate::shared::widgets::StripedTable;
use crate::shared::widgets::empty_note_ui;
use crate::shared::widgets::named_button;
use crate::shared::widgets::optional_row;
use crate::shared::widgets::part_error_ui;
use crate::shared::widgets::property_list_ui;
use crate::shared::widgets::property_row;

/// The stages, then the deployments; each from its own call, with its own error.
pub fn stages_ui(ui: &mut egui::Ui, parts: &RestApiParts, commands: &mut Vec<RestApiCommand>) {
    let retry = || RestApiCommand::Tab(TabRequest::Refresh);
    match &parts.stages {
        Err(error) => part_error_ui(ui, error, retry(), commands),
        Ok(stages) if stages.is_empty() => empty_note_ui(
            ui,
            "No stages: the API is not deployed. Deploy it to a stage to give it an invoke URL.",
        ),
        Ok(stages) => {
            for stage in stages {
                stage_ui(ui, parts, stage);
                ui.add_space(8.0);
            }
        }
    }
    ui.separator();
    ui.label(RichText::new("Deployments").strong());
    StripedTable::new("rest_deployments")
        .when_empty("No deployments.")
        .headings(&["Deployment", "Created", "Description", "Stages"])
        .part_ui(
            ui,
            &parts.deployments,
            retry(),
            commands,
            |ui, deployment, _| {
                ui.label(&deployment.id);
                ui.label(deployment.created.as_deref().unwrap_or("—"));
                ui.label(deployment.description.as_deref().unwrap_or("—"));
                let stages: Vec<&str> = parts
                    .stages
                    .as_ref()
                    .map(|stages| {
                        stages
                            .iter()
                            .filter(|s| s.deployment_id.as_deref() == Some(deployment.id.as_str()))
                            .map(|s| s.name.as_str())
                            .collect()
                    })
                    .unwrap_or_default();
                ui.label(if stages.is_empty() {
                    "—".to_owned()
                } else {
                    stages.join(", ")
                });
            },
        );
}

/// One stage as a property list, its variables below.
fn stage_ui(ui: &mut egui::Ui, parts: &RestApiParts, stage: &RestStage) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Stage {}", stage.name)).strong());
        let copy = format!("Copy invoke URL of {}", stage.name);
        if named_button(ui, "Copy URL", &copy).clicked() {
            ui.ctx().copy_text(stage.invoke_url.clone());
        }
    });
    StripedTable::new(("rest_stage", &stage.name))
        .columns(2)
        .show(ui, |ui| {
            property_row(ui, "Invoke URL", &stage.invoke_url);
            let deployment = match (
                &stage.deployment_id,
                parts.deployment(stage.deployment_id.as_deref()),
            ) {
                (None, _) => "—".to_owned(),
                (Some(id), Some(d)) => match &d.created {
                    Some(created) => format!("{id} (created {created})"),
                    None => id.clone(),
                },
                (Some(id), None) => id.clone(),
            };
            property_row(ui, "Deployment", &deployment);
            optional_row(ui, "Description", stage.description.as_deref());
            let throttling = throttling_text(stage.throttling_burst, stage.throttling_rate);
            property_row(ui, "Throttling", &throttling);
            let cluster = match (stage.cache_cluster_enabled, &stage.cache_cluster_size) {
                (false, _) => "off".to_owned(),
                (true, Some(size)) => format!("on · {size} GB"),
                (true, None) => "on".to_owned(),
            };
            property_row(ui, "Cache cluster", &cluster);
            let caching = stage
                .caching_ttl_s
                .map_or_else(|| "off".to_owned(), |ttl| format!("on · TTL {ttl} s"));
            property_row(ui, "Method caching", &caching);
            property_row(
                ui,
                "X-Ray tracing",
                if stage.tracing_enabled { "on" } else { "off" },
            );
            optional_row(ui, "Created", stage.created.as_deref());
            optional_row(ui, "Last updated", stage.last_updated.as_deref());
        });
    ui.label(RichText::new("Stage variables").weak());
    property_list_ui(
        ui,
        &format!("rest_stage_variables_{}", stage.name),
        &stage.variables,
        "No stage variables.",
    );
}
