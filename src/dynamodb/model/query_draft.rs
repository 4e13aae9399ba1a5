//! What the query builder holds, as text the user typed: saved by name, kept in the recent
//! history, and restored into the builder exactly.

use serde::{Deserialize, Serialize};

use crate::dynamodb::model::expression::FilterSpec;

use crate::dynamodb::model::expression::Operation;

use crate::dynamodb::model::expression::SortKeyCondition;

/// Recent queries kept per table, newest first.
pub const MAX_RECENT_QUERIES: usize = 20;

/// The builder's drafts, without any validation result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryDraft {
    pub operation: Operation,
    /// `None` targets the table, else this index.
    pub index: Option<String>,
    pub partition_value: String,
    /// `None`: no sort key condition.
    pub sort_condition: Option<SortKeyCondition>,
    pub sort_value: String,
    pub sort_value2: String,
    pub ascending: bool,
    pub filters: Vec<FilterSpec>,
    pub projection: String,
    pub page_size: String,
    pub segments: u32,
}

impl Default for QueryDraft {
    fn default() -> Self {
        Self {
            operation: Operation::Scan,
            index: None,
            partition_value: String::new(),
            sort_condition: None,
            sort_value: String::new(),
            sort_value2: String::new(),
            ascending: true,
            filters: Vec::new(),
            projection: String::new(),
            page_size: "100".to_owned(),
            segments: 4,
        }
    }
}

impl QueryDraft {
    /// A one-line description for history lists: `Query GSI1 · pk = "a" · 2 filters`.
    pub fn summary(&self) -> String {
        let mut parts = vec![match &self.index {
            Some(index) => format!("{} {index}", self.operation.name()),
            None => self.operation.name().to_owned(),
        }];
        if self.operation == Operation::Query {
            parts.push(format!("key = {:?}", self.partition_value));
            if let Some(condition) = self.sort_condition {
                parts.push(format!("sort {} {:?}", condition.label(), self.sort_value));
            }
        }
        match self.filters.len() {
            0 => {}
            1 => parts.push(format!("filter on {}", self.filters[0].path)),
            n => parts.push(format!("{n} filters")),
        }
        if !self.projection.trim().is_empty() {
            parts.push(format!("only {}", self.projection.trim()));
        }
        parts.join(" · ")
    }
}

/// A query the user named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedQuery {
    pub name: String,
    pub draft: QueryDraft,
}

/// Puts `draft` first in `recent`, without an identical older copy, keeping at most
/// [`MAX_RECENT_QUERIES`].
pub fn remember_recent(recent: &mut Vec<QueryDraft>, draft: QueryDraft) {
    recent.retain(|known| known != &draft);
    recent.insert(0, draft);
    recent.truncate(MAX_RECENT_QUERIES);
}

/// Adds or replaces the query named `name`; refuses an empty name.
pub fn save_query(
    saved: &mut Vec<SavedQuery>,
    name: &str,
    draft: QueryDraft,
) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Give the query a name".to_owned());
    }
    match saved.iter_mut().find(|q| q.name == name) {
        Some(existing) => existing.draft = draft,
        None => saved.push(SavedQuery {
            name: name.to_owned(),
            draft,
        }),
    }
    saved.sort_by_key(|q| q.name.to_lowercase());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_history_is_newest_first_without_duplicates() {
        let mut recent = Vec::new();
        for n in 0..30 {
            remember_recent(
                &mut recent,
                QueryDraft {
                    partition_value: format!("{}", n % 25),
                    ..Default::default()
                },
            );
        }
        assert_eq!(recent.len(), MAX_RECENT_QUERIES);
        assert_eq!(recent[0].partition_value, "4");
        let unique: std::collections::HashSet<_> =
            recent.iter().map(|d| d.partition_value.clone()).collect();
        assert_eq!(unique.len(), recent.len());
    }

    #[test]
    fn saving_replaces_by_name_and_refuses_blank_names() {
        let mut saved = Vec::new();
        assert!(save_query(&mut saved, "  ", QueryDraft::default()).is_err());
        save_query(&mut saved, "zeta", QueryDraft::default()).expect("save");
        let query = QueryDraft {
            operation: Operation::Query,
            partition_value: "日本".into(),
            ..Default::default()
        };
        save_query(&mut saved, " Alpha ", query.clone()).expect("save");
        save_query(&mut saved, "Alpha", query.clone()).expect("replace");
        assert_eq!(saved.len(), 2);
        assert_eq!(saved[0].name, "Alpha");
        assert_eq!(saved[0].draft, query);
        assert_eq!(saved[0].draft.summary(), "Query · key = \"日本\"");
    }

    #[test]
    fn drafts_survive_a_json_round_trip_and_tolerate_missing_fields() {
        let draft = QueryDraft {
            filters: vec![FilterSpec {
                path: "a.`b.c`[0]".into(),
                ..Default::default()
            }],
            sort_condition: Some(SortKeyCondition::Between),
            ..Default::default()
        };
        let text = serde_json::to_string(&draft).expect("json");
        assert_eq!(
            serde_json::from_str::<QueryDraft>(&text).expect("parse"),
            draft
        );
        let sparse: QueryDraft = serde_json::from_str(r#"{"partition_value":"x"}"#).expect("parse");
        assert_eq!(sparse.operation, Operation::Scan);
        assert_eq!(sparse.partition_value, "x");
    }
}
