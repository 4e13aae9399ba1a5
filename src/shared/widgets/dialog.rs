//! Where and how dialog windows open, so every dialog sits in the same place.

use std::hash::Hash;

/// Where dialogs open: centred under the connection bar, so they never cover it.
pub fn dialog_position(ctx: &egui::Context) -> egui::Pos2 {
    ctx.content_rect().center_top() + egui::vec2(0.0, 90.0)
}

/// A dialog window titled `title`: fixed open, centred under the connection bar, with an id
/// from `id_salt` that stays put while the title changes.
pub fn dialog_window<'open>(
    ctx: &egui::Context,
    title: impl Into<egui::WidgetText>,
    id_salt: impl Hash + std::fmt::Debug,
) -> egui::Window<'open> {
    egui::Window::new(title)
        .id(egui::Id::unique(id_salt))
        .collapsible(false)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(dialog_position(ctx))
}
