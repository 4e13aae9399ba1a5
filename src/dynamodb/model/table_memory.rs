//! What Stratus remembers about one table between runs: its grid layout, saved and recent
//! queries, and its version attribute.

use serde::{Deserialize, Serialize};

use super::query_draft::{QueryDraft, SavedQuery};

/// How the user arranged a table's grid, by attribute name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ColumnLayout {
    /// `None` until the user moves a column.
    pub order: Option<Vec<String>>,
    pub hidden: Vec<String>,
    /// Column and ascending.
    pub sort: Option<(String, bool)>,
}

/// Everything remembered about one table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TableMemory {
    pub columns: ColumnLayout,
    pub saved_queries: Vec<SavedQuery>,
    /// Newest first.
    pub recent_queries: Vec<QueryDraft>,
    /// The attribute every save checks and bumps, as the user designated it (never guessed).
    pub version_attribute: Option<String>,
    /// The schema the user accepted for the table: the item editor warns against it.
    pub schema: Option<super::schema::AcceptedSchema>,
}

impl TableMemory {
    /// Nothing remembered: such entries are left out of the workspace file.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}
