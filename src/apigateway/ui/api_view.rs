//! The API tab: routes (with the route tester), integrations, stages, authorizers, settings.

use crate::apigateway::model::api_parts::ApiParts;
use crate::apigateway::tab::ApiCommand;
use crate::apigateway::tab::ApiTab;
use crate::apigateway::ui::api_frame::{ApiFrame, ApiTabContext, api_frame_ui};
use crate::apigateway::ui::parts::authorizers_ui;
use crate::apigateway::ui::parts::integrations_ui;
use crate::apigateway::ui::parts::stages_ui;
use crate::apigateway::ui::route_tester::TesterForm;
use crate::apigateway::ui::route_tester::tester_ui;
use crate::apigateway::ui::routes::routes_ui;
use crate::apigateway::ui::serve_view::{ServeForm, ServeSection, serve_ui};
use crate::apigateway::ui::settings::settings_ui;
use crate::apigateway::ui::websocket_tester::{WebSocketForm, websocket_tester_ui};
use crate::shared::model::TabRequest;

/// Which part of the API tab is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiSection {
    Routes,
    Integrations,
    Stages,
    Authorizers,
    /// "Serve locally" (HTTP APIs).
    LocalServer,
    Settings,
}

/// What the user arranged in one API tab.
pub struct ApiViewState {
    pub section: ApiSection,
    pub selected_route: Option<String>,
    pub tester: TesterForm,
    /// The WebSocket tester's drafts (WebSocket APIs).
    pub websocket: WebSocketForm,
    /// The local server's port draft.
    pub serve: ServeForm,
}

impl Default for ApiViewState {
    fn default() -> Self {
        Self {
            section: ApiSection::Routes,
            selected_route: None,
            tester: TesterForm::default(),
            websocket: WebSocketForm::default(),
            serve: ServeForm::default(),
        }
    }
}

/// What an API tab's views read, and where they send their commands.
pub type ApiViewContext<'a> = ApiTabContext<'a, ApiTab, ApiCommand>;

/// The whole API tab: heading, section switch, and the chosen section.
pub fn api_view_ui(ui: &mut egui::Ui, ctx: &mut ApiViewContext<'_>, view: &mut ApiViewState) {
    let api = ctx.api;
    // The protocol once GetApi has answered: the user reads which kind of API this is.
    let kind = match api.details.value().map(|d| d.protocol.as_str()) {
        Some("HTTP") => "HTTP API",
        Some("WEBSOCKET") => "WebSocket API",
        Some(_) | None => "API Gateway API",
    };
    // Only HTTP APIs are served locally (a WebSocket API needs a WebSocket server).
    let sections: &[(ApiSection, &str)] = if kind == "HTTP API" {
        &[
            (ApiSection::Routes, "Routes"),
            (ApiSection::Integrations, "Integrations"),
            (ApiSection::Stages, "Stages"),
            (ApiSection::Authorizers, "Authorizers"),
            (ApiSection::LocalServer, "Local server"),
            (ApiSection::Settings, "Settings"),
        ]
    } else {
        &[
            (ApiSection::Routes, "Routes"),
            (ApiSection::Integrations, "Integrations"),
            (ApiSection::Stages, "Stages"),
            (ApiSection::Authorizers, "Authorizers"),
            (ApiSection::Settings, "Settings"),
        ]
    };
    let frame = ApiFrame {
        kind,
        body_id: "api_body",
        sections,
        settings: ApiSection::Settings,
        section: |view: &mut ApiViewState| &mut view.section,
        refresh: ApiCommand::Tab(TabRequest::Refresh),
        details: &api.details,
        parts: &api.parts,
    };
    api_frame_ui(
        ui,
        frame,
        ctx,
        view,
        settings_ui,
        |ui, ctx, view, parts| match view.section {
            ApiSection::Routes => {
                routes_ui(ui, parts, &mut view.selected_route, ctx.commands);
                if is_http_api(api, parts) {
                    tester_ui(ui, ctx, parts, view);
                } else if is_websocket_api(api) {
                    let selected = view.selected_route.as_deref();
                    websocket_tester_ui(ui, ctx, parts, selected, &mut view.websocket);
                }
            }
            ApiSection::Integrations => integrations_ui(ui, parts, ctx.commands),
            ApiSection::Stages => stages_ui(ui, parts, ctx.commands),
            ApiSection::Authorizers => authorizers_ui(ui, parts, ctx.commands),
            ApiSection::LocalServer => {
                let functions = ctx.served_functions(
                    parts
                        .integrations
                        .as_deref()
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|i| Some(i.lambda.as_ref()?.function_name.as_str())),
                );
                let section = ServeSection {
                    serving: &api.serving,
                    functions,
                    read_only: ctx.read_only,
                    start: |port| ApiCommand::ServeLocally { port },
                    stop: ApiCommand::StopServing,
                };
                serve_ui(ui, section, &mut view.serve, ctx.commands);
            }
            ApiSection::Settings => {}
        },
    );
}

/// Whether the WebSocket tester applies: GetApi says WEBSOCKET.
fn is_websocket_api(api: &ApiTab) -> bool {
    api.details
        .value()
        .is_some_and(|details| details.protocol == "WEBSOCKET")
}

/// Whether the route tester applies: GetApi says HTTP, or, when GetApi could not be read (a
/// role without apigateway:GET on the API itself), the routes are HTTP routes (`GET /path`).
fn is_http_api(api: &ApiTab, parts: &ApiParts) -> bool {
    match (api.details.value(), &parts.routes) {
        (Some(details), _) => details.protocol == "HTTP",
        (None, Ok(routes)) => {
            api.details.error().is_some() && routes.iter().any(|r| r.method_and_path().is_some())
        }
        (None, Err(_)) => false,
    }
}
