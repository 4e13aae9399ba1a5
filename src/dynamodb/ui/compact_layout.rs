//! What keeps the items view usable on a small window (1024×640): the query builder folds to
//! one line after a run when the height is short, and the item pane has a labelled toggle
//! (hidden at first when the view is narrow).

use egui::RichText;

use crate::dynamodb::tab::TableCommand;
use crate::dynamodb::ui::table_context::TableViewContext;
use crate::shared::widgets::set_accessible_name;

/// Below this height for the whole items view, a run folds the builder so the grid keeps most
/// of the height; taller views have room for both.
const FOLD_BELOW_HEIGHT: f32 = 560.0;
/// Below this width the item pane starts hidden: the grid would get too few columns.
const PANE_BELOW_WIDTH: f32 = 800.0;

/// Whether the item pane shows: the user's choice, else by the view's width.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ItemPaneChoice(Option<bool>);

impl ItemPaneChoice {
    pub fn shown(self, view_width: f32) -> bool {
        self.0.unwrap_or(view_width >= PANE_BELOW_WIDTH)
    }
}

/// The builder under a folding header with the item pane's toggle on its line. `builder`
/// draws the form; when it sends a run and the view is short, the header folds.
pub fn builder_fold_ui(
    ui: &mut egui::Ui,
    cx: &mut TableViewContext<'_>,
    pane: &mut ItemPaneChoice,
    builder: impl FnOnce(&mut egui::Ui, &mut TableViewContext<'_>),
) {
    let tab = cx.tab;
    let short = ui.available_height() < FOLD_BELOW_HEIGHT;
    let view_width = ui.available_width();
    let id = ui.make_persistent_id(("builder", tab));
    let state =
        egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, true);
    let open = state.is_open();
    let sent_before = cx.commands.len();
    let builder_height = ui.available_height() * 0.45;
    let (_, header, _) = state
        .show_header(ui, |ui| {
            // The title folds and unfolds too, not only the arrow.
            let title = ui.add(
                egui::Label::new(RichText::new("Query and scan").strong())
                    .sense(egui::Sense::click()),
            );
            if !open {
                ui.label(RichText::new("folded: unfold to change the query").weak());
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let mut shown = pane.shown(view_width);
                let toggle = ui.checkbox(&mut shown, "Item pane");
                set_accessible_name(ui, &toggle, "Show the item pane");
                if toggle.changed() {
                    *pane = ItemPaneChoice(Some(shown));
                }
            });
            title
        })
        .body(|ui| {
            // The grid keeps most of the height however long the form grows.
            egui::ScrollArea::vertical()
                .id_salt(("builder_scroll", tab))
                .max_height(builder_height)
                .auto_shrink([false, true])
                .show(ui, |ui| builder(ui, cx));
        });
    let ran = cx.commands[sent_before..]
        .iter()
        .any(|c| matches!(c, TableCommand::RunItems { .. }));
    let fold = if header.inner.clicked() {
        Some(!open)
    } else if ran && short {
        Some(false)
    } else {
        None
    };
    if let Some(now_open) = fold {
        let mut state =
            egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, true);
        state.set_open(now_open);
        state.store(ui.ctx());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pane_follows_the_width_until_the_user_chooses() {
        assert!(ItemPaneChoice::default().shown(1200.0));
        assert!(!ItemPaneChoice::default().shown(690.0));
        assert!(ItemPaneChoice(Some(true)).shown(300.0));
        assert!(!ItemPaneChoice(Some(false)).shown(3000.0));
        assert!(!ItemPaneChoice::default().shown(f32::NAN));
    }
}
