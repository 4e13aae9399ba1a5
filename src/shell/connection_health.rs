//! A connection that does not work, said once at the connection: in the navigator in place of
//! its lists (with the fix that applies: a profile to pick, the command to run, a local
//! emulator to use), as a mark in the connection bar, and in the status line.

use egui::RichText;

use crate::app::AppState;
use crate::app::Command;
use crate::connection::LiveConnection;
use crate::connection::model::ConnectionSpec;
use crate::connection::model::EndpointPreset;
use crate::connection::model::health::{self, Health};
use crate::shared::model::ServiceError;
use crate::shared::widgets::{error_color, named_button};

/// Draws what stands in for a connection's lists until it works: a spinner while connecting,
/// the problem and its fixes when it cannot connect. Returns true when the lists should show.
pub fn lists_or_problem_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    connection: &LiveConnection,
    commands: &mut Vec<Command>,
) -> bool {
    match connection.health() {
        Health::Connected(_) => true,
        Health::Connecting => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("Connecting to {}…", connection.spec.target_label()));
            });
            false
        }
        Health::NotConnected(error) => {
            problem_ui(ui, state, connection, error, commands);
            false
        }
    }
}

/// The problem, what we understood, and each fix that applies, as buttons.
fn problem_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    connection: &LiveConnection,
    error: &ServiceError,
    commands: &mut Vec<Command>,
) {
    let spec = &connection.spec;
    let region = connection.region().unwrap_or("us-east-1");
    let advice = health::advice(
        error,
        spec.profile.as_deref(),
        spec.endpoint_url.as_deref(),
        region,
    );
    let reconnect = |spec: ConnectionSpec| Command::Reconnect {
        connection: connection.id,
        spec,
    };
    ui.group(|ui| {
        ui.add(
            egui::Label::new(
                RichText::new(&advice.headline)
                    .color(error_color(ui))
                    .strong(),
            )
            .wrap(),
        );
        ui.add(egui::Label::new(&advice.explanation).wrap());
        // The SDK's own account (which providers it tried) is long: folded, for whoever
        // needs it.
        egui::CollapsingHeader::new(RichText::new("Details").weak())
            .id_salt(("connection_details", connection.id))
            .show(ui, |ui| {
                ui.add(
                    egui::Label::new(
                        RichText::new(format!("{}: {}", error.operation, error.message))
                            .weak()
                            .small(),
                    )
                    .wrap(),
                );
            });
        if let Some(command) = &advice.command {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(command).monospace());
                if named_button(ui, "Copy", &format!("Copy the command {command}")).clicked() {
                    ui.ctx().copy_text(command.clone());
                }
            });
        }
        if advice.offer_profiles {
            profiles_ui(ui, state, spec, &mut |spec| commands.push(reconnect(spec)));
        }
        if advice.offer_local_endpoints {
            ui.label(RichText::new("Or a local emulator (any keys work):").weak());
            ui.horizontal_wrapped(|ui| {
                for preset in EndpointPreset::LOCAL {
                    let current = spec.endpoint_url.as_deref() == preset.url();
                    let name = format!("Connect to {}", preset.label());
                    let button = ui.add_enabled(!current, egui::Button::new(preset.label()));
                    crate::shared::widgets::set_accessible_name(ui, &button, &name);
                    if button.clicked() {
                        commands.push(reconnect(ConnectionSpec {
                            endpoint_url: preset.url().map(ToOwned::to_owned),
                            ..spec.clone()
                        }));
                    }
                }
            });
        }
        if named_button(ui, "Retry", "Retry connecting").clicked() {
            commands.push(reconnect(spec.clone()));
        }
    });
}

/// The profiles found in the AWS config files, each a button that switches to it.
fn profiles_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    spec: &ConnectionSpec,
    choose: &mut dyn FnMut(ConnectionSpec),
) {
    match state.profiles.value() {
        Some(profiles) if profiles.is_empty() => {
            ui.label(RichText::new("No profiles in ~/.aws/config or ~/.aws/credentials.").weak());
        }
        Some(profiles) => {
            ui.label(RichText::new("Pick a profile:").weak());
            ui.horizontal_wrapped(|ui| {
                for profile in profiles {
                    let current = spec.profile.as_deref() == Some(profile.as_str());
                    let button = ui.add_enabled(!current, egui::Button::new(profile));
                    crate::shared::widgets::set_accessible_name(
                        ui,
                        &button,
                        &format!("Use profile {profile}"),
                    );
                    if button.clicked() {
                        choose(ConnectionSpec {
                            profile: Some(profile.clone()),
                            static_credentials: None,
                            ..spec.clone()
                        });
                    }
                }
            });
        }
        None => {
            ui.spinner();
        }
    }
}

/// A short mark for the connection bar; the navigator says the rest.
pub fn bar_mark_ui(ui: &mut egui::Ui, connection: &LiveConnection) {
    match connection.health() {
        Health::Connected(_) => {}
        Health::Connecting => {
            ui.spinner();
        }
        Health::NotConnected(error) => {
            ui.label(
                RichText::new("● Not connected")
                    .color(error_color(ui))
                    .strong(),
            )
            .on_hover_text(format!(
                "{}: see the navigator for how to fix it",
                health::reason(error.kind)
            ));
        }
    }
}

/// The status line's account of the current connection: connecting, connected as whom (the
/// ARN on hover), or not connected and why.
pub fn status_ui(ui: &mut egui::Ui, connection: &LiveConnection) {
    let target = connection.spec.target_label();
    let region = connection.region().unwrap_or("…");
    match connection.health() {
        Health::Connecting => {
            ui.label(format!("Connecting to {target}…"));
        }
        Health::Connected(Some(identity)) => {
            let account = if identity.account.is_empty() {
                String::new()
            } else {
                format!(" as account {}", identity.account)
            };
            ui.label(format!("Connected to {target} · {region}{account}"))
                .on_hover_text(format!(
                    "Account: {}\nIdentity: {}",
                    identity.account, identity.arn
                ));
        }
        Health::Connected(None) => {
            ui.label(format!("Connected to {target} · {region}"))
                .on_hover_text("This endpoint does not say who is connected (no STS).");
        }
        Health::NotConnected(error) => {
            ui.label(
                RichText::new(format!(
                    "Not connected to {target} · {region}: {}",
                    health::reason(error.kind)
                ))
                .color(error_color(ui)),
            );
        }
    }
}
