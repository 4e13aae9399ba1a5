//! Query and scan requests as the builder describes them, turned into DynamoDB expressions.
//!
//! Every attribute name goes through a `#nN` placeholder and every value through a `:vN`
//! placeholder, so names with dots, dashes, spaces, unicode or reserved words just work.

use std::collections::HashMap;

use crate::dynamodb::model::attribute::AttrType;

use crate::dynamodb::model::attribute::AttrValue;

use crate::dynamodb::model::attribute::base64_decode;

use crate::dynamodb::model::attribute::validate_number;
use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::attribute_json::value_to_json;

/// The value types a user can type into a condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ScalarKind {
    S,
    N,
    B,
    Bool,
    Null,
}

impl ScalarKind {
    pub const ALL: [Self; 5] = [Self::S, Self::N, Self::B, Self::Bool, Self::Null];

    pub fn label(self) -> &'static str {
        match self {
            Self::S => "String",
            Self::N => "Number",
            Self::B => "Binary (base64)",
            Self::Bool => "Boolean",
            Self::Null => "Null",
        }
    }

    /// The kind of a key attribute from its schema type (`S`, `N` or `B`).
    pub fn from_key_type(tag: &str) -> Self {
        match tag {
            "N" => Self::N,
            "B" => Self::B,
            _ => Self::S,
        }
    }
}

/// A value as typed, with the type the user chose.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TypedInput {
    pub kind: ScalarKind,
    pub text: String,
}

impl Default for TypedInput {
    fn default() -> Self {
        Self {
            kind: ScalarKind::S,
            text: String::new(),
        }
    }
}

impl TypedInput {
    pub fn new(kind: ScalarKind, text: impl Into<String>) -> Self {
        Self {
            kind,
            text: text.into(),
        }
    }

    /// The value, or a message for the field.
    pub fn parse(&self) -> Result<AttrValue, String> {
        match self.kind {
            ScalarKind::S => Ok(AttrValue::s(self.text.clone())),
            ScalarKind::N => {
                validate_number(&self.text).map_err(|e| format!("Not a valid number: {e}"))?;
                Ok(AttrValue::N(self.text.trim().into()))
            }
            ScalarKind::B => Ok(AttrValue::B(base64_decode(&self.text)?.into_boxed_slice())),
            ScalarKind::Bool => match self.text.trim().to_ascii_lowercase().as_str() {
                "true" => Ok(AttrValue::Bool(true)),
                "false" => Ok(AttrValue::Bool(false)),
                _ => Err("Enter true or false".to_owned()),
            },
            ScalarKind::Null => Ok(AttrValue::Null),
        }
    }
}

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

/// A request ready to send: expressions, placeholders and paging.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemsRequest {
    pub operation: Operation,
    pub table: String,
    pub index: Option<String>,
    pub key_condition: Option<String>,
    pub filter: Option<String>,
    pub projection: Option<String>,
    /// `#nN` → attribute name, in placeholder order.
    pub names: Vec<(String, String)>,
    /// `:vN` → value, in placeholder order.
    pub values: Vec<(String, AttrValue)>,
    pub page_size: Option<i32>,
    pub ascending: bool,
}

/// One element of an attribute path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathElement {
    Name(String),
    Index(u32),
}

/// Parses `a.b[0].c`, with `` `names.with.dots` `` quoted in backticks (``` `` ``` is a
/// literal backtick inside quotes).
pub fn parse_path(text: &str) -> Result<Vec<PathElement>, String> {
    let mut elements = Vec::new();
    let mut chars = text.trim().chars().peekable();
    let mut expect_name = true;
    if chars.peek().is_none() {
        return Err("Enter an attribute name".to_owned());
    }
    while let Some(&c) = chars.peek() {
        if expect_name {
            let mut name = String::new();
            if c == '`' {
                chars.next();
                loop {
                    match chars.next() {
                        Some('`') if chars.peek() == Some(&'`') => {
                            chars.next();
                            name.push('`');
                        }
                        Some('`') => break,
                        Some(other) => name.push(other),
                        None => return Err("Unclosed backtick in attribute name".to_owned()),
                    }
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if matches!(c, '.' | '[' | ']' | '`') {
                        break;
                    }
                    name.push(c);
                    chars.next();
                }
            }
            if name.is_empty() {
                return Err("Empty attribute name in path".to_owned());
            }
            elements.push(PathElement::Name(name));
            expect_name = false;
            continue;
        }
        match chars.next() {
            Some('.') => expect_name = true,
            Some('[') => {
                let mut digits = String::new();
                loop {
                    match chars.next() {
                        Some(']') => break,
                        Some(d) if d.is_ascii_digit() => digits.push(d),
                        _ => return Err("A list index is a whole number in [ ]".to_owned()),
                    }
                }
                let index = digits
                    .parse()
                    .map_err(|_| "A list index is a whole number in [ ]".to_owned())?;
                elements.push(PathElement::Index(index));
            }
            Some(other) => return Err(format!("Unexpected {other:?} in path")),
            None => break,
        }
    }
    if expect_name {
        return Err("A path cannot end with '.'".to_owned());
    }
    Ok(elements)
}

/// Quotes a name for a path if it needs it (dots, brackets, backticks).
pub fn quote_name(name: &str) -> String {
    if name.is_empty() || name.contains(['.', '[', ']', '`']) {
        format!("`{}`", name.replace('`', "``"))
    } else {
        name.to_owned()
    }
}

/// Allocates placeholders while an expression is written.
#[derive(Default)]
struct Placeholders {
    names: Vec<(String, String)>,
    name_ids: HashMap<String, usize>,
    values: Vec<(String, AttrValue)>,
}

impl Placeholders {
    fn name(&mut self, name: &str) -> String {
        let next = self.names.len();
        let id = *self.name_ids.entry(name.to_owned()).or_insert(next);
        if id == next {
            self.names.push((format!("#n{id}"), name.to_owned()));
        }
        format!("#n{id}")
    }

    fn path(&mut self, path: &[PathElement]) -> String {
        let mut out = String::new();
        for element in path {
            match element {
                PathElement::Name(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(&self.name(name));
                }
                PathElement::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    fn value(&mut self, value: AttrValue) -> String {
        let placeholder = format!(":v{}", self.values.len());
        self.values.push((placeholder.clone(), value));
        placeholder
    }
}

fn at(field: Field) -> impl Fn(String) -> FieldError {
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

/// Splits a projection list on commas outside backticks.
fn split_projection(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '`' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' if !quoted => parts.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

fn sort_condition(sort: &SortKeySpec, p: &mut Placeholders) -> Result<String, FieldError> {
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

fn filter_condition(
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

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

impl ItemsRequest {
    /// The request body as the SDK sends it, for the "request" preview.
    pub fn request_json(&self, segment: Option<(i32, i32)>) -> String {
        let mut fields: Vec<(String, String)> =
            vec![("TableName".into(), json_string(&self.table))];
        if let Some(index) = &self.index {
            fields.push(("IndexName".into(), json_string(index)));
        }
        if let Some(k) = &self.key_condition {
            fields.push(("KeyConditionExpression".into(), json_string(k)));
        }
        if let Some(f) = &self.filter {
            fields.push(("FilterExpression".into(), json_string(f)));
        }
        if let Some(pr) = &self.projection {
            fields.push(("ProjectionExpression".into(), json_string(pr)));
        }
        if !self.names.is_empty() {
            fields.push(("ExpressionAttributeNames".into(), self.names_json(true)));
        }
        if !self.values.is_empty() {
            fields.push(("ExpressionAttributeValues".into(), self.values_json(true)));
        }
        if let Some(limit) = self.page_size {
            fields.push(("Limit".into(), limit.to_string()));
        }
        if self.operation == Operation::Query && !self.ascending {
            fields.push(("ScanIndexForward".into(), "false".into()));
        }
        if let Some((segment, total)) = segment {
            fields.push(("Segment".into(), segment.to_string()));
            fields.push(("TotalSegments".into(), total.to_string()));
        }
        let body: Vec<String> = fields
            .into_iter()
            .map(|(k, v)| format!("  \"{k}\": {}", v.replace('\n', "\n  ")))
            .collect();
        format!("{{\n{}\n}}", body.join(",\n"))
    }

    fn names_json(&self, pretty: bool) -> String {
        let entries: Vec<String> = self
            .names
            .iter()
            .map(|(k, v)| format!("{}: {}", json_string(k), json_string(v)))
            .collect();
        if pretty {
            format!("{{\n  {}\n}}", entries.join(",\n  "))
        } else {
            format!("{{{}}}", entries.join(", "))
        }
    }

    fn values_json(&self, pretty: bool) -> String {
        let entries: Vec<String> = self
            .values
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}: {}",
                    json_string(k),
                    value_to_json(v, JsonStyle::DynamoDb, false)
                )
            })
            .collect();
        if pretty {
            format!("{{\n  {}\n}}", entries.join(",\n  "))
        } else {
            format!("{{{}}}", entries.join(", "))
        }
    }

    /// An equivalent `aws dynamodb` command to copy into a shell.
    pub fn cli_command(&self, region: Option<&str>, endpoint_url: Option<&str>) -> String {
        let mut args = vec![
            "aws".to_owned(),
            "dynamodb".to_owned(),
            self.operation.name().to_lowercase(),
            "--table-name".to_owned(),
            shell_quote(&self.table),
        ];
        let mut add = |flag: &str, value: &str| {
            args.push(flag.to_owned());
            args.push(shell_quote(value));
        };
        if let Some(index) = &self.index {
            add("--index-name", index);
        }
        if let Some(k) = &self.key_condition {
            add("--key-condition-expression", k);
        }
        if let Some(f) = &self.filter {
            add("--filter-expression", f);
        }
        if let Some(pr) = &self.projection {
            add("--projection-expression", pr);
        }
        if !self.names.is_empty() {
            add("--expression-attribute-names", &self.names_json(false));
        }
        if !self.values.is_empty() {
            add("--expression-attribute-values", &self.values_json(false));
        }
        if let Some(limit) = self.page_size {
            add("--max-items", &limit.to_string());
        }
        if let Some(region) = region {
            add("--region", region);
        }
        if let Some(url) = endpoint_url {
            add("--endpoint-url", url);
        }
        if self.operation == Operation::Query && !self.ascending {
            args.push("--no-scan-index-forward".to_owned());
        }
        args.join(" ")
    }
}

/// Quotes for POSIX shells: plain words stay bare, anything else goes in single quotes.
fn shell_quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(filters: Vec<FilterSpec>) -> ItemsRequestSpec {
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
    fn paths_parse_with_indexes_and_quoted_names() {
        use PathElement::{Index, Name};
        assert_eq!(
            parse_path("a.b[0].c"),
            Ok(vec![
                Name("a".into()),
                Name("b".into()),
                Index(0),
                Name("c".into())
            ])
        );
        assert_eq!(
            parse_path("`dotted.name`[12]"),
            Ok(vec![Name("dotted.name".into()), Index(12)])
        );
        assert_eq!(parse_path("`a``b`"), Ok(vec![Name("a`b".into())]));
        assert_eq!(
            parse_path("naïve name"),
            Ok(vec![Name("naïve name".into())])
        );
        for bad in [
            "", "a.", ".a", "a[x]", "a[", "`open", "a..b", "a]", "[0]", "a[-1]",
        ] {
            assert!(parse_path(bad).is_err(), "accepted {bad:?}");
        }
        assert_eq!(quote_name("dotted.name"), "`dotted.name`");
        assert_eq!(quote_name("status"), "status");
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

    #[test]
    fn request_and_cli_show_what_is_sent() {
        let mut spec = query(vec![FilterSpec {
            path: "note".into(),
            value: TypedInput::new(ScalarKind::S, "it's ☂"),
            ..Default::default()
        }]);
        spec.ascending = false;
        spec.index = Some("byTotal".into());
        let built = spec.build().expect("valid");
        let json = built.request_json(None);
        let parsed: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(parsed["IndexName"], "byTotal");
        assert_eq!(parsed["ExpressionAttributeValues"][":v1"]["S"], "it's ☂");
        assert_eq!(parsed["ScanIndexForward"], false);
        let cli = built.cli_command(Some("us-east-1"), Some("http://localhost:8000"));
        assert!(cli.starts_with("aws dynamodb query --table-name Orders --index-name byTotal"));
        assert!(
            cli.contains(r#"'{":v0": {"S": "C#1"}, ":v1": {"S": "it'\''s ☂"}}'"#),
            "{cli}"
        );
        assert!(cli.ends_with("--endpoint-url http://localhost:8000 --no-scan-index-forward"));
        let scan = ItemsRequestSpec::scan("T", 25).build().expect("scan");
        let json: serde_json::Value =
            serde_json::from_str(&scan.request_json(Some((1, 4)))).expect("json");
        assert_eq!(json["TotalSegments"], 4);
        assert!(scan.key_condition.is_none());
    }
}
