//! Drawing the item grid: virtualized rows, keys first, the toolbar (quick filter, counts,
//! columns, copy), column headers, selection clicks and the cell edited in place. The state
//! it draws lives in [`GridView`].

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use crate::dynamodb::model::AttrValue;
use crate::dynamodb::model::ColumnId;
use crate::dynamodb::model::ItemStore;
use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::attribute_json::value_to_json;
use crate::dynamodb::model::cell_text::cell_hover_text;
use crate::dynamodb::model::cell_text::cell_text;
use crate::dynamodb::ui::column_action::ColumnAction;
use crate::dynamodb::ui::grid_view::GridView;
use crate::dynamodb::ui::grid_view::InlineCommit;
use crate::dynamodb::ui::grid_view::InlineEdit;
use crate::dynamodb::ui::grid_view::RESORT_INTERVAL;
use crate::shared::widgets::named_button;
use crate::shared::widgets::set_accessible_name;

const ROW_HEIGHT: f32 = 20.0;

/// Whether the result set is complete, for the count line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    Loading,
    More,
    All,
}

/// The toolbar over the grid: quick filter, counts, columns, copy.
pub fn grid_toolbar_ui(
    ui: &mut egui::Ui,
    store: &ItemStore,
    generation: u64,
    view: &mut GridView,
    availability: Availability,
) {
    // Taken before any row that comes and goes (the notice): an id from the auto counter would
    // change when one appears, and the filter would lose the focus Ctrl+F gave it.
    let filter_id = ui.scope_id().with("grid_filter");
    view.sync(store, generation);
    if view.is_rebinding() && availability != Availability::Loading {
        view.finish_rebinding();
    }
    if let Some(notice) = view.notice.clone() {
        ui.horizontal(|ui| {
            ui.label(RichText::new(notice).color(ui.visuals().warn_fg_color));
            if named_button(ui, "OK", "Dismiss the grid notice").clicked() {
                view.notice = None;
            }
        });
    }
    ui.horizontal_wrapped(|ui| {
        let filter = ui.add(
            egui::TextEdit::singleline(&mut view.filter)
                .id(filter_id)
                .hint_text("Filter loaded items…")
                .desired_width(200.0),
        );
        set_accessible_name(ui, &filter, "Filter loaded items");
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::F)) {
            filter.request_focus();
        }
        let shown = view.rows().len();
        let loaded = store.len();
        let noun = |n: usize| if n == 1 { "item" } else { "items" };
        let mut status = if shown == loaded {
            format!("{loaded} {} loaded", noun(loaded))
        } else {
            format!("{shown} of {loaded} {} shown", noun(loaded))
        };
        status.push_str(match availability {
            Availability::Loading => " · loading…",
            Availability::More => " · more available",
            Availability::All => " · all loaded",
        });
        if !view.selected.is_empty() {
            status.push_str(&format!(" · {} selected", view.selected.len()));
        }
        ui.label(status);
        ui.menu_button("Columns", |ui| {
            for column in view.all_columns(store) {
                let mut visible = !view.is_hidden(column);
                if ui
                    .checkbox(&mut visible, store.column_name(column))
                    .changed()
                {
                    view.set_visible(column, visible);
                }
            }
            ui.separator();
            if ui.button("Reset column layout").clicked() {
                view.reset_layout();
            }
        });
        let what = if view.selected.is_empty() {
            "shown"
        } else {
            "selected"
        };
        ui.menu_button("Copy", |ui| {
            if ui.button(format!("Copy {what} items as JSON")).clicked() {
                ui.ctx().copy_text(view.copy_text(store, JsonStyle::Plain));
                ui.close();
            }
            if ui
                .button(format!("Copy {what} items as DynamoDB JSON"))
                .clicked()
            {
                ui.ctx()
                    .copy_text(view.copy_text(store, JsonStyle::DynamoDb));
                ui.close();
            }
        });
    });
}

/// The grid itself. Only visible rows are laid out, so it stays smooth at any item count.
/// Returns an inline edit the user committed.
pub fn item_grid_ui(
    ui: &mut egui::Ui,
    store: &ItemStore,
    generation: u64,
    view: &mut GridView,
) -> Option<InlineCommit> {
    view.sync(store, generation);
    if view.needs_sort() {
        // A re-sort is due soon; come back for it even if nothing else happens.
        ui.ctx().request_repaint_after(RESORT_INTERVAL);
    }
    let columns = view.columns(store);
    if store.is_empty() {
        ui.label(RichText::new("No items.").weak());
        return None;
    }
    if columns.is_empty() {
        ui.label(RichText::new("Every column is hidden: use Columns to show some.").weak());
        return None;
    }
    let mut frame = GridFrame {
        inline: view.inline.take(),
        menu_cell: view.menu_cell.take(),
        ..GridFrame::default()
    };
    // Wide tables scroll sideways; rows scroll inside the table.
    egui::ScrollArea::horizontal()
        .id_salt("item_grid_columns")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            grid_table_ui(ui, store, view, &columns, &mut frame)
        });
    view.inline = frame.inline;
    view.menu_cell = frame.menu_cell;
    if let Some((position, modifiers)) = frame.clicked {
        view.click_row(position, modifiers);
    }
    if let Some(action) = frame.header_action {
        view.apply(store, action);
    }
    frame.commit
}

/// The text a cell edits in place; only strings, numbers and booleans are edited in place.
fn inline_text(value: &AttrValue) -> Option<String> {
    match value {
        AttrValue::S(s) | AttrValue::N(s) => Some(s.to_string()),
        AttrValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// What the user does in the grid while it is drawn, applied to the [`GridView`] after.
#[derive(Default)]
struct GridFrame {
    /// The cell edited in place.
    inline: Option<InlineEdit>,
    /// The inline edit committed with Enter.
    commit: Option<InlineCommit>,
    /// The cell a context menu was opened on.
    menu_cell: Option<(u32, ColumnId)>,
    /// A click on a row: its position and the modifiers held.
    clicked: Option<(usize, egui::Modifiers)>,
    /// What the user chose on a column header.
    header_action: Option<ColumnAction>,
}

/// Draws an editable cell's text box; Enter commits, Esc (or leaving it) cancels.
fn inline_cell_ui(ui: &mut egui::Ui, frame: &mut GridFrame) {
    let Some(edit) = frame.inline.as_mut() else {
        return;
    };
    let response = ui.add(egui::TextEdit::singleline(&mut edit.text).desired_width(f32::INFINITY));
    set_accessible_name(ui, &response, "Edit cell value");
    if !edit.focused {
        response.request_focus();
        edit.focused = true;
    } else if response.lost_focus() {
        if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            frame.commit = Some(InlineCommit {
                item: edit.item,
                column: edit.column,
                text: edit.text.clone(),
            });
        }
        frame.inline = None;
    }
}

fn grid_table_ui(
    ui: &mut egui::Ui,
    store: &ItemStore,
    view: &GridView,
    columns: &[ColumnId],
    frame: &mut GridFrame,
) {
    ui.style_mut().interaction.selectable_labels = false;
    let mut table = TableBuilder::new(ui)
        .id_salt("item_grid")
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .min_scrolled_height(0.0)
        .max_scroll_height(f32::INFINITY)
        .column(Column::auto().at_least(36.0));
    for _ in columns {
        table = table.column(Column::initial(150.0).at_least(40.0).clip(true));
    }
    table
        .header(ROW_HEIGHT + 2.0, |mut header| {
            header.col(|ui| {
                ui.label(RichText::new("#").weak());
            });
            for column in columns {
                header.col(|ui| {
                    header_cell_ui(ui, store, view, *column, &mut frame.header_action);
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, view.rows().len(), |mut row| {
                let position = row.index();
                let Some(item_index) = view.rows().get(position).copied() else {
                    return;
                };
                row.set_selected(view.selected.contains(&item_index));
                let item = store.item(item_index as usize);
                row.col(|ui| {
                    ui.label(RichText::new((position + 1).to_string()).weak());
                });
                // Cell rectangles, to find which cell a double-click on the row hit.
                let mut cell_rects: Vec<(ColumnId, egui::Rect)> = Vec::with_capacity(columns.len());
                for column in columns {
                    let mut cell_rect = egui::Rect::NOTHING;
                    row.col(|ui| {
                        // The whole cell, not just its text: a double-click anywhere in it counts.
                        cell_rect = ui.max_rect();
                        let editing = frame
                            .inline
                            .as_ref()
                            .is_some_and(|e| e.item == item_index && e.column == *column);
                        if editing {
                            inline_cell_ui(ui, frame);
                            return;
                        }
                        let Some(value) = item.and_then(|i| i.get(*column)) else {
                            return;
                        };
                        ui.add(egui::Label::new(cell_text(value)).truncate())
                            .on_hover_ui(|ui| {
                                ui.label(cell_hover_text(value));
                            });
                    });
                    cell_rects.push((*column, cell_rect));
                }
                let response = row.response();
                if response.clicked() {
                    frame.clicked = Some((position, response.ctx.input(|i| i.modifiers)));
                }
                // The row takes the clicks, so find the cell under the pointer.
                let cell_under_pointer = || {
                    let pointer = response.interact_pointer_pos()?;
                    cell_rects
                        .iter()
                        .find(|(_, r)| r.x_range().contains(pointer.x))
                        .map(|(column, _)| *column)
                };
                let start_inline = |column: ColumnId| {
                    let text = item.and_then(|i| i.get(column)).and_then(inline_text)?;
                    Some(InlineEdit {
                        item: item_index,
                        column,
                        text,
                        focused: false,
                        key: item.map(|i| store.key_of(i)).unwrap_or_default(),
                        column_name: store.column_name(column).to_owned(),
                    })
                };
                if view.editable
                    && response.double_clicked()
                    && let Some(edit) = cell_under_pointer().and_then(start_inline)
                {
                    frame.inline = Some(edit);
                }
                if response.secondary_clicked() {
                    frame.menu_cell = cell_under_pointer().map(|c| (item_index, c));
                }
                let menu_cell = frame.menu_cell;
                response.context_menu(|ui| {
                    let Some((menu_item, column)) = menu_cell else {
                        return;
                    };
                    if menu_item != item_index {
                        return;
                    }
                    let value = item.and_then(|i| i.get(column));
                    ui.label(RichText::new(store.column_name(column)).weak());
                    let copy = ui.add_enabled(value.is_some(), egui::Button::new("Copy value"));
                    if copy.clicked()
                        && let Some(value) = value
                    {
                        let text = match value {
                            AttrValue::S(s) => s.to_string(),
                            other => value_to_json(other, JsonStyle::Plain, false),
                        };
                        ui.ctx().copy_text(text);
                        ui.close();
                    }
                    let editable = view.editable && value.and_then(inline_text).is_some();
                    let edit = ui.add_enabled(editable, egui::Button::new("Edit in place"));
                    if edit.clicked() {
                        frame.inline = start_inline(column);
                        ui.close();
                    }
                });
            });
        });
}

fn header_cell_ui(
    ui: &mut egui::Ui,
    store: &ItemStore,
    view: &GridView,
    column: ColumnId,
    action: &mut Option<ColumnAction>,
) {
    let name = store.column_name(column);
    let is_key = store.key_columns().contains(&column);
    let arrow = match view.sort() {
        Some((c, false)) if c == column => " ↑",
        Some((c, true)) if c == column => " ↓",
        _ => "",
    };
    let mut text = RichText::new(format!("{name}{arrow}"));
    if is_key {
        text = text.strong();
    }
    let response = ui
        .add(egui::Button::new(text).frame(false).truncate())
        .on_hover_text(if is_key {
            format!("{name} (key) · click to sort, right-click for more")
        } else {
            format!("{name} · click to sort, right-click for more")
        });
    set_accessible_name(ui, &response, &format!("Sort by {name}"));
    if response.clicked() {
        *action = Some(ColumnAction::Sort(column));
    }
    response.context_menu(|ui| {
        if ui.button("Sort ascending").clicked() {
            *action = Some(ColumnAction::SortDirection(column, false));
        }
        if ui.button("Sort descending").clicked() {
            *action = Some(ColumnAction::SortDirection(column, true));
        }
        if ui.button("Move left").clicked() {
            *action = Some(ColumnAction::Move(column, -1));
        }
        if ui.button("Move right").clicked() {
            *action = Some(ColumnAction::Move(column, 1));
        }
        if ui.button("Hide column").clicked() {
            *action = Some(ColumnAction::Hide(column));
        }
    });
}
