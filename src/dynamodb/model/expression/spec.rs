//! The builder form's contents, checked field by field and turned into a request.

use crate::dynamodb::model::expression::filter::{
    FilterSpec, SortKeyCondition, filter_condition, sort_condition,
};
use crate::dynamodb::model::expression::path::{parse_path, split_projection};
use crate::dynamodb::model::expression::placeholders::Placeholders;
use crate::dynamodb::model::expression::request::ItemsRequest;
use crate::dynamodb::model::expression::typed_input::{ScalarKind, TypedInput};

/// Query or scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Operation {
    Query,
    Scan,
}

impl Operation {
    pub fn name(self) -> &'static str {
        match self {
            Self::Query => "Query",
            Self::Scan => "Scan",
        }
    }
}

/// The sort key part of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortKeySpec {
    pub name: String,
    pub condition: SortKeyCondition,
    pub value: TypedInput,
    pub value2: TypedInput,
}

/// Everything the builder form holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemsRequestSpec {
    pub operation: Operation,
    pub table: String,
    pub index: Option<String>,
    /// Partition key name and value (Query only).
    pub partition: Option<(String, TypedInput)>,
    /// Sort key condition (Query only, optional).
    pub sort: Option<SortKeySpec>,
    pub filters: Vec<FilterSpec>,
    /// Comma-separated attribute paths; empty for all attributes.
    pub projection: String,
    pub page_size: Option<i32>,
    pub ascending: bool,
}

impl ItemsRequestSpec {
    /// A plain scan of a table.
    pub fn scan(table: &str, page_size: i32) -> Self {
        Self {
            operation: Operation::Scan,
            table: table.to_owned(),
            index: None,
            partition: None,
            sort: None,
            filters: Vec::new(),
            projection: String::new(),
            page_size: Some(page_size),
            ascending: true,
        }
    }
}

/// The field of the form a message belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    PartitionValue,
    SortValue,
    SortValue2,
    FilterPath(usize),
    FilterValue(usize),
    FilterValue2(usize),
    Projection,
    PageSize,
}

/// A user's input error, shown at its field; nothing is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

pub(super) fn at(field: Field) -> impl Fn(String) -> FieldError {
    move |message| FieldError { field, message }
}

impl ItemsRequestSpec {
    /// Checks every field and writes the expressions; the first bad field wins.
    pub fn build(&self) -> Result<ItemsRequest, FieldError> {
        let mut p = Placeholders::default();
        let key_condition = match (self.operation, &self.partition) {
            (Operation::Query, Some((name, value))) => {
                if value.text.is_empty() && value.kind != ScalarKind::Null {
                    return Err(at(Field::PartitionValue)(
                        "A query needs the partition key value".to_owned(),
                    ));
                }
                let value = value.parse().map_err(at(Field::PartitionValue))?;
                let mut condition = format!("{} = {}", p.name(name), p.value(value));
                if let Some(sort) = &self.sort {
                    condition.push_str(" AND ");
                    condition.push_str(&sort_condition(sort, &mut p)?);
                }
                Some(condition)
            }
            (Operation::Query, None) => {
                return Err(at(Field::PartitionValue)(
                    "A query needs the partition key".to_owned(),
                ));
            }
            (Operation::Scan, _) => None,
        };
        let mut filters = Vec::new();
        for (i, filter) in self.filters.iter().enumerate() {
            filters.push(filter_condition(i, filter, &mut p)?);
        }
        let filter = (!filters.is_empty()).then(|| filters.join(" AND "));
        let mut projected = Vec::new();
        for part in split_projection(&self.projection) {
            let path = parse_path(&part).map_err(at(Field::Projection))?;
            projected.push(p.path(&path));
        }
        let projection = (!projected.is_empty()).then(|| projected.join(", "));
        if let Some(size) = self.page_size
            && size < 1
        {
            return Err(at(Field::PageSize)(
                "The page size is a whole number of at least 1".to_owned(),
            ));
        }
        Ok(ItemsRequest {
            operation: self.operation,
            table: self.table.clone(),
            index: self.index.clone(),
            key_condition,
            filter,
            projection,
            names: p.names,
            values: p.values,
            page_size: self.page_size,
            ascending: self.ascending,
        })
    }
}

#[cfg(test)]
pub(super) mod tests {
    use crate::dynamodb::model::attribute::{AttrType, AttrValue};
    use crate::dynamodb::model::expression::*;

    /// A query on `Orders` by customer with the given filters.
    pub(crate) fn query(filters: Vec<FilterSpec>) -> ItemsRequestSpec {
        ItemsRequestSpec {
            operation: Operation::Query,
            table: "Orders".into(),
            index: None,
            partition: Some(("customerId".into(), TypedInput::new(ScalarKind::S, "C#1"))),
            sort: None,
            filters,
            projection: String::new(),
            page_size: Some(50),
            ascending: true,
        }
    }

    #[test]
    fn every_sort_key_condition_uses_placeholders() {
        let cases = [
            (SortKeyCondition::Eq, "#n0 = :v0 AND #n1 = :v1"),
            (SortKeyCondition::Lt, "#n0 = :v0 AND #n1 < :v1"),
            (SortKeyCondition::Le, "#n0 = :v0 AND #n1 <= :v1"),
            (SortKeyCondition::Gt, "#n0 = :v0 AND #n1 > :v1"),
            (SortKeyCondition::Ge, "#n0 = :v0 AND #n1 >= :v1"),
            (
                SortKeyCondition::Between,
                "#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2",
            ),
            (
                SortKeyCondition::BeginsWith,
                "#n0 = :v0 AND begins_with(#n1, :v1)",
            ),
        ];
        for (condition, expected) in cases {
            let mut spec = query(vec![]);
            spec.sort = Some(SortKeySpec {
                name: "orderId".into(),
                condition,
                value: TypedInput::new(ScalarKind::S, "ORDER#1"),
                value2: TypedInput::new(ScalarKind::S, "ORDER#9"),
            });
            let built = spec.build().expect("valid");
            assert_eq!(built.key_condition.as_deref(), Some(expected));
            assert_eq!(built.names[1], ("#n1".into(), "orderId".into()));
        }
    }

    #[test]
    fn every_filter_operator_renders() {
        let ops = FilterOp::ALL;
        let filters: Vec<FilterSpec> = ops
            .iter()
            .map(|op| FilterSpec {
                path: "status".into(),
                op: *op,
                value: TypedInput::new(ScalarKind::N, "3"),
                value2: TypedInput::new(ScalarKind::N, "9"),
                type_tag: AttrType::Ss,
            })
            .collect();
        let built = query(filters).build().expect("valid");
        let filter = built.filter.expect("filter");
        for expected in [
            "#n1 = :v1",
            "#n1 <> :v2",
            "#n1 BETWEEN :v7 AND :v8",
            "begins_with(#n1, :v9)",
            "contains(#n1, :v10)",
            "NOT contains(#n1, :v11)",
            "attribute_exists(#n1)",
            "attribute_not_exists(#n1)",
            "attribute_type(#n1, :v12)",
            "size(#n1) >= :v18",
        ] {
            assert!(
                filter.contains(expected),
                "{expected} missing from {filter}"
            );
        }
        // `status` is reserved: it only ever appears as a placeholder.
        assert!(!filter.contains("status"));
        assert!(built.values.contains(&(":v12".into(), AttrValue::s("SS"))));
    }

    #[test]
    fn names_repeat_once_and_nested_paths_share_placeholders() {
        let filters = vec![
            FilterSpec {
                path: "shipping.address.city".into(),
                value: TypedInput::new(ScalarKind::S, "Zürich"),
                ..Default::default()
            },
            FilterSpec {
                path: "`dotted.attribute`".into(),
                op: FilterOp::Exists,
                ..Default::default()
            },
            FilterSpec {
                path: "lines[0].sku".into(),
                op: FilterOp::BeginsWith,
                value: TypedInput::new(ScalarKind::S, "SKU"),
                ..Default::default()
            },
        ];
        let mut spec = query(filters);
        spec.projection = "customerId, shipping.address, `dotted.attribute`".into();
        let built = spec.build().expect("valid");
        assert_eq!(
            built.filter.as_deref(),
            Some("#n1.#n2.#n3 = :v1 AND attribute_exists(#n4) AND begins_with(#n5[0].#n6, :v2)")
        );
        assert_eq!(built.projection.as_deref(), Some("#n0, #n1.#n2, #n4"));
        assert!(
            built
                .names
                .contains(&("#n4".into(), "dotted.attribute".into()))
        );
    }

    #[test]
    fn bad_input_is_reported_at_its_field() {
        let mut spec = query(vec![FilterSpec {
            path: "total".into(),
            value: TypedInput::new(ScalarKind::N, "12abc"),
            ..Default::default()
        }]);
        assert_eq!(spec.build().expect_err("bad").field, Field::FilterValue(0));
        spec.filters[0].value.text = "12".into();
        spec.filters[0].path = "a..b".into();
        assert_eq!(spec.build().expect_err("bad").field, Field::FilterPath(0));
        spec.filters.clear();
        spec.partition = Some(("customerId".into(), TypedInput::new(ScalarKind::S, "")));
        assert_eq!(spec.build().expect_err("bad").field, Field::PartitionValue);
        spec.partition = Some(("n".into(), TypedInput::new(ScalarKind::N, "1e999")));
        assert_eq!(spec.build().expect_err("bad").field, Field::PartitionValue);
        spec.partition = Some(("n".into(), TypedInput::new(ScalarKind::N, "1")));
        spec.sort = Some(SortKeySpec {
            name: "s".into(),
            condition: SortKeyCondition::BeginsWith,
            value: TypedInput::new(ScalarKind::N, "1"),
            value2: TypedInput::default(),
        });
        assert_eq!(spec.build().expect_err("bad").field, Field::SortValue);
        spec.sort = None;
        spec.page_size = Some(0);
        assert_eq!(spec.build().expect_err("bad").field, Field::PageSize);
        spec.page_size = Some(10);
        spec.projection = "a, `b".into();
        assert_eq!(spec.build().expect_err("bad").field, Field::Projection);
        let bad_binary = TypedInput::new(ScalarKind::B, "@@@");
        assert!(bad_binary.parse().is_err());
        assert!(TypedInput::new(ScalarKind::Bool, "yes").parse().is_err());
    }
}
