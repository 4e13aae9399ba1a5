//! The REST API tab's Resources section: the resource tree with each resource's methods, and
//! the selected method's authorization, request checks and integration (and its tester).

use egui::RichText;

use crate::apigateway::model::lambda_target::LambdaTarget;
use crate::apigateway::model::resource_tree::resource_tree;
use crate::apigateway::model::rest_api::{RestApiParts, RestIntegration, RestMethod, RestResource};
use crate::apigateway::rest_tab::RestApiCommand;
use crate::apigateway::ui::rest_tester::rest_tester_ui;
use crate::apigateway::ui::rest_view::{RestApiViewContext, RestApiViewState};
use crate::shared::model::ResourceRef;
use crate::shared::model::TabRequest;
use crate::shared::widgets::StripedTable;
use crate::shared::widgets::empty_note_ui;
use crate::shared::widgets::optional_row;
use crate::shared::widgets::part_error_ui;
use crate::shared::widgets::property_row;
use crate::shared::widgets::set_accessible_name;

/// Indentation of one level of the resource tree.
const INDENT: f32 = 14.0;

/// The tree, then the selected method's details.
pub fn resources_ui(
    ui: &mut egui::Ui,
    ctx: &mut RestApiViewContext<'_>,
    parts: &RestApiParts,
    view: &mut RestApiViewState,
) {
    let resources = match &parts.resources {
        Ok(resources) => resources,
        Err(error) => {
            let retry = RestApiCommand::Tab(TabRequest::Refresh);
            return part_error_ui(ui, error, retry, ctx.commands);
        }
    };
    if resources.iter().all(|r| r.methods.is_empty()) {
        empty_note_ui(
            ui,
            "This API has no methods yet: add a resource and a method to it, then deploy it \
             to a stage.",
        );
        if resources.len() <= 1 {
            return;
        }
    }
    tree_ui(ui, resources, &mut view.selected_method);
    ui.separator();
    let selected = view
        .selected_method
        .as_ref()
        .and_then(|(resource, method)| parts.method(resource, method));
    let Some((resource, method)) = selected else {
        if resources.iter().any(|r| !r.methods.is_empty()) {
            empty_note_ui(
                ui,
                "Select a method to see its authorization, its integration and its tester.",
            );
        }
        return;
    };
    method_ui(ui, parts, resource, method, ctx.commands);
    ui.add_space(8.0);
    rest_tester_ui(ui, ctx, parts, resource, method, view);
}

/// Each resource on its own line, indented by depth, with its methods as buttons that select
/// them (named `GET /items/{itemId}` for screen readers and tests).
fn tree_ui(
    ui: &mut egui::Ui,
    resources: &[RestResource],
    selected_method: &mut Option<(String, String)>,
) {
    for row in resource_tree(resources) {
        let Some(resource) = resources.get(row.index) else {
            continue;
        };
        ui.horizontal(|ui| {
            // Depth is the service's to choose: a hostile one must not push rows off screen.
            ui.add_space(INDENT * row.depth.min(24) as f32);
            ui.label(RichText::new(&resource.path).monospace());
            for method in &resource.methods {
                let key = (resource.id.clone(), method.http_method.clone());
                let selected = selected_method.as_ref() == Some(&key);
                let button = ui
                    .selectable_label(selected, &method.http_method)
                    .on_hover_ui(|ui| {
                        ui.label(integration_summary(method.integration.as_ref()));
                    });
                set_accessible_name(
                    ui,
                    &button,
                    &format!("{} {}", method.http_method, resource.path),
                );
                if button.clicked() {
                    *selected_method = Some(key);
                }
            }
        });
    }
}

/// A method's integration in a few words, for the tree's hover text.
fn integration_summary(integration: Option<&RestIntegration>) -> String {
    match integration {
        None => "No integration".to_owned(),
        Some(integration) => match &integration.lambda {
            Some(target) => format!("{} → {}", integration.integration_type, shown(target)),
            None => match &integration.uri {
                Some(uri) => format!("{} → {uri}", integration.integration_type),
                None => integration.integration_type.clone(),
            },
        },
    }
}

/// A function with its qualifier, as links name it: `orders-get:live`.
fn shown(target: &LambdaTarget) -> String {
    match &target.qualifier {
        Some(q) => format!("{}:{q}", target.function_name),
        None => target.function_name.clone(),
    }
}

/// The selected method: its request side, then its integration.
fn method_ui(
    ui: &mut egui::Ui,
    parts: &RestApiParts,
    resource: &RestResource,
    method: &RestMethod,
    commands: &mut Vec<RestApiCommand>,
) {
    ui.label(RichText::new(format!("Method {} {}", method.http_method, resource.path)).strong());
    StripedTable::new(("rest_method", &resource.id, &method.http_method))
        .columns(2)
        .show(ui, |ui| {
            property_row(ui, "Authorization", &authorization(parts, method));
            if !method.authorization_scopes.is_empty() {
                property_row(ui, "Scopes", &method.authorization_scopes.join(", "));
            }
            property_row(
                ui,
                "API key required",
                if method.api_key_required { "yes" } else { "no" },
            );
            let validator = match (
                &method.request_validator_id,
                parts.validator(method.request_validator_id.as_deref()),
            ) {
                (None, _) => "none".to_owned(),
                (Some(_), Some(v)) => format!("{} (checks {})", v.name, v.checks()),
                (Some(id), None) => format!("{id} (not found)"),
            };
            property_row(ui, "Request validator", &validator);
            optional_row(ui, "Operation name", method.operation_name.as_deref());
        });
    ui.add_space(4.0);
    ui.label(RichText::new("Request parameters").strong());
    StripedTable::new(("rest_parameters", &resource.id, &method.http_method))
        .when_empty("No declared request parameters.")
        .headings(&["Where", "Name", "Required"])
        .rows_ui(ui, &method.request_parameters, |ui, parameter| {
            ui.label(&parameter.location);
            ui.label(&parameter.name);
            ui.label(if parameter.required { "yes" } else { "no" });
        });
    ui.add_space(4.0);
    ui.label(RichText::new("Integration").strong());
    let Some(integration) = &method.integration else {
        empty_note_ui(
            ui,
            "This method has no integration: API Gateway cannot deploy it.",
        );
        return;
    };
    StripedTable::new(("rest_integration", &resource.id, &method.http_method))
        .columns(2)
        .show(ui, |ui| {
            property_row(ui, "Type", &integration.integration_type);
            optional_row(ui, "HTTP method", integration.http_method.as_deref());
            optional_row(ui, "URI", integration.uri.as_deref());
            if let Some(target) = &integration.lambda {
                ui.label(RichText::new("Function").weak());
                function_link_ui(ui, target, commands);
                ui.end_row();
            }
            let timeout = integration
                .timeout_ms
                .map_or_else(|| "29000 ms (default)".to_owned(), |t| format!("{t} ms"));
            property_row(ui, "Timeout", &timeout);
            optional_row(ui, "Connection", integration.connection_type.as_deref());
        });
}

/// How a method is authorized, with its authorizer's name and type when it has one.
fn authorization(parts: &RestApiParts, method: &RestMethod) -> String {
    let kind = method.authorization_type.as_deref().unwrap_or("NONE");
    match (
        &method.authorizer_id,
        parts.authorizer(method.authorizer_id.as_deref()),
    ) {
        (None, _) => kind.to_owned(),
        (Some(_), Some(a)) => format!("{kind} · {} ({})", a.name, a.authorizer_type),
        (Some(id), None) => format!("{kind} · authorizer {id}"),
    }
}

/// A link that opens the function a Lambda integration or authorizer calls.
pub fn function_link_ui(
    ui: &mut egui::Ui,
    target: &LambdaTarget,
    commands: &mut Vec<RestApiCommand>,
) {
    let shown = shown(target);
    let text = match &target.qualifier {
        Some(q) => format!("→ {} (qualifier {q})", target.function_name),
        None => format!("→ {}", target.function_name),
    };
    let link = ui.link(text).on_hover_text("Open the function");
    set_accessible_name(ui, &link, &format!("Open function {shown}"));
    if link.clicked() {
        commands.push(RestApiCommand::Tab(TabRequest::OpenLinked(
            ResourceRef::Function {
                name: target.function_name.clone(),
            },
        )));
    }
}
