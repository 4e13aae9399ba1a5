//! The REST API tab (API Gateway v1): resources and methods (with the tester), stages and
//! deployments, authorizers and validators, settings.

use crate::apigateway::rest_tab::{RestApiCommand, RestApiTab};
use crate::apigateway::ui::api_frame::{ApiFrame, ApiTabContext, api_frame_ui};
use crate::apigateway::ui::rest_authorizers::authorizers_ui;
use crate::apigateway::ui::rest_resources::resources_ui;
use crate::apigateway::ui::rest_settings::settings_ui;
use crate::apigateway::ui::rest_stages::stages_ui;
use crate::apigateway::ui::rest_tester::RestTesterForm;
use crate::apigateway::ui::serve_view::{ServeForm, ServeSection, serve_ui};
use crate::shared::model::TabRequest;

/// Which part of the REST API tab is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RestApiSection {
    #[default]
    Resources,
    Stages,
    Authorizers,
    /// "Serve locally".
    LocalServer,
    Settings,
}

/// What the user arranged in one REST API tab.
#[derive(Default)]
pub struct RestApiViewState {
    pub section: RestApiSection,
    /// The method shown (and tested): its resource's id and its HTTP method, stable across
    /// refreshes.
    pub selected_method: Option<(String, String)>,
    /// The REST tester's form drafts.
    pub tester: RestTesterForm,
    /// The number of the last method focus (from a link) applied.
    pub focus_applied: u64,
    /// The local server's port draft.
    pub serve: ServeForm,
}

/// What a REST API tab's views read, and where they send their commands.
pub type RestApiViewContext<'a> = ApiTabContext<'a, RestApiTab, RestApiCommand>;

/// The whole REST API tab: heading, section switch, and the chosen section.
pub fn rest_api_view_ui(
    ui: &mut egui::Ui,
    ctx: &mut RestApiViewContext<'_>,
    view: &mut RestApiViewState,
) {
    let api = ctx.api;
    if let Some(focus) = api
        .focus
        .as_ref()
        .filter(|f| f.number != view.focus_applied)
    {
        view.focus_applied = focus.number;
        view.section = RestApiSection::Resources;
        view.selected_method = Some(focus.method.clone());
    }
    let frame = ApiFrame {
        kind: "REST API",
        body_id: "rest_api_body",
        sections: &[
            (RestApiSection::Resources, "Resources"),
            (RestApiSection::Stages, "Stages"),
            (RestApiSection::Authorizers, "Authorizers"),
            (RestApiSection::LocalServer, "Local server"),
            (RestApiSection::Settings, "Settings"),
        ],
        settings: RestApiSection::Settings,
        section: |view: &mut RestApiViewState| &mut view.section,
        refresh: RestApiCommand::Tab(TabRequest::Refresh),
        details: &api.details,
        parts: &api.parts,
    };
    api_frame_ui(
        ui,
        frame,
        ctx,
        view,
        settings_ui,
        |ui, ctx, view, parts| match view.section {
            RestApiSection::Resources => resources_ui(ui, ctx, parts, view),
            RestApiSection::Stages => stages_ui(ui, parts, ctx.commands),
            RestApiSection::Authorizers => authorizers_ui(ui, parts, ctx.commands),
            RestApiSection::LocalServer => {
                let functions = ctx.served_functions(
                    parts
                        .resources
                        .as_deref()
                        .unwrap_or_default()
                        .iter()
                        .flat_map(|r| &r.methods)
                        .filter_map(|m| {
                            Some(
                                m.integration
                                    .as_ref()?
                                    .lambda
                                    .as_ref()?
                                    .function_name
                                    .as_str(),
                            )
                        }),
                );
                let section = ServeSection {
                    serving: &api.serving,
                    functions,
                    read_only: ctx.read_only,
                    start: |port| RestApiCommand::ServeLocally { port },
                    stop: RestApiCommand::StopServing,
                };
                serve_ui(ui, section, &mut view.serve, ctx.commands);
            }
            RestApiSection::Settings => {}
        },
    );
}
