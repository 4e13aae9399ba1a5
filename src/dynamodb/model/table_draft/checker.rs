//! Validation state shared by every field of the create-table form, and the checks per part.

use std::collections::HashSet;

use crate::dynamodb::model::table_draft::drafts::{
    CapacityDraft, GsiDraft, KeyDraft, LsiDraft, ProjectionChoice, ProjectionDraft,
};
use crate::dynamodb::model::table_draft::fields::{FieldError, FieldId};
use crate::dynamodb::model::table_spec::Capacity;
use crate::dynamodb::model::table_spec::GlobalIndexSpec;
use crate::dynamodb::model::table_spec::KeyScalarType;
use crate::dynamodb::model::table_spec::KeySpec;
use crate::dynamodb::model::table_spec::LocalIndexSpec;
use crate::dynamodb::model::table_spec::MAX_PROJECTED_ATTRIBUTES;
use crate::dynamodb::model::table_spec::Projection;
use crate::dynamodb::model::table_spec::attribute_name_problem;
use crate::dynamodb::model::table_spec::resource_name_problem;

/// Validation state shared by every field: errors so far, and what earlier fields declared.
#[derive(Default)]
pub(super) struct Checker {
    pub(super) errors: Vec<FieldError>,
    /// Each key attribute seen so far, with its type and the field that declared it first.
    key_types: Vec<(String, KeyScalarType, FieldId)>,
    index_names: HashSet<String>,
    projected_attributes: usize,
}

impl Checker {
    pub(super) fn error(&mut self, field: FieldId, message: impl Into<String>) {
        self.errors.push(FieldError {
            field,
            message: message.into(),
        });
    }

    /// No more indexes of one kind (`"global"` or `"local"`) than a table may have.
    pub(super) fn index_count(&mut self, field: FieldId, kind: &str, count: usize, max: usize) {
        if count > max {
            self.error(
                field,
                format!("A table has at most {max} {kind} indexes (this one has {count})."),
            );
        }
    }

    /// A required key attribute.
    pub(super) fn key(&mut self, draft: &KeyDraft, field: FieldId) -> Option<KeySpec> {
        if let Some(problem) = attribute_name_problem(&draft.name) {
            self.error(field, problem);
            return None;
        }
        let earlier = self
            .key_types
            .iter()
            .find(|(name, _, _)| *name == draft.name)
            .map(|(_, scalar_type, declared_by)| (*scalar_type, *declared_by));
        match earlier {
            Some((scalar_type, declared_by)) if scalar_type != draft.scalar_type => {
                self.error(
                    field,
                    format!(
                        "“{}” is already a {} key ({}); an attribute has one type per table.",
                        draft.name,
                        scalar_type.label(),
                        declared_by.label()
                    ),
                );
                return None;
            }
            Some(_) => {}
            None => self
                .key_types
                .push((draft.name.clone(), draft.scalar_type, field)),
        }
        Some(KeySpec {
            name: draft.name.clone(),
            scalar_type: draft.scalar_type,
        })
    }

    /// An optional sort key: `Ok(None)` when its name is empty, `Err(())` when invalid.
    pub(super) fn sort_key(
        &mut self,
        draft: &KeyDraft,
        partition: Option<&KeySpec>,
        field: FieldId,
    ) -> Result<Option<KeySpec>, ()> {
        if draft.name.is_empty() {
            return Ok(None);
        }
        self.distinct_sort_key(draft, partition, field).map(Some)
    }

    /// A sort key that must not repeat the partition key of its own key schema.
    pub(super) fn distinct_sort_key(
        &mut self,
        draft: &KeyDraft,
        partition: Option<&KeySpec>,
        field: FieldId,
    ) -> Result<KeySpec, ()> {
        if partition.is_some_and(|p| p.name == draft.name) {
            self.error(
                field,
                format!(
                    "The sort key must differ from the partition key “{}”.",
                    draft.name
                ),
            );
            return Err(());
        }
        self.key(draft, field).ok_or(())
    }

    pub(super) fn index_name(&mut self, name: &str, field: FieldId) -> Option<String> {
        if let Some(problem) = resource_name_problem("index", name) {
            self.error(field, problem);
            return None;
        }
        if !self.index_names.insert(name.to_owned()) {
            self.error(field, format!("Another index is already named “{name}”."));
            return None;
        }
        Some(name.to_owned())
    }

    pub(super) fn capacity(
        &mut self,
        draft: &CapacityDraft,
        read_field: FieldId,
        write_field: FieldId,
    ) -> Option<Capacity> {
        let read = self.units(&draft.read, "read", read_field);
        let write = self.units(&draft.write, "write", write_field);
        Some(Capacity {
            read_units: read?,
            write_units: write?,
        })
    }

    pub(super) fn units(&mut self, text: &str, what: &str, field: FieldId) -> Option<i64> {
        let text = text.trim();
        let problem = if text.is_empty() {
            format!("Enter the {what} capacity units (a whole number, 1 or more).")
        } else {
            match text.parse::<i64>() {
                Ok(units) if units >= 1 => return Some(units),
                Ok(_) => format!("The {what} capacity is at least 1 unit."),
                Err(_) if text.bytes().all(|b| b.is_ascii_digit()) => {
                    format!("“{text}” is far more {what} capacity than DynamoDB allows.")
                }
                Err(_) => format!("“{text}” is not a whole number."),
            }
        };
        self.error(field, problem);
        None
    }

    pub(super) fn projection(
        &mut self,
        draft: &ProjectionDraft,
        field: FieldId,
    ) -> Option<Projection> {
        match draft.choice {
            ProjectionChoice::All => return Some(Projection::All),
            ProjectionChoice::KeysOnly => return Some(Projection::KeysOnly),
            ProjectionChoice::Include => {}
        }
        let mut names: Vec<String> = Vec::new();
        for name in draft.non_key_attributes.split(',').map(str::trim) {
            if name.is_empty() {
                continue;
            }
            if let Some(problem) = attribute_name_problem(name) {
                self.error(field, format!("“{name}”: {problem}"));
                return None;
            }
            if names.iter().any(|n| n == name) {
                self.error(field, format!("“{name}” is listed twice."));
                return None;
            }
            names.push(name.to_owned());
        }
        if names.is_empty() {
            self.error(
                field,
                "List at least one attribute to project, separated by commas.",
            );
            return None;
        }
        self.projected_attributes += names.len();
        if self.projected_attributes > MAX_PROJECTED_ATTRIBUTES {
            self.error(
                field,
                format!(
                    "Indexes project at most {MAX_PROJECTED_ATTRIBUTES} chosen attributes in \
                     all; with this index the table has {}.",
                    self.projected_attributes
                ),
            );
            return None;
        }
        Some(Projection::Include(names))
    }

    pub(super) fn global_index(
        &mut self,
        i: usize,
        draft: &GsiDraft,
        provisioned: bool,
    ) -> Option<GlobalIndexSpec> {
        let name = self.index_name(&draft.name, FieldId::GsiName(i));
        let partition_key = self.key(&draft.partition_key, FieldId::GsiPartitionKeyName(i));
        let sort_key = self.sort_key(
            &draft.sort_key,
            partition_key.as_ref(),
            FieldId::GsiSortKeyName(i),
        );
        let projection = self.projection(&draft.projection, FieldId::GsiNonKeyAttributes(i));
        let capacity = if provisioned {
            Some(self.capacity(
                &draft.capacity,
                FieldId::GsiReadCapacity(i),
                FieldId::GsiWriteCapacity(i),
            )?)
        } else {
            None
        };
        Some(GlobalIndexSpec {
            name: name?,
            partition_key: partition_key?,
            sort_key: sort_key.ok()?,
            projection: projection?,
            capacity,
        })
    }

    pub(super) fn local_index(
        &mut self,
        i: usize,
        draft: &LsiDraft,
        table_partition_key: Option<&KeySpec>,
    ) -> Option<LocalIndexSpec> {
        let name = self.index_name(&draft.name, FieldId::LsiName(i));
        let sort_key = self.distinct_sort_key(
            &draft.sort_key,
            table_partition_key,
            FieldId::LsiSortKeyName(i),
        );
        let projection = self.projection(&draft.projection, FieldId::LsiNonKeyAttributes(i));
        Some(LocalIndexSpec {
            name: name?,
            sort_key: sort_key.ok()?,
            projection: projection?,
        })
    }
}
