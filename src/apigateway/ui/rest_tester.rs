//! The REST tester, below the selected method of a REST API: a field per path parameter
//! (greedy `{proxy+}` included), query string, headers, body (text or base64), and a stage
//! with its variables; sent as the Lambda proxy event straight to the method's function, or
//! as an HTTP request to the stage.

use egui::RichText;

use crate::apigateway::model::lambda_target::{lambda_target, with_stage_variables};
use crate::apigateway::model::rest_api::{RestApiParts, RestMethod, RestResource, RestStage};
use crate::apigateway::model::route_event::{
    RestRequest, RouteRequest, TEST_INVOKE_STAGE, fill_path, path_parameter_names,
};
use crate::apigateway::rest_tab::RestApiCommand;
use crate::apigateway::tab::rest_tester::{RestTest, RestTestCommand};
use crate::apigateway::tab::route_invoke::InvokeWhere;
use crate::apigateway::ui::rest_view::{RestApiViewContext, RestApiViewState};
use crate::apigateway::ui::route_tester::{http_request_to, parse_headers};
use crate::apigateway::ui::tester_parts::{
    Base64Switch, LocalInvoke, base_url_row_ui, body_row_ui, headers_row_ui, invoke_button_ui,
    local_invoke_row_ui, path_parameter_rows_ui, query_row_ui, results_ui, send_http_button_ui,
    stage_row_ui,
};
use crate::dynamodb::model::attribute::base64_decode;
use crate::shared::model::TabRequest;
use crate::shared::model::http_exchange::HttpRequest;
use crate::shared::widgets::field_error_ui;
use crate::shared::widgets::named_text_field;

/// The REST tester's drafts.
#[derive(Default)]
pub struct RestTesterForm {
    /// The method the form was built for: its resource's id and its HTTP method.
    pub key: Option<(String, String)>,
    /// What is sent; chosen by the user only for ANY.
    pub method: String,
    pub path_parameters: Vec<(String, String)>,
    pub query: String,
    /// One `name: value` per line; a name may repeat.
    pub headers: String,
    pub body: String,
    /// The body is base64 of binary content.
    pub body_base64: bool,
    pub stage: String,
    pub base_url: String,
    pub error: Option<String>,
    /// "Give the handler this connection's credentials for this run" (read-only connections).
    pub allow_credentials: bool,
}

/// The tester for `method` of `resource`: its form, the two ways to send it, what came back.
pub fn rest_tester_ui(
    ui: &mut egui::Ui,
    ctx: &mut RestApiViewContext<'_>,
    parts: &RestApiParts,
    resource: &RestResource,
    method: &RestMethod,
    view: &mut RestApiViewState,
) {
    let stages: &[RestStage] = parts.stages.as_deref().unwrap_or_default();
    let form = &mut view.tester;
    prepare_form(form, resource, method, stages);
    ui.heading(format!("Test {} {}", method.http_method, resource.path));
    if let Some(note) = bypassed_checks(method) {
        ui.label(RichText::new(note).weak());
    }
    form_ui(ui, ctx, form, method, stages);
    field_error_ui(ui, form.error.as_deref());
    send_row_ui(ui, ctx, form, resource, method, stages);
    let tester = &ctx.api.tester;
    let retry = RestApiCommand::Tab(TabRequest::Refresh);
    let http = Some(&tester.http_response);
    results_ui(ui, &tester.invocation, http, retry, ctx.commands);
}

/// What "Invoke function" skips that a request through the stage would meet, if anything.
fn bypassed_checks(method: &RestMethod) -> Option<String> {
    let authorizer = match method.authorization_type.as_deref() {
        Some("CUSTOM") => {
            Some("its Lambda authorizer does not run, so the event has no authorizer context")
        }
        Some("COGNITO_USER_POOLS") => {
            Some("its Cognito authorizer does not run, so the event has no claims")
        }
        Some("AWS_IAM") => Some("IAM authorization is not checked"),
        _ => None,
    };
    let key = method.api_key_required.then_some("no API key is checked");
    let skipped: Vec<&str> = [authorizer, key].into_iter().flatten().collect();
    (!skipped.is_empty()).then(|| {
        format!(
            "Invoke function calls the function directly: {}.",
            skipped.join("; ")
        )
    })
}

/// Resets the form for a newly selected method; the stage stays when it still exists.
fn prepare_form(
    form: &mut RestTesterForm,
    resource: &RestResource,
    method: &RestMethod,
    stages: &[RestStage],
) {
    let key = (resource.id.clone(), method.http_method.clone());
    if form.key.as_ref() == Some(&key) {
        return;
    }
    let stage = stages
        .iter()
        .find(|s| s.name == form.stage)
        .or_else(|| stages.first());
    *form = RestTesterForm {
        key: Some(key),
        method: if method.http_method == "ANY" {
            "GET".to_owned()
        } else {
            method.http_method.clone()
        },
        path_parameters: path_parameter_names(&resource.path)
            .into_iter()
            .map(|(name, _)| (name, String::new()))
            .collect(),
        stage: stage.map(|s| s.name.clone()).unwrap_or_default(),
        base_url: stage.map(|s| s.invoke_url.clone()).unwrap_or_default(),
        ..Default::default()
    };
}

fn form_ui(
    ui: &mut egui::Ui,
    ctx: &RestApiViewContext<'_>,
    form: &mut RestTesterForm,
    method: &RestMethod,
    stages: &[RestStage],
) {
    egui::Grid::new(("rest_tester", ctx.tab))
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("Method");
            if method.http_method == "ANY" {
                named_text_field(ui, &mut form.method, "Request method", "GET", 80.0);
            } else {
                ui.label(&method.http_method);
            }
            ui.end_row();
            path_parameter_rows_ui(ui, &mut form.path_parameters);
            query_row_ui(ui, &mut form.query, "Request query string", "a=1&a=2&b=");
            headers_row_ui(ui, &mut form.headers, "Request headers");
            let base64 = Base64Switch {
                on: &mut form.body_base64,
                text: "Body is base64 (binary)",
                name: "Body is base64",
            };
            body_row_ui(ui, "Body", &mut form.body, "Request body", Some(base64));
            stage_rows_ui(ui, ctx, form, stages);
            base_url_row_ui(ui, &mut form.base_url);
        });
}

/// The stage picker and the chosen stage's variables.
fn stage_rows_ui(
    ui: &mut egui::Ui,
    ctx: &RestApiViewContext<'_>,
    form: &mut RestTesterForm,
    stages: &[RestStage],
) {
    let shown = if form.stage.is_empty() {
        TEST_INVOKE_STAGE.to_owned()
    } else {
        form.stage.clone()
    };
    let choices = stages
        .iter()
        .map(|s| (s.name.as_str(), s.invoke_url.as_str()));
    let stage = (&mut form.stage, &mut form.base_url);
    stage_row_ui(ui, ("rest_tester_stage", ctx.tab), &shown, stage, choices);
    ui.label("Stage variables");
    let variables = stages
        .iter()
        .find(|s| s.name == form.stage)
        .map(|s| s.variables.as_slice())
        .unwrap_or_default();
    if variables.is_empty() {
        ui.label(RichText::new("none").weak());
    } else {
        let text: Vec<String> = variables
            .iter()
            .map(|(n, v)| format!("{n} = {v}"))
            .collect();
        ui.label(text.join(", "));
    }
    ui.end_row();
}

/// "Invoke function" (Lambda proxy integrations) and "Send HTTP request"; on a read-only
/// connection nothing is invoked and only methods that change nothing are sent.
fn send_row_ui(
    ui: &mut egui::Ui,
    ctx: &mut RestApiViewContext<'_>,
    form: &mut RestTesterForm,
    resource: &RestResource,
    method: &RestMethod,
    stages: &[RestStage],
) {
    let tester = &ctx.api.tester;
    let integration = method.integration.as_ref();
    let variables = stages
        .iter()
        .find(|s| s.name == form.stage)
        .map(|s| s.variables.as_slice())
        .unwrap_or_default();
    // A URI whose function is a stage variable names the chosen stage's function.
    let target = integration
        .filter(|i| i.integration_type == "AWS_PROXY")
        .and_then(|i| {
            i.lambda.clone().or_else(|| {
                let uri = with_stage_variables(i.uri.as_deref()?, variables);
                lambda_target(&uri)
            })
        });
    let mut run = None;
    ui.horizontal(|ui| {
        match (&target, integration) {
            (Some(_), _) => {
                let button = invoke_button_ui(ui, tester.invocation.is_pending(), ctx.read_only);
                if button.clicked() {
                    run = Some(InvokeWhere::Deployed);
                }
            }
            (None, Some(integration)) if integration.integration_type == "AWS_PROXY" => {
                ui.label(
                    RichText::new(format!(
                        "This integration names no Lambda function for stage {}: {}",
                        form.stage,
                        integration.uri.as_deref().unwrap_or("no URI")
                    ))
                    .weak(),
                );
            }
            (None, Some(integration)) => {
                ui.label(
                    RichText::new(format!(
                        "The Lambda proxy event goes to AWS_PROXY Lambda integrations; this \
                         one is {}.",
                        integration.integration_type
                    ))
                    .weak(),
                );
            }
            (None, None) => {
                ui.label(RichText::new("This method has no integration to invoke.").weak());
            }
        }
        let pending = tester.http_response.is_pending();
        let (send, blocked) = send_http_button_ui(ui, pending, ctx.read_only, &form.method);
        if blocked {
            ui.label(
                RichText::new("Read-only connection: only GET, HEAD and OPTIONS are sent").weak(),
            );
        }
        if send.clicked() {
            match http_request(form, resource, stages) {
                Ok(request) => {
                    form.error = None;
                    ctx.commands
                        .push(RestApiCommand::Test(RestTestCommand::Http { request }));
                }
                Err(message) => form.error = Some(message),
            }
        }
        if tester.invocation.is_pending() || tester.http_response.is_pending() {
            ui.spinner();
        }
    });
    let Some(target) = target else {
        return;
    };
    let local = LocalInvoke {
        function: &target.function_name,
        pending: tester.invocation.is_pending(),
        allow_credentials: &mut form.allow_credentials,
    };
    run = run.or(local_invoke_row_ui(ui, ctx, local, RestApiCommand::Tab));
    let Some(run) = run else {
        return;
    };
    let checked = rest_request(form, resource, stages).and_then(|request| {
        // The stage picks the alias when the integration names a variable.
        let target = target.for_stage(&request.stage_variables)?;
        Ok((request, target))
    });
    match checked {
        Ok((request, target)) => {
            form.error = None;
            let invoke_url = Some(form.base_url.clone()).filter(|u| !u.is_empty());
            let test = RestTest {
                request,
                target,
                invoke_url,
                run,
            };
            ctx.commands
                .push(RestApiCommand::Test(RestTestCommand::Invoke {
                    test: Box::new(test),
                }));
        }
        Err(message) => form.error = Some(message),
    }
}

/// The form as a REST request, checked: every path parameter filled, a base64 body valid.
fn rest_request(
    form: &RestTesterForm,
    resource: &RestResource,
    stages: &[RestStage],
) -> Result<RestRequest, String> {
    let route = RouteRequest {
        method: form.method.trim().to_uppercase(),
        path_template: resource.path.clone(),
        path_parameters: form.path_parameters.clone(),
        query: form.query.clone(),
        headers: parse_headers(&form.headers)?,
        body: form.body.clone(),
        stage: form.stage.clone(),
    };
    fill_path(&route)?;
    if form.body_base64 {
        base64_decode(form.body.trim())
            .map_err(|e| format!("The body is not valid base64: {e}"))?;
    }
    let stage_variables = stages
        .iter()
        .find(|s| s.name == form.stage)
        .map(|s| s.variables.clone())
        .unwrap_or_default();
    Ok(RestRequest {
        route,
        resource_id: resource.id.clone(),
        stage_variables,
        body_base64: form.body_base64,
    })
}

/// The form as an HTTP request to the stage; a base64 body is sent decoded, when it is text.
fn http_request(
    form: &RestTesterForm,
    resource: &RestResource,
    stages: &[RestStage],
) -> Result<HttpRequest, String> {
    let mut request = rest_request(form, resource, stages)?;
    if request.body_base64 {
        let bytes = base64_decode(request.route.body.trim())
            .map_err(|e| format!("The body is not valid base64: {e}"))?;
        request.route.body = String::from_utf8(bytes).map_err(|_| {
            "Send HTTP request sends text bodies: this base64 body is binary".to_owned()
        })?;
    }
    http_request_to(&form.base_url, request.route)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn greedy() -> (RestResource, Vec<RestStage>) {
        let resource = RestResource {
            id: "r1".into(),
            path: "/files/{proxy+}".into(),
            ..Default::default()
        };
        let stages = vec![
            RestStage {
                name: "dev".into(),
                variables: vec![("table".into(), "Orders".into())],
                ..Default::default()
            },
            RestStage {
                name: "prod".into(),
                ..Default::default()
            },
        ];
        (resource, stages)
    }

    #[test]
    fn skipped_checks_are_named() {
        let mut method = RestMethod::default();
        assert_eq!(bypassed_checks(&method), None);
        method.authorization_type = Some("NONE".into());
        assert_eq!(bypassed_checks(&method), None);
        method.authorization_type = Some("CUSTOM".into());
        method.api_key_required = true;
        let note = bypassed_checks(&method).expect("a note");
        assert!(note.contains("Lambda authorizer does not run"), "{note}");
        assert!(note.contains("no API key is checked"), "{note}");
    }

    #[test]
    fn the_form_becomes_a_checked_request_with_its_stage_variables() {
        let (resource, stages) = greedy();
        let mut form = RestTesterForm {
            method: " delete ".into(),
            path_parameters: vec![("proxy".into(), "a b/c".into())],
            headers: "X-A: 1\nx-a: 2".into(),
            body: "//79".into(),
            body_base64: true,
            stage: "dev".into(),
            base_url: "http://127.0.0.1:9/dev/".into(),
            ..Default::default()
        };
        let request = rest_request(&form, &resource, &stages).expect("request");
        assert_eq!(request.route.method, "DELETE");
        assert_eq!(request.resource_id, "r1");
        assert_eq!(
            request.stage_variables,
            vec![("table".to_owned(), "Orders".to_owned())]
        );
        assert_eq!(request.route.headers.len(), 2);
        // Binary is for the function only: the HTTP client sends text.
        let error = http_request(&form, &resource, &stages).expect_err("binary");
        assert!(error.contains("binary"), "{error}");
        form.body = "aGk=".into();
        let http = http_request(&form, &resource, &stages).expect("text");
        assert_eq!(http.body, "hi");
        assert_eq!(http.url, "http://127.0.0.1:9/dev/files/a%20b/c");
        // Another stage has its own (no) variables; bad input is refused with why.
        form.stage = "prod".into();
        let request = rest_request(&form, &resource, &stages).expect("request");
        assert!(request.stage_variables.is_empty());
        form.body = "***".into();
        assert!(rest_request(&form, &resource, &stages).is_err());
        form.body_base64 = false;
        form.headers = "no colon".into();
        assert!(rest_request(&form, &resource, &stages).is_err());
        form.headers.clear();
        form.path_parameters[0].1.clear();
        let error = rest_request(&form, &resource, &stages).expect_err("empty proxy");
        assert!(error.contains("{proxy}"), "{error}");
    }
}
