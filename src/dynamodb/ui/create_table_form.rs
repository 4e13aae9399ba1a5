//! The create-table window: keys, billing, global and local indexes. Every mistake shows at
//! its field before anything is sent; the window stays until the table is active.

use egui::RichText;

use crate::connection::ConnectionId;
use crate::connection::LiveConnection;
use crate::dynamodb::model::table_draft::BillingChoice;
use crate::dynamodb::model::table_draft::CapacityDraft;
use crate::dynamodb::model::table_draft::FieldError;
use crate::dynamodb::model::table_draft::FieldId;
use crate::dynamodb::model::table_draft::GsiDraft;
use crate::dynamodb::model::table_draft::KeyDraft;
use crate::dynamodb::model::table_draft::LsiDraft;
use crate::dynamodb::model::table_draft::ProjectionChoice;
use crate::dynamodb::model::table_draft::ProjectionDraft;
use crate::dynamodb::model::table_draft::TableDraft;
use crate::dynamodb::model::table_spec::KeyScalarType;
use crate::dynamodb::model::table_spec::TableSpec;
use crate::shared::widgets::dialog_window;
use crate::shared::widgets::error_ui;
use crate::shared::widgets::field_error_ui;
use crate::shared::widgets::named_button;
use crate::shared::widgets::named_text_field;
use crate::shared::widgets::set_accessible_name;

/// The open form: for which connection, what is typed, and what is wrong.
pub struct CreateTableForm {
    pub connection: ConnectionId,
    pub draft: TableDraft,
    errors: Vec<FieldError>,
    /// The name sent, so the window closes when that table is active.
    sent: Option<String>,
}

impl CreateTableForm {
    pub fn new(connection: ConnectionId) -> Self {
        Self {
            connection,
            draft: TableDraft::default(),
            errors: Vec::new(),
            sent: None,
        }
    }

    fn error_at(&self, field: FieldId) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

/// Draws the window for the form's connection; a table to create goes into `create` (the
/// shell sends it for that connection). Returns false once it should close.
pub fn create_table_window(
    ctx: &egui::Context,
    connection: &LiveConnection,
    form: &mut CreateTableForm,
    specs: &mut Vec<TableSpec>,
) -> bool {
    let request = &connection.create_table;
    if let (Some(sent), Some(created)) = (&form.sent, request.value())
        && &created.name == sent
        && !request.is_pending()
    {
        return false;
    }
    let mut open = true;
    let mut cancel = false;
    dialog_window(
        ctx,
        format!("Create table on {}", connection.short_label()),
        ("create_table", form.connection),
    )
    .open(&mut open)
    .default_width(560.0)
    .show(ctx, |ui| {
        egui::ScrollArea::vertical()
            .max_height(520.0)
            .show(ui, |ui| form_ui(ui, form));
        ui.separator();
        field_error_ui(ui, form.error_at(FieldId::GlobalIndexes));
        if request.is_pending() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Creating the table and waiting for it to become active…");
            });
        } else if let Some(error) = request.error()
            && let Ok(retry) = form.draft.validate()
        {
            error_ui(ui, error, retry, specs);
        }
        ui.horizontal(|ui| {
            let read_only = connection.spec.read_only;
            let create = ui.add_enabled(
                !read_only && !request.is_pending(),
                egui::Button::new("Create table"),
            );
            set_accessible_name(ui, &create, "Create table");
            if read_only {
                ui.label(RichText::new("This connection is read-only.").weak());
            }
            if create.clicked() {
                match form.draft.validate() {
                    Ok(spec) => {
                        form.errors.clear();
                        form.sent = Some(spec.name.clone());
                        specs.push(spec);
                    }
                    Err(errors) => form.errors = errors,
                }
            }
            if named_button(ui, "Cancel", "Cancel create table").clicked() {
                cancel = true;
            }
            if !form.errors.is_empty() {
                let count = format!(
                    "{} field{} to fix",
                    form.errors.len(),
                    if form.errors.len() == 1 { "" } else { "s" }
                );
                field_error_ui(ui, Some(&count));
            }
        });
    });
    open && !cancel
}

fn form_ui(ui: &mut egui::Ui, form: &mut CreateTableForm) {
    let errors = form.errors.clone();
    let error_at = |field: FieldId| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    };
    let draft = &mut form.draft;
    egui::Grid::new("create_table_grid")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            ui.label("Table name");
            ui.vertical(|ui| {
                named_text_field(ui, &mut draft.table_name, "New table name", "Orders", 240.0);
                field_error_ui(ui, error_at(FieldId::TableName).as_deref());
            });
            ui.end_row();
            ui.label("Partition key");
            ui.vertical(|ui| {
                key_ui(
                    ui,
                    &mut draft.partition_key,
                    "Partition key",
                    "pk",
                    "partition",
                );
                field_error_ui(ui, error_at(FieldId::PartitionKeyName).as_deref());
            });
            ui.end_row();
            ui.label("Sort key");
            ui.vertical(|ui| {
                key_ui(ui, &mut draft.sort_key, "Sort key", "sk (optional)", "sort");
                field_error_ui(ui, error_at(FieldId::SortKeyName).as_deref());
            });
            ui.end_row();
            ui.label("Billing");
            ui.horizontal(|ui| {
                ui.radio_value(&mut draft.billing, BillingChoice::OnDemand, "On-demand");
                ui.radio_value(
                    &mut draft.billing,
                    BillingChoice::Provisioned,
                    "Provisioned",
                );
            });
            ui.end_row();
            if draft.billing == BillingChoice::Provisioned {
                ui.label("Capacity");
                ui.vertical(|ui| {
                    capacity_ui(ui, &mut draft.capacity, "Table");
                    field_error_ui(ui, error_at(FieldId::ReadCapacity).as_deref());
                    field_error_ui(ui, error_at(FieldId::WriteCapacity).as_deref());
                });
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.label(RichText::new("Global secondary indexes").strong());
    let provisioned = draft.billing == BillingChoice::Provisioned;
    let mut remove = None;
    for (i, gsi) in draft.global_indexes.iter_mut().enumerate() {
        let n = i + 1;
        ui.group(|ui| {
            ui.horizontal(|ui| {
                ui.label(format!("Global index {n}"));
                named_text_field(
                    ui,
                    &mut gsi.name,
                    &format!("Global index {n} name"),
                    "byStatus",
                    180.0,
                );
                if named_button(ui, "Remove", &format!("Remove global index {n}")).clicked() {
                    remove = Some(i);
                }
            });
            field_error_ui(ui, error_at(FieldId::GsiName(i)).as_deref());
            let prefix = format!("Global index {n}");
            key_ui(
                ui,
                &mut gsi.partition_key,
                &format!("{prefix} partition key"),
                "pk",
                &format!("gsi{n}_pk"),
            );
            field_error_ui(ui, error_at(FieldId::GsiPartitionKeyName(i)).as_deref());
            key_ui(
                ui,
                &mut gsi.sort_key,
                &format!("{prefix} sort key"),
                "optional",
                &format!("gsi{n}_sk"),
            );
            field_error_ui(ui, error_at(FieldId::GsiSortKeyName(i)).as_deref());
            projection_ui(ui, &mut gsi.projection, &prefix);
            field_error_ui(ui, error_at(FieldId::GsiNonKeyAttributes(i)).as_deref());
            if provisioned {
                capacity_ui(ui, &mut gsi.capacity, &prefix);
                field_error_ui(ui, error_at(FieldId::GsiReadCapacity(i)).as_deref());
                field_error_ui(ui, error_at(FieldId::GsiWriteCapacity(i)).as_deref());
            }
        });
    }
    if let Some(i) = remove {
        draft.global_indexes.remove(i);
        form.errors.clear();
    }
    if named_button(ui, "Add global index", "Add global index").clicked() {
        draft.global_indexes.push(GsiDraft::default());
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Local secondary indexes").strong());
    ui.label(
        RichText::new("Same partition key as the table, another sort key; only at creation.")
            .weak(),
    );
    field_error_ui(ui, error_at(FieldId::LocalIndexes).as_deref());
    let mut remove = None;
    for (i, lsi) in draft.local_indexes.iter_mut().enumerate() {
        let n = i + 1;
        ui.group(|ui| {
            ui.horizontal(|ui| {
                ui.label(format!("Local index {n}"));
                named_text_field(
                    ui,
                    &mut lsi.name,
                    &format!("Local index {n} name"),
                    "byDate",
                    180.0,
                );
                if named_button(ui, "Remove", &format!("Remove local index {n}")).clicked() {
                    remove = Some(i);
                }
            });
            field_error_ui(ui, error_at(FieldId::LsiName(i)).as_deref());
            let prefix = format!("Local index {n}");
            key_ui(
                ui,
                &mut lsi.sort_key,
                &format!("{prefix} sort key"),
                "sk",
                &format!("lsi{n}_sk"),
            );
            field_error_ui(ui, error_at(FieldId::LsiSortKeyName(i)).as_deref());
            projection_ui(ui, &mut lsi.projection, &prefix);
            field_error_ui(ui, error_at(FieldId::LsiNonKeyAttributes(i)).as_deref());
        });
    }
    if let Some(i) = remove {
        draft.local_indexes.remove(i);
        form.errors.clear();
    }
    if named_button(ui, "Add local index", "Add local index").clicked() {
        draft.local_indexes.push(LsiDraft::default());
    }
}

/// A key attribute: its name and its type (string, number or binary).
fn key_ui(ui: &mut egui::Ui, key: &mut KeyDraft, name: &str, hint: &str, salt: &str) {
    ui.horizontal(|ui| {
        // Index rows show "Partition key" or "Sort key"; the accessible name keeps the index.
        if salt.starts_with("gsi") || salt.starts_with("lsi") {
            let short = if name.ends_with("partition key") {
                "Partition key"
            } else {
                "Sort key"
            };
            ui.label(short);
        }
        named_text_field(ui, &mut key.name, &format!("{name} name"), hint, 180.0);
        let combo = egui::ComboBox::from_id_salt(("key_type", salt))
            .selected_text(key.scalar_type.label())
            .width(90.0)
            .show_ui(ui, |ui| {
                for scalar in KeyScalarType::ALL {
                    ui.selectable_value(&mut key.scalar_type, scalar, scalar.label());
                }
            });
        set_accessible_name(ui, &combo.response, &format!("{name} type"));
    });
}

fn capacity_ui(ui: &mut egui::Ui, capacity: &mut CapacityDraft, owner: &str) {
    ui.horizontal(|ui| {
        ui.label("Read units");
        named_text_field(
            ui,
            &mut capacity.read,
            &format!("{owner} read capacity"),
            "5",
            50.0,
        );
        ui.label("Write units");
        named_text_field(
            ui,
            &mut capacity.write,
            &format!("{owner} write capacity"),
            "5",
            50.0,
        );
    });
}

fn projection_ui(ui: &mut egui::Ui, projection: &mut ProjectionDraft, owner: &str) {
    ui.horizontal(|ui| {
        ui.label("Projection");
        let combo = egui::ComboBox::from_id_salt(("projection", owner))
            .selected_text(projection.choice.label())
            .show_ui(ui, |ui| {
                for choice in ProjectionChoice::ALL {
                    ui.selectable_value(&mut projection.choice, choice, choice.label());
                }
            });
        set_accessible_name(ui, &combo.response, &format!("{owner} projection"));
        if projection.choice == ProjectionChoice::Include {
            named_text_field(
                ui,
                &mut projection.non_key_attributes,
                &format!("{owner} projected attributes"),
                "status, total",
                180.0,
            );
        }
    });
}
