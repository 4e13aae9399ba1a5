//! The WebSocket tester, below the routes of a WebSocket API: the selected route's step of a
//! session (`$connect` with headers and query string, a message with its body, `$disconnect`
//! with its close code), sent as API Gateway's event to the route's function on one
//! connection id that lasts until "New connection".

use egui::RichText;

use crate::apigateway::model::api_parts::{ApiParts, RouteSummary};
use crate::apigateway::model::route_event::{WebSocketEventType, message_body_for_route};
use crate::apigateway::tab::ApiCommand;
use crate::apigateway::tab::route_invoke::InvokeWhere;
use crate::apigateway::tab::websocket_tester::WebSocketTest;
use crate::apigateway::ui::api_view::ApiViewContext;
use crate::apigateway::ui::route_tester::parse_headers;
use crate::apigateway::ui::tester_parts::{
    Base64Switch, LocalInvoke, body_row_ui, headers_row_ui, invoke_button_ui, local_invoke_row_ui,
    query_row_ui, results_ui,
};
use crate::shared::model::TabRequest;
use crate::shared::widgets::field_error_ui;
use crate::shared::widgets::named_button;
use crate::shared::widgets::named_text_field;
use crate::shared::widgets::set_accessible_name;

/// The WebSocket tester's drafts.
pub struct WebSocketForm {
    /// The route the form was built for.
    pub route_id: String,
    pub stage: String,
    /// `$connect`: one `name: value` per line, and the handshake's query string.
    pub headers: String,
    pub query: String,
    /// Messages: the frame's body, text or base64 of a binary frame.
    pub body: String,
    pub body_base64: bool,
    /// `$disconnect`: the close frame's status code and reason.
    pub status_code: String,
    pub reason: String,
    pub error: Option<String>,
    /// "Give the handler this connection's credentials for this run" (read-only connections).
    pub allow_credentials: bool,
}

impl Default for WebSocketForm {
    fn default() -> Self {
        Self {
            route_id: String::new(),
            stage: String::new(),
            headers: String::new(),
            query: String::new(),
            body: String::new(),
            body_base64: false,
            // What a browser's close() without a code reports.
            status_code: "1005".to_owned(),
            reason: "Client-side close frame status not set".to_owned(),
            error: None,
            allow_credentials: false,
        }
    }
}

/// The tester for the selected WebSocket route.
pub fn websocket_tester_ui(
    ui: &mut egui::Ui,
    ctx: &mut ApiViewContext<'_>,
    parts: &ApiParts,
    selected_route: Option<&str>,
    form: &mut WebSocketForm,
) {
    let Some(route) =
        selected_route.and_then(|id| parts.routes.as_ref().ok()?.iter().find(|r| r.id == id))
    else {
        ui.add_space(8.0);
        ui.label(
            RichText::new(
                "Select a route to test it: $connect, then messages, then $disconnect, on one \
                 connection.",
            )
            .weak(),
        );
        return;
    };
    let selection = ctx
        .api
        .details
        .value()
        .and_then(|d| d.route_selection_expression.clone());
    prepare_form(form, route, parts, selection.as_deref());
    let event_type = WebSocketEventType::of_route(&route.route_key);
    ui.add_space(8.0);
    ui.heading(format!(
        "Test {} ({})",
        route.route_key,
        event_type.as_str()
    ));
    connection_ui(ui, ctx);
    form_ui(ui, ctx, parts, form, event_type);
    field_error_ui(ui, form.error.as_deref());
    send_row_ui(ui, ctx, parts, route, form);
    let session = &ctx.api.websocket;
    let retry = ApiCommand::Tab(TabRequest::Refresh);
    results_ui(ui, &session.invocation, None, retry, ctx.commands);
    steps_ui(ui, ctx);
}

/// Resets the route's own fields for a newly selected route; the stage and the handshake's
/// drafts stay, as a session goes from route to route.
fn prepare_form(
    form: &mut WebSocketForm,
    route: &RouteSummary,
    parts: &ApiParts,
    selection: Option<&str>,
) {
    if form.route_id == route.id {
        return;
    }
    form.route_id = route.id.clone();
    form.body = message_body_for_route(&route.route_key, selection);
    form.body_base64 = false;
    form.error = None;
    if form.stage.is_empty()
        && let Ok(stages) = &parts.stages
        && let Some(stage) = stages.first()
    {
        form.stage = stage.name.clone();
    }
}

/// The session's connection id, and the button that starts a new one.
fn connection_ui(ui: &mut egui::Ui, ctx: &mut ApiViewContext<'_>) {
    let session = &ctx.api.websocket;
    ui.horizontal(|ui| {
        match &session.connection_id {
            Some(id) => ui.label(format!("Connection {id}")),
            None => ui.label(RichText::new("No connection yet: the next step opens one").weak()),
        };
        if named_button(ui, "New connection", "New connection").clicked() {
            ctx.commands.push(ApiCommand::NewWebSocketConnection);
        }
    });
}

fn form_ui(
    ui: &mut egui::Ui,
    ctx: &ApiViewContext<'_>,
    parts: &ApiParts,
    form: &mut WebSocketForm,
    event_type: WebSocketEventType,
) {
    egui::Grid::new(("websocket_tester", ctx.tab))
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("Stage");
            let names: Vec<String> = parts
                .stages
                .as_ref()
                .map(|s| s.iter().map(|s| s.name.clone()).collect())
                .unwrap_or_default();
            let combo = egui::ComboBox::from_id_salt(("websocket_stage", ctx.tab))
                .selected_text(&form.stage)
                .show_ui(ui, |ui| {
                    for name in names {
                        ui.selectable_value(&mut form.stage, name.clone(), name);
                    }
                });
            set_accessible_name(ui, &combo.response, "Stage to test");
            ui.end_row();
            match event_type {
                WebSocketEventType::Connect => {
                    headers_row_ui(ui, &mut form.headers, "Connect headers");
                    let hint = "token=…&room=lobby";
                    query_row_ui(ui, &mut form.query, "Connect query string", hint);
                }
                WebSocketEventType::Message => {
                    let base64 = Base64Switch {
                        on: &mut form.body_base64,
                        text: "Message is base64 (binary frame)",
                        name: "Message is base64",
                    };
                    body_row_ui(ui, "Message", &mut form.body, "Message body", Some(base64));
                }
                WebSocketEventType::Disconnect => {
                    ui.label("Close code");
                    named_text_field(ui, &mut form.status_code, "Close status code", "1000", 80.0);
                    ui.end_row();
                    ui.label("Reason");
                    named_text_field(ui, &mut form.reason, "Close reason", "Going away", 240.0);
                    ui.end_row();
                }
            }
        });
}

/// "Invoke function", or why it cannot be.
fn send_row_ui(
    ui: &mut egui::Ui,
    ctx: &mut ApiViewContext<'_>,
    parts: &ApiParts,
    route: &RouteSummary,
    form: &mut WebSocketForm,
) {
    let session = &ctx.api.websocket;
    let integration = parts.integration(route.integration_id.as_deref());
    let Some(target) = integration.and_then(|i| i.lambda.clone()) else {
        ui.label(RichText::new("This route's integration calls no Lambda function.").weak());
        return;
    };
    let mut run = None;
    ui.horizontal(|ui| {
        let button = invoke_button_ui(ui, session.invocation.is_pending(), ctx.read_only);
        if session.invocation.is_pending() {
            ui.spinner();
        }
        if button.clicked() {
            run = Some(InvokeWhere::Deployed);
        }
    });
    let local = LocalInvoke {
        function: &target.function_name,
        pending: session.invocation.is_pending(),
        allow_credentials: &mut form.allow_credentials,
    };
    let Some(run) = run.or(local_invoke_row_ui(ui, ctx, local, ApiCommand::Tab)) else {
        return;
    };
    match websocket_test(form, route, target, run) {
        Ok(test) => {
            form.error = None;
            ctx.commands.push(ApiCommand::TestWebSocket {
                test: Box::new(test),
            });
        }
        Err(message) => form.error = Some(message),
    }
}

fn websocket_test(
    form: &WebSocketForm,
    route: &RouteSummary,
    target: crate::apigateway::model::api_parts::LambdaTarget,
    run: InvokeWhere,
) -> Result<WebSocketTest, String> {
    let event_type = WebSocketEventType::of_route(&route.route_key);
    let disconnect_status_code = match event_type {
        WebSocketEventType::Disconnect => form
            .status_code
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|code| (1000..5000).contains(code))
            .ok_or_else(|| "The close code is a number from 1000 to 4999".to_owned())?,
        WebSocketEventType::Connect | WebSocketEventType::Message => 0,
    };
    // Only the handshake has headers: a draft left from `$connect` is no message's concern.
    let headers = match event_type {
        WebSocketEventType::Connect => parse_headers(&form.headers)?,
        WebSocketEventType::Message | WebSocketEventType::Disconnect => Vec::new(),
    };
    Ok(WebSocketTest {
        route_key: route.route_key.clone(),
        target,
        stage: form.stage.clone(),
        headers,
        query: form.query.clone(),
        body: form.body.clone(),
        body_base64: form.body_base64,
        disconnect_status_code,
        disconnect_reason: form.reason.clone(),
        run,
    })
}

/// Every step sent, oldest first, with the connection it went on.
fn steps_ui(ui: &mut egui::Ui, ctx: &ApiViewContext<'_>) {
    let steps = &ctx.api.websocket.steps;
    if steps.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!("Session steps ({})", steps.len()))
        .id_salt(("websocket_steps", ctx.tab))
        .default_open(true)
        .show(ui, |ui| {
            for (n, step) in steps.iter().enumerate() {
                let message = step
                    .message_id
                    .as_deref()
                    .map(|id| format!(" · message {id}"))
                    .unwrap_or_default();
                ui.label(format!(
                    "{}. {} · connection {}{message}",
                    n + 1,
                    step.route_key,
                    step.connection_id
                ));
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apigateway::model::api_parts::lambda_target;

    #[test]
    fn close_codes_are_checked_only_on_disconnect() {
        let target =
            lambda_target("arn:aws:lambda:us-east-1:123456789012:function:chat").expect("target");
        let route = |key: &str| RouteSummary {
            route_key: key.to_owned(),
            ..Default::default()
        };
        let mut form = WebSocketForm::default();
        let test = websocket_test(
            &form,
            &route("$disconnect"),
            target.clone(),
            InvokeWhere::Deployed,
        )
        .expect("1005");
        assert_eq!(test.disconnect_status_code, 1005);
        for bad in ["", "999", "5000", "abc", "-1", "70000"] {
            form.status_code = bad.to_owned();
            assert!(
                websocket_test(
                    &form,
                    &route("$disconnect"),
                    target.clone(),
                    InvokeWhere::Deployed
                )
                .is_err(),
                "{bad:?}"
            );
        }
        // A message does not care about the close code.
        let message = websocket_test(
            &form,
            &route("sendMessage"),
            target.clone(),
            InvokeWhere::Deployed,
        )
        .expect("ok");
        assert_eq!(message.disconnect_status_code, 0);
        // Headers are the handshake's: checked on $connect, not sent (nor checked) after it.
        form.headers = "broken".into();
        assert!(
            websocket_test(
                &form,
                &route("$connect"),
                target.clone(),
                InvokeWhere::Deployed
            )
            .is_err()
        );
        let message = websocket_test(
            &form,
            &route("$default"),
            target.clone(),
            InvokeWhere::Deployed,
        )
        .expect("ok");
        assert!(message.headers.is_empty());
        form.status_code = "1000".into();
        let disconnect =
            websocket_test(&form, &route("$disconnect"), target, InvokeWhere::Deployed)
                .expect("ok");
        assert!(disconnect.headers.is_empty());
    }
}
