//! The route tester: a request form for the selected route of an HTTP API, sent either as
//! an API Gateway event straight to the route's function or as an HTTP request to a stage.

use egui::RichText;

use crate::apigateway::model::api_parts::ApiParts;
use crate::apigateway::model::api_parts::RouteSummary;
use crate::apigateway::model::route_event::RouteRequest;
use crate::apigateway::model::route_event::fill_path;
use crate::apigateway::model::route_event::path_parameter_names;
use crate::apigateway::model::route_event::raw_query_string;
use crate::apigateway::tab::ApiCommand;
use crate::apigateway::tab::RouteTest;
use crate::apigateway::tab::route_invoke::InvokeWhere;
use crate::apigateway::ui::api_view::ApiViewContext;
use crate::apigateway::ui::api_view::ApiViewState;
use crate::apigateway::ui::tester_parts::{
    LocalInvoke, READ_ONLY_INVOKE, base_url_row_ui, body_row_ui, headers_row_ui, invoke_button_ui,
    local_invoke_row_ui, path_parameter_rows_ui, query_row_ui, results_ui, send_http_button_ui,
    stage_row_ui,
};
use crate::shared::model::TabRequest;
use crate::shared::model::http_exchange::HttpRequest;
use crate::shared::widgets::field_error_ui;
use crate::shared::widgets::named_text_field;

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
    /// "Give the handler this connection's credentials for this run" (read-only connections).
    pub allow_credentials: bool,
}

/// The tester for the selected route: its form, the two ways to send it, and what came back.
pub fn tester_ui(
    ui: &mut egui::Ui,
    ctx: &mut ApiViewContext<'_>,
    parts: &ApiParts,
    view: &mut ApiViewState,
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
    form_ui(ui, ctx, parts, form, template.is_none());
    field_error_ui(ui, form.error.as_deref());
    send_row_ui(ui, ctx, parts, route, form, template.as_deref());
    let api = ctx.api;
    let retry = ApiCommand::Tab(TabRequest::Refresh);
    let http = Some(&api.http_response);
    results_ui(ui, &api.route_invocation, http, retry, ctx.commands);
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

/// Method, path (for a route without a template), path parameters, query, headers, body,
/// stage and base URL.
fn form_ui(
    ui: &mut egui::Ui,
    ctx: &ApiViewContext<'_>,
    parts: &ApiParts,
    form: &mut TesterForm,
    free_path: bool,
) {
    egui::Grid::new("route_tester")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("Method");
            named_text_field(ui, &mut form.method, "Request method", "GET", 80.0);
            ui.end_row();
            if free_path {
                ui.label("Path");
                named_text_field(ui, &mut form.path, "Request path", "/any/path", 240.0);
                ui.end_row();
            }
            path_parameter_rows_ui(ui, &mut form.path_parameters);
            query_row_ui(ui, &mut form.query, "Request query string", "a=1&b=2");
            headers_row_ui(ui, &mut form.headers, "Request headers");
            body_row_ui(ui, "Body", &mut form.body, "Request body", None);
            let stages = parts.stages.as_deref().unwrap_or_default().iter();
            let stages = stages.map(|s| (s.name.as_str(), s.invoke_url.as_deref().unwrap_or("")));
            let shown = form.stage.clone();
            let stage = (&mut form.stage, &mut form.base_url);
            stage_row_ui(ui, ("tester_stage", ctx.tab), &shown, stage, stages);
            base_url_row_ui(ui, &mut form.base_url);
        });
}

/// "Invoke function" (for a Lambda integration) and "Send HTTP request"; a read-only
/// connection invokes nothing and sends only methods that should not change anything.
fn send_row_ui(
    ui: &mut egui::Ui,
    ctx: &mut ApiViewContext<'_>,
    parts: &ApiParts,
    route: &RouteSummary,
    form: &mut TesterForm,
    template: Option<&str>,
) {
    let api = ctx.api;
    let integration = parts.integration(route.integration_id.as_deref());
    let target = integration.and_then(|i| i.lambda.clone());
    let mut run = None;
    ui.horizontal(|ui| {
        if target.is_some() {
            let read_only = ctx.read_only;
            let button = invoke_button_ui(ui, api.route_invocation.is_pending(), read_only)
                .on_disabled_hover_text(if read_only { READ_ONLY_INVOKE } else { "" });
            if button.clicked() {
                run = Some(InvokeWhere::Deployed);
            }
        }
        let pending = api.http_response.is_pending();
        let (send, blocked) = send_http_button_ui(ui, pending, ctx.read_only, &form.method);
        let send = send.on_disabled_hover_text(if blocked {
            "Read-only connection: only GET, HEAD and OPTIONS are sent"
        } else {
            ""
        });
        if send.clicked() {
            match http_request(form, template) {
                Ok(http) => {
                    form.error = None;
                    ctx.commands
                        .push(ApiCommand::TestRouteHttp { request: http });
                }
                Err(message) => form.error = Some(message),
            }
        }
        if api.route_invocation.is_pending() || api.http_response.is_pending() {
            ui.spinner();
        }
    });
    let Some(target) = target else {
        return;
    };
    let local = LocalInvoke {
        function: &target.function_name,
        pending: api.route_invocation.is_pending(),
        allow_credentials: &mut form.allow_credentials,
    };
    run = run.or(local_invoke_row_ui(ui, ctx, local, ApiCommand::Tab));
    let Some(run) = run else {
        return;
    };
    let format = integration
        .and_then(|i| i.payload_format_version.clone())
        .unwrap_or_else(|| "2.0".to_owned());
    match route_request(form, template).and_then(|r| fill_path(&r).map(|_| r)) {
        Ok(request) => {
            form.error = None;
            ctx.commands.push(ApiCommand::TestRouteInvoke {
                test: Box::new(RouteTest {
                    request,
                    route_key: route.route_key.clone(),
                    target,
                    payload_format_version: format,
                    run,
                }),
            });
        }
        Err(message) => form.error = Some(message),
    }
}

/// The form as a route request; `template` is the route's path, `None` for `$default`.
fn route_request(form: &TesterForm, template: Option<&str>) -> Result<RouteRequest, String> {
    Ok(RouteRequest {
        method: form.method.trim().to_uppercase(),
        path_template: template.map_or_else(|| form.path.clone(), str::to_owned),
        path_parameters: form.path_parameters.clone(),
        query: form.query.clone(),
        headers: parse_headers(&form.headers)?,
        body: form.body.clone(),
        stage: form.stage.clone(),
    })
}

/// The form as an HTTP request to the stage's base URL.
fn http_request(form: &TesterForm, template: Option<&str>) -> Result<HttpRequest, String> {
    http_request_to(&form.base_url, route_request(form, template)?)
}

/// `request` as an HTTP request to `base_url` (a stage's invoke URL).
pub(super) fn http_request_to(base_url: &str, r: RouteRequest) -> Result<HttpRequest, String> {
    let path = fill_path(&r)?;
    let query = raw_query_string(&r.query);
    let base = base_url.trim().trim_end_matches('/');
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
}

/// `name: value` lines as header pairs; blank lines are skipped.
pub(super) fn parse_headers(text: &str) -> Result<Vec<(String, String)>, String> {
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
