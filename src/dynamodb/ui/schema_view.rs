//! The Schema section of a table tab: read a schema from the loaded items or a sample scan,
//! see every path as a striped table, group items by entity, export the schema (copy or save)
//! and accept it for the item editor's warnings.

use std::path::PathBuf;

use egui::RichText;

use crate::dynamodb::model::TableDetails;
use crate::dynamodb::model::schema::infer::percent;
use crate::dynamodb::model::schema::{
    AcceptedSchema, AttributeSchema, Discriminator, InferredSchema, SchemaFormat,
};
use crate::dynamodb::tab::TableCommand;
use crate::dynamodb::tab::schema_state::{SchemaCommand, SchemaResult, SchemaSource};
use crate::dynamodb::ui::table_context::TableViewContext;
use crate::shared::widgets::{
    StripedTable, empty_note_ui, error_ui, named_button, named_text_field, set_accessible_name,
};

/// Items a sample scan reads unless the user says otherwise.
const DEFAULT_SAMPLE: usize = 1000;

/// What an export text was written for: the result generation, the format and the entity.
type ExportKey = (u64, SchemaFormat, Option<String>);

/// What the user chose in the Schema section.
pub struct SchemaViewState {
    pub sample_size: String,
    /// The discriminator asked for (`None`: no grouping).
    pub grouping: Option<Discriminator>,
    /// The entity shown (`None`: all items).
    pub entity: Option<String>,
    pub format: SchemaFormat,
    pub path: String,
    picked_applied: Option<PathBuf>,
    /// The export text, for the result it was written for.
    export: Option<(ExportKey, String)>,
}

impl Default for SchemaViewState {
    fn default() -> Self {
        Self {
            sample_size: DEFAULT_SAMPLE.to_string(),
            grouping: None,
            entity: None,
            format: SchemaFormat::DynamooseJavaScript,
            path: String::new(),
            picked_applied: None,
            export: None,
        }
    }
}

fn send(cx: &mut TableViewContext<'_>, command: SchemaCommand) {
    cx.commands.push(TableCommand::Schema(command));
}

/// Draws the Schema section.
pub fn schema_view_ui(
    ui: &mut egui::Ui,
    cx: &mut TableViewContext<'_>,
    view: &mut SchemaViewState,
) {
    sources_ui(ui, cx, view);
    accepted_ui(ui, cx);
    let state = &cx.table.schema;
    if let Some(error) = state.inference.error() {
        let retry = match state.inference.value().map(|r| r.source) {
            Some(SchemaSource::Sample { limit }) => SchemaCommand::Sample {
                limit,
                discriminator: view.grouping.clone(),
            },
            _ => SchemaCommand::InferLoaded {
                discriminator: view.grouping.clone(),
            },
        };
        error_ui(ui, error, TableCommand::Schema(retry), cx.commands);
    }
    let Some(result) = cx.table.schema.inference.value() else {
        if !cx.table.schema.inference.is_pending() {
            empty_note_ui(
                ui,
                "No schema read yet: read it from the loaded items, or scan a sample of the table.",
            );
        }
        return;
    };
    summary_ui(ui, result);
    if result.schema.overall.items == 0 {
        empty_note_ui(
            ui,
            "No items to read a schema from: load items, or scan a sample.",
        );
        return;
    }
    grouping_ui(ui, cx, view, result);
    let shown = shown_schema(result, view.entity.as_deref());
    let details = cx
        .table
        .details
        .value()
        .cloned()
        .unwrap_or_else(|| TableDetails {
            name: cx.name.to_owned(),
            ..TableDetails::default()
        });
    accept_ui(ui, cx, result);
    export_ui(ui, cx, view, &details, shown);
    ui.separator();
    egui::ScrollArea::both()
        .id_salt(("schema_paths", cx.tab))
        .auto_shrink([false, false])
        .show(ui, |ui| paths_ui(ui, shown.0));
}

/// The two sources: the loaded items, or a sample scan with progress and Cancel.
fn sources_ui(ui: &mut egui::Ui, cx: &mut TableViewContext<'_>, view: &mut SchemaViewState) {
    let state = &cx.table.schema;
    let busy = state.inference.is_pending();
    ui.horizontal_wrapped(|ui| {
        let loaded = cx.table.items.store.len();
        let infer = ui.add_enabled(
            !busy,
            egui::Button::new(format!("Read from the {loaded} loaded items")),
        );
        set_accessible_name(ui, &infer, "Infer schema from loaded items");
        if infer.clicked() {
            send(
                cx,
                SchemaCommand::InferLoaded {
                    discriminator: view.grouping.clone(),
                },
            );
        }
        ui.separator();
        ui.label("Sample of");
        named_text_field(ui, &mut view.sample_size, "Sample size", "items", 70.0);
        let limit = view
            .sample_size
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0);
        let scan = ui.add_enabled(!busy && limit.is_some(), egui::Button::new("Scan a sample"));
        set_accessible_name(ui, &scan, "Scan a sample");
        if let Some(limit) = limit
            && scan.clicked()
        {
            send(
                cx,
                SchemaCommand::Sample {
                    limit,
                    discriminator: view.grouping.clone(),
                },
            );
        }
        if limit.is_none() {
            ui.label(RichText::new("a whole number of items, 1 or more").weak());
        }
    });
    let state = &cx.table.schema;
    if state.is_sampling() {
        let read = state.sampled.load(std::sync::atomic::Ordering::Relaxed);
        let limit = state.sample_limit.unwrap_or_default();
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!("Scanned {read} of up to {limit} items"));
            if named_button(ui, "Cancel", "Cancel sample").clicked() {
                send(cx, SchemaCommand::CancelSample);
            }
        });
    } else if state.inference.is_pending() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Reading the schema…");
        });
    }
}

fn summary_ui(ui: &mut egui::Ui, result: &SchemaResult) {
    let overall = &result.schema.overall;
    let from = match result.source {
        SchemaSource::Loaded => "loaded items".to_owned(),
        SchemaSource::Sample { limit } => format!("a sample scan (up to {limit})"),
    };
    let mut text = format!(
        "{} item{} read from {from}, {} path{}, in {} ms",
        overall.items,
        if overall.items == 1 { "" } else { "s" },
        overall.attributes.len(),
        if overall.attributes.len() == 1 {
            ""
        } else {
            "s"
        },
        result.elapsed.as_millis()
    );
    if result.cancelled {
        text.push_str(" · sample cancelled: the schema covers the items read until then");
    }
    if overall.truncated {
        text.push_str(" · too many paths: some were left out");
    }
    ui.label(text);
}

/// The discriminator picker (none, proposals first) and the entity picker.
fn grouping_ui(
    ui: &mut egui::Ui,
    cx: &mut TableViewContext<'_>,
    view: &mut SchemaViewState,
    result: &SchemaResult,
) {
    let shown = result.schema.entities.as_ref().map(|(d, _)| d.clone());
    ui.horizontal_wrapped(|ui| {
        ui.label("Entities");
        let mut choice = shown.clone();
        let label = |d: &Option<Discriminator>| {
            d.as_ref()
                .map_or_else(|| "No grouping".to_owned(), |d| format!("By {}", d.label()))
        };
        let combo = egui::ComboBox::from_id_salt(("schema_grouping", cx.tab))
            .selected_text(label(&choice))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut choice, None, label(&None));
                for proposal in &result.schema.proposals {
                    let option = Some(proposal.clone());
                    let text = label(&option);
                    ui.selectable_value(&mut choice, option, text);
                }
                // Any other top-level attribute holding strings, for the user to pick.
                let others: Vec<Discriminator> = result
                    .schema
                    .overall
                    .children(None)
                    .into_iter()
                    .filter(|a| a.has_type(crate::dynamodb::model::AttrType::S))
                    .map(|a| Discriminator::Attribute(a.path.top_attribute().to_owned()))
                    .filter(|d| !result.schema.proposals.contains(d))
                    .collect();
                if !others.is_empty() {
                    ui.separator();
                    for other in others {
                        let option = Some(other);
                        let text = label(&option);
                        ui.selectable_value(&mut choice, option, text);
                    }
                }
            });
        set_accessible_name(ui, &combo.response, "Group items by");
        if choice != shown && !cx.table.schema.inference.is_pending() {
            view.grouping = choice.clone();
            view.entity = None;
            send(
                cx,
                SchemaCommand::Regroup {
                    discriminator: choice,
                },
            );
        }
        if result.schema.proposals.is_empty() {
            ui.label(
                RichText::new("no discriminator found (no type attribute or key prefix)").weak(),
            );
        }
        if let Some((_, entities)) = &result.schema.entities {
            let entity_label = |e: &Option<String>| match e {
                None => format!("All items ({})", result.schema.overall.items),
                Some(name) => {
                    let items = entities
                        .iter()
                        .find(|x| &x.name == name)
                        .map_or(0, |x| x.schema.items);
                    format!("{name} ({items})")
                }
            };
            let combo = egui::ComboBox::from_id_salt(("schema_entity", cx.tab))
                .selected_text(entity_label(&view.entity))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut view.entity, None, entity_label(&None));
                    for entity in entities {
                        let option = Some(entity.name.clone());
                        let text = entity_label(&option);
                        ui.selectable_value(&mut view.entity, option, text);
                    }
                });
            set_accessible_name(ui, &combo.response, "Entity");
        }
    });
}

/// The schema shown: the chosen entity's, or the whole table's.
fn shown_schema<'a>(
    result: &'a SchemaResult,
    entity: Option<&str>,
) -> (&'a InferredSchema, Option<&'a str>) {
    if let (Some(name), Some((_, entities))) = (entity, &result.schema.entities)
        && let Some(found) = entities.iter().find(|e| e.name == name)
    {
        return (&found.schema, Some(found.name.as_str()));
    }
    (&result.schema.overall, None)
}

/// *Use as the table's schema* for the schema read.
fn accept_ui(ui: &mut egui::Ui, cx: &mut TableViewContext<'_>, result: &SchemaResult) {
    if named_button(ui, "Use as the table's schema", "Use as the table's schema").clicked() {
        let schema = match &result.schema.entities {
            Some((discriminator, entities)) => {
                AcceptedSchema::by_entity(discriminator.clone(), entities)
            }
            None => AcceptedSchema::whole(&result.schema.overall),
        };
        send(cx, SchemaCommand::Accept { schema });
    }
}

/// What the editor checks against now, shown whether or not a schema was read this session.
fn accepted_ui(ui: &mut egui::Ui, cx: &mut TableViewContext<'_>) {
    ui.horizontal_wrapped(|ui| match cx.memory.and_then(|m| m.schema.as_ref()) {
        Some(accepted) => {
            ui.label(format!(
                "The editor checks edits against the schema accepted from {} items{}.",
                accepted.items,
                if accepted.discriminator.is_some() {
                    ", per entity"
                } else {
                    ""
                }
            ));
            if named_button(ui, "Forget", "Stop using the accepted schema").clicked() {
                send(cx, SchemaCommand::Forget);
            }
        }
        None => {
            ui.label(RichText::new("No schema accepted: the editor does not check edits.").weak());
        }
    });
}

/// The format picker, Copy, the file path with Choose and Save, and the text itself.
fn export_ui(
    ui: &mut egui::Ui,
    cx: &mut TableViewContext<'_>,
    view: &mut SchemaViewState,
    details: &TableDetails,
    (schema, entity): (&InferredSchema, Option<&str>),
) {
    let key = (
        cx.table.schema.generation,
        view.format,
        entity.map(ToOwned::to_owned),
    );
    if view.export.as_ref().is_none_or(|(k, _)| *k != key) {
        let text = view.format.render(schema, details, entity);
        view.export = Some((key, text));
    }
    let suggested = view.format.file_name(entity.unwrap_or(&details.name));
    if let Some(Some(path)) = cx.table.schema.picked.value()
        && view.picked_applied.as_ref() != Some(path)
    {
        view.picked_applied = Some(path.clone());
        view.path = path.display().to_string();
    }
    let text = view
        .export
        .as_ref()
        .map(|(_, t)| t.clone())
        .unwrap_or_default();
    ui.horizontal_wrapped(|ui| {
        ui.label("Export");
        let combo = egui::ComboBox::from_id_salt(("schema_format", cx.tab))
            .selected_text(view.format.label())
            .show_ui(ui, |ui| {
                for format in SchemaFormat::ALL {
                    ui.selectable_value(&mut view.format, format, format.label());
                }
            });
        set_accessible_name(ui, &combo.response, "Export format");
        if named_button(ui, "Copy", "Copy schema").clicked() {
            ui.ctx().copy_text(text.clone());
        }
        named_text_field(ui, &mut view.path, "Schema file path", &suggested, 280.0);
        if named_button(ui, "Choose…", "Choose schema file").clicked() {
            send(
                cx,
                SchemaCommand::PickFile {
                    suggested: suggested.clone(),
                },
            );
        }
        let path = view.path.trim();
        let save = ui.add_enabled(!path.is_empty(), egui::Button::new("Save"));
        set_accessible_name(ui, &save, "Save schema to file");
        if save.clicked() {
            send(
                cx,
                SchemaCommand::Save {
                    path: PathBuf::from(path),
                    text: text.clone(),
                },
            );
        }
    });
    let saved = &cx.table.schema.saved;
    if let Some(error) = saved.error().or(cx.table.schema.picked.error()) {
        let retry = SchemaCommand::Save {
            path: PathBuf::from(view.path.trim()),
            text: text.clone(),
        };
        error_ui(ui, error, TableCommand::Schema(retry), cx.commands);
    } else if let Some(path) = saved.value() {
        ui.label(format!("Saved to {}", path.display()));
    }
    egui::CollapsingHeader::new("Export text")
        .id_salt(("schema_export_text", cx.tab))
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(("schema_export_scroll", cx.tab))
                .max_height(220.0)
                .show(ui, |ui| {
                    let mut shown = text.as_str();
                    let response = ui.add(
                        egui::TextEdit::multiline(&mut shown)
                            .code_editor()
                            .desired_width(f32::INFINITY),
                    );
                    set_accessible_name(ui, &response, "Schema export text");
                });
        });
}

/// One striped row per path.
fn paths_ui(ui: &mut egui::Ui, schema: &InferredSchema) {
    StripedTable::new("schema_paths_grid")
        .headings(&["Path", "Types", "Present", "Examples", "Pattern or values"])
        .show(ui, |ui| {
            for attribute in &schema.attributes {
                path_row_ui(ui, attribute);
                ui.end_row();
            }
        });
}

fn path_row_ui(ui: &mut egui::Ui, attribute: &AttributeSchema) {
    let path = attribute.path.to_string();
    // Nesting shows as indentation; the text is the path alone, as the builder reads it.
    ui.horizontal(|ui| {
        ui.add_space(12.0 * attribute.path.depth().saturating_sub(1) as f32);
        ui.label(RichText::new(&path).monospace());
    });
    let types: Vec<String> = attribute
        .types
        .iter()
        .map(|(t, n)| format!("{} {n} ({:.0}%)", t.tag(), percent(*n, attribute.items)))
        .collect();
    ui.label(types.join(" · "));
    let present = match attribute.path.0.last() {
        Some(crate::dynamodb::model::schema::Segment::Element) => {
            format!(
                "{} elements in {} items",
                attribute.occurrences, attribute.items
            )
        }
        _ => format!(
            "{:.0}% ({} of {}){}",
            attribute.presence_percent(),
            attribute.occurrences.min(attribute.parent_occurrences),
            attribute.parent_occurrences,
            if attribute.required() {
                " required"
            } else {
                ""
            }
        ),
    };
    ui.label(present);
    ui.label(attribute.examples.join(" · "));
    let shape = match (&attribute.enumeration, attribute.patterns.is_empty()) {
        (Some(values), _) => {
            let values: Vec<String> = values.iter().map(|(v, n)| format!("{v} ({n})")).collect();
            format!("one of: {}", values.join(", "))
        }
        (None, false) => {
            let strings = attribute.occurrences.max(1);
            let patterns: Vec<String> = attribute
                .patterns
                .iter()
                .take(4)
                .map(|p| format!("{} ({:.0}%)", p.template, percent(p.count, strings)))
                .collect();
            patterns.join(" · ")
        }
        (None, true) => String::new(),
    };
    ui.label(shape);
}
