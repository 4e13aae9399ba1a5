//! The API tab's Routes section: each route, its authorization and the integration it calls;
//! selecting a route opens it in the route tester.

use egui::RichText;

use crate::apigateway::model::api_parts::ApiParts;
use crate::apigateway::model::api_parts::RouteSummary;
use crate::apigateway::tab::ApiCommand;
use crate::shared::model::ResourceRef;
use crate::shared::model::TabRequest;
use crate::shared::widgets::StripedTable;
use crate::shared::widgets::part_error_ui;
use crate::shared::widgets::set_accessible_name;

/// The routes; a click selects one (by id) for the tester.
pub fn routes_ui(
    ui: &mut egui::Ui,
    parts: &ApiParts,
    selected_route: &mut Option<String>,
    commands: &mut Vec<ApiCommand>,
) {
    let retry = || ApiCommand::Tab(TabRequest::Refresh);
    let routes = match &parts.routes {
        Ok(routes) => routes,
        Err(error) => return part_error_ui(ui, error, retry(), commands),
    };
    // The routes still list; their integration column says it is unknown, and why.
    if let Err(error) = &parts.integrations {
        part_error_ui(ui, error, retry(), commands);
    }
    StripedTable::new("api_routes")
        .when_empty("This API has no routes.")
        .headings(&["Route", "Authorization", "Integration"])
        .rows_ui(ui, routes, |ui, route| {
            let selected = selected_route.as_deref() == Some(route.id.as_str());
            if ui
                .selectable_label(selected, &route.route_key)
                .on_hover_text("Select to test this route")
                .clicked()
            {
                *selected_route = Some(route.id.clone());
            }
            let authorization = route.authorization_type.as_deref().unwrap_or("NONE");
            match parts.authorizer(route.authorizer_id.as_deref()) {
                Some(authorizer) => ui.label(format!("{authorization} · {}", authorizer.name)),
                None => ui.label(authorization),
            };
            integration_cell_ui(ui, parts, route, commands);
        });
}

/// The integration of a route, with a link that opens the function it calls.
fn integration_cell_ui(
    ui: &mut egui::Ui,
    parts: &ApiParts,
    route: &RouteSummary,
    commands: &mut Vec<ApiCommand>,
) {
    let Some(integration) = parts.integration(route.integration_id.as_deref()) else {
        let text = match (&parts.integrations, &route.integration_id) {
            (_, None) => "no integration".to_owned(),
            (Err(error), Some(_)) => format!("unknown ({} failed)", error.operation),
            (Ok(_), Some(id)) => format!("integration {id} (not found)"),
        };
        ui.label(RichText::new(text).weak());
        return;
    };
    ui.horizontal(|ui| {
        ui.label(&integration.integration_type);
        match &integration.lambda {
            Some(target) => {
                let shown = match &target.qualifier {
                    Some(q) => format!("{}:{q}", target.function_name),
                    None => target.function_name.clone(),
                };
                let link = ui
                    .link(format!("→ {shown}"))
                    .on_hover_text("Open the function");
                set_accessible_name(ui, &link, &format!("Open function {shown}"));
                if link.clicked() {
                    commands.push(ApiCommand::Tab(TabRequest::OpenLinked(
                        ResourceRef::Function {
                            name: target.function_name.clone(),
                        },
                    )));
                }
            }
            None => {
                ui.label(integration.uri.as_deref().unwrap_or(""));
            }
        }
    });
}
