//! The REST API tab's Authorizers section: TOKEN and REQUEST (Lambda) authorizers and
//! COGNITO_USER_POOLS ones, then the request validators methods can name.

use egui::RichText;

use crate::apigateway::model::rest_api::RestApiParts;
use crate::apigateway::rest_tab::RestApiCommand;
use crate::apigateway::ui::rest_resources::function_link_ui;
use crate::shared::model::TabRequest;
use crate::shared::widgets::StripedTable;

/// The authorizers (a Lambda one links to its function), then the validators.
pub fn authorizers_ui(ui: &mut egui::Ui, parts: &RestApiParts, commands: &mut Vec<RestApiCommand>) {
    let retry = || RestApiCommand::Tab(TabRequest::Refresh);
    StripedTable::new("rest_authorizers")
        .when_empty("No authorizers: every method is open or uses IAM.")
        .headings(&[
            "Name",
            "Type",
            "Identity source",
            "Function or user pools",
            "Cache TTL",
        ])
        .part_ui(
            ui,
            &parts.authorizers,
            retry(),
            commands,
            |ui, authorizer, commands| {
                ui.label(&authorizer.name);
                ui.label(&authorizer.authorizer_type);
                ui.vertical(|ui| {
                    ui.label(authorizer.identity_source.as_deref().unwrap_or("—"));
                    if let Some(expression) = &authorizer.identity_validation_expression {
                        ui.label(RichText::new(format!("must match {expression}")).weak());
                    }
                });
                match (&authorizer.lambda, authorizer.provider_arns.is_empty()) {
                    (Some(target), _) => function_link_ui(ui, target, commands),
                    (None, false) => {
                        ui.label(authorizer.provider_arns.join(", "));
                    }
                    (None, true) => {
                        ui.label(authorizer.authorizer_uri.as_deref().unwrap_or("—"));
                    }
                }
                ui.label(
                    authorizer
                        .result_ttl_s
                        .map_or_else(|| "—".to_owned(), |ttl| format!("{ttl} s")),
                );
            },
        );
    ui.add_space(8.0);
    ui.label(RichText::new("Request validators").strong());
    StripedTable::new("rest_validators")
        .when_empty("No request validators.")
        .headings(&["Name", "Checks"])
        .part_ui(
            ui,
            &parts.validators,
            retry(),
            commands,
            |ui, validator, _| {
                ui.label(&validator.name);
                ui.label(validator.checks());
            },
        );
}
