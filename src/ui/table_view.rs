//! The table tab: items (builder, grid, item pane), PartiQL, and the overview.

use egui::RichText;

use super::item_grid::{Availability, GridView, grid_toolbar_ui, item_grid_ui};
use super::item_pane::item_pane_ui;
use super::partiql_editor::{PartiqlForm, partiql_editor_ui};
use super::query_builder::{QueryForm, query_builder_ui};
use super::tab_area::view_header_ui;
use super::table_overview::table_overview_ui;
use super::widgets::{error_ui, request_ui};
use crate::app::Command;
use crate::app::items_state::{ItemsSource, ItemsState};
use crate::app::tab::TableTab;
use crate::aws::dynamodb_items::LoadMode;
use crate::model::attribute_json::JsonStyle;
use crate::model::{ConnectionSpec, ResourceRef};

/// Which part of the table tab is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableSection {
    Items,
    Partiql,
    Overview,
}

/// Everything the user arranged in one table tab.
pub struct TableViewState {
    pub section: TableSection,
    pub form: QueryForm,
    pub grid: GridView,
    pub pane_style: JsonStyle,
    pub partiql: PartiqlForm,
}

impl TableViewState {
    pub fn new(table: &str) -> Self {
        Self {
            section: TableSection::Items,
            form: QueryForm::default(),
            grid: GridView::default(),
            pane_style: JsonStyle::Plain,
            partiql: PartiqlForm::new(table),
        }
    }
}

pub fn table_view_ui(
    ui: &mut egui::Ui,
    index: usize,
    resource: &ResourceRef,
    table: &TableTab,
    view: &mut TableViewState,
    connection: (&ConnectionSpec, Option<&str>),
    commands: &mut Vec<Command>,
) {
    view_header_ui(
        ui,
        index,
        "DynamoDB table",
        resource.title(),
        table.details.is_pending(),
        commands,
    );
    ui.horizontal(|ui| {
        ui.selectable_value(&mut view.section, TableSection::Items, "Items");
        ui.selectable_value(&mut view.section, TableSection::Partiql, "PartiQL");
        ui.selectable_value(&mut view.section, TableSection::Overview, "Overview");
    });
    ui.separator();
    if view.section == TableSection::Overview {
        egui::ScrollArea::vertical()
            .id_salt(("overview", index))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                request_ui(
                    ui,
                    &table.details,
                    Command::RefreshTab(index),
                    commands,
                    |ui, details, _| table_overview_ui(ui, details),
                );
            });
        return;
    }
    if let Some(error) = table.details.error() {
        error_ui(ui, error, Command::RefreshTab(index), commands);
    }
    match view.section {
        TableSection::Items => {
            let builder_height = ui.available_height() * 0.45;
            egui::CollapsingHeader::new(RichText::new("Query and scan").strong())
                .id_salt(("builder", index))
                .default_open(true)
                .show(ui, |ui| {
                    // The grid keeps most of the height however long the form grows.
                    egui::ScrollArea::vertical()
                        .id_salt(("builder_scroll", index))
                        .max_height(builder_height)
                        .auto_shrink([false, true])
                        .show(ui, |ui| {
                            builder_ui(ui, index, table, view, connection, commands)
                        });
                });
        }
        TableSection::Partiql => {
            partiql_editor_ui(ui, index, &table.items, &mut view.partiql, commands);
        }
        TableSection::Overview => {}
    }
    progress_ui(ui, index, &table.items, commands);
    let store = &table.items.store;
    egui::Panel::right(("item_pane", index))
        .resizable(true)
        .default_size(340.0)
        .show(ui, |ui| {
            let selected = view.grid.selected.iter().next().copied();
            item_pane_ui(ui, store, selected, &mut view.pane_style);
        });
    egui::CentralPanel::no_frame().show(ui, |ui| {
        let availability = if table.items.is_loading() {
            Availability::Loading
        } else if table.items.next.is_some() {
            Availability::More
        } else {
            Availability::All
        };
        grid_toolbar_ui(
            ui,
            store,
            table.items.generation,
            &mut view.grid,
            availability,
        );
        item_grid_ui(ui, store, table.items.generation, &mut view.grid);
    });
}

/// The query and scan builder, once the key schema is known.
fn builder_ui(
    ui: &mut egui::Ui,
    index: usize,
    table: &TableTab,
    view: &mut TableViewState,
    (spec, region): (&ConnectionSpec, Option<&str>),
    commands: &mut Vec<Command>,
) {
    match table.details.value() {
        Some(details) => query_builder_ui(
            ui,
            index,
            details,
            &table.items,
            &mut view.form,
            (region, spec.endpoint_url.as_deref()),
            commands,
        ),
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Reading the key schema…");
            });
        }
    }
}

/// What the load did or is doing, with cancel and errors.
fn progress_ui(ui: &mut egui::Ui, index: usize, items: &ItemsState, commands: &mut Vec<Command>) {
    let p = &items.progress;
    if let Some(error) = &items.error
        && !matches!(items.source, Some(ItemsSource::Partiql { .. }))
    {
        let retry = match (&items.source, items.next.is_some()) {
            (_, true) => Command::LoadMore(index),
            (Some(ItemsSource::Request(request)), false) => Command::RunItems {
                tab: index,
                request: request.clone(),
                mode: LoadMode::OnePage,
            },
            _ => Command::RefreshTab(index),
        };
        error_ui(ui, error, retry, commands);
    }
    if p.pages == 0 && !items.is_loading() && !p.cancelled {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        if items.is_loading() {
            ui.spinner();
        }
        let mut text = format!(
            "{} page{} · {} scanned · {} returned · {:.1} capacity units · {:.1} s",
            p.pages,
            if p.pages == 1 { "" } else { "s" },
            p.scanned,
            p.returned,
            p.capacity_units,
            p.elapsed.as_secs_f32()
        );
        if p.segments > 1 {
            text.push_str(&format!(" · {} segments", p.segments));
        }
        if p.throttled > 0 {
            text.push_str(&format!(" · throttled {} times, retried", p.throttled));
        }
        if p.cancelled {
            text.push_str(" · cancelled");
        }
        ui.label(text);
    });
}
