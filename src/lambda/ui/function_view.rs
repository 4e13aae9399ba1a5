//! The function tab: a test-invoke form with saved events, templates and history, and the
//! function's configuration.

use egui::RichText;

use crate::shared::model::TabId;
use crate::shared::widgets::payload_cache::json_layout_job_cached;

use crate::apigateway::model::api_parts::RouteLink;
use crate::dynamodb::model::table_details::human_bytes;
use crate::lambda::model::FunctionDetails;
use crate::lambda::model::event_templates::EVENT_TEMPLATES;
use crate::lambda::model::invocation::InvocationResult;
use crate::lambda::model::invocation::InvocationType;
use crate::lambda::model::invocation::validate_payload;
use crate::lambda::model::lambda_log::parse_report;
use crate::lambda::model::saved_events::SavedEvents;
use crate::lambda::tab::FunctionCommand;
use crate::lambda::tab::FunctionTab;
use crate::lambda::tab::InvocationInput;
use crate::shared::model::ResourceRef;
use crate::shared::model::TabRequest;
use crate::shared::widgets::error_color;
use crate::shared::widgets::error_ui;
use crate::shared::widgets::named_button;
use crate::shared::widgets::optional_row;
use crate::shared::widgets::payload_cache::payload_view;
use crate::shared::widgets::property_row;
use crate::shared::widgets::request_ui;
use crate::shared::widgets::set_accessible_name;
use crate::shared::widgets::shortcut;
use crate::shared::widgets::view_header_ui;

/// Which part of the function tab is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionSection {
    Test,
    Configuration,
    /// API routes that call the function.
    Routes,
}

/// The test form's drafts for one function tab.
pub struct FunctionViewState {
    pub section: FunctionSection,
    pub payload: String,
    pub payload_error: Option<String>,
    pub qualifier: String,
    pub invocation_type: InvocationType,
    pub event_name: String,
    pub selected_event: Option<String>,
    /// A history entry the user re-opened; `None` shows the latest result.
    pub shown_history: Option<usize>,
}

impl Default for FunctionViewState {
    fn default() -> Self {
        Self {
            section: FunctionSection::Test,
            payload: "{}".to_owned(),
            payload_error: None,
            qualifier: "$LATEST".to_owned(),
            invocation_type: InvocationType::RequestResponse,
            event_name: String::new(),
            selected_event: None,
            shown_history: None,
        }
    }
}

/// What the function view reads besides its own tab.
pub struct FunctionContext<'a> {
    pub saved_events: &'a SavedEvents,
    pub saved_events_error: Option<&'a str>,
    /// Whether this function's environment values are shown (on this tab's connection).
    pub environment_revealed: bool,
    pub read_only: bool,
}

pub fn function_view_ui(
    ui: &mut egui::Ui,
    index: TabId,
    resource: &ResourceRef,
    tab: &FunctionTab,
    view: &mut FunctionViewState,
    context: &FunctionContext<'_>,
    commands: &mut Vec<FunctionCommand>,
) {
    let pending = tab.details.is_pending() || tab.invocation.is_pending();
    view_header_ui(
        ui,
        ("Lambda function", resource.title()),
        pending,
        FunctionCommand::Tab(TabRequest::Refresh),
        commands,
    );
    ui.horizontal(|ui| {
        ui.selectable_value(&mut view.section, FunctionSection::Test, "Test");
        ui.selectable_value(
            &mut view.section,
            FunctionSection::Configuration,
            "Configuration",
        );
        let routes = tab
            .routes
            .value()
            .map_or_else(|| "Routes".to_owned(), |r| format!("Routes ({})", r.len()));
        ui.selectable_value(&mut view.section, FunctionSection::Routes, routes);
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt(("function_body", index))
        .auto_shrink([false, false])
        .show(ui, |ui| match view.section {
            FunctionSection::Test => {
                test_ui(ui, index, resource.title(), tab, view, context, commands)
            }
            FunctionSection::Routes => request_ui(
                ui,
                &tab.routes,
                FunctionCommand::Tab(TabRequest::Refresh),
                commands,
                |ui, routes, commands| routes_ui(ui, routes, commands),
            ),
            FunctionSection::Configuration => request_ui(
                ui,
                &tab.details,
                FunctionCommand::Tab(TabRequest::Refresh),
                commands,
                |ui, function, commands| {
                    details_ui(ui, function, commands);
                    environment_ui(ui, function, context.environment_revealed, commands);
                },
            ),
        });
}

fn test_ui(
    ui: &mut egui::Ui,
    index: TabId,
    function: &str,
    tab: &FunctionTab,
    view: &mut FunctionViewState,
    context: &FunctionContext<'_>,
    commands: &mut Vec<FunctionCommand>,
) {
    saved_events_ui(ui, function, view, context, commands);
    ui.add_space(4.0);
    ui.label(RichText::new("Payload").strong());
    let dark_mode = ui.visuals().dark_mode;
    let mut layouter = |ui: &egui::Ui, text: &dyn egui::TextBuffer, wrap_width: f32| {
        let job = json_layout_job_cached(ui.ctx(), text.as_str(), dark_mode, wrap_width);
        ui.fonts_mut(|fonts| fonts.layout_job(job))
    };
    // The editor scrolls inside a bounded box so the Invoke row stays in view.
    let editor = egui::ScrollArea::vertical()
        .id_salt("payload_editor")
        .max_height(280.0)
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut view.payload)
                    .code_editor()
                    .desired_rows(10)
                    .desired_width(f32::INFINITY)
                    .layouter(&mut layouter),
            )
        })
        .inner;
    set_accessible_name(ui, &editor, "Event payload");
    if editor.changed() {
        view.payload_error = None;
    }
    if let Some(error) = &view.payload_error {
        ui.label(RichText::new(error).color(error_color(ui)));
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("Qualifier");
        let qualifiers = tab
            .details
            .value()
            .map_or_else(|| vec!["$LATEST".to_owned()], FunctionDetails::qualifiers);
        let combo = egui::ComboBox::from_id_salt(("qualifier", index))
            .selected_text(&view.qualifier)
            .show_ui(ui, |ui| {
                for qualifier in qualifiers {
                    ui.selectable_value(&mut view.qualifier, qualifier.clone(), qualifier);
                }
            });
        set_accessible_name(ui, &combo.response, "Qualifier (version or alias)");
        ui.label("Invocation");
        let combo = egui::ComboBox::from_id_salt(("invocation_type", index))
            .selected_text(view.invocation_type.label())
            .show_ui(ui, |ui| {
                for kind in InvocationType::ALL {
                    ui.selectable_value(&mut view.invocation_type, kind, kind.label());
                }
            });
        set_accessible_name(ui, &combo.response, "Invocation type");
        let ctrl_enter = shortcut(ui, egui::Key::Enter);
        let blocked = context.read_only && view.invocation_type != InvocationType::DryRun;
        let invoke = ui
            .add_enabled(
                !blocked && !tab.invocation.is_pending(),
                egui::Button::new("Invoke"),
            )
            .on_hover_text("Invoke (Ctrl+Enter)");
        set_accessible_name(ui, &invoke, "Invoke");
        if blocked {
            ui.label(RichText::new("Read-only connection: only DryRun is allowed").weak());
        }
        if (invoke.clicked() || (ctrl_enter && !blocked)) && !tab.invocation.is_pending() {
            match validate_payload(&view.payload, view.invocation_type) {
                Ok(()) => {
                    view.payload_error = None;
                    view.shown_history = None;
                    commands.push(FunctionCommand::Invoke {
                        input: InvocationInput {
                            qualifier: Some(view.qualifier.clone()),
                            invocation_type: view.invocation_type,
                            payload: view.payload.clone(),
                        },
                    });
                }
                Err(error) => view.payload_error = Some(error.message),
            }
        }
        if tab.invocation.is_pending() {
            ui.spinner();
            ui.label("Invoking…");
        }
    });
    ui.separator();
    let shown = view
        .shown_history
        .and_then(|i| tab.history.get(i))
        .or(tab.history.last());
    match shown {
        Some(record) => {
            if view.shown_history.is_some() {
                ui.label(
                    RichText::new(format!("Showing the invocation of {}", record.at)).italics(),
                );
            }
            match &record.outcome {
                Ok(result) => result_ui(ui, result),
                Err(error) => error_ui(
                    ui,
                    error,
                    FunctionCommand::Invoke {
                        input: record.input.clone(),
                    },
                    commands,
                ),
            }
        }
        None => {
            ui.label(RichText::new("Invoke the function to see its response and logs.").weak());
        }
    }
    history_ui(ui, tab, view);
}

fn saved_events_ui(
    ui: &mut egui::Ui,
    function: &str,
    view: &mut FunctionViewState,
    context: &FunctionContext<'_>,
    commands: &mut Vec<FunctionCommand>,
) {
    let events = context.saved_events.for_function(function);
    ui.horizontal_wrapped(|ui| {
        ui.label("Saved events");
        let shown = view.selected_event.clone().unwrap_or_else(|| {
            if events.is_empty() {
                "none yet".to_owned()
            } else {
                "choose…".to_owned()
            }
        });
        let combo = egui::ComboBox::from_id_salt(("saved_events", function))
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for event in events {
                    let selected = view.selected_event.as_deref() == Some(event.name.as_str());
                    if ui.selectable_label(selected, &event.name).clicked() {
                        view.selected_event = Some(event.name.clone());
                        view.event_name = event.name.clone();
                        view.payload = event.payload.clone();
                        view.payload_error = None;
                    }
                }
            });
        set_accessible_name(ui, &combo.response, "Choose a saved event");
        let combo = egui::ComboBox::from_id_salt(("templates", function))
            .selected_text("Start from a template…")
            .show_ui(ui, |ui| {
                for template in EVENT_TEMPLATES {
                    if ui.selectable_label(false, template.label).clicked() {
                        view.payload = template.payload.to_owned();
                        view.payload_error = None;
                        view.selected_event = None;
                    }
                }
            });
        set_accessible_name(ui, &combo.response, "Event templates");
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Name");
        let field = ui.add(
            egui::TextEdit::singleline(&mut view.event_name)
                .hint_text("event name")
                .desired_width(180.0),
        );
        set_accessible_name(ui, &field, "Event name");
        if named_button(ui, "Save", "Save event").clicked() {
            commands.push(FunctionCommand::SaveEvent {
                function: function.to_owned(),
                name: view.event_name.clone(),
                payload: view.payload.clone(),
            });
            view.selected_event = Some(view.event_name.trim().to_owned());
        }
        let selected = view.selected_event.clone();
        let rename = ui.add_enabled(selected.is_some(), egui::Button::new("Rename"));
        set_accessible_name(ui, &rename, "Rename event");
        if rename.clicked()
            && let Some(from) = &selected
        {
            commands.push(FunctionCommand::RenameEvent {
                function: function.to_owned(),
                from: from.clone(),
                to: view.event_name.clone(),
            });
            view.selected_event = Some(view.event_name.trim().to_owned());
        }
        let delete = ui.add_enabled(selected.is_some(), egui::Button::new("Delete"));
        set_accessible_name(ui, &delete, "Delete event");
        if delete.clicked()
            && let Some(name) = selected
        {
            commands.push(FunctionCommand::DeleteEvent {
                function: function.to_owned(),
                name,
            });
            view.selected_event = None;
        }
    });
    if let Some(error) = context.saved_events_error {
        ui.label(RichText::new(error).color(error_color(ui)));
    }
}

fn result_ui(ui: &mut egui::Ui, result: &InvocationResult) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("Status {}", result.status_code)).strong());
        if let Some(version) = &result.executed_version {
            ui.label(format!("· executed version {version}"));
        }
        ui.label(format!(
            "· {:.0} ms round trip",
            result.round_trip.as_secs_f64() * 1000.0
        ));
    });
    let shown = payload_view(ui.ctx(), &result.payload);
    let parsed_error = shown.function_error.as_ref();
    if result.function_error.is_some() || parsed_error.is_some() {
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.5, error_color(ui)))
            .show(ui, |ui| {
                let kind = result.function_error.as_deref().unwrap_or("Error");
                let error_type = parsed_error
                    .and_then(|e| e.error_type.clone())
                    .unwrap_or_else(|| "function error".to_owned());
                ui.label(
                    RichText::new(format!("Function error ({kind}): {error_type}"))
                        .color(error_color(ui))
                        .strong(),
                );
                if let Some(message) = parsed_error.and_then(|e| e.error_message.as_ref()) {
                    ui.add(egui::Label::new(message.as_str()).wrap());
                }
                for line in parsed_error.iter().flat_map(|e| e.stack_trace.iter()) {
                    ui.label(RichText::new(line.trim_end()).monospace().weak());
                }
            });
    }
    ui.label(RichText::new("Response").strong());
    if result.payload.is_empty() {
        ui.label(RichText::new("(empty)").weak());
    } else {
        ui.add(egui::Label::new(RichText::new(shown.text.as_str()).monospace()).extend());
    }
    if let Some(log) = &result.log_tail {
        if let Some(report) = parse_report(log) {
            ui.label(RichText::new("Report").strong());
            egui::Grid::new("invocation_report")
                .num_columns(2)
                .show(ui, |ui| {
                    let ms = |v: Option<f64>| v.map(|v| format!("{v} ms"));
                    optional_row(ui, "Duration", ms(report.duration_ms));
                    optional_row(ui, "Billed duration", ms(report.billed_duration_ms));
                    optional_row(
                        ui,
                        "Memory size",
                        report.memory_size_mb.map(|m| format!("{m} MB")),
                    );
                    optional_row(
                        ui,
                        "Max memory used",
                        report.max_memory_used_mb.map(|m| format!("{m} MB")),
                    );
                    optional_row(ui, "Init duration", ms(report.init_duration_ms));
                    if let Some(status) = &report.status {
                        property_row(ui, "Status", status);
                    }
                });
        }
        ui.label(RichText::new("Log tail").strong());
        ui.add(egui::Label::new(RichText::new(log.as_str()).monospace()).extend());
    } else {
        ui.label(RichText::new("No log tail was returned.").weak());
    }
}

fn history_ui(ui: &mut egui::Ui, tab: &FunctionTab, view: &mut FunctionViewState) {
    if tab.history.is_empty() {
        return;
    }
    ui.add_space(8.0);
    egui::CollapsingHeader::new(format!("History ({} invocations)", tab.history.len()))
        .id_salt("invocation_history")
        .show(ui, |ui| {
            for (i, record) in tab.history.iter().enumerate().rev() {
                ui.horizontal(|ui| {
                    let outcome = match &record.outcome {
                        Ok(result) if result.function_error.is_some() => {
                            format!("{} · function error", result.status_code)
                        }
                        Ok(result) => format!(
                            "{} · {:.0} ms",
                            result.status_code,
                            result.round_trip.as_secs_f64() * 1000.0
                        ),
                        Err(error) => error.headline(),
                    };
                    ui.label(format!(
                        "#{} {} · {} · {:?} · {outcome}",
                        i + 1,
                        record.at,
                        record.input.qualifier.as_deref().unwrap_or("$LATEST"),
                        record.input.invocation_type,
                    ));
                    if named_button(ui, "Open", &format!("Open invocation {}", i + 1)).clicked() {
                        view.shown_history = Some(i);
                        view.payload = record.input.payload.clone();
                        view.payload_error = None;
                    }
                });
            }
        });
}

/// The configuration, then each part read by its own call (versions, aliases, mappings, tags):
/// a part the identity may not read shows its own error and Retry, the rest shows as usual.
fn details_ui(ui: &mut egui::Ui, function: &FunctionDetails, commands: &mut Vec<FunctionCommand>) {
    let part_error_ui = |ui: &mut egui::Ui, error, commands: &mut Vec<FunctionCommand>| {
        error_ui(
            ui,
            error,
            FunctionCommand::Tab(TabRequest::Refresh),
            commands,
        );
    };
    egui::Grid::new("function_settings")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            optional_row(ui, "Description", function.description.as_deref());
            optional_row(ui, "Runtime", function.runtime.as_deref());
            optional_row(ui, "Handler", function.handler.as_deref());
            property_row(ui, "Architecture", &function.architectures.join(", "));
            optional_row(ui, "Memory (MB)", function.memory_mb);
            optional_row(ui, "Timeout (s)", function.timeout_s);
            optional_row(ui, "Ephemeral storage (MB)", function.ephemeral_storage_mb);
            optional_row(ui, "Role", function.role.as_deref());
            optional_row(ui, "State", function.state.as_deref());
            optional_row(
                ui,
                "Last update status",
                function.last_update_status.as_deref(),
            );
            optional_row(ui, "Last modified", function.last_modified.as_deref());
            property_row(ui, "Code size", &human_bytes(function.code_size_bytes));
            optional_row(ui, "Code SHA-256", function.code_sha256.as_deref());
            optional_row(ui, "Tracing", function.tracing.as_deref());
            property_row(ui, "VPC", function.vpc.as_deref().unwrap_or("Not attached"));
            let layers = if function.layers.is_empty() {
                "None".to_owned()
            } else {
                function.layers.join("\n")
            };
            property_row(ui, "Layers", &layers);
            optional_row(ui, "ARN", function.arn.as_deref());
        });
    section_heading(ui, "Versions");
    match &function.versions {
        Ok(versions) if versions.is_empty() => {
            ui.label(RichText::new("No published versions.").weak());
        }
        Ok(versions) => {
            egui::Grid::new("function_versions")
                .striped(true)
                .show(ui, |ui| {
                    for version in versions {
                        ui.label(&version.version);
                        ui.label(version.description.as_deref().unwrap_or(""));
                        ui.label(version.last_modified.as_deref().unwrap_or(""));
                        ui.end_row();
                    }
                });
        }
        Err(error) => part_error_ui(ui, error, commands),
    }
    section_heading(ui, "Aliases");
    match &function.aliases {
        Ok(aliases) if aliases.is_empty() => {
            ui.label(RichText::new("No aliases.").weak());
        }
        Ok(aliases) => {
            egui::Grid::new("function_aliases")
                .striped(true)
                .show(ui, |ui| {
                    for alias in aliases {
                        ui.label(&alias.name);
                        let mut target = format!("→ version {}", alias.version);
                        for (version, weight) in &alias.routing {
                            target.push_str(&format!(
                                " · {:.0}% to version {version}",
                                weight * 100.0
                            ));
                        }
                        ui.label(target);
                        ui.label(alias.description.as_deref().unwrap_or(""));
                        ui.end_row();
                    }
                });
        }
        Err(error) => part_error_ui(ui, error, commands),
    }
    section_heading(ui, "Event source mappings");
    match &function.event_source_mappings {
        Ok(mappings) if mappings.is_empty() => {
            ui.label(RichText::new("No event source mappings.").weak());
        }
        Ok(mappings) => {
            egui::Grid::new("function_mappings")
                .striped(true)
                .show(ui, |ui| {
                    for mapping in mappings {
                        ui.label(mapping.source_arn.as_deref().unwrap_or(&mapping.uuid));
                        ui.label(mapping.state.as_deref().unwrap_or(""));
                        ui.label(
                            mapping
                                .batch_size
                                .map_or_else(String::new, |b| format!("batch {b}")),
                        );
                        ui.end_row();
                    }
                });
        }
        Err(error) => part_error_ui(ui, error, commands),
    }
    section_heading(ui, "Tags");
    match &function.tags {
        Ok(tags) if tags.is_empty() => {
            ui.label(RichText::new("No tags.").weak());
        }
        Ok(tags) => {
            egui::Grid::new("function_tags").show(ui, |ui| {
                for (key, value) in tags {
                    property_row(ui, key, value);
                }
            });
        }
        Err(error) => part_error_ui(ui, error, commands),
    }
}

/// The API routes whose integration calls this function, each linking to its API.
fn routes_ui(ui: &mut egui::Ui, routes: &[RouteLink], commands: &mut Vec<FunctionCommand>) {
    if routes.is_empty() {
        ui.label(RichText::new("No API Gateway route calls this function.").weak());
        return;
    }
    egui::Grid::new("function_routes")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for heading in ["API", "Route", "Stages", "Qualifier"] {
                ui.label(RichText::new(heading).weak());
            }
            ui.end_row();
            for route in routes {
                let link = ui.link(&route.api_name).on_hover_text("Open the API");
                set_accessible_name(ui, &link, &format!("Open API {}", route.api_name));
                if link.clicked() {
                    commands.push(FunctionCommand::Tab(TabRequest::OpenLinked(
                        ResourceRef::Api {
                            id: route.api_id.clone(),
                            name: route.api_name.clone(),
                        },
                    )));
                }
                ui.label(&route.route_key);
                match &route.stages {
                    Ok(stages) => ui.label(stages.join(", ")),
                    Err(error) => ui
                        .label(
                            RichText::new(format!("unknown ({} failed)", error.operation)).weak(),
                        )
                        .on_hover_text(&error.message),
                };
                ui.label(route.qualifier.as_deref().unwrap_or("$LATEST"));
                ui.end_row();
            }
        });
}

fn section_heading(ui: &mut egui::Ui, text: &str) {
    ui.add_space(8.0);
    ui.label(RichText::new(text).strong());
}

fn environment_ui(
    ui: &mut egui::Ui,
    function: &FunctionDetails,
    revealed: bool,
    commands: &mut Vec<FunctionCommand>,
) {
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("Environment variables").strong());
        if function.environment.is_empty() {
            return;
        }
        let (text, name) = if revealed {
            ("Hide values", "Hide environment values")
        } else {
            ("Reveal values", "Reveal environment values")
        };
        if named_button(ui, text, name).clicked() {
            commands.push(FunctionCommand::RevealEnvironment {
                revealed: !revealed,
            });
        }
    });
    if function.environment.is_empty() {
        ui.label(RichText::new("No environment variables.").weak());
        return;
    }
    egui::Grid::new("function_environment")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (name, value) in &function.environment {
                let shown = if revealed {
                    value.as_str()
                } else {
                    "••••••"
                };
                property_row(ui, name, shown);
            }
        });
}
