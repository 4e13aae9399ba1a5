//! The frame both API tabs draw (HTTP/WebSocket and REST): heading with Refresh, the section
//! switch, and a scrolling body where Settings shows the API's details and every other
//! section its parts.

use crate::local_lambda::model::LocalSetup;
use crate::shared::bridge::request::Request;
use crate::shared::model::TabId;
use crate::shared::widgets::request_ui;
use crate::shared::widgets::view_header_ui;

/// What an API tab's views read, and where they send their commands: one borrowed view of
/// the app for this tab (`T`, the tab's state), so no view takes a long parameter list.
pub struct ApiTabContext<'a, T, C> {
    pub tab: TabId,
    /// The API's name (the tab's title).
    pub name: &'a str,
    pub api: &'a T,
    /// The tab's connection refuses writes: invoking a function could write anything.
    pub read_only: bool,
    /// The connection's local setups by function name: which functions run locally.
    pub local_setups: Option<&'a std::collections::BTreeMap<String, LocalSetup>>,
    pub commands: &'a mut Vec<C>,
}

impl<T, C> ApiTabContext<'_, T, C> {
    /// Whether `function` has a code folder attached on this connection.
    pub fn runs_locally(&self, function: &str) -> bool {
        self.local_setups.is_some_and(|s| s.contains_key(function))
    }

    /// The functions an API's integrations call, once each and sorted, each with whether it
    /// runs locally here: what the local server section lists.
    pub fn served_functions<'f>(
        &self,
        functions: impl IntoIterator<Item = &'f str>,
    ) -> Vec<(String, bool)> {
        let mut functions: Vec<(String, bool)> = functions
            .into_iter()
            .map(|f| (f.to_owned(), self.runs_locally(f)))
            .collect();
        functions.sort();
        functions.dedup();
        functions
    }
}

/// What differs between the two API tabs' frames.
pub struct ApiFrame<'a, V, S, C, D: Send + 'static, P: Send + 'static> {
    /// The kind of API, beside its name.
    pub kind: &'a str,
    /// The body's scroll id, with the tab.
    pub body_id: &'static str,
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
pub fn api_frame_ui<T, V, S, C, D, P>(
    ui: &mut egui::Ui,
    frame: ApiFrame<'_, V, S, C, D, P>,
    ctx: &mut ApiTabContext<'_, T, C>,
    view: &mut V,
    settings_ui: impl FnOnce(&mut egui::Ui, &D),
    section_ui: impl FnOnce(&mut egui::Ui, &mut ApiTabContext<'_, T, C>, &mut V, &P),
) where
    S: Copy + PartialEq,
    C: Clone,
    D: Send + 'static,
    P: Send + 'static,
{
    let (tab, name, api, read_only) = (ctx.tab, ctx.name, ctx.api, ctx.read_only);
    let local_setups = ctx.local_setups;
    let pending = frame.details.is_pending() || frame.parts.is_pending();
    view_header_ui(
        ui,
        (frame.kind, name),
        pending,
        frame.refresh.clone(),
        ctx.commands,
    );
    ui.horizontal(|ui| {
        for &(section, label) in frame.sections {
            ui.selectable_value((frame.section)(view), section, label);
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt((frame.body_id, tab))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if *(frame.section)(view) == frame.settings {
                request_ui(
                    ui,
                    frame.details,
                    frame.refresh,
                    ctx.commands,
                    |ui, details, _| {
                        settings_ui(ui, details);
                    },
                );
            } else {
                request_ui(
                    ui,
                    frame.parts,
                    frame.refresh,
                    ctx.commands,
                    |ui, parts, commands| {
                        let mut ctx = ApiTabContext {
                            tab,
                            name,
                            api,
                            read_only,
                            local_setups,
                            commands,
                        };
                        section_ui(ui, &mut ctx, view, parts);
                    },
                );
            }
        });
}
