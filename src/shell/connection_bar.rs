//! The connection bar: profile, region, endpoint and the read-only switch.

use egui::RichText;

use crate::shared::widgets::colour32;

use crate::shared::widgets::field_error_ui;

use crate::shared::widgets::named_button;

use crate::shared::widgets::named_text_field;

use crate::shared::widgets::read_only_badge;

use crate::app::AppState;
use crate::app::Command;
use crate::connection::ConnectionId;
use crate::connection::LiveConnection;
use crate::connection::model::ConnectionColour;
use crate::connection::model::ConnectionSpec;
use crate::connection::model::EndpointPreset;
use crate::connection::model::connection::validate_endpoint_url;
use crate::connection::model::regions::KNOWN_REGIONS;
use crate::connection::model::regions::looks_like_region;
use crate::shared::widgets::set_accessible_name;

/// Drafts of what the user is typing, kept until applied.
pub struct ConnectionBarState {
    /// The connection these drafts belong to; drafts reset when another one becomes current.
    for_connection: Option<ConnectionId>,
    /// The endpoint the preset was read from; drafts reset when something else (the
    /// navigator's first-run fixes, the palette) points the connection elsewhere.
    for_endpoint: Option<String>,
    preset: EndpointPreset,
    custom_url: String,
    url_error: Option<String>,
    region_draft: String,
    region_error: Option<String>,
}

impl ConnectionBarState {
    pub fn new(id: Option<ConnectionId>, spec: &ConnectionSpec) -> Self {
        Self {
            for_connection: id,
            for_endpoint: spec.endpoint_url.clone(),
            preset: EndpointPreset::for_url(spec.endpoint_url.as_deref()),
            custom_url: spec.endpoint_url.clone().unwrap_or_default(),
            url_error: None,
            region_draft: String::new(),
            region_error: None,
        }
    }
}

/// Draws the bar for the current connection; any change becomes a [`Command::Reconnect`].
/// Returns true when the palette button was clicked.
pub fn connection_bar_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    bar: &mut ConnectionBarState,
    commands: &mut Vec<Command>,
) -> bool {
    let mut open_palette = false;
    let Some(connection) = state.current() else {
        return false;
    };
    if bar.for_connection != Some(connection.id) || bar.for_endpoint != connection.spec.endpoint_url
    {
        *bar = ConnectionBarState::new(Some(connection.id), &connection.spec);
    }
    let spec = &connection.spec;
    let id = connection.id;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Stratus").strong().size(16.0));
        ui.separator();
        colour_ui(ui, connection, commands);
        crate::shell::connection_health::bar_mark_ui(ui, connection);
        if state.connections.len() > 1 {
            // Which connection the bar edits, when there is a choice.
            ui.label(RichText::new(connection.short_label()).strong())
                .on_hover_text(
                    "The bar edits this connection; click another's heading or tab to switch",
                );
        }
        profile_ui(ui, state, connection, commands);
        ui.separator();
        region_ui(ui, connection, bar, commands);
        ui.separator();
        endpoint_ui(ui, state, connection, bar, commands);
        ui.separator();
        let mut read_only = spec.read_only;
        let toggle = ui
            .checkbox(&mut read_only, "Read-only")
            .on_hover_text("Disable every write for this connection (remembered)");
        if toggle.changed() {
            commands.push(reconnect(
                id,
                ConnectionSpec {
                    read_only,
                    ..spec.clone()
                },
            ));
        }
        if spec.read_only {
            read_only_badge(ui, "READ-ONLY", false);
        }
        if named_button(ui, "Reconnect", "Reconnect and reload everything").clicked() {
            commands.push(reconnect(id, spec.clone()));
        }
        ui.separator();
        if named_button(ui, "+ Connection", "Add connection")
            .on_hover_text(
                "Add another connection beside this one (another profile, region or endpoint)",
            )
            .clicked()
        {
            commands.push(Command::AddConnection(ConnectionSpec::default()));
        }
        if state.connections.len() > 1
            && named_button(ui, "Remove connection", "Remove this connection")
                .on_hover_text("Close this connection and its tabs")
                .clicked()
        {
            commands.push(Command::RemoveConnection(id));
        }
        ui.separator();
        // The theme follows the system until the user picks one.
        let (text, theme) = if ui.visuals().dark_mode {
            ("Light", egui::Theme::Light)
        } else {
            ("Dark", egui::Theme::Dark)
        };
        if named_button(ui, text, "Switch theme").clicked() {
            ui.ctx().set_theme(theme);
        }
        if named_button(ui, "Ctrl+K", "Open the command palette").clicked() {
            open_palette = true;
        }
    });
    field_error_ui(
        ui,
        bar.url_error
            .as_ref()
            .or(bar.region_error.as_ref())
            .map(String::as_str),
    );
    open_palette
}

fn reconnect(connection: ConnectionId, spec: ConnectionSpec) -> Command {
    Command::Reconnect { connection, spec }
}

/// The connection's colour, shown on its tabs; a menu picks another.
fn colour_ui(ui: &mut egui::Ui, connection: &LiveConnection, commands: &mut Vec<Command>) {
    let current = connection.colour;
    let combo = egui::ComboBox::from_id_salt("connection_colour")
        .selected_text(RichText::new("●").color(colour32(current)).size(18.0))
        .width(36.0)
        .show_ui(ui, |ui| {
            for (name, colour) in ConnectionColour::PALETTE {
                let text = RichText::new(format!("● {name}")).color(colour32(colour));
                if ui.selectable_label(colour == current, text).clicked() {
                    commands.push(Command::SetConnectionColour {
                        connection: connection.id,
                        colour,
                    });
                }
            }
        });
    set_accessible_name(
        ui,
        &combo.response,
        &format!("Connection colour: {}", current.name()),
    );
}

fn profile_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    connection: &LiveConnection,
    commands: &mut Vec<Command>,
) {
    const DEFAULT_CHAIN: &str = "Default chain";
    let (spec, id) = (&connection.spec, connection.id);
    let label = ui.label("Profile");
    let selected = spec.profile.as_deref().unwrap_or(DEFAULT_CHAIN);
    let combo = egui::ComboBox::from_id_salt("profile")
        .selected_text(selected)
        .width(140.0)
        .show_ui(ui, |ui| {
            let mut choose = |profile: Option<String>| {
                commands.push(reconnect(
                    id,
                    ConnectionSpec {
                        profile,
                        static_credentials: None,
                        ..spec.clone()
                    },
                ));
            };
            if ui
                .selectable_label(spec.profile.is_none(), DEFAULT_CHAIN)
                .on_hover_text("Environment variables, then the default profile, SSO, IMDS")
                .clicked()
            {
                choose(None);
            }
            match state.profiles.value() {
                Some(profiles) if profiles.is_empty() => {
                    ui.label(RichText::new("No profiles in ~/.aws/config").weak());
                }
                Some(profiles) => {
                    for profile in profiles {
                        let current = spec.profile.as_deref() == Some(profile.as_str());
                        if ui.selectable_label(current, profile).clicked() {
                            choose(Some(profile.clone()));
                        }
                    }
                }
                None => {
                    ui.spinner();
                }
            }
        });
    let response = combo.response.labelled_by(label.id);
    set_accessible_name(ui, &response, "AWS profile");
    if named_button(ui, "Reload", "Reload profiles").clicked() {
        commands.push(Command::ReloadProfiles);
    }
}

fn region_ui(
    ui: &mut egui::Ui,
    connection: &LiveConnection,
    bar: &mut ConnectionBarState,
    commands: &mut Vec<Command>,
) {
    let (spec, id) = (&connection.spec, connection.id);
    let label = ui.label("Region");
    let shown = spec
        .region
        .clone()
        .or_else(|| connection.region().map(ToOwned::to_owned))
        .unwrap_or_else(|| "resolving…".to_owned());
    let combo = egui::ComboBox::from_id_salt("region")
        .selected_text(shown)
        .width(130.0)
        .show_ui(ui, |ui| {
            let mut choose = |region: Option<String>| {
                commands.push(reconnect(
                    id,
                    ConnectionSpec {
                        region,
                        ..spec.clone()
                    },
                ));
            };
            let typed =
                named_text_field(ui, &mut bar.region_draft, "Other region", "other…", 110.0);
            if typed.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let draft = bar.region_draft.trim().to_owned();
                if looks_like_region(&draft) {
                    bar.region_error = None;
                    choose(Some(draft));
                } else {
                    bar.region_error = Some(format!(
                        "{draft:?} is not a region code (expected something like eu-west-1)"
                    ));
                }
            }
            if ui
                .selectable_label(spec.region.is_none(), "From profile or environment")
                .clicked()
            {
                choose(None);
            }
            for region in KNOWN_REGIONS {
                let current = spec.region.as_deref() == Some(*region);
                if ui.selectable_label(current, *region).clicked() {
                    choose(Some((*region).to_owned()));
                }
            }
        });
    let response = combo.response.labelled_by(label.id);
    set_accessible_name(ui, &response, "Region");
}

fn endpoint_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    connection: &LiveConnection,
    bar: &mut ConnectionBarState,
    commands: &mut Vec<Command>,
) {
    let (spec, id) = (&connection.spec, connection.id);
    let label = ui.label("Endpoint");
    let combo = egui::ComboBox::from_id_salt("endpoint")
        .selected_text(bar.preset.label())
        .width(190.0)
        .show_ui(ui, |ui| {
            for preset in EndpointPreset::ALL {
                if ui
                    .selectable_label(bar.preset == preset, preset.label())
                    .clicked()
                {
                    bar.preset = preset.clone();
                    bar.url_error = None;
                    if preset != EndpointPreset::Custom {
                        commands.push(reconnect(
                            id,
                            ConnectionSpec {
                                endpoint_url: preset.url().map(ToOwned::to_owned),
                                ..spec.clone()
                            },
                        ));
                    }
                }
            }
            for recent in &state.settings.recent_endpoints {
                if ui
                    .selectable_label(spec.endpoint_url.as_ref() == Some(recent), recent)
                    .on_hover_text("Recently used")
                    .clicked()
                {
                    bar.preset = EndpointPreset::Custom;
                    bar.custom_url.clone_from(recent);
                    commands.push(reconnect(
                        id,
                        ConnectionSpec {
                            endpoint_url: Some(recent.clone()),
                            ..spec.clone()
                        },
                    ));
                }
            }
        });
    let response = combo.response.labelled_by(label.id);
    set_accessible_name(ui, &response, "Endpoint preset");
    if bar.preset == EndpointPreset::Custom {
        let field = named_text_field(
            ui,
            &mut bar.custom_url,
            "Endpoint URL",
            "http://localhost:4566",
            200.0,
        );
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let clicked = named_button(ui, "Connect", "Connect to endpoint").clicked();
        if entered || clicked {
            match validate_endpoint_url(&bar.custom_url) {
                Ok(url) => {
                    bar.url_error = None;
                    commands.push(reconnect(
                        id,
                        ConnectionSpec {
                            endpoint_url: Some(url),
                            ..spec.clone()
                        },
                    ));
                }
                Err(message) => bar.url_error = Some(message),
            }
        }
        if bar.url_error.is_some() {
            set_accessible_name(ui, &field, "Endpoint URL (invalid)");
        }
    }
}
