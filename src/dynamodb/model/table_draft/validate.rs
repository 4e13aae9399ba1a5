//! Validation of the whole create-table form into a [`TableSpec`], every mistake at once.

use crate::dynamodb::model::table_draft::checker::Checker;
use crate::dynamodb::model::table_draft::drafts::{BillingChoice, TableDraft};
use crate::dynamodb::model::table_draft::fields::{FieldError, FieldId};
use crate::dynamodb::model::table_spec::Billing;
use crate::dynamodb::model::table_spec::GlobalIndexSpec;
use crate::dynamodb::model::table_spec::LocalIndexSpec;
use crate::dynamodb::model::table_spec::MAX_GLOBAL_INDEXES;
use crate::dynamodb::model::table_spec::MAX_LOCAL_INDEXES;
use crate::dynamodb::model::table_spec::TableSpec;
use crate::dynamodb::model::table_spec::resource_name_problem;

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

        check.index_count(
            FieldId::GlobalIndexes,
            "global",
            self.global_indexes.len(),
            MAX_GLOBAL_INDEXES,
        );
        let global_indexes: Vec<Option<GlobalIndexSpec>> = self
            .global_indexes
            .iter()
            .enumerate()
            .map(|(i, draft)| check.global_index(i, draft, provisioned))
            .collect();

        check.index_count(
            FieldId::LocalIndexes,
            "local",
            self.local_indexes.len(),
            MAX_LOCAL_INDEXES,
        );
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
    use crate::dynamodb::model::table_draft::*;
    use crate::dynamodb::model::table_spec::{Capacity, KeyScalarType, KeySpec, Projection};
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
