//! The query and scan builder: target, key conditions, filters, projection, paging.

use egui::RichText;

use crate::dynamodb::model::request_code::items_code_text;
use crate::shared::model::TabId;
use crate::shared::model::request_code::CodeTarget;
use crate::shared::widgets::error_color;
use crate::shared::widgets::field_error::field_error_ui;
use crate::shared::widgets::request_code_ui;

use crate::shared::widgets::named_button;

use crate::shared::widgets::named_text_field;

use crate::shared::widgets::set_accessible_name;

use crate::connection::LiveConnection;
use crate::dynamodb::model::AttrType;
use crate::dynamodb::model::ItemStore;
use crate::dynamodb::model::TableDetails;
use crate::dynamodb::model::expression::Field;
use crate::dynamodb::model::expression::FieldError;
use crate::dynamodb::model::expression::FilterOp;
use crate::dynamodb::model::expression::FilterSpec;
use crate::dynamodb::model::expression::ItemsRequest;
use crate::dynamodb::model::expression::ItemsRequestSpec;
use crate::dynamodb::model::expression::Operation;
use crate::dynamodb::model::expression::ScalarKind;
use crate::dynamodb::model::expression::SortKeyCondition;
use crate::dynamodb::model::expression::SortKeySpec;
use crate::dynamodb::model::expression::TypedInput;
use crate::dynamodb::model::expression::quote_name;
use crate::dynamodb::model::load_mode::LoadMode;
use crate::dynamodb::model::query_draft::QueryDraft;
use crate::dynamodb::model::table_details::KeyAttribute;
use crate::dynamodb::model::table_details::KeyRole;
use crate::dynamodb::model::table_memory::TableMemory;
use crate::dynamodb::tab::TableCommand;
use crate::dynamodb::tab::items_state::ItemsState;
use crate::dynamodb::ui::table_context::TableViewContext;
use crate::shared::widgets::shortcut;

/// The builder: the query as typed, and what is wrong with it. Kept per table tab; nothing is
/// sent until Run.
pub struct QueryForm {
    pub draft: QueryDraft,
    pub error: Option<FieldError>,
    /// The name typed for "Save query".
    pub save_name: String,
}

impl Default for QueryForm {
    fn default() -> Self {
        Self {
            draft: QueryDraft {
                page_size: crate::dynamodb::tab::table_tab::FIRST_PAGE_SIZE.to_string(),
                ..QueryDraft::default()
            },
            error: None,
            save_name: String::new(),
        }
    }
}

impl QueryForm {
    /// Fills the form from a saved or recent query.
    pub fn load(&mut self, draft: &QueryDraft) {
        self.draft = draft.clone();
        self.draft.segments = self.draft.segments.clamp(1, 16);
        self.error = None;
    }

    /// The key schema of the chosen target.
    fn target_keys<'a>(&self, table: &'a TableDetails) -> &'a [KeyAttribute] {
        match &self.draft.index {
            None => &table.key_schema,
            Some(name) => table
                .indexes
                .iter()
                .find(|i| &i.name == name)
                .map_or(&table.key_schema[..], |i| &i.keys[..]),
        }
    }

    /// The request the form describes, or the first field that is wrong.
    pub fn build(&self, table: &TableDetails) -> Result<ItemsRequest, FieldError> {
        let page_size = match self.draft.page_size.trim() {
            "" => None,
            text => Some(text.parse::<i32>().map_err(|_| FieldError {
                field: Field::PageSize,
                message: "The page size is a whole number of at least 1".to_owned(),
            })?),
        };
        let keys = self.target_keys(table);
        let key = |role| keys.iter().find(|k| k.role == role);
        let typed = |k: &KeyAttribute, text: &str| {
            TypedInput::new(ScalarKind::from_key_type(&k.attribute_type), text)
        };
        let partition = key(KeyRole::Partition)
            .map(|k| (k.name.clone(), typed(k, &self.draft.partition_value)));
        let sort = match (key(KeyRole::Sort), self.draft.sort_condition) {
            (Some(k), Some(condition)) => Some(SortKeySpec {
                name: k.name.clone(),
                condition,
                value: typed(k, &self.draft.sort_value),
                value2: typed(k, &self.draft.sort_value2),
            }),
            _ => None,
        };
        ItemsRequestSpec {
            operation: self.draft.operation,
            table: table.name.clone(),
            index: self.draft.index.clone(),
            partition,
            sort,
            filters: self.draft.filters.clone(),
            projection: self.draft.projection.clone(),
            page_size,
            ascending: self.draft.ascending,
        }
        .build()
    }

    fn error_at(&self, field: Field) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

/// The builder form and its buttons, once the table's key schema is known.
pub fn query_builder_ui(
    ui: &mut egui::Ui,
    cx: &mut TableViewContext<'_>,
    table: &TableDetails,
    form: &mut QueryForm,
) {
    let (tab, items) = (cx.tab, &cx.table.items);
    saved_queries_ui(ui, tab, form, cx.memory, cx.commands);
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(&mut form.draft.operation, Operation::Scan, "Scan");
        ui.selectable_value(&mut form.draft.operation, Operation::Query, "Query");
        ui.label("on");
        let target = form
            .draft
            .index
            .clone()
            .unwrap_or_else(|| format!("{} (table)", table.name));
        let combo = egui::ComboBox::from_id_salt(("target", tab))
            .selected_text(target)
            .show_ui(ui, |ui| {
                let table_label = format!("{} (table)", table.name);
                ui.selectable_value(&mut form.draft.index, None, table_label);
                for index in &table.indexes {
                    let kind = if index.global { "GSI" } else { "LSI" };
                    ui.selectable_value(
                        &mut form.draft.index,
                        Some(index.name.clone()),
                        format!("{} ({kind})", index.name),
                    );
                }
            });
        set_accessible_name(ui, &combo.response, "Target table or index");
        ui.label("Page size");
        named_text_field(ui, &mut form.draft.page_size, "Items per page", "100", 50.0);
        if form.draft.operation == Operation::Query {
            let order = egui::ComboBox::from_id_salt(("order", tab))
                .selected_text(if form.draft.ascending {
                    "Ascending"
                } else {
                    "Descending"
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut form.draft.ascending, true, "Ascending");
                    ui.selectable_value(&mut form.draft.ascending, false, "Descending");
                });
            set_accessible_name(ui, &order.response, "Sort order");
        }
    });
    field_error_ui(ui, form.error_at(Field::PageSize));
    if form.draft.operation == Operation::Query {
        key_conditions_ui(ui, tab, table, form);
    }
    filters_ui(ui, tab, &items.store, form);
    ui.horizontal(|ui| {
        ui.label("Projection");
        named_text_field(
            ui,
            &mut form.draft.projection,
            "Attributes to return",
            "all attributes (or: a, b.c, `dotted.name`)",
            320.0,
        );
    });
    field_error_ui(ui, form.error_at(Field::Projection));
    buttons_ui(ui, table, items, form, cx.commands);
    let region = cx.connection.and_then(LiveConnection::region);
    let endpoint = cx.connection.and_then(|c| c.spec.endpoint_url.as_deref());
    request_preview_ui(ui, table, form, (region, endpoint));
}

fn key_conditions_ui(ui: &mut egui::Ui, tab: TabId, table: &TableDetails, form: &mut QueryForm) {
    let keys = form.target_keys(table).to_vec();
    if let Some(pk) = keys.iter().find(|k| k.role == KeyRole::Partition) {
        ui.horizontal(|ui| {
            ui.label(format!("{} ({}) =", pk.name, pk.attribute_type));
            named_text_field(
                ui,
                &mut form.draft.partition_value,
                "Partition key value",
                "value",
                220.0,
            );
        });
        field_error_ui(ui, form.error_at(Field::PartitionValue));
    }
    let Some(sk) = keys.iter().find(|k| k.role == KeyRole::Sort) else {
        return;
    };
    ui.horizontal(|ui| {
        ui.label(format!("{} ({})", sk.name, sk.attribute_type));
        let shown = form.draft.sort_condition.map_or("any value", |c| c.label());
        let combo = egui::ComboBox::from_id_salt(("sort_condition", tab))
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut form.draft.sort_condition, None, "any value");
                for condition in SortKeyCondition::ALL {
                    ui.selectable_value(
                        &mut form.draft.sort_condition,
                        Some(condition),
                        condition.label(),
                    );
                }
            });
        set_accessible_name(ui, &combo.response, "Sort key condition");
        if form.draft.sort_condition.is_some() {
            named_text_field(
                ui,
                &mut form.draft.sort_value,
                "Sort key value",
                "value",
                160.0,
            );
        }
        if form.draft.sort_condition == Some(SortKeyCondition::Between) {
            ui.label("and");
            named_text_field(
                ui,
                &mut form.draft.sort_value2,
                "Sort key upper value",
                "value",
                160.0,
            );
        }
    });
    field_error_ui(ui, form.error_at(Field::SortValue));
    field_error_ui(ui, form.error_at(Field::SortValue2));
}

fn filters_ui(ui: &mut egui::Ui, tab: TabId, store: &ItemStore, form: &mut QueryForm) {
    let mut remove = None;
    let errors = form.error.clone();
    let error_at = |field| {
        errors
            .as_ref()
            .filter(|e: &&FieldError| e.field == field)
            .map(|e| e.message.clone())
    };
    for (i, filter) in form.draft.filters.iter_mut().enumerate() {
        let n = i + 1;
        ui.horizontal_wrapped(|ui| {
            ui.label(if i == 0 { "Filter" } else { "and" });
            named_text_field(
                ui,
                &mut filter.path,
                &format!("Filter {n} attribute"),
                "attribute.path[0]",
                160.0,
            );
            let pick = egui::ComboBox::from_id_salt(("filter_pick", tab, i))
                .selected_text("")
                .width(16.0)
                .show_ui(ui, |ui| {
                    for column in store.default_column_order() {
                        let name = store.column_name(column);
                        if ui.selectable_label(false, name).clicked() {
                            filter.path = quote_name(name);
                        }
                    }
                });
            set_accessible_name(ui, &pick.response, &format!("Filter {n} pick attribute"));
            let op = egui::ComboBox::from_id_salt(("filter_op", tab, i))
                .selected_text(filter.op.label())
                .show_ui(ui, |ui| {
                    for op in FilterOp::ALL {
                        ui.selectable_value(&mut filter.op, op, op.label());
                    }
                });
            set_accessible_name(ui, &op.response, &format!("Filter {n} condition"));
            match filter.op {
                FilterOp::AttributeType => {
                    let combo = egui::ComboBox::from_id_salt(("filter_type_tag", tab, i))
                        .selected_text(filter.type_tag.tag())
                        .show_ui(ui, |ui| {
                            for t in AttrType::ALL {
                                ui.selectable_value(
                                    &mut filter.type_tag,
                                    t,
                                    format!("{} ({})", t.tag(), t.description()),
                                );
                            }
                        });
                    set_accessible_name(ui, &combo.response, &format!("Filter {n} type"));
                }
                op if op.value_count() > 0 => {
                    if !matches!(op, FilterOp::Size(_)) {
                        let kind = egui::ComboBox::from_id_salt(("filter_kind", tab, i))
                            .selected_text(filter.value.kind.label())
                            .show_ui(ui, |ui| {
                                for kind in ScalarKind::ALL {
                                    ui.selectable_value(&mut filter.value.kind, kind, kind.label());
                                }
                            });
                        set_accessible_name(ui, &kind.response, &format!("Filter {n} value type"));
                        filter.value2.kind = filter.value.kind;
                    }
                    if filter.value.kind != ScalarKind::Null || matches!(op, FilterOp::Size(_)) {
                        named_text_field(
                            ui,
                            &mut filter.value.text,
                            &format!("Filter {n} value"),
                            "value",
                            140.0,
                        );
                    }
                    if op.value_count() == 2 {
                        ui.label("and");
                        named_text_field(
                            ui,
                            &mut filter.value2.text,
                            &format!("Filter {n} upper value"),
                            "value",
                            140.0,
                        );
                    }
                }
                _ => {}
            }
            if named_button(ui, "Remove", &format!("Remove filter {n}")).clicked() {
                remove = Some(i);
            }
        });
        for field in [
            Field::FilterPath(i),
            Field::FilterValue(i),
            Field::FilterValue2(i),
        ] {
            field_error_ui(ui, error_at(field).as_deref());
        }
    }
    if let Some(i) = remove {
        form.draft.filters.remove(i);
        form.error = None;
    }
    if named_button(ui, "Add filter", "Add filter").clicked() {
        form.draft.filters.push(FilterSpec::default());
    }
}

/// Saved queries by name and the recent ones, both remembered between runs for this table.
fn saved_queries_ui(
    ui: &mut egui::Ui,
    tab: TabId,
    form: &mut QueryForm,
    memory: Option<&TableMemory>,
    commands: &mut Vec<TableCommand>,
) {
    let (saved, recent) = memory.map_or((&[][..], &[][..]), |m| {
        (&m.saved_queries[..], &m.recent_queries[..])
    });
    ui.horizontal_wrapped(|ui| {
        let combo = egui::ComboBox::from_id_salt(("saved_queries", tab))
            .selected_text(format!("Saved ({})", saved.len()))
            .width(110.0)
            .show_ui(ui, |ui| {
                if saved.is_empty() {
                    ui.label(RichText::new("No saved queries yet").weak());
                }
                for query in saved {
                    ui.horizontal(|ui| {
                        let open = ui
                            .selectable_label(false, &query.name)
                            .on_hover_text(query.draft.summary());
                        if open.clicked() {
                            form.load(&query.draft);
                            form.save_name.clone_from(&query.name);
                        }
                        let delete_name = format!("Delete saved query {}", query.name);
                        if named_button(ui, "🗑", &delete_name).clicked() {
                            commands.push(TableCommand::DeleteQuery {
                                name: query.name.clone(),
                            });
                        }
                    });
                }
            });
        set_accessible_name(
            ui,
            &combo.response,
            &format!("Saved queries ({})", saved.len()),
        );
        let combo = egui::ComboBox::from_id_salt(("recent_queries", tab))
            .selected_text(format!("Recent ({})", recent.len()))
            .width(110.0)
            .show_ui(ui, |ui| {
                if recent.is_empty() {
                    ui.label(RichText::new("Queries you run appear here").weak());
                }
                for (n, draft) in recent.iter().enumerate() {
                    let entry = ui.selectable_label(false, draft.summary());
                    set_accessible_name(
                        ui,
                        &entry,
                        &format!("Recent query {}: {}", n + 1, draft.summary()),
                    );
                    if entry.clicked() {
                        form.load(draft);
                    }
                }
            });
        set_accessible_name(
            ui,
            &combo.response,
            &format!("Recent queries ({})", recent.len()),
        );
        named_text_field(ui, &mut form.save_name, "Query name", "name…", 110.0);
        let name = form.save_name.trim();
        let save = ui.add_enabled(!name.is_empty(), egui::Button::new("Save query"));
        set_accessible_name(ui, &save, "Save query");
        if save.clicked() {
            commands.push(TableCommand::SaveQuery {
                name: name.to_owned(),
                draft: form.draft.clone(),
            });
        }
    });
}

fn buttons_ui(
    ui: &mut egui::Ui,
    table: &TableDetails,
    items: &ItemsState,
    form: &mut QueryForm,
    commands: &mut Vec<TableCommand>,
) {
    let run = |form: &mut QueryForm, mode: LoadMode, commands: &mut Vec<TableCommand>| match form
        .build(table)
    {
        Ok(request) => {
            form.error = None;
            commands.push(TableCommand::RunItems { request, mode });
            commands.push(TableCommand::RecordQuery {
                draft: form.draft.clone(),
            });
        }
        Err(error) => form.error = Some(error),
    };
    ui.horizontal_wrapped(|ui| {
        let run_name = format!("Run {}", form.draft.operation.name().to_lowercase());
        let ctrl_enter = shortcut(ui, egui::Key::Enter);
        if named_button(ui, &run_name, &run_name).clicked() || ctrl_enter {
            run(form, LoadMode::OnePage, commands);
        }
        let more = ui.add_enabled(
            items.next.is_some() && !items.is_loading(),
            egui::Button::new("Load more"),
        );
        if more.clicked() {
            commands.push(TableCommand::LoadMore);
        }
        ui.separator();
        if form.draft.operation == Operation::Scan {
            ui.label("Segments");
            let slider = ui.add(egui::Slider::new(&mut form.draft.segments, 1..=16));
            set_accessible_name(ui, &slider, "Parallel scan segments");
        }
        if named_button(ui, "Load all", "Load all").clicked() {
            let segments = if form.draft.operation == Operation::Scan {
                form.draft.segments
            } else {
                1
            };
            run(form, LoadMode::All { segments }, commands);
        }
        if items.is_loading() && named_button(ui, "Cancel", "Cancel loading").clicked() {
            commands.push(TableCommand::CancelLoad);
        }
    });
}

fn request_preview_ui(
    ui: &mut egui::Ui,
    table: &TableDetails,
    form: &QueryForm,
    (region, endpoint): (Option<&str>, Option<&str>),
) {
    egui::CollapsingHeader::new("Request and AWS CLI command")
        .id_salt(("request_preview", &table.name))
        .show(ui, |ui| match form.build(table) {
            Ok(request) => {
                let segments = (form.draft.operation == Operation::Scan && form.draft.segments > 1)
                    .then(|| (0, i32::try_from(form.draft.segments).unwrap_or(1)));
                let json = request.request_json(segments);
                let cli = request.cli_command(region, endpoint);
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(format!("{} request", request.operation.name())).strong(),
                    );
                    if named_button(ui, "Copy", "Copy request JSON").clicked() {
                        ui.ctx().copy_text(json.clone());
                    }
                });
                ui.add(egui::Label::new(RichText::new(json).monospace()).wrap());
                ui.horizontal(|ui| {
                    ui.label(RichText::new("AWS CLI").strong());
                    if named_button(ui, "Copy", "Copy AWS CLI command").clicked() {
                        ui.ctx().copy_text(cli.clone());
                    }
                });
                ui.add(egui::Label::new(RichText::new(cli).monospace()).wrap());
                ui.separator();
                let target = CodeTarget::new(region, endpoint);
                request_code_ui(ui, ("items_code", table.name.as_str()), |language| {
                    items_code_text(&request, segments, language, &target)
                });
            }
            Err(error) => {
                ui.label(RichText::new(error.message).color(error_color(ui)));
            }
        });
}
