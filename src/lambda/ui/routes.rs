//! The function tab's Routes section: the API routes and REST methods whose integration calls
//! the function.

use egui::RichText;

use crate::apigateway::model::api_parts::FunctionRoutes;
use crate::lambda::tab::FunctionCommand;
use crate::shared::model::TabRequest;
use crate::shared::widgets::StripedTable;
use crate::shared::widgets::part_error_ui;
use crate::shared::widgets::set_accessible_name;

/// The routes and methods that call this function, each linking to its API; a kind of API
/// that could not be searched says so above the links found in the others.
pub fn routes_ui(ui: &mut egui::Ui, routes: &FunctionRoutes, commands: &mut Vec<FunctionCommand>) {
    for error in &routes.errors {
        part_error_ui(
            ui,
            error,
            FunctionCommand::Tab(TabRequest::Refresh),
            commands,
        );
    }
    let empty = if routes.errors.is_empty() {
        "No API Gateway route or REST method calls this function."
    } else {
        "No route found in the APIs that could be read."
    };
    StripedTable::new("function_routes")
        .when_empty(empty)
        .headings(&["API", "Protocol", "Route", "Stages", "Qualifier"])
        .rows_ui(ui, &routes.links, |ui, route| {
            let link = ui.link(&route.api_name).on_hover_text("Open the API");
            set_accessible_name(ui, &link, &format!("Open API {}", route.api_name));
            if link.clicked() {
                commands.push(FunctionCommand::Tab(TabRequest::OpenLinked(route.api())));
            }
            ui.label(&route.protocol);
            match &route.rest_method {
                // A REST method opens its API on it, with its details and tester.
                Some((resource_id, http_method)) => {
                    let link = ui.link(&route.route_key).on_hover_text("Open the method");
                    let name = format!("Open method {} of {}", route.route_key, route.api_name);
                    set_accessible_name(ui, &link, &name);
                    if link.clicked() {
                        commands.push(FunctionCommand::Tab(TabRequest::OpenRestMethod {
                            api_id: route.api_id.clone(),
                            api_name: route.api_name.clone(),
                            resource_id: resource_id.clone(),
                            http_method: http_method.clone(),
                        }));
                    }
                }
                None => {
                    ui.label(&route.route_key);
                }
            }
            match &route.stages {
                Ok(stages) => ui.label(stages.join(", ")),
                Err(error) => ui
                    .label(RichText::new(format!("unknown ({} failed)", error.operation)).weak())
                    .on_hover_text(&error.message),
            };
            ui.label(route.qualifier.as_deref().unwrap_or("$LATEST"));
        });
}
