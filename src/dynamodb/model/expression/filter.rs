//! The conditions of a request: sort key conditions and filter rows, written with placeholders.

use crate::dynamodb::model::attribute::AttrType;
use crate::dynamodb::model::attribute::AttrValue;
use crate::dynamodb::model::expression::path::parse_path;
use crate::dynamodb::model::expression::placeholders::Placeholders;
use crate::dynamodb::model::expression::spec::{Field, FieldError, SortKeySpec, at};
use crate::dynamodb::model::expression::typed_input::{ScalarKind, TypedInput};

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Comparator {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Comparator {
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Eq => "=",
            Self::Ne => "<>",
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
        }
    }
}

/// A sort key condition of a query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SortKeyCondition {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
    Between,
    BeginsWith,
}

impl SortKeyCondition {
    pub const ALL: [Self; 7] = [
        Self::Eq,
        Self::Lt,
        Self::Le,
        Self::Gt,
        Self::Ge,
        Self::Between,
        Self::BeginsWith,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Eq => "=",
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
            Self::Between => "between",
            Self::BeginsWith => "begins with",
        }
    }
}

/// A filter condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FilterOp {
    Compare(Comparator),
    Between,
    BeginsWith,
    Contains,
    NotContains,
    Exists,
    NotExists,
    /// `attribute_type(path, :t)`; the type comes from [`FilterSpec::type_tag`].
    AttributeType,
    /// `size(path) <op> :n`.
    Size(Comparator),
}

impl FilterOp {
    pub const ALL: [Self; 19] = [
        Self::Compare(Comparator::Eq),
        Self::Compare(Comparator::Ne),
        Self::Compare(Comparator::Lt),
        Self::Compare(Comparator::Le),
        Self::Compare(Comparator::Gt),
        Self::Compare(Comparator::Ge),
        Self::Between,
        Self::BeginsWith,
        Self::Contains,
        Self::NotContains,
        Self::Exists,
        Self::NotExists,
        Self::AttributeType,
        Self::Size(Comparator::Eq),
        Self::Size(Comparator::Ne),
        Self::Size(Comparator::Lt),
        Self::Size(Comparator::Le),
        Self::Size(Comparator::Gt),
        Self::Size(Comparator::Ge),
    ];

    pub fn label(self) -> String {
        match self {
            Self::Compare(c) => c.symbol().to_owned(),
            Self::Between => "between".to_owned(),
            Self::BeginsWith => "begins with".to_owned(),
            Self::Contains => "contains".to_owned(),
            Self::NotContains => "not contains".to_owned(),
            Self::Exists => "exists".to_owned(),
            Self::NotExists => "not exists".to_owned(),
            Self::AttributeType => "is of type".to_owned(),
            Self::Size(c) => format!("size {}", c.symbol()),
        }
    }

    /// How many typed values the condition takes.
    pub fn value_count(self) -> usize {
        match self {
            Self::Exists | Self::NotExists | Self::AttributeType => 0,
            Self::Between => 2,
            _ => 1,
        }
    }
}

/// One filter row of the builder.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FilterSpec {
    /// An attribute path such as `a.b[0].c`; names with dots go in backticks: `` `a.b` ``.
    pub path: String,
    pub op: FilterOp,
    pub value: TypedInput,
    pub value2: TypedInput,
    pub type_tag: AttrType,
}

impl Default for FilterSpec {
    fn default() -> Self {
        Self {
            path: String::new(),
            op: FilterOp::Compare(Comparator::Eq),
            value: TypedInput::default(),
            value2: TypedInput::default(),
            type_tag: AttrType::S,
        }
    }
}

pub(super) fn sort_condition(
    sort: &SortKeySpec,
    p: &mut Placeholders,
) -> Result<String, FieldError> {
    let first = |p: &mut Placeholders| -> Result<String, FieldError> {
        let value = sort.value.parse().map_err(at(Field::SortValue))?;
        Ok(p.value(value))
    };
    let name = p.name(&sort.name);
    Ok(match sort.condition {
        SortKeyCondition::Eq => format!("{name} = {}", first(p)?),
        SortKeyCondition::Lt => format!("{name} < {}", first(p)?),
        SortKeyCondition::Le => format!("{name} <= {}", first(p)?),
        SortKeyCondition::Gt => format!("{name} > {}", first(p)?),
        SortKeyCondition::Ge => format!("{name} >= {}", first(p)?),
        SortKeyCondition::Between => {
            let low = first(p)?;
            let high = sort.value2.parse().map_err(at(Field::SortValue2))?;
            format!("{name} BETWEEN {low} AND {}", p.value(high))
        }
        SortKeyCondition::BeginsWith => {
            if sort.value.kind == ScalarKind::N {
                return Err(at(Field::SortValue)(
                    "begins with works on string and binary keys only".to_owned(),
                ));
            }
            format!("begins_with({name}, {})", first(p)?)
        }
    })
}

pub(super) fn filter_condition(
    i: usize,
    filter: &FilterSpec,
    p: &mut Placeholders,
) -> Result<String, FieldError> {
    let path = parse_path(&filter.path).map_err(at(Field::FilterPath(i)))?;
    let path = p.path(&path);
    let value = |p: &mut Placeholders| -> Result<String, FieldError> {
        let value = filter.value.parse().map_err(at(Field::FilterValue(i)))?;
        Ok(p.value(value))
    };
    Ok(match filter.op {
        FilterOp::Compare(c) => format!("{path} {} {}", c.symbol(), value(p)?),
        FilterOp::Between => {
            let low = value(p)?;
            let high = filter.value2.parse().map_err(at(Field::FilterValue2(i)))?;
            format!("{path} BETWEEN {low} AND {}", p.value(high))
        }
        FilterOp::BeginsWith => format!("begins_with({path}, {})", value(p)?),
        FilterOp::Contains => format!("contains({path}, {})", value(p)?),
        FilterOp::NotContains => format!("NOT contains({path}, {})", value(p)?),
        FilterOp::Exists => format!("attribute_exists({path})"),
        FilterOp::NotExists => format!("attribute_not_exists({path})"),
        FilterOp::AttributeType => {
            let tag = p.value(AttrValue::s(filter.type_tag.tag()));
            format!("attribute_type({path}, {tag})")
        }
        FilterOp::Size(c) => {
            let size = TypedInput::new(ScalarKind::N, filter.value.text.clone())
                .parse()
                .map_err(at(Field::FilterValue(i)))?;
            format!("size({path}) {} {}", c.symbol(), p.value(size))
        }
    })
}
