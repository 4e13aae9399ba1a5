//! The fields of the create-table form, so a mistake can be shown next to its field.

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
