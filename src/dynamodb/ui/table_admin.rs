//! Table settings that change the table itself: time to live, and deleting the table behind
//! a typed confirmation of its name.

use egui::RichText;

use crate::shared::model::TabId;
use crate::shared::widgets::dialog::dialog_window;
use crate::shared::widgets::error_color;

use crate::shared::widgets::error_ui;

use crate::shared::widgets::named_button;

use crate::shared::widgets::named_text_field;

use crate::dynamodb::model::ttl::TtlDraft;
use crate::dynamodb::tab::TableCommand;
use crate::dynamodb::ui::table_context::TableViewContext;
use crate::shared::model::TabRequest;
use crate::shared::widgets::set_accessible_name;

/// Drafts of the settings forms of one table tab.
#[derive(Default)]
pub struct TableAdminState {
    /// `None` until the current setting is known, then the user's edits.
    ttl: Option<TtlDraft>,
    ttl_error: Option<String>,
    /// The typed confirmation while the delete window is open.
    delete_confirm: Option<String>,
}

pub fn table_admin_ui(
    ui: &mut egui::Ui,
    cx: &mut TableViewContext<'_>,
    admin: &mut TableAdminState,
) {
    let (index, name, table, read_only) = (cx.tab, cx.name, cx.table, cx.read_only);
    let commands = &mut *cx.commands;
    ui.add_space(10.0);
    ui.label(RichText::new("Time to live").strong());
    ui.label(
        RichText::new("DynamoDB deletes items whose TTL attribute (epoch seconds) has passed.")
            .weak(),
    );
    if let Some(error) = table.ttl.error() {
        error_ui(ui, error, TableCommand::Tab(TabRequest::Refresh), commands);
    }
    match table.ttl.value() {
        None if table.ttl.is_pending() => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Reading the TTL setting…");
            });
        }
        None => {}
        Some(current) => {
            let draft = admin
                .ttl
                .get_or_insert_with(|| TtlDraft::from_state(current));
            ui.horizontal(|ui| {
                let status = current.attribute_name.as_deref().map_or_else(
                    || current.status.as_str().to_owned(),
                    |attribute| format!("{} on “{attribute}”", current.status.as_str()),
                );
                ui.label(format!("Now: {status}"));
            });
            ui.add_enabled_ui(!read_only && !table.ttl.is_pending(), |ui| {
                ui.horizontal(|ui| {
                    ui.checkbox(&mut draft.enabled, "TTL enabled");
                    named_text_field(
                        ui,
                        &mut draft.attribute_name,
                        "TTL attribute",
                        "expiresAt",
                        160.0,
                    );
                    if named_button(ui, "Save TTL", "Save TTL").clicked() {
                        match draft.validate(current) {
                            Ok(update) => {
                                admin.ttl_error = None;
                                commands.push(TableCommand::UpdateTtl { update });
                            }
                            Err(message) => admin.ttl_error = Some(message),
                        }
                    }
                    if table.ttl.is_pending() {
                        ui.spinner();
                    }
                });
            });
            if let Some(message) = &admin.ttl_error {
                ui.label(RichText::new(message).color(error_color(ui)));
            }
        }
    }
    ui.add_space(10.0);
    ui.label(RichText::new("Danger zone").strong().color(error_color(ui)));
    if let Some(error) = table.delete_table.error() {
        error_ui(ui, error, TableCommand::DeleteTable, commands);
    }
    if table.delete_table.is_pending() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Deleting the table and waiting until it is gone…");
        });
        return;
    }
    let button = ui
        .add_enabled(!read_only, egui::Button::new("Delete table…"))
        .on_disabled_hover_text("This connection is read-only");
    set_accessible_name(ui, &button, "Delete table");
    if button.clicked() {
        admin.delete_confirm = Some(String::new());
    }
    delete_confirm_window(ui.ctx(), index, name, admin, commands);
}

/// Deleting a table cannot be undone: the user types its name, as in the console.
fn delete_confirm_window(
    ctx: &egui::Context,
    index: TabId,
    name: &str,
    admin: &mut TableAdminState,
    commands: &mut Vec<TableCommand>,
) {
    let Some(typed) = &mut admin.delete_confirm else {
        return;
    };
    let mut close = false;
    dialog_window(ctx, "Delete table", ("delete_table", index)).show(ctx, |ui| {
        ui.label(format!(
            "Delete the table {name} and every item in it? This cannot be undone."
        ));
        ui.label(format!("Type {name} to confirm."));
        named_text_field(ui, typed, "Type the table name to delete", "", 220.0);
        ui.horizontal(|ui| {
            let confirmed = typed.trim() == name;
            let delete = ui.add_enabled(confirmed, egui::Button::new("Delete table"));
            set_accessible_name(ui, &delete, "Confirm delete table");
            if delete.clicked() {
                commands.push(TableCommand::DeleteTable);
                close = true;
            }
            if named_button(ui, "Cancel", "Cancel delete table").clicked() {
                close = true;
            }
        });
    });
    if close {
        admin.delete_confirm = None;
    }
}
