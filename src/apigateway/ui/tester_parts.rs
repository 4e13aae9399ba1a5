//! What the three API testers (HTTP route, REST method, WebSocket route) draw alike: form
//! rows, the send buttons (Invoke function, Invoke locally, Send HTTP request), and what came
//! back.

use egui::RichText;

use crate::apigateway::tab::RouteInvocation;
use crate::apigateway::tab::route_invoke::{InvokeWhere, local_setup_missing};
use crate::apigateway::ui::api_frame::ApiTabContext;
use crate::apigateway::ui::route_responses::{http_response_ui, route_invocation_ui};
use crate::local_lambda::ui::credentials_note_ui;
use crate::shared::bridge::request::Request;
use crate::shared::model::http_exchange::HttpResponse;
use crate::shared::model::{ResourceRef, TabRequest};
use crate::shared::widgets::error_ui;
use crate::shared::widgets::named_button;
use crate::shared::widgets::named_text_field;
use crate::shared::widgets::set_accessible_name;

/// Why "Invoke function" is off on a read-only connection, said beside it.
pub const READ_ONLY_INVOKE: &str = "Read-only connection: an invocation can write anything";

/// A `{name}` row for each path parameter.
pub fn path_parameter_rows_ui(ui: &mut egui::Ui, parameters: &mut [(String, String)]) {
    for (name, value) in parameters {
        ui.label(format!("{{{name}}}"));
        named_text_field(ui, value, &format!("Path parameter {name}"), "value", 240.0);
        ui.end_row();
    }
}

/// The "Query string" row.
pub fn query_row_ui(ui: &mut egui::Ui, query: &mut String, name: &str, hint: &str) {
    ui.label("Query string");
    named_text_field(ui, query, name, hint, 240.0);
    ui.end_row();
}

/// The "Headers" row: one `name: value` per line.
pub fn headers_row_ui(ui: &mut egui::Ui, headers: &mut String, name: &str) {
    ui.label("Headers");
    let field = ui.add(
        egui::TextEdit::multiline(headers)
            .hint_text("name: value (one per line)")
            .desired_rows(2)
            .desired_width(320.0),
    );
    set_accessible_name(ui, &field, name);
    ui.end_row();
}

/// The switch under a body saying it is base64 of binary: its value, text and name.
pub struct Base64Switch<'a> {
    pub on: &'a mut bool,
    pub text: &'a str,
    pub name: &'a str,
}

/// A body row (`row` is its label), with the base64 switch under the editor when given.
pub fn body_row_ui(
    ui: &mut egui::Ui,
    row: &str,
    body: &mut String,
    name: &str,
    base64: Option<Base64Switch<'_>>,
) {
    ui.label(row);
    let editor = |ui: &mut egui::Ui, body: &mut String| {
        let field = ui.add(
            egui::TextEdit::multiline(body)
                .code_editor()
                .desired_rows(3)
                .desired_width(320.0),
        );
        set_accessible_name(ui, &field, name);
    };
    match base64 {
        Some(switch) => {
            ui.vertical(|ui| {
                editor(ui, body);
                let response = ui.checkbox(switch.on, switch.text);
                set_accessible_name(ui, &response, switch.name);
            });
        }
        None => editor(ui, body),
    }
    ui.end_row();
}

/// The "Base URL" row: the stage's invoke URL, editable.
pub fn base_url_row_ui(ui: &mut egui::Ui, base_url: &mut String) {
    ui.label("Base URL");
    named_text_field(ui, base_url, "Stage base URL", "https://…/stage", 320.0);
    ui.end_row();
}

/// "Invoke function": off while an invocation runs, and on a read-only connection, which is
/// said beside it.
pub fn invoke_button_ui(ui: &mut egui::Ui, pending: bool, read_only: bool) -> egui::Response {
    let button = ui.add_enabled(!pending && !read_only, egui::Button::new("Invoke function"));
    set_accessible_name(ui, &button, "Invoke function");
    if read_only {
        ui.label(RichText::new(READ_ONLY_INVOKE).weak());
    }
    button
}

/// "Send HTTP request": off while one is out, and on a read-only connection for a method that
/// could change something (only GET, HEAD and OPTIONS are sent). Also says whether the method
/// was what turned it off.
pub fn send_http_button_ui(
    ui: &mut egui::Ui,
    pending: bool,
    read_only: bool,
    method: &str,
) -> (egui::Response, bool) {
    let method = method.trim().to_uppercase();
    let safe_method = matches!(method.as_str(), "GET" | "HEAD" | "OPTIONS");
    let blocked = read_only && !safe_method;
    let send = ui.add_enabled(!pending && !blocked, egui::Button::new("Send HTTP request"));
    set_accessible_name(ui, &send, "Send HTTP request");
    (send, blocked)
}

/// What came back: the function's answer and, for testers that send HTTP too, the response;
/// each under its own error with `retry`.
pub fn results_ui<C: Clone>(
    ui: &mut egui::Ui,
    invocation: &Request<RouteInvocation>,
    http: Option<&Request<HttpResponse>>,
    retry: C,
    commands: &mut Vec<C>,
) {
    if let Some(error) = invocation.error() {
        error_ui(ui, error, retry.clone(), commands);
    }
    if let Some(invocation) = invocation.value() {
        route_invocation_ui(ui, invocation);
    }
    let Some(http) = http else {
        return;
    };
    if let Some(error) = http.error() {
        error_ui(ui, error, retry, commands);
    }
    if let Some(response) = http.value() {
        http_response_ui(ui, response);
    }
}

/// The "Stage" row: picking one of `stages` (name, invoke URL) makes its URL the base URL.
/// `shown` is what the closed picker says.
pub fn stage_row_ui<'s>(
    ui: &mut egui::Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    shown: &str,
    (stage, base_url): (&mut String, &mut String),
    stages: impl Iterator<Item = (&'s str, &'s str)>,
) {
    ui.label("Stage");
    let combo = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for (name, url) in stages {
                if ui.selectable_label(stage.as_str() == name, name).clicked() {
                    *stage = name.to_owned();
                    *base_url = url.to_owned();
                }
            }
        });
    set_accessible_name(ui, &combo.response, "Stage to test");
    ui.end_row();
}

/// What "Invoke locally" needs beside the tab's context: the route's function and the
/// per-run credentials choice of a read-only connection.
pub struct LocalInvoke<'a> {
    pub function: &'a str,
    pub pending: bool,
    /// "Give the handler this connection's credentials for this run"; reset after a run.
    pub allow_credentials: &'a mut bool,
}

/// "Invoke locally": the same event, to the route's function run from its code folder. Off
/// (saying where to attach the folder, with a button opening the function) when none is
/// attached on the tab's connection. Returns where to run when clicked; `open` turns the
/// open request into the view's command.
pub fn local_invoke_row_ui<T, C>(
    ui: &mut egui::Ui,
    ctx: &mut ApiTabContext<'_, T, C>,
    local: LocalInvoke<'_>,
    open: impl FnOnce(TabRequest) -> C,
) -> Option<InvokeWhere> {
    let attached = ctx.runs_locally(local.function);
    let read_only = ctx.read_only;
    let mut run = None;
    ui.horizontal_wrapped(|ui| {
        let enabled = attached && !local.pending;
        let button = ui.add_enabled(enabled, egui::Button::new("Invoke locally"));
        set_accessible_name(ui, &button, "Invoke locally");
        if button.clicked() {
            let with_credentials = !read_only || *local.allow_credentials;
            *local.allow_credentials = false;
            run = Some(InvokeWhere::Locally { with_credentials });
        }
        if !attached {
            ui.label(RichText::new(local_setup_missing(local.function)).weak());
            let text = format!("Open {}", local.function);
            if named_button(ui, &text, &text).clicked() {
                ctx.commands
                    .push(open(TabRequest::OpenLinked(ResourceRef::Function {
                        name: local.function.to_owned(),
                    })));
            }
        }
    });
    if attached {
        credentials_note_ui(ui, read_only, local.allow_credentials);
    }
    run
}
