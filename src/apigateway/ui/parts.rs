//! The API tab's Integrations, Stages and Authorizers sections, each from its own call.

use crate::apigateway::model::api_parts::ApiParts;
use crate::apigateway::tab::ApiCommand;
use crate::shared::model::ResourceRef;
use crate::shared::model::TabRequest;
use crate::shared::widgets::StripedTable;
use crate::shared::widgets::empty_note_ui;
use crate::shared::widgets::field_error_ui;
use crate::shared::widgets::part_error_ui;

/// The integrations; a Lambda target links to its function.
pub fn integrations_ui(ui: &mut egui::Ui, parts: &ApiParts, commands: &mut Vec<ApiCommand>) {
    StripedTable::new("api_integrations")
        .when_empty("This API has no integrations.")
        .headings(&["ID", "Type", "Target", "Payload format", "Timeout"])
        .part_ui(
            ui,
            &parts.integrations,
            ApiCommand::Tab(TabRequest::Refresh),
            commands,
            |ui, integration, commands| {
                ui.label(&integration.id);
                ui.label(&integration.integration_type);
                match &integration.lambda {
                    Some(target) => {
                        let text = match &target.qualifier {
                            Some(q) => format!("function {} (qualifier {q})", target.function_name),
                            None => format!("function {}", target.function_name),
                        };
                        if ui
                            .link(text)
                            .on_hover_text(integration.uri.as_deref().unwrap_or(""))
                            .clicked()
                        {
                            commands.push(ApiCommand::Tab(TabRequest::OpenLinked(
                                ResourceRef::Function {
                                    name: target.function_name.clone(),
                                },
                            )));
                        }
                    }
                    None => {
                        ui.label(integration.uri.as_deref().unwrap_or("—"));
                    }
                }
                ui.label(integration.payload_format_version.as_deref().unwrap_or("—"));
                ui.label(
                    integration
                        .timeout_ms
                        .map_or_else(|| "—".to_owned(), |t| format!("{t} ms")),
                );
            },
        );
}

/// The stages with their invoke URLs and throttling.
pub fn stages_ui(ui: &mut egui::Ui, parts: &ApiParts, commands: &mut Vec<ApiCommand>) {
    StripedTable::new("api_stages")
        .when_empty("This API has no stages.")
        .headings(&["Stage", "Auto-deploy", "Invoke URL", "Throttling"])
        .part_ui(
            ui,
            &parts.stages,
            ApiCommand::Tab(TabRequest::Refresh),
            commands,
            |ui, stage, _| {
                ui.label(&stage.name);
                ui.label(if stage.auto_deploy { "yes" } else { "no" });
                ui.label(stage.invoke_url.as_deref().unwrap_or("—"));
                ui.label(throttling_text(
                    stage.throttling_burst,
                    stage.throttling_rate,
                ));
            },
        );
}

/// A stage's throttling limits, or that the account's apply.
pub(super) fn throttling_text(burst: Option<i32>, rate: Option<f64>) -> String {
    match (burst, rate) {
        (None, None) => "account default".to_owned(),
        (burst, rate) => format!(
            "burst {} · rate {}/s",
            burst.map_or_else(|| "—".to_owned(), |b| b.to_string()),
            rate.map_or_else(|| "—".to_owned(), |r| r.to_string())
        ),
    }
}

/// The authorizers; they are read by several calls, so several errors can stand above them.
pub fn authorizers_ui(ui: &mut egui::Ui, parts: &ApiParts, commands: &mut Vec<ApiCommand>) {
    // One Retry (it reads them all again); further errors, e.g. one GetAuthorizer per
    // authorizer, are listed under it.
    if let Some((first, others)) = parts.authorizer_errors.split_first() {
        part_error_ui(ui, first, ApiCommand::Tab(TabRequest::Refresh), commands);
        for error in others {
            let line = format!("{}: {}", error.headline(), error.message);
            field_error_ui(ui, Some(&line));
        }
    }
    if parts.authorizers.is_empty() {
        if parts.authorizer_errors.is_empty() {
            empty_note_ui(ui, "No authorizers.");
        }
        return;
    }
    StripedTable::new("api_authorizers")
        .headings(&["Name", "Type", "Identity source", "Issuer", "Audience"])
        .rows_ui(ui, &parts.authorizers, |ui, authorizer| {
            ui.label(&authorizer.name);
            ui.label(&authorizer.authorizer_type);
            ui.label(authorizer.identity_source.join(", "));
            ui.label(authorizer.issuer.as_deref().unwrap_or("—"));
            ui.label(authorizer.audience.join(", "));
        });
}
