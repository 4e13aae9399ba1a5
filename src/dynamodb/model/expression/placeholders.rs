//! Allocates `#nN` and `:vN` placeholders while an expression is written.

use std::collections::HashMap;

use crate::dynamodb::model::attribute::AttrValue;
use crate::dynamodb::model::expression::path::PathElement;

/// Allocates placeholders while an expression is written.
#[derive(Default)]
pub(super) struct Placeholders {
    pub(super) names: Vec<(String, String)>,
    name_ids: HashMap<String, usize>,
    pub(super) values: Vec<(String, AttrValue)>,
}

impl Placeholders {
    pub(super) fn name(&mut self, name: &str) -> String {
        let next = self.names.len();
        let id = *self.name_ids.entry(name.to_owned()).or_insert(next);
        if id == next {
            self.names.push((format!("#n{id}"), name.to_owned()));
        }
        format!("#n{id}")
    }

    pub(super) fn path(&mut self, path: &[PathElement]) -> String {
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

    pub(super) fn value(&mut self, value: AttrValue) -> String {
        let placeholder = format!(":v{}", self.values.len());
        self.values.push((placeholder.clone(), value));
        placeholder
    }
}
