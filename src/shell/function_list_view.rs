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
    let Some(functions) = connection.functions.value() else {
        return;
    };
    let shown: Vec<_> = functions
        .iter()
        .filter(|f| matches_filter(&f.name, filter))
        .collect();
    ui.label(format!("{} of {} functions", shown.len(), functions.len()));
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
                    ui.label(function.runtime.as_deref().unwrap_or("container image"));
                });
                row.col(|ui| {
                    ui.label(
                        function
                            .memory_mb
                            .map_or_else(String::new, |m| m.to_string()),
                    );
                });
                row.col(|ui| {
                    ui.label(
                        function
                            .timeout_s
                            .map_or_else(String::new, |t| t.to_string()),
                    );
                });
                row.col(|ui| {
                    ui.label(function.last_modified.as_deref().unwrap_or(""));
                });
            });
        });
}
