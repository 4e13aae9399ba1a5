//! The create-table form as typed ([`TableDraft`]) and its validation into a
//! [`TableSpec`]. Checking here lets the form show every mistake at its field at once,
//! instead of one ValidationException per attempt.

use std::collections::HashSet;

use crate::dynamodb::model::table_spec::Billing;

use crate::dynamodb::model::table_spec::Capacity;

use crate::dynamodb::model::table_spec::GlobalIndexSpec;

use crate::dynamodb::model::table_spec::KeyScalarType;

use crate::dynamodb::model::table_spec::KeySpec;

use crate::dynamodb::model::table_spec::LocalIndexSpec;

use crate::dynamodb::model::table_spec::MAX_GLOBAL_INDEXES;

use crate::dynamodb::model::table_spec::MAX_LOCAL_INDEXES;

use crate::dynamodb::model::table_spec::MAX_PROJECTED_ATTRIBUTES;

use crate::dynamodb::model::table_spec::Projection;

use crate::dynamodb::model::table_spec::TableSpec;

use crate::dynamodb::model::table_spec::attribute_name_problem;

use crate::dynamodb::model::table_spec::resource_name_problem;

/// A key attribute as typed: a name and a chosen type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyDraft {
    pub name: String,
    pub scalar_type: KeyScalarType,
}

impl KeyDraft {
    pub fn new(name: impl Into<String>, scalar_type: KeyScalarType) -> Self {
        Self {
            name: name.into(),
            scalar_type,
        }
    }
}

/// How the table is paid for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BillingChoice {
    #[default]
    OnDemand,
    Provisioned,
}

/// Read and write capacity units as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapacityDraft {
    pub read: String,
    pub write: String,
}

impl Default for CapacityDraft {
    /// The console's defaults, so a user switching to provisioned starts from something valid.
    fn default() -> Self {
        Self {
            read: "5".to_owned(),
            write: "5".to_owned(),
        }
    }
}

/// Which attributes an index copies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProjectionChoice {
    #[default]
    All,
    KeysOnly,
    Include,
}

impl ProjectionChoice {
    pub const ALL: [Self; 3] = [Self::All, Self::KeysOnly, Self::Include];

    /// The wire name: `ALL`, `KEYS_ONLY` or `INCLUDE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "ALL",
            Self::KeysOnly => "KEYS_ONLY",
            Self::Include => "INCLUDE",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::All => "All attributes",
            Self::KeysOnly => "Keys only",
            Self::Include => "Keys and chosen attributes",
        }
    }
}

/// An index projection as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectionDraft {
    pub choice: ProjectionChoice,
    /// Comma-separated; read only for [`ProjectionChoice::Include`].
    pub non_key_attributes: String,
}

/// A global secondary index as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GsiDraft {
    pub name: String,
    pub partition_key: KeyDraft,
    /// An empty name means the index has no sort key.
    pub sort_key: KeyDraft,
    pub projection: ProjectionDraft,
    /// Read only when the table is provisioned.
    pub capacity: CapacityDraft,
}

/// A local secondary index as typed: it shares the table's partition key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LsiDraft {
    pub name: String,
    pub sort_key: KeyDraft,
    pub projection: ProjectionDraft,
}

/// The whole create-table form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableDraft {
    pub table_name: String,
    pub partition_key: KeyDraft,
    /// An empty name means the table has no sort key.
    pub sort_key: KeyDraft,
    pub billing: BillingChoice,
    /// Read only when [`BillingChoice::Provisioned`].
    pub capacity: CapacityDraft,
    pub global_indexes: Vec<GsiDraft>,
    pub local_indexes: Vec<LsiDraft>,
}

/// A field of the form, so an error can be shown next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldId {
    TableName,
    PartitionKeyName,
    SortKeyName,
    ReadCapacity,
    WriteCapacity,
    /// The list of global indexes as a whole (e.g. too many).
    GlobalIndexes,
    GsiName(usize),
    GsiPartitionKeyName(usize),
    GsiSortKeyName(usize),
    GsiNonKeyAttributes(usize),
    GsiReadCapacity(usize),
    GsiWriteCapacity(usize),
    /// The list of local indexes as a whole (too many, or no table sort key).
    LocalIndexes,
    LsiName(usize),
    LsiSortKeyName(usize),
    LsiNonKeyAttributes(usize),
}

impl FieldId {
    /// The field as a person would name it, e.g. "Global index 2 sort key".
    pub fn label(self) -> String {
        let gsi = |i: usize, what: &str| format!("Global index {} {what}", i + 1);
        let lsi = |i: usize, what: &str| format!("Local index {} {what}", i + 1);
        match self {
            Self::TableName => "Table name".to_owned(),
            Self::PartitionKeyName => "Partition key".to_owned(),
            Self::SortKeyName => "Sort key".to_owned(),
            Self::ReadCapacity => "Read capacity".to_owned(),
            Self::WriteCapacity => "Write capacity".to_owned(),
            Self::GlobalIndexes => "Global indexes".to_owned(),
            Self::GsiName(i) => gsi(i, "name"),
            Self::GsiPartitionKeyName(i) => gsi(i, "partition key"),
            Self::GsiSortKeyName(i) => gsi(i, "sort key"),
            Self::GsiNonKeyAttributes(i) => gsi(i, "projected attributes"),
            Self::GsiReadCapacity(i) => gsi(i, "read capacity"),
            Self::GsiWriteCapacity(i) => gsi(i, "write capacity"),
            Self::LocalIndexes => "Local indexes".to_owned(),
            Self::LsiName(i) => lsi(i, "name"),
            Self::LsiSortKeyName(i) => lsi(i, "sort key"),
            Self::LsiNonKeyAttributes(i) => lsi(i, "projected attributes"),
        }
    }
}

/// A mistake in the form, shown at its field; nothing is sent while any remain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: FieldId,
    pub message: String,
}

/// Validation state shared by every field: errors so far, and what earlier fields declared.
#[derive(Default)]
struct Checker {
    errors: Vec<FieldError>,
    /// Each key attribute seen so far, with its type and the field that declared it first.
    key_types: Vec<(String, KeyScalarType, FieldId)>,
    index_names: HashSet<String>,
    projected_attributes: usize,
}

impl Checker {
    fn error(&mut self, field: FieldId, message: impl Into<String>) {
        self.errors.push(FieldError {
            field,
            message: message.into(),
        });
    }

    /// A required key attribute.
    fn key(&mut self, draft: &KeyDraft, field: FieldId) -> Option<KeySpec> {
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
    fn sort_key(
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
    fn distinct_sort_key(
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

    fn index_name(&mut self, name: &str, field: FieldId) -> Option<String> {
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

    fn capacity(
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

    fn units(&mut self, text: &str, what: &str, field: FieldId) -> Option<i64> {
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

    fn projection(&mut self, draft: &ProjectionDraft, field: FieldId) -> Option<Projection> {
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

    fn global_index(
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

    fn local_index(
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

impl TableDraft {
    /// The table DynamoDB would accept, or every mistake found, each at its field.
    pub fn validate(&self) -> Result<TableSpec, Vec<FieldError>> {
        let mut check = Checker::default();
        let name = match resource_name_problem("table", &self.table_name) {
            Some(problem) => {
                check.error(FieldId::TableName, problem);
                None
            }
            None => Some(self.table_name.clone()),
        };
        let partition_key = check.key(&self.partition_key, FieldId::PartitionKeyName);
        let sort_key = check.sort_key(&self.sort_key, partition_key.as_ref(), FieldId::SortKeyName);
        let billing = match self.billing {
            BillingChoice::OnDemand => Some(Billing::OnDemand),
            BillingChoice::Provisioned => check
                .capacity(
                    &self.capacity,
                    FieldId::ReadCapacity,
                    FieldId::WriteCapacity,
                )
                .map(Billing::Provisioned),
        };
        let provisioned = self.billing == BillingChoice::Provisioned;

        if self.global_indexes.len() > MAX_GLOBAL_INDEXES {
            check.error(
                FieldId::GlobalIndexes,
                format!(
                    "A table has at most {MAX_GLOBAL_INDEXES} global indexes (this one has {}).",
                    self.global_indexes.len()
                ),
            );
        }
        let global_indexes: Vec<Option<GlobalIndexSpec>> = self
            .global_indexes
            .iter()
            .enumerate()
            .map(|(i, draft)| check.global_index(i, draft, provisioned))
            .collect();

        if self.local_indexes.len() > MAX_LOCAL_INDEXES {
            check.error(
                FieldId::LocalIndexes,
                format!(
                    "A table has at most {MAX_LOCAL_INDEXES} local indexes (this one has {}).",
                    self.local_indexes.len()
                ),
            );
        }
        if !self.local_indexes.is_empty() && self.sort_key.name.is_empty() {
            check.error(
                FieldId::LocalIndexes,
                "Local indexes need a table sort key: add one, or remove the local indexes.",
            );
        }
        let local_indexes: Vec<Option<LocalIndexSpec>> = self
            .local_indexes
            .iter()
            .enumerate()
            .map(|(i, draft)| check.local_index(i, draft, partition_key.as_ref()))
            .collect();

        let global_indexes: Option<Vec<GlobalIndexSpec>> = global_indexes.into_iter().collect();
        let local_indexes: Option<Vec<LocalIndexSpec>> = local_indexes.into_iter().collect();
        match (
            name,
            partition_key,
            sort_key,
            billing,
            global_indexes,
            local_indexes,
        ) {
            (
                Some(name),
                Some(partition_key),
                Ok(sort_key),
                Some(billing),
                Some(global_indexes),
                Some(local_indexes),
            ) if check.errors.is_empty() => Ok(TableSpec {
                name,
                partition_key,
                sort_key,
                billing,
                global_indexes,
                local_indexes,
            }),
            _ => Err(check.errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use KeyScalarType::{B, N, S};

    fn include(attributes: &str) -> ProjectionDraft {
        ProjectionDraft {
            choice: ProjectionChoice::Include,
            non_key_attributes: attributes.to_owned(),
        }
    }

    fn gsi(name: &str, partition: &str, sort: &str) -> GsiDraft {
        GsiDraft {
            name: name.to_owned(),
            partition_key: KeyDraft::new(partition, S),
            sort_key: KeyDraft::new(sort, S),
            ..Default::default()
        }
    }

    fn lsi(name: &str, sort: &str) -> LsiDraft {
        LsiDraft {
            name: name.to_owned(),
            sort_key: KeyDraft::new(sort, N),
            ..Default::default()
        }
    }

    /// A provisioned table with a sort key, one GSI and one LSI: every part filled in.
    fn full_draft() -> TableDraft {
        TableDraft {
            table_name: "Orders-2024.v1".to_owned(),
            partition_key: KeyDraft::new("customerId", S),
            sort_key: KeyDraft::new("orderId", S),
            billing: BillingChoice::Provisioned,
            capacity: CapacityDraft {
                read: " 7 ".to_owned(),
                write: "3".to_owned(),
            },
            global_indexes: vec![GsiDraft {
                projection: include("total, customerName,, "),
                ..gsi("byStatus", "status", "")
            }],
            local_indexes: vec![lsi("byTotal", "total")],
        }
    }

    fn minimal_draft() -> TableDraft {
        TableDraft {
            table_name: "abc".to_owned(),
            partition_key: KeyDraft::new("pk", S),
            ..Default::default()
        }
    }

    /// The fields the draft's errors point at, in order.
    fn fields(draft: &TableDraft) -> Vec<FieldId> {
        match draft.validate() {
            Ok(spec) => panic!("expected errors, got {spec:?}"),
            Err(errors) => errors.into_iter().map(|e| e.field).collect(),
        }
    }

    fn message(draft: &TableDraft, field: FieldId) -> String {
        let errors = draft.validate().expect_err("errors");
        errors
            .into_iter()
            .find(|e| e.field == field)
            .map(|e| e.message)
            .unwrap_or_else(|| panic!("no error at {field:?}"))
    }

    #[test]
    fn a_full_draft_becomes_a_typed_spec() {
        let spec = full_draft().validate().expect("valid");
        let key = |name: &str, scalar_type| KeySpec {
            name: name.to_owned(),
            scalar_type,
        };
        assert_eq!(
            spec,
            TableSpec {
                name: "Orders-2024.v1".to_owned(),
                partition_key: key("customerId", S),
                sort_key: Some(key("orderId", S)),
                billing: Billing::Provisioned(Capacity {
                    read_units: 7,
                    write_units: 3
                }),
                global_indexes: vec![GlobalIndexSpec {
                    name: "byStatus".to_owned(),
                    partition_key: key("status", S),
                    sort_key: None,
                    projection: Projection::Include(vec![
                        "total".to_owned(),
                        "customerName".to_owned()
                    ]),
                    capacity: Some(Capacity {
                        read_units: 5,
                        write_units: 5
                    }),
                }],
                local_indexes: vec![LocalIndexSpec {
                    name: "byTotal".to_owned(),
                    sort_key: key("total", N),
                    projection: Projection::All,
                }],
            }
        );
        let names: Vec<String> = spec
            .attribute_definitions()
            .into_iter()
            .map(|k| k.name)
            .collect();
        assert_eq!(names, ["customerId", "orderId", "status", "total"]);
    }

    #[test]
    fn on_demand_needs_no_capacity_and_ignores_what_was_typed() {
        let mut draft = full_draft();
        draft.billing = BillingChoice::OnDemand;
        draft.capacity.read = "lots".to_owned();
        draft.global_indexes[0].capacity.write = String::new();
        let spec = draft.validate().expect("valid");
        assert_eq!(spec.billing, Billing::OnDemand);
        assert_eq!(spec.global_indexes[0].capacity, None);
    }

    #[test]
    fn table_names_follow_dynamodb_rules() {
        let problem = |name: &str| {
            let mut draft = minimal_draft();
            draft.table_name = name.to_owned();
            draft
                .validate()
                .err()
                .map(|errors| (errors[0].field, errors[0].message.clone()))
        };
        assert_eq!(problem("a.b"), None);
        assert_eq!(problem(&"x".repeat(255)), None);
        for bad in [
            "",
            "ab",
            "has space",
            "tablé",
            "表格名",
            "a/b",
            "tab\tle",
            "x\u{0}y",
        ] {
            let (field, message) = problem(bad).unwrap_or_else(|| panic!("{bad:?} passed"));
            assert_eq!(field, FieldId::TableName, "{bad:?}");
            assert!(!message.is_empty());
        }
        let (_, long) = problem(&"x".repeat(300)).expect("too long");
        assert!(long.contains("300"), "{long}");
        let (_, unicode) = problem("tablé").expect("unicode");
        assert!(unicode.contains('é'), "{unicode}");
        let (_, control) = problem("x\u{0}y").expect("control");
        assert!(control.contains("\\0"), "{control}");
    }

    #[test]
    fn attribute_names_are_measured_in_bytes() {
        let mut draft = minimal_draft();
        // 85 three-byte characters: 255 bytes, the most allowed.
        draft.partition_key.name = "€".repeat(85);
        assert!(draft.validate().is_ok());
        draft.partition_key.name = "€".repeat(86);
        assert!(message(&draft, FieldId::PartitionKeyName).contains("258"));
        draft.partition_key.name = String::new();
        assert_eq!(fields(&draft), [FieldId::PartitionKeyName]);
        draft.partition_key.name = "pk ".to_owned();
        assert_eq!(fields(&draft), [FieldId::PartitionKeyName]);
        draft.partition_key.name = "🔑 ключ".to_owned();
        assert!(draft.validate().is_ok());
    }

    #[test]
    fn capacities_are_whole_numbers_of_at_least_one() {
        for (text, expected) in [
            ("", "Enter the read"),
            ("0", "at least 1"),
            ("-4", "at least 1"),
            ("1.5", "not a whole number"),
            ("five", "not a whole number"),
            ("99999999999999999999999", "far more"),
            ("١٢", "not a whole number"),
        ] {
            let mut draft = minimal_draft();
            draft.billing = BillingChoice::Provisioned;
            draft.capacity.read = text.to_owned();
            let got = message(&draft, FieldId::ReadCapacity);
            assert!(got.contains(expected), "{text:?}: {got}");
        }
    }

    #[test]
    fn every_mistake_is_reported_at_once() {
        let draft = TableDraft {
            table_name: "x".to_owned(),
            partition_key: KeyDraft::new("", S),
            sort_key: KeyDraft::new("sk", S),
            billing: BillingChoice::Provisioned,
            capacity: CapacityDraft {
                read: "0".to_owned(),
                write: "w".to_owned(),
            },
            global_indexes: vec![GsiDraft {
                projection: include(""),
                capacity: CapacityDraft {
                    read: "1".to_owned(),
                    write: String::new(),
                },
                ..gsi("g", "sk", "sk")
            }],
            local_indexes: vec![lsi("", "")],
        };
        assert_eq!(
            fields(&draft),
            [
                FieldId::TableName,
                FieldId::PartitionKeyName,
                FieldId::ReadCapacity,
                FieldId::WriteCapacity,
                FieldId::GsiName(0),
                FieldId::GsiSortKeyName(0),
                FieldId::GsiNonKeyAttributes(0),
                FieldId::GsiWriteCapacity(0),
                FieldId::LsiName(0),
                FieldId::LsiSortKeyName(0),
            ]
        );
    }

    #[test]
    fn index_names_are_unique_across_global_and_local_indexes() {
        let mut draft = full_draft();
        draft
            .global_indexes
            .push(gsi("byStatus", "status", "orderId"));
        draft.local_indexes[0].name = "byStatus".to_owned();
        assert_eq!(fields(&draft), [FieldId::GsiName(1), FieldId::LsiName(0)]);
        assert!(message(&draft, FieldId::LsiName(0)).contains("already named"));
        // Case matters to DynamoDB, so these are distinct.
        let mut draft = full_draft();
        draft.local_indexes[0].name = "BYSTATUS".to_owned();
        assert!(draft.validate().is_ok());
    }

    #[test]
    fn an_attribute_has_one_type_across_all_key_schemas() {
        let mut draft = full_draft();
        // `total` is a Number sort key of the LSI; the GSI declares it a String.
        draft.global_indexes[0].sort_key = KeyDraft::new("total", S);
        let got = message(&draft, FieldId::LsiSortKeyName(0));
        assert!(
            got.contains("String") && got.contains("Global index 1 sort key"),
            "{got}"
        );

        let mut draft = minimal_draft();
        draft.global_indexes = vec![GsiDraft {
            partition_key: KeyDraft::new("pk", B),
            ..gsi("byBinary", "pk", "")
        }];
        assert_eq!(fields(&draft), [FieldId::GsiPartitionKeyName(0)]);

        // The same attribute with the same type in several schemas is fine.
        let mut draft = full_draft();
        draft.global_indexes[0].sort_key = KeyDraft::new("orderId", S);
        assert!(draft.validate().is_ok());
    }

    #[test]
    fn a_key_schema_cannot_use_one_attribute_twice() {
        let mut draft = minimal_draft();
        draft.sort_key = KeyDraft::new("pk", S);
        assert!(message(&draft, FieldId::SortKeyName).contains("differ"));
        let mut draft = full_draft();
        draft.global_indexes[0].sort_key = KeyDraft::new("status", S);
        assert_eq!(fields(&draft), [FieldId::GsiSortKeyName(0)]);
        let mut draft = full_draft();
        draft.local_indexes[0].sort_key = KeyDraft::new("customerId", S);
        assert_eq!(fields(&draft), [FieldId::LsiSortKeyName(0)]);
    }

    #[test]
    fn local_indexes_need_a_table_sort_key() {
        let mut draft = full_draft();
        draft.sort_key.name.clear();
        assert_eq!(fields(&draft), [FieldId::LocalIndexes]);
    }

    #[test]
    fn index_counts_are_limited() {
        let mut draft = full_draft();
        draft.local_indexes = (0..6).map(|i| lsi(&format!("lsi{i}"), "total")).collect();
        assert_eq!(fields(&draft), [FieldId::LocalIndexes]);
        draft.local_indexes.truncate(5);
        draft.global_indexes = (0..21)
            .map(|i| gsi(&format!("gsi{i:02}"), "status", ""))
            .collect();
        assert_eq!(fields(&draft), [FieldId::GlobalIndexes]);
        draft.global_indexes.truncate(20);
        assert!(draft.validate().is_ok());
    }

    #[test]
    fn include_projections_are_checked() {
        let with_projection = |text: &str| {
            let mut draft = full_draft();
            draft.global_indexes[0].projection = include(text);
            draft
        };
        for (text, expected) in [
            ("", "at least one"),
            (" , ,", "at least one"),
            ("a, b, a", "listed twice"),
            (&"x".repeat(256), "at most 255 bytes"),
        ] {
            let got = message(&with_projection(text), FieldId::GsiNonKeyAttributes(0));
            assert!(got.contains(expected), "{text:?}: {got}");
        }
        let hundred: Vec<String> = (0..100).map(|i| format!("a{i}")).collect();
        assert!(with_projection(&hundred.join(",")).validate().is_ok());
        let hundred_one: Vec<String> = (0..101).map(|i| format!("a{i}")).collect();
        assert_eq!(
            fields(&with_projection(&hundred_one.join(","))),
            [FieldId::GsiNonKeyAttributes(0)]
        );
        // The limit counts over all indexes: 60 here and 60 on the LSI is too many.
        let sixty: Vec<String> = (0..60).map(|i| format!("a{i}")).collect();
        let mut draft = with_projection(&sixty.join(","));
        draft.local_indexes[0].projection = include(&sixty.join(","));
        assert_eq!(fields(&draft), [FieldId::LsiNonKeyAttributes(0)]);
        // Text typed under INCLUDE is ignored once the choice is ALL.
        let mut draft = with_projection("a, a");
        draft.global_indexes[0].projection.choice = ProjectionChoice::KeysOnly;
        let spec = draft.validate().expect("valid");
        assert_eq!(spec.global_indexes[0].projection, Projection::KeysOnly);
    }

    #[test]
    fn field_labels_count_from_one() {
        assert_eq!(
            FieldId::GsiSortKeyName(0).label(),
            "Global index 1 sort key"
        );
        assert_eq!(FieldId::LsiName(4).label(), "Local index 5 name");
    }
}
