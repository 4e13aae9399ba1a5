//! The create-table form's parts as typed: keys, billing, capacity, projections, indexes.

use crate::dynamodb::model::table_spec::KeyScalarType;

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
