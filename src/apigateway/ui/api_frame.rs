//! The frame both API tabs draw (HTTP/WebSocket and REST): heading with Refresh, the section
//! switch, and a scrolling body where Settings shows the API's details and every other
//! section its parts.

use crate::shared::bridge::request::Request;
use crate::shared::model::TabId;
use crate::shared::widgets::request_ui;
use crate::shared::widgets::view_header_ui;

/// What differs between the two API tabs' frames.
pub struct ApiFrame<'a, V, S, C, D: Send + 'static, P: Send + 'static> {
    /// The kind ("REST API") and the API's name.
    pub heading: (&'a str, &'a str),
    /// The body's scroll id: a name and the tab.
    pub body_id: (&'static str, TabId),
    /// Each section with its label, in order.
    pub sections: &'a [(S, &'static str)],
    /// The section drawn from the details rather than the parts.
    pub settings: S,
    /// Where the view state keeps the chosen section.
    pub section: fn(&mut V) -> &mut S,
    /// Reads both requests again (heading's Refresh, and each error's Retry).
    pub refresh: C,
    pub details: &'a Request<D>,
    pub parts: &'a Request<P>,
}

/// Draws the frame; `settings_ui` draws the details, `section_ui` any other section.
pub fn api_frame_ui<V, S, C, D, P>(
    ui: &mut egui::Ui,
    frame: ApiFrame<'_, V, S, C, D, P>,
    view: &mut V,
    commands: &mut Vec<C>,
    settings_ui: impl FnOnce(&mut egui::Ui, &D),
    section_ui: impl FnOnce(&mut egui::Ui, &mut V, &P, &mut Vec<C>),
) where
    S: Copy + PartialEq,
    C: Clone,
    D: Send + 'static,
    P: Send + 'static,
{
    let pending = frame.details.is_pending() || frame.parts.is_pending();
    view_header_ui(ui, frame.heading, pending, frame.refresh.clone(), commands);
    ui.horizontal(|ui| {
        for &(section, label) in frame.sections {
            ui.selectable_value((frame.section)(view), section, label);
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt(frame.body_id)
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if *(frame.section)(view) == frame.settings {
                request_ui(
                    ui,
                    frame.details,
                    frame.refresh,
                    commands,
                    |ui, details, _| {
                        settings_ui(ui, details);
                    },
                );
            } else {
                request_ui(
                    ui,
                    frame.parts,
                    frame.refresh,
                    commands,
                    |ui, parts, commands| {
                        section_ui(ui, view, parts, commands);
                    },
                );
            }
        });
}
