//! The "Local server" section of an HTTP or REST API: a port, Serve locally / Stop serving,
//! the URLs with Copy, which functions run locally, and the requests served, newest first.

use egui::RichText;

use crate::apigateway::model::served_log::{ServedLog, time_of_day};
use crate::apigateway::tab::serving::Serving;
use crate::shared::widgets::{
    error_color, error_ui, field_error_ui, named_button, named_text_field,
};

/// The section's drafts.
#[derive(Default)]
pub struct ServeForm {
    /// Empty takes any free port.
    pub port: String,
    pub error: Option<String>,
}

/// What the section shows and sends.
pub struct ServeSection<'a, C> {
    pub serving: &'a Serving,
    /// The functions the API's routes call, each with whether it has a code folder here.
    pub functions: Vec<(String, bool)>,
    pub read_only: bool,
    /// The command that starts serving on a port.
    pub start: fn(Option<u16>) -> C,
    pub stop: C,
}

/// The port as typed: empty is any free port.
fn port_of(text: &str) -> Result<Option<u16>, String> {
    match text.trim() {
        "" => Ok(None),
        port => port
            .parse::<u16>()
            .map(Some)
            .map_err(|_| format!("{port} is not a port: a number up to 65535, or empty for any")),
    }
}

/// Draws the section.
pub fn serve_ui<C: Clone>(
    ui: &mut egui::Ui,
    section: ServeSection<'_, C>,
    form: &mut ServeForm,
    commands: &mut Vec<C>,
) {
    ui.heading("Serve on this machine");
    ui.label(
        RichText::new(
            "Answers as the API would, on 127.0.0.1: each request goes to its route's function, \
             run locally from its code folder, or invoked as deployed when none is attached. \
             Routes and code folders are read when serving starts. Authorizers are not run: \
             every request reaches its route's function.",
        )
        .weak(),
    );
    let serving = section.serving;
    let mut functions = section.functions;
    // While serving, what the server was started with, not what is attached since.
    if let Some(server) = serving.server.value() {
        for (name, local) in &mut functions {
            *local = server.local_functions.contains(name);
        }
    }
    functions_ui(ui, &functions, section.read_only);
    if section.read_only {
        // As beside Invoke locally: the handlers' own AWS calls could write.
        ui.label(
            RichText::new(
                "Read-only connection: the handlers run here get none of its credentials, so \
                 their own AWS calls cannot write",
            )
            .weak(),
        );
    }
    ui.horizontal(|ui| {
        ui.label("Port");
        let on = serving.is_on();
        ui.add_enabled_ui(!on, |ui| {
            named_text_field(
                ui,
                &mut form.port,
                "Local server port",
                "any free port",
                110.0,
            );
        });
        if on {
            if named_button(ui, "Stop serving", "Stop serving").clicked() {
                commands.push(section.stop.clone());
            }
        } else if named_button(ui, "Serve locally", "Serve locally").clicked() {
            match port_of(&form.port) {
                Ok(port) => {
                    form.error = None;
                    commands.push((section.start)(port));
                }
                Err(why) => form.error = Some(why),
            }
        }
        if serving.server.is_pending() {
            ui.spinner();
        }
    });
    field_error_ui(ui, form.error.as_deref());
    if let Some(error) = serving.server.error() {
        let retry = (section.start)(port_of(&form.port).ok().flatten());
        error_ui(ui, error, retry, commands);
    }
    let Some(server) = serving.server.value() else {
        return;
    };
    for url in &server.urls {
        ui.horizontal(|ui| {
            ui.label(RichText::new(url).monospace().strong());
            if named_button(ui, "Copy", &format!("Copy {url}")).clicked() {
                ui.ctx().copy_text(url.clone());
            }
        });
    }
    served_ui(ui, &server.served(), server.address.port());
}

/// Which of the API's functions run locally and which are invoked as deployed.
fn functions_ui(ui: &mut egui::Ui, functions: &[(String, bool)], read_only: bool) {
    for (name, local) in functions {
        let how = match (local, read_only) {
            (true, _) => "runs locally from its code folder",
            (false, false) => "invoked as deployed (no code folder attached)",
            (false, true) => "no code folder attached; a read-only connection invokes nothing",
        };
        ui.label(format!("{name}: {how}"));
    }
}

/// The served requests, newest first, each with its error when it has one.
fn served_ui(ui: &mut egui::Ui, log: &ServedLog, port: u16) {
    ui.label(RichText::new(format!("Served requests ({})", log.served())).strong());
    if log.served() == 0 {
        ui.label(RichText::new("No request yet: try the URL above with curl or a browser.").weak());
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt(("served_requests", port))
        .max_height(320.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for entry in log.entries() {
                let who = entry.answerer.label();
                let line = format!(
                    "{}  {:<7} {}  {:>6.1} ms  {:<11}  {}  -> {}",
                    time_of_day(entry.epoch_ms),
                    entry.method,
                    entry.status,
                    entry.duration.as_secs_f64() * 1000.0,
                    who,
                    entry.path,
                    entry.route.as_deref().unwrap_or("no route"),
                );
                ui.label(RichText::new(line).monospace());
                if let Some(error) = &entry.error {
                    ui.label(RichText::new(format!("    {error}")).color(error_color(ui)));
                }
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_are_read_or_refused_with_why() {
        assert_eq!(port_of(""), Ok(None));
        assert_eq!(port_of(" 8080 "), Ok(Some(8080)));
        assert_eq!(port_of("0"), Ok(Some(0)));
        for bad in ["65536", "-1", "http", "80 80"] {
            assert!(port_of(bad).is_err(), "{bad}");
        }
    }
}
