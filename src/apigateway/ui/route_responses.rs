//! What the route tester got back: the function's answer to the route's event, or the
//! stage's HTTP response, each with its headers and body.

use egui::RichText;

use crate::apigateway::tab::RouteInvocation;
use crate::shared::model::http_exchange::HttpResponse;
use crate::shared::widgets::field_error_ui;
use crate::shared::widgets::payload_cache::payload_view;
use crate::shared::widgets::property_row;

fn body_ui(ui: &mut egui::Ui, body: &[u8]) {
    if body.is_empty() {
        ui.label(RichText::new("(empty body)").weak());
    } else {
        let shown = payload_view(ui.ctx(), body);
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

/// What the function answered to the route's event, as API Gateway would return it.
pub fn route_invocation_ui(ui: &mut egui::Ui, invocation: &RouteInvocation) {
    ui.separator();
    let response = &invocation.response;
    let ms = invocation.result.round_trip.as_secs_f64() * 1000.0;
    // A local run says so: its answer came from the code folder, not from Lambda.
    if invocation.result.ran_locally {
        ui.label(RichText::new("Ran locally").strong());
        ui.label(
            RichText::new(format!(
                "Status {} · function ran locally, answered in {ms:.0} ms",
                response.status
            ))
            .strong(),
        );
    } else {
        ui.label(RichText::new("Invoke function").strong());
        ui.label(
            RichText::new(format!(
                "Status {} · function answered in {ms:.0} ms",
                response.status
            ))
            .strong(),
        );
    }
    field_error_ui(ui, response.problem.as_deref());
    let shown = payload_view(ui.ctx(), &invocation.result.payload);
    if let Some(error) = shown.function_error.clone() {
        let line = format!(
            "Function error: {} {}",
            error.error_type.unwrap_or_default(),
            error.error_message.unwrap_or_default()
        );
        field_error_ui(ui, Some(&line));
    }
    headers_ui(ui, "route_response_headers", &response.headers);
    body_ui(ui, &response.body);
    // A local run's log is what its process printed, with Lambda's START/END/REPORT lines.
    if let Some(log) = invocation
        .result
        .log_tail
        .as_deref()
        .filter(|_| invocation.result.ran_locally)
    {
        egui::CollapsingHeader::new("Function log")
            .id_salt("route_local_log")
            .show(ui, |ui| {
                ui.add(egui::Label::new(RichText::new(log).monospace()).extend());
            });
    }
    egui::CollapsingHeader::new("Event sent to the function")
        .id_salt("route_event")
        .show(ui, |ui| {
            ui.add(egui::Label::new(RichText::new(&invocation.event).monospace()).extend());
        });
}

/// What the stage answered to the HTTP request.
pub fn http_response_ui(ui: &mut egui::Ui, response: &HttpResponse) {
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
