//! A table that DynamoDB's documented rules accept ([`TableSpec`]), and the naming rules it
//! is checked against. The form that produces one is [`super::table_draft`].

use std::collections::HashSet;

/// Table and index names: at least this many characters.
pub const MIN_NAME_CHARS: usize = 3;
/// Table and index names: at most this many characters.
pub const MAX_NAME_CHARS: usize = 255;
/// Key and projected attribute names: at most this many bytes of UTF-8.
pub const MAX_ATTRIBUTE_NAME_BYTES: usize = 255;
/// Global secondary indexes per table (the default quota).
pub const MAX_GLOBAL_INDEXES: usize = 20;
/// Local secondary indexes per table (a hard limit).
pub const MAX_LOCAL_INDEXES: usize = 5;
/// INCLUDE attributes summed over all indexes of a table; one attribute projected into two
/// indexes counts twice.
pub const MAX_PROJECTED_ATTRIBUTES: usize = 100;

/// The type a key attribute is declared with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum KeyScalarType {
    #[default]
    S,
    N,
    B,
}

impl KeyScalarType {
    pub const ALL: [Self; 3] = [Self::S, Self::N, Self::B];

    /// The wire name: `S`, `N` or `B`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::S => "S",
            Self::N => "N",
            Self::B => "B",
        }
    }

    /// What a person calls it.
    pub fn label(self) -> &'static str {
        match self {
            Self::S => "String",
            Self::N => "Number",
            Self::B => "Binary",
        }
    }
}

/// A validated key attribute.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub name: String,
    pub scalar_type: KeyScalarType,
}

/// Validated capacity units, each at least 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capacity {
    pub read_units: i64,
    pub write_units: i64,
}

/// How the table is paid for, with its capacity when provisioned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Billing {
    OnDemand,
    Provisioned(Capacity),
}

/// A validated index projection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Projection {
    All,
    KeysOnly,
    /// The non-key attributes, in the order typed, each once.
    Include(Vec<String>),
}

/// A validated global secondary index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobalIndexSpec {
    pub name: String,
    pub partition_key: KeySpec,
    pub sort_key: Option<KeySpec>,
    pub projection: Projection,
    /// Present exactly when the table is provisioned.
    pub capacity: Option<Capacity>,
}

/// A validated local secondary index; its partition key is the table's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalIndexSpec {
    pub name: String,
    pub sort_key: KeySpec,
    pub projection: Projection,
}

/// A table that DynamoDB's documented rules accept, ready for CreateTable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableSpec {
    pub name: String,
    pub partition_key: KeySpec,
    pub sort_key: Option<KeySpec>,
    pub billing: Billing,
    pub global_indexes: Vec<GlobalIndexSpec>,
    pub local_indexes: Vec<LocalIndexSpec>,
}

impl TableSpec {
    /// Every key attribute of the table and its indexes, once each, in first-use order:
    /// CreateTable's AttributeDefinitions, which must list exactly these.
    pub fn attribute_definitions(&self) -> Vec<KeySpec> {
        let keys = std::iter::once(&self.partition_key)
            .chain(&self.sort_key)
            .chain(
                self.global_indexes
                    .iter()
                    .flat_map(|g| std::iter::once(&g.partition_key).chain(&g.sort_key)),
            )
            .chain(self.local_indexes.iter().map(|l| &l.sort_key));
        let mut seen = HashSet::new();
        keys.filter(|k| seen.insert(k.name.as_str()))
            .cloned()
            .collect()
    }
}

/// Why a table or index name is refused, if it is.
pub fn resource_name_problem(what: &str, name: &str) -> Option<String> {
    if name.is_empty() {
        let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        return Some(format!("Enter {article} {what} name."));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    if let Some(bad) = name.chars().find(|c| !allowed(*c)) {
        return Some(format!(
            "“{}” is not allowed in the {what} name: use letters A–Z and a–z, digits, _ . and -.",
            bad.escape_debug()
        ));
    }
    // Only ASCII is left, so bytes are characters.
    let chars = name.len();
    if chars < MIN_NAME_CHARS {
        return Some(format!(
            "A {what} name has at least {MIN_NAME_CHARS} characters."
        ));
    }
    if chars > MAX_NAME_CHARS {
        return Some(format!(
            "A {what} name has at most {MAX_NAME_CHARS} characters (this one has {chars})."
        ));
    }
    None
}

/// Why a key, projected or TTL attribute name is refused, if it is.
///
/// Stricter than DynamoDB in one way: leading or trailing white space is refused, because a
/// key named `"id "` is almost always a typo and makes the table hard to use from any tool.
pub fn attribute_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("Enter an attribute name.".to_owned());
    }
    if name.len() > MAX_ATTRIBUTE_NAME_BYTES {
        return Some(format!(
            "An attribute name has at most {MAX_ATTRIBUTE_NAME_BYTES} bytes of UTF-8 \
             (this one has {}).",
            name.len()
        ));
    }
    if name.trim() != name {
        return Some("Remove the spaces at the start or end of the attribute name.".to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_rules_accept_the_edges_and_refuse_past_them() {
        assert_eq!(resource_name_problem("table", "a-_"), None);
        assert!(resource_name_problem("index", "ab").is_some());
        assert!(resource_name_problem("index", &"i".repeat(256)).is_some());
        assert_eq!(attribute_name_problem("x"), None);
        assert_eq!(attribute_name_problem(&"x".repeat(255)), None);
        assert!(attribute_name_problem(&"x".repeat(256)).is_some());
    }

    #[test]
    fn attribute_definitions_list_each_key_once() {
        let key = |name: &str| KeySpec {
            name: name.to_owned(),
            scalar_type: KeyScalarType::S,
        };
        let spec = TableSpec {
            name: "table".to_owned(),
            partition_key: key("pk"),
            sort_key: None,
            billing: Billing::OnDemand,
            global_indexes: vec![GlobalIndexSpec {
                name: "inverted".to_owned(),
                partition_key: key("sk"),
                sort_key: Some(key("pk")),
                projection: Projection::KeysOnly,
                capacity: None,
            }],
            local_indexes: Vec::new(),
        };
        assert_eq!(spec.attribute_definitions(), [key("pk"), key("sk")]);
    }
}
