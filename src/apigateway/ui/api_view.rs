//! The API tab: routes (with the route tester), integrations, stages, authorizers, settings.

use egui::RichText;

use crate::apigateway::model::ApiDetails;
use crate::apigateway::model::api_parts::ApiParts;
use crate::apigateway::model::api_parts::RouteSummary;
use crate::apigateway::model::route_event::RouteRequest;
use crate::apigateway::model::route_event::fill_path;
use crate::apigateway::model::route_event::path_parameter_names;
use crate::apigateway::model::route_event::raw_query_string;
use crate::apigateway::tab::ApiCommand;
use crate::apigateway::tab::ApiTab;
use crate::apigateway::tab::RouteInvocation;
use crate::apigateway::tab::RouteTest;
use crate::shared::model::ResourceRef;
use crate::shared::model::TabId;
use crate::shared::model::TabRequest;
use crate::shared::model::http_exchange::HttpRequest;
use crate::shared::model::http_exchange::HttpResponse;
use crate::shared::widgets::error_color;
use crate::shared::widgets::error_ui;
use crate::shared::widgets::named_text_field;
use crate::shared::widgets::optional_row;
use crate::shared::widgets::property_row;
use crate::shared::widgets::request_ui;
use crate::shared::widgets::set_accessible_name;
use crate::shared::widgets::view_header_ui;

/// Which part of the API tab is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiSection {
    Routes,
    Integrations,
    Stages,
    Authorizers,
    Settings,
}

/// The route tester's drafts.
#[derive(Default)]
pub struct TesterForm {
    /// The route the form was built for.
    pub route_id: String,
    pub method: String,
    /// Path for `$default` routes, which have no template.
    pub path: String,
    pub path_parameters: Vec<(String, String)>,
    pub query: String,
    /// One `name: value` per line.
    pub headers: String,
    pub body: String,
    pub stage: String,
    pub base_url: String,
    pub error: Option<String>,
}

/// What the user arranged in one API tab.
pub struct ApiViewState {
    pub section: ApiSection,
    pub selected_route: Option<String>,
    pub tester: TesterForm,
    /// The tab's connection refuses writes: invoking a function could write anything.
    pub read_only: bool,
}

impl Default for ApiViewState {
    fn default() -> Self {
        Self {
            section: ApiSection::Routes,
            selected_route: None,
            tester: TesterForm::default(),
            read_only: false,
        }
    }
}

pub fn api_view_ui(
    ui: &mut egui::Ui,
    index: TabId,
    resource: &ResourceRef,
    api: &ApiTab,
    view: &mut ApiViewState,
    commands: &mut Vec<ApiCommand>,
) {
    let pending = api.details.is_pending() || api.parts.is_pending();
    view_header_ui(
        ui,
        ("API Gateway API", resource.title()),
        pending,
        ApiCommand::Tab(TabRequest::Refresh),
        commands,
    );
    ui.horizontal(|ui| {
        for (section, label) in [
            (ApiSection::Routes, "Routes"),
            (ApiSection::Integrations, "Integrations"),
            (ApiSection::Stages, "Stages"),
            (ApiSection::Authorizers, "Authorizers"),
            (ApiSection::Settings, "Settings"),
        ] {
            ui.selectable_value(&mut view.section, section, label);
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt(("api_body", index))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if view.section == ApiSection::Settings {
                request_ui(
                    ui,
                    &api.details,
                    ApiCommand::Tab(TabRequest::Refresh),
                    commands,
                    |ui, details, _| {
                        details_ui(ui, details);
                    },
                );
                return;
            }
            request_ui(
                ui,
                &api.parts,
                ApiCommand::Tab(TabRequest::Refresh),
                commands,
                |ui, parts, commands| match view.section {
                    ApiSection::Routes => {
                        routes_ui(ui, parts, view, commands);
                        if is_http_api(api, parts) {
                            tester_ui(ui, index, api, parts, view, commands);
                        }
                    }
                    ApiSection::Integrations => integrations_ui(ui, parts, commands),
                    ApiSection::Stages => stages_ui(ui, parts, commands),
                    ApiSection::Authorizers => authorizers_ui(ui, parts, commands),
                    ApiSection::Settings => {}
                },
            );
        });
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

/// A part the identity may not read (or the server would not give): its own error and Retry,
/// in its own section; the other sections show as usual.
fn part_error(
    ui: &mut egui::Ui,
    error: &crate::shared::model::ServiceError,
    commands: &mut Vec<ApiCommand>,
) {
    error_ui(ui, error, ApiCommand::Tab(TabRequest::Refresh), commands);
}

fn routes_ui(
    ui: &mut egui::Ui,
    parts: &ApiParts,
    view: &mut ApiViewState,
    commands: &mut Vec<ApiCommand>,
) {
    let routes = match &parts.routes {
        Ok(routes) => routes,
        Err(error) => return part_error(ui, error, commands),
    };
    // The routes still list; their integration column says it is unknown, and why.
    if let Err(error) = &parts.integrations {
        part_error(ui, error, commands);
    }
    if routes.is_empty() {
        ui.label(RichText::new("This API has no routes.").weak());
        return;
    }
    egui::Grid::new("api_routes")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            for heading in ["Route", "Authorization", "Integration"] {
                ui.label(RichText::new(heading).weak());
            }
            ui.end_row();
            for route in routes {
                let selected = view.selected_route.as_deref() == Some(route.id.as_str());
                if ui
                    .selectable_label(selected, &route.route_key)
                    .on_hover_text("Select to test this route")
                    .clicked()
                {
                    view.selected_route = Some(route.id.clone());
                }
                let authorization = route.authorization_type.as_deref().unwrap_or("NONE");
                match parts.authorizer(route.authorizer_id.as_deref()) {
                    Some(authorizer) => ui.label(format!("{authorization} · {}", authorizer.name)),
                    None => ui.label(authorization),
                };
                integration_cell_ui(ui, parts, route, commands);
                ui.end_row();
            }
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

fn integrations_ui(ui: &mut egui::Ui, parts: &ApiParts, commands: &mut Vec<ApiCommand>) {
    let integrations = match &parts.integrations {
        Ok(integrations) => integrations,
        Err(error) => return part_error(ui, error, commands),
    };
    if integrations.is_empty() {
        ui.label(RichText::new("This API has no integrations.").weak());
        return;
    }
    egui::Grid::new("api_integrations")
        .num_columns(5)
        .striped(true)
        .show(ui, |ui| {
            for heading in ["ID", "Type", "Target", "Payload format", "Timeout"] {
                ui.label(RichText::new(heading).weak());
            }
            ui.end_row();
            for integration in integrations {
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
                ui.end_row();
            }
        });
}

fn stages_ui(ui: &mut egui::Ui, parts: &ApiParts, commands: &mut Vec<ApiCommand>) {
    let stages = match &parts.stages {
        Ok(stages) => stages,
        Err(error) => return part_error(ui, error, commands),
    };
    if stages.is_empty() {
        ui.label(RichText::new("This API has no stages.").weak());
        return;
    }
    egui::Grid::new("api_stages")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for heading in ["Stage", "Auto-deploy", "Invoke URL", "Throttling"] {
                ui.label(RichText::new(heading).weak());
            }
            ui.end_row();
            for stage in stages {
                ui.label(&stage.name);
                ui.label(if stage.auto_deploy { "yes" } else { "no" });
                ui.label(stage.invoke_url.as_deref().unwrap_or("—"));
                let throttling = match (stage.throttling_burst, stage.throttling_rate) {
                    (None, None) => "account default".to_owned(),
                    (burst, rate) => format!(
                        "burst {} · rate {}/s",
                        burst.map_or_else(|| "—".to_owned(), |b| b.to_string()),
                        rate.map_or_else(|| "—".to_owned(), |r| r.to_string())
                    ),
                };
                ui.label(throttling);
                ui.end_row();
            }
        });
}

fn authorizers_ui(ui: &mut egui::Ui, parts: &ApiParts, commands: &mut Vec<ApiCommand>) {
    // One Retry (it reads them all again); further errors, e.g. one GetAuthorizer per
    // authorizer, are listed under it.
    if let Some((first, others)) = parts.authorizer_errors.split_first() {
        part_error(ui, first, commands);
        for error in others {
            ui.label(
                RichText::new(format!("{}: {}", error.headline(), error.message))
                    .color(error_color(ui)),
            );
        }
    }
    if parts.authorizers.is_empty() {
        if parts.authorizer_errors.is_empty() {
            ui.label(RichText::new("No authorizers.").weak());
        }
        return;
    }
    egui::Grid::new("api_authorizers")
        .num_columns(5)
        .striped(true)
        .show(ui, |ui| {
            for heading in ["Name", "Type", "Identity source", "Issuer", "Audience"] {
                ui.label(RichText::new(heading).weak());
            }
            ui.end_row();
            for authorizer in &parts.authorizers {
                ui.label(&authorizer.name);
                ui.label(&authorizer.authorizer_type);
                ui.label(authorizer.identity_source.join(", "));
                ui.label(authorizer.issuer.as_deref().unwrap_or("—"));
                ui.label(authorizer.audience.join(", "));
                ui.end_row();
            }
        });
}

fn details_ui(ui: &mut egui::Ui, api: &ApiDetails) {
    egui::Grid::new("api_settings")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            property_row(ui, "API ID", &api.id);
            property_row(ui, "Protocol", &api.protocol);
            optional_row(ui, "Endpoint", api.endpoint.as_deref());
            property_row(
                ui,
                "Default endpoint",
                if api.default_endpoint_disabled {
                    "Disabled"
                } else {
                    "Enabled"
                },
            );
            optional_row(
                ui,
                "Route selection expression",
                api.route_selection_expression.as_deref(),
            );
            optional_row(ui, "Description", api.description.as_deref());
            optional_row(ui, "Created", api.created.as_deref());
        });
    ui.add_space(8.0);
    ui.label(RichText::new("CORS").strong());
    if api.cors.is_empty() {
        ui.label(RichText::new("CORS is not configured.").weak());
    } else {
        egui::Grid::new("api_cors").num_columns(2).show(ui, |ui| {
            for (name, value) in &api.cors {
                property_row(ui, name, value);
            }
        });
    }
    ui.add_space(8.0);
    ui.label(RichText::new("Tags").strong());
    if api.tags.is_empty() {
        ui.label(RichText::new("No tags.").weak());
    } else {
        egui::Grid::new("api_tags").num_columns(2).show(ui, |ui| {
            for (key, value) in &api.tags {
                property_row(ui, key, value);
            }
        });
    }
}

/// Resets the form for a newly selected route.
fn prepare_form(form: &mut TesterForm, route: &RouteSummary, parts: &ApiParts) {
    if form.route_id == route.id {
        return;
    }
    let (method, template) = route.method_and_path().map_or(("GET", ""), |(m, p)| (m, p));
    *form = TesterForm {
        route_id: route.id.clone(),
        method: if method == "ANY" { "GET" } else { method }.to_owned(),
        path: if template.is_empty() {
            "/".to_owned()
        } else {
            String::new()
        },
        path_parameters: path_parameter_names(template)
            .into_iter()
            .map(|(name, _)| (name, String::new()))
            .collect(),
        ..Default::default()
    };
    if let Ok(stages) = &parts.stages
        && let Some(stage) = stages.first()
    {
        form.stage = stage.name.clone();
        form.base_url = stage.invoke_url.clone().unwrap_or_default();
    }
}

fn parse_headers(text: &str) -> Result<Vec<(String, String)>, String> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .enumerate()
        .map(|(i, line)| match line.split_once(':') {
            Some((name, value)) if !name.trim().is_empty() => {
                Ok((name.trim().to_owned(), value.trim().to_owned()))
            }
            _ => Err(format!("Header line {} is not \"name: value\"", i + 1)),
        })
        .collect()
}

fn tester_ui(
    ui: &mut egui::Ui,
    index: TabId,
    api: &ApiTab,
    parts: &ApiParts,
    view: &mut ApiViewState,
    commands: &mut Vec<ApiCommand>,
) {
    let Some(route) = view
        .selected_route
        .as_ref()
        .and_then(|id| parts.routes.as_ref().ok()?.iter().find(|r| &r.id == id))
    else {
        ui.add_space(8.0);
        ui.label(RichText::new("Select a route to test it.").weak());
        return;
    };
    let form = &mut view.tester;
    prepare_form(form, route, parts);
    ui.add_space(8.0);
    ui.heading(format!("Test {}", route.route_key));
    let template = route.method_and_path().map(|(_, p)| p.to_owned());
    egui::Grid::new("route_tester")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("Method");
            named_text_field(ui, &mut form.method, "Request method", "GET", 80.0);
            ui.end_row();
            if template.is_none() {
                ui.label("Path");
                named_text_field(ui, &mut form.path, "Request path", "/any/path", 240.0);
                ui.end_row();
            }
            for (name, value) in &mut form.path_parameters {
                ui.label(format!("{{{name}}}"));
                named_text_field(ui, value, &format!("Path parameter {name}"), "value", 240.0);
                ui.end_row();
            }
            ui.label("Query string");
            named_text_field(
                ui,
                &mut form.query,
                "Request query string",
                "a=1&b=2",
                240.0,
            );
            ui.end_row();
            ui.label("Headers");
            let headers = ui.add(
                egui::TextEdit::multiline(&mut form.headers)
                    .hint_text("name: value (one per line)")
                    .desired_rows(2)
                    .desired_width(320.0),
            );
            set_accessible_name(ui, &headers, "Request headers");
            ui.end_row();
            ui.label("Body");
            let body = ui.add(
                egui::TextEdit::multiline(&mut form.body)
                    .code_editor()
                    .desired_rows(3)
                    .desired_width(320.0),
            );
            set_accessible_name(ui, &body, "Request body");
            ui.end_row();
            ui.label("Stage");
            let stage_names: Vec<(String, Option<String>)> = parts
                .stages
                .as_ref()
                .map(|s| {
                    s.iter()
                        .map(|s| (s.name.clone(), s.invoke_url.clone()))
                        .collect()
                })
                .unwrap_or_default();
            let combo = egui::ComboBox::from_id_salt(("tester_stage", index))
                .selected_text(&form.stage)
                .show_ui(ui, |ui| {
                    for (name, url) in &stage_names {
                        if ui.selectable_label(form.stage == *name, name).clicked() {
                            form.stage = name.clone();
                            form.base_url = url.clone().unwrap_or_default();
                        }
                    }
                });
            set_accessible_name(ui, &combo.response, "Stage to test");
            ui.end_row();
            ui.label("Base URL");
            named_text_field(
                ui,
                &mut form.base_url,
                "Stage base URL",
                "https://…/stage",
                320.0,
            );
            ui.end_row();
        });
    if let Some(error) = &form.error {
        ui.label(RichText::new(error).color(error_color(ui)));
    }
    let request = |form: &TesterForm| -> Result<RouteRequest, String> {
        Ok(RouteRequest {
            method: form.method.trim().to_uppercase(),
            path_template: template.clone().unwrap_or_else(|| form.path.clone()),
            path_parameters: form.path_parameters.clone(),
            query: form.query.clone(),
            headers: parse_headers(&form.headers)?,
            body: form.body.clone(),
            stage: form.stage.clone(),
        })
    };
    let integration = parts.integration(route.integration_id.as_deref());
    ui.horizontal(|ui| {
        if let Some(target) = integration.and_then(|i| i.lambda.clone()) {
            let format = integration
                .and_then(|i| i.payload_format_version.clone())
                .unwrap_or_else(|| "2.0".to_owned());
            let read_only = view.read_only;
            let button = ui
                .add_enabled(
                    !api.route_invocation.is_pending() && !read_only,
                    egui::Button::new("Invoke function"),
                )
                .on_disabled_hover_text(if read_only {
                    "Read-only connection: an invocation can write anything"
                } else {
                    ""
                });
            set_accessible_name(ui, &button, "Invoke function");
            if button.clicked() {
                match request(form).and_then(|r| fill_path(&r).map(|_| r)) {
                    Ok(request) => {
                        form.error = None;
                        commands.push(ApiCommand::TestRouteInvoke {
                            test: Box::new(RouteTest {
                                request,
                                route_key: route.route_key.clone(),
                                target,
                                payload_format_version: format,
                            }),
                        });
                    }
                    Err(message) => form.error = Some(message),
                }
            }
        }
        // On a read-only connection only methods that should not change anything are sent.
        let method = form.method.trim().to_uppercase();
        let safe_method = matches!(method.as_str(), "GET" | "HEAD" | "OPTIONS");
        let blocked = view.read_only && !safe_method;
        let send = ui
            .add_enabled(
                !api.http_response.is_pending() && !blocked,
                egui::Button::new("Send HTTP request"),
            )
            .on_disabled_hover_text(if blocked {
                "Read-only connection: only GET, HEAD and OPTIONS are sent"
            } else {
                ""
            });
        set_accessible_name(ui, &send, "Send HTTP request");
        if send.clicked() {
            match request(form).and_then(|r| {
                let path = fill_path(&r)?;
                let query = raw_query_string(&r.query);
                let base = form.base_url.trim().trim_end_matches('/');
                if base.is_empty() {
                    return Err("Enter the base URL to send the request to".to_owned());
                }
                let mut url = format!("{base}{path}");
                if !query.is_empty() {
                    url.push('?');
                    url.push_str(&query);
                }
                Ok(HttpRequest {
                    method: r.method,
                    url,
                    headers: r.headers,
                    body: r.body,
                })
            }) {
                Ok(http) => {
                    form.error = None;
                    commands.push(ApiCommand::TestRouteHttp { request: http });
                }
                Err(message) => form.error = Some(message),
            }
        }
        if api.route_invocation.is_pending() || api.http_response.is_pending() {
            ui.spinner();
        }
    });
    if let Some(error) = api.route_invocation.error() {
        error_ui(ui, error, ApiCommand::Tab(TabRequest::Refresh), commands);
    }
    if let Some(invocation) = api.route_invocation.value() {
        route_invocation_ui(ui, invocation);
    }
    if let Some(error) = api.http_response.error() {
        error_ui(ui, error, ApiCommand::Tab(TabRequest::Refresh), commands);
    }
    if let Some(response) = api.http_response.value() {
        http_response_ui(ui, response);
    }
}

fn body_ui(ui: &mut egui::Ui, body: &[u8]) {
    if body.is_empty() {
        ui.label(RichText::new("(empty body)").weak());
    } else {
        let shown = crate::shared::widgets::payload_cache::payload_view(ui.ctx(), body);
        ui.add(egui::Label::new(RichText::new(shown.text.as_str()).monospace()).extend());
    }
}

fn headers_ui(ui: &mut egui::Ui, id: &str, headers: &[(String, String)]) {
    if headers.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!("Response headers ({})", headers.len()))
        .id_salt(id)
        .show(ui, |ui| {
            egui::Grid::new((id, "grid")).num_columns(2).show(ui, |ui| {
                for (name, value) in headers {
                    property_row(ui, name, value);
                }
            });
        });
}

fn route_invocation_ui(ui: &mut egui::Ui, invocation: &RouteInvocation) {
    ui.separator();
    ui.label(RichText::new("Invoke function").strong());
    let response = &invocation.response;
    ui.label(
        RichText::new(format!(
            "Status {} · function answered in {:.0} ms",
            response.status,
            invocation.result.round_trip.as_secs_f64() * 1000.0
        ))
        .strong(),
    );
    if let Some(problem) = &response.problem {
        ui.label(RichText::new(problem).color(error_color(ui)));
    }
    let shown =
        crate::shared::widgets::payload_cache::payload_view(ui.ctx(), &invocation.result.payload);
    if let Some(error) = shown.function_error.clone() {
        ui.label(
            RichText::new(format!(
                "Function error: {} {}",
                error.error_type.unwrap_or_default(),
                error.error_message.unwrap_or_default()
            ))
            .color(error_color(ui)),
        );
    }
    headers_ui(ui, "route_response_headers", &response.headers);
    body_ui(ui, &response.body);
    egui::CollapsingHeader::new("Event sent to the function")
        .id_salt("route_event")
        .show(ui, |ui| {
            ui.add(egui::Label::new(RichText::new(&invocation.event).monospace()).extend());
        });
}

fn http_response_ui(ui: &mut egui::Ui, response: &HttpResponse) {
    ui.separator();
    ui.label(RichText::new("HTTP response").strong());
    ui.label(
        RichText::new(format!(
            "HTTP {} · {:.0} ms",
            response.status,
            response.elapsed.as_secs_f64() * 1000.0
        ))
        .strong(),
    );
    headers_ui(ui, "http_response_headers", &response.headers);
    body_ui(ui, &response.body);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_parse_line_by_line() {
        assert_eq!(
            parse_headers("Accept: application/json\n\nX-Trace:  a:b \n"),
            Ok(vec![
                ("Accept".to_owned(), "application/json".to_owned()),
                ("X-Trace".to_owned(), "a:b".to_owned())
            ])
        );
        assert!(parse_headers("no colon here").is_err());
        assert!(parse_headers(": empty name").is_err());
    }
}
