//! The saved test events of a function: choose one or a template, and save, rename or delete.

use crate::lambda::model::event_templates::EVENT_TEMPLATES;
use crate::lambda::tab::FunctionCommand;
use crate::lambda::ui::function_view::FunctionViewContext;
use crate::lambda::ui::function_view::FunctionViewState;
use crate::shared::widgets::field_error_ui;
use crate::shared::widgets::named_button;
use crate::shared::widgets::set_accessible_name;

/// The saved-event and template pickers, then the name field with Save, Rename and Delete.
pub fn saved_events_ui(
    ui: &mut egui::Ui,
    ctx: &mut FunctionViewContext<'_>,
    view: &mut FunctionViewState,
) {
    let function = ctx.name;
    let events = ctx.saved_events.for_function(function);
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
            ctx.commands.push(FunctionCommand::SaveEvent {
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
            ctx.commands.push(FunctionCommand::RenameEvent {
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
            ctx.commands.push(FunctionCommand::DeleteEvent {
                function: function.to_owned(),
                name,
            });
            view.selected_event = None;
        }
    });
    field_error_ui(ui, ctx.saved_events_error);
}
