//! The function tab's Routes section: the API routes whose integration calls the function.

use egui::RichText;

use crate::apigateway::model::api_parts::RouteLink;
use crate::lambda::tab::FunctionCommand;
use crate::shared::model::ResourceRef;
use crate::shared::model::TabRequest;
use crate::shared::widgets::StripedTable;
use crate::shared::widgets::set_accessible_name;

/// The API routes whose integration calls this function, each linking to its API.
pub fn routes_ui(ui: &mut egui::Ui, routes: &[RouteLink], commands: &mut Vec<FunctionCommand>) {
    StripedTable::new("function_routes")
        .when_empty("No API Gateway route calls this function.")
        .headings(&["API", "Route", "Stages", "Qualifier"])
        .rows_ui(ui, routes, |ui, route| {
            let link = ui.link(&route.api_name).on_hover_text("Open the API");
            set_accessible_name(ui, &link, &format!("Open API {}", route.api_name));
            if link.clicked() {
                commands.push(FunctionCommand::Tab(TabRequest::OpenLinked(
                    ResourceRef::Api {
                        id: route.api_id.clone(),
                        name: route.api_name.clone(),
                    },
                )));
            }
            ui.label(&route.route_key);
            match &route.stages {
                Ok(stages) => ui.label(stages.join(", ")),
                Err(error) => ui
                    .label(RichText::new(format!("unknown ({} failed)", error.operation)).weak())
                    .on_hover_text(&error.message),
            };
            ui.label(route.qualifier.as_deref().unwrap_or("$LATEST"));
        });
}
