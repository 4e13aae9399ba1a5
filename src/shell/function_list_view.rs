//! Every Lambda function of the connection as a table: runtime, memory, timeout, last change.

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use crate::shared::model::TabId;
use crate::shared::widgets::error_ui;

use crate::shared::widgets::named_button;

use crate::app::AppState;
use crate::app::Command;
use crate::shared::model::ResourceRef;
use crate::shared::model::resource::matches_filter;
use crate::shared::widgets::named_text_field;

/// One row of the table: a deployed function or a local-only one.
struct Row {
    name: String,
    runtime: String,
    memory_mb: String,
    timeout_s: String,
    last_modified: String,
    /// Exists only on this machine (a local setup with no deployed twin).
    local: bool,
}

pub fn function_list_ui(
    ui: &mut egui::Ui,
    index: TabId,
    state: &AppState,
    filter: &mut String,
    commands: &mut Vec<Command>,
) {
    let Some(connection) = state.tab_connection(index) else {
        return;
    };
    ui.horizontal(|ui| {
        ui.heading("Lambda functions");
        named_text_field(ui, filter, "Filter the function table", "Filter…", 200.0);
        if named_button(ui, "Refresh", "Refresh the function table").clicked() {
            commands.push(Command::RefreshTab(index));
        }
        if connection.functions.is_pending() {
            ui.spinner();
        }
    });
    if let Some(error) = connection.functions.error() {
        error_ui(
            ui,
            error,
            Command::RefreshFunctions(connection.id),
            commands,
        );
    }
    let local = state.local_only_functions(connection.id);
    let Some(functions) = connection.functions.value() else {
        return;
    };
    // Deployed functions, then the local-only ones (marked "local"), in one table.
    let rows: Vec<Row> = functions
        .iter()
        .map(|f| Row {
            name: f.name.clone(),
            runtime: f
                .runtime
                .clone()
                .unwrap_or_else(|| "container image".to_owned()),
            memory_mb: f.memory_mb.map_or_else(String::new, |m| m.to_string()),
            timeout_s: f.timeout_s.map_or_else(String::new, |t| t.to_string()),
            last_modified: f.last_modified.clone().unwrap_or_default(),
            local: false,
        })
        .chain(local.iter().map(|(name, setup)| {
            Row {
                name: name.clone(),
                runtime: setup.runtime.clone().unwrap_or_default(),
                memory_mb: setup
                    .memory_mb
                    .unwrap_or(crate::local_lambda::model::local_setup::DEFAULT_MEMORY_MB)
                    .to_string(),
                timeout_s: setup
                    .timeout_s
                    .unwrap_or(crate::local_lambda::model::local_setup::DEFAULT_TIMEOUT_S)
                    .to_string(),
                last_modified: format!("code in {}", setup.code_dir.display()),
                local: true,
            }
        }))
        .collect();
    let shown: Vec<&Row> = rows
        .iter()
        .filter(|f| matches_filter(&f.name, filter))
        .collect();
    ui.label(format!("{} of {} functions", shown.len(), rows.len()));
    TableBuilder::new(ui)
        .id_salt("function_table")
        .striped(true)
        .resizable(true)
        .column(Column::initial(240.0).at_least(80.0).clip(true))
        .columns(Column::initial(110.0).at_least(60.0), 3)
        .column(Column::remainder().at_least(120.0))
        .header(22.0, |mut header| {
            for title in [
                "Name",
                "Runtime",
                "Memory (MB)",
                "Timeout (s)",
                "Last modified",
            ] {
                header.col(|ui| {
                    ui.label(RichText::new(title).strong());
                });
            }
        })
        .body(|body| {
            body.rows(22.0, shown.len(), |mut row| {
                let Some(function) = shown.get(row.index()) else {
                    return;
                };
                row.col(|ui| {
                    let open = ui.link(&function.name).on_hover_text("Open the function");
                    if function.local {
                        ui.label(RichText::new("local").small().weak())
                            .on_hover_text("Exists only on this machine: runs locally");
                    }
                    if open.clicked() {
                        commands.push(Command::OpenLinked {
                            from_tab: index,
                            resource: ResourceRef::Function {
                                name: function.name.clone(),
                            },
                        });
                    }
                });
                row.col(|ui| {
                    ui.label(&function.runtime);
                });
                row.col(|ui| {
                    ui.label(&function.memory_mb);
                });
                row.col(|ui| {
                    ui.label(&function.timeout_s);
                });
                row.col(|ui| {
                    ui.label(&function.last_modified);
                });
            });
        });
}
