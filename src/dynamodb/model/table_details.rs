//! A DynamoDB table's settings, as DescribeTable reports them (the TTL setting is read apart).

/// Whether a key attribute partitions or sorts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyRole {
    Partition,
    Sort,
}

impl KeyRole {
    pub fn label(self) -> &'static str {
        match self {
            Self::Partition => "Partition key",
            Self::Sort => "Sort key",
        }
    }
}

/// One attribute of a key schema, with its declared scalar type (`S`, `N` or `B`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyAttribute {
    pub name: String,
    pub role: KeyRole,
    pub attribute_type: String,
}

/// A global or local secondary index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexDetails {
    pub name: String,
    pub global: bool,
    pub keys: Vec<KeyAttribute>,
    /// `ALL`, `KEYS_ONLY` or `INCLUDE (a, b)`.
    pub projection: String,
    /// Only global indexes have a status.
    pub status: Option<String>,
    pub item_count: Option<i64>,
    /// A global index's own provisioned capacity; local indexes share the table's.
    pub read_capacity: Option<i64>,
    pub write_capacity: Option<i64>,
}

/// Everything the table overview shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableDetails {
    pub name: String,
    pub arn: Option<String>,
    pub status: Option<String>,
    /// RFC 3339, UTC.
    pub created: Option<String>,
    pub item_count: Option<i64>,
    pub size_bytes: Option<i64>,
    /// `PAY_PER_REQUEST` or `PROVISIONED`.
    pub billing_mode: String,
    pub read_capacity: Option<i64>,
    pub write_capacity: Option<i64>,
    pub key_schema: Vec<KeyAttribute>,
    pub indexes: Vec<IndexDetails>,
    /// The stream view type when a stream is enabled.
    pub stream: Option<String>,
    pub deletion_protection: bool,
}

impl TableDetails {
    /// The partition key, then the sort key when the table has one.
    pub fn key_names(&self) -> Vec<&str> {
        let mut keys: Vec<&KeyAttribute> = self.key_schema.iter().collect();
        keys.sort_by_key(|k| k.role == KeyRole::Sort);
        keys.into_iter().map(|k| k.name.as_str()).collect()
    }
}

/// Formats a byte count the way the console does (`1.5 MB`), exact below a kilobyte.
pub fn human_bytes(bytes: i64) -> String {
    const UNITS: [&str; 5] = ["KB", "MB", "GB", "TB", "PB"];
    if bytes.unsigned_abs() < 1000 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64;
    let mut unit = "bytes";
    for next in UNITS {
        if value.abs() < 1000.0 {
            break;
        }
        value /= 1000.0;
        unit = next;
    }
    format!("{value:.1} {unit}")
}

/// The key schema of a table keyed by `pk` (a string) and `sk` (a number): the one most tests
/// and benchmarks use, kept here so they all share one.
pub fn pk_sk_keys() -> Vec<KeyAttribute> {
    vec![
        KeyAttribute {
            name: "pk".into(),
            role: KeyRole::Partition,
            attribute_type: "S".into(),
        },
        KeyAttribute {
            name: "sk".into(),
            role: KeyRole::Sort,
            attribute_type: "N".into(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names_put_the_partition_key_first() {
        let details = TableDetails {
            key_schema: vec![
                KeyAttribute {
                    name: "sk".into(),
                    role: KeyRole::Sort,
                    attribute_type: "S".into(),
                },
                KeyAttribute {
                    name: "pk".into(),
                    role: KeyRole::Partition,
                    attribute_type: "S".into(),
                },
            ],
            ..Default::default()
        };
        assert_eq!(details.key_names(), vec!["pk", "sk"]);
    }

    #[test]
    fn human_bytes_scales() {
        assert_eq!(human_bytes(0), "0 bytes");
        assert_eq!(human_bytes(999), "999 bytes");
        assert_eq!(human_bytes(1500), "1.5 KB");
        assert_eq!(human_bytes(2_500_000), "2.5 MB");
        assert_eq!(human_bytes(i64::MAX), "9223.4 PB");
        assert_eq!(human_bytes(i64::MIN), "-9223.4 PB");
    }
}
