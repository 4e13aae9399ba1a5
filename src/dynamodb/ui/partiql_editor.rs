//! The PartiQL editor: a statement, its parameters, and its results in the grid.

use egui::RichText;

use crate::shared::widgets::error_color;

use crate::shared::widgets::named_button;

use crate::connection::LiveConnection;
use crate::dynamodb::model::attribute_json::parse_dynamodb_values;
use crate::dynamodb::model::request_code::{partiql_code, render};
use crate::dynamodb::tab::TableCommand;
use crate::dynamodb::tab::items_state::ItemsSource;
use crate::dynamodb::ui::table_context::TableViewContext;
use crate::shared::model::request_code::CodeTarget;
use crate::shared::widgets::request_code_ui;
use crate::shared::widgets::set_accessible_name;

/// The editor's drafts.
pub struct PartiqlForm {
    pub statement: String,
    /// A JSON array of DynamoDB JSON values for the `?` placeholders.
    pub parameters: String,
    pub parameters_error: Option<String>,
}

impl PartiqlForm {
    pub fn new(table: &str) -> Self {
        Self {
            statement: format!("SELECT * FROM \"{}\"", table.replace('"', "\"\"")),
            parameters: String::new(),
            parameters_error: None,
        }
    }
}

/// The statement, its parameters and Run, with the error of the last PartiQL run.
pub fn partiql_editor_ui(ui: &mut egui::Ui, cx: &mut TableViewContext<'_>, form: &mut PartiqlForm) {
    let (items, commands) = (&cx.table.items, &mut *cx.commands);
    ui.label("Statement");
    let statement = ui.add(
        egui::TextEdit::multiline(&mut form.statement)
            .code_editor()
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    );
    set_accessible_name(ui, &statement, "PartiQL statement");
    let showing_partiql = matches!(items.source, Some(ItemsSource::Partiql { .. }));
    if showing_partiql && let Some(error) = &items.error {
        ui.label(
            RichText::new(format!("{}: {}", error.headline(), error.message))
                .color(error_color(ui)),
        );
        if let Some(hint) = error.hint() {
            ui.label(RichText::new(hint).italics());
        }
    }
    ui.horizontal(|ui| {
        ui.label("Parameters");
        let field = ui.add(
            egui::TextEdit::singleline(&mut form.parameters)
                .hint_text(r#"[{"S": "CUST#0001"}, {"N": "5"}]"#)
                .desired_width(360.0),
        );
        set_accessible_name(ui, &field, "PartiQL parameters");
    });
    if let Some(error) = &form.parameters_error {
        ui.label(RichText::new(error).color(error_color(ui)));
    }
    ui.horizontal(|ui| {
        let ctrl_enter = statement.has_focus()
            && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
        if named_button(ui, "Run statement", "Run statement").clicked() || ctrl_enter {
            match parse_dynamodb_values(&form.parameters) {
                Ok(parameters) => {
                    form.parameters_error = None;
                    commands.push(TableCommand::RunPartiql {
                        statement: form.statement.clone(),
                        parameters,
                    });
                }
                Err(error) => form.parameters_error = Some(format!("Parameters: {error}")),
            }
        }
        let more = ui.add_enabled(
            showing_partiql && items.next.is_some() && !items.is_loading(),
            egui::Button::new("Next page"),
        );
        if more.clicked() {
            commands.push(TableCommand::LoadMore);
        }
        if items.partiql.is_some() {
            ui.spinner();
        }
    });
    egui::CollapsingHeader::new("Statement as code")
        .id_salt(("partiql_code", cx.tab))
        .show(ui, |ui| match parse_dynamodb_values(&form.parameters) {
            Ok(parameters) => {
                let target = CodeTarget::new(
                    cx.connection.and_then(LiveConnection::region),
                    cx.connection.and_then(|c| c.spec.endpoint_url.as_deref()),
                );
                request_code_ui(ui, ("partiql_code", cx.tab), |language| {
                    render(
                        &partiql_code(&form.statement, &parameters),
                        language,
                        &target,
                    )
                });
            }
            Err(error) => {
                ui.label(RichText::new(format!("Parameters: {error}")).color(error_color(ui)));
            }
        });
}
