//! Single-table designs hold several kinds of items in one table. A discriminator says which
//! kind an item is: an attribute such as `type`, or the constant prefix of a key (`USER` in
//! `USER#42`). Each kind then gets its own schema.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::infer::{InferredSchema, SchemaBuilder};
use crate::dynamodb::model::attribute::AttrValue;

/// Attribute names single-table libraries use for the entity (ElectroDB `__edb_e__`,
/// DynamoDB Toolbox `_et`, GraphQL `__typename`), compared without case.
const DISCRIMINATOR_NAMES: [&str; 10] = [
    "type",
    "entity",
    "entitytype",
    "entity_type",
    "__typename",
    "_et",
    "_type",
    "kind",
    "__edb_e__",
    "_t",
];

/// Entities kept apart at most; items of further kinds go to [`OTHER_ENTITY`].
const MAX_ENTITIES: usize = 32;
/// The group of items without a discriminator value.
pub const NO_ENTITY: &str = "(none)";
/// The group of items past [`MAX_ENTITIES`] kinds.
pub const OTHER_ENTITY: &str = "(other)";

/// How an item's kind is read.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Discriminator {
    /// A top-level string attribute's value.
    Attribute(String),
    /// The text before the first `#`, `|` or `:` of a (key) attribute.
    KeyPrefix(String),
}

impl Discriminator {
    /// What the picker shows.
    pub fn label(&self) -> String {
        match self {
            Self::Attribute(name) => format!("attribute {}", super::path::quote_segment(name)),
            Self::KeyPrefix(name) => format!("prefix of {}", super::path::quote_segment(name)),
        }
    }

    /// The kind of the item with these attributes, if it has one.
    pub fn entity_of<'a>(
        &self,
        mut attributes: impl Iterator<Item = (&'a str, &'a AttrValue)>,
    ) -> Option<String> {
        let (Self::Attribute(name) | Self::KeyPrefix(name)) = self;
        let (_, value) = attributes.find(|(n, _)| *n == name)?;
        self.entity_of_value(value)
    }

    /// The kind a value of the discriminating attribute names.
    pub fn entity_of_value(&self, value: &AttrValue) -> Option<String> {
        match (self, value) {
            (Self::Attribute(_), AttrValue::S(text) | AttrValue::N(text)) => Some(text.to_string()),
            (Self::Attribute(_), AttrValue::Bool(b)) => Some(b.to_string()),
            (Self::KeyPrefix(_), AttrValue::S(text)) => text
                .split_once(['#', '|', ':'])
                .map(|(prefix, _)| prefix.to_owned()),
            _ => None,
        }
    }
}

/// Discriminators worth offering for a schema, best first: attributes with a known name
/// holding an enumeration, then keys whose values share constant prefixes, then any other
/// top-level enumeration.
pub fn propose(schema: &InferredSchema, keys: &[&str]) -> Vec<Discriminator> {
    let mut named = Vec::new();
    let mut prefixes = Vec::new();
    let mut others = Vec::new();
    for attribute in schema.children(None) {
        let name = attribute.path.top_attribute();
        if attribute.enumeration.is_some() {
            if DISCRIMINATOR_NAMES.contains(&name.to_lowercase().as_str()) {
                named.push(Discriminator::Attribute(name.to_owned()));
            } else {
                others.push(Discriminator::Attribute(name.to_owned()));
            }
        }
        // Most values fit templates with a constant prefix, and there are at least two.
        let prefixed: u64 = attribute
            .patterns
            .iter()
            .filter(|p| p.prefix.is_some())
            .map(|p| p.count)
            .sum();
        let kinds = attribute
            .patterns
            .iter()
            .filter(|p| p.prefix.is_some())
            .count();
        if kinds >= 1 && prefixed * 2 >= attribute.occurrences.max(1) {
            let candidate = Discriminator::KeyPrefix(name.to_owned());
            if keys.contains(&name) {
                prefixes.insert(0, candidate);
            } else {
                prefixes.push(candidate);
            }
        }
    }
    named.into_iter().chain(prefixes).chain(others).collect()
}

/// One entity's schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntitySchema {
    pub name: String,
    pub schema: InferredSchema,
}

/// Groups items by their kind as they come.
pub struct EntitiesBuilder {
    discriminator: Discriminator,
    groups: HashMap<String, SchemaBuilder>,
}

impl EntitiesBuilder {
    pub fn new(discriminator: Discriminator) -> Self {
        Self {
            discriminator,
            groups: HashMap::new(),
        }
    }

    pub fn add_item<'a>(&mut self, attributes: &[(&'a str, &'a AttrValue)]) {
        let entity = self
            .discriminator
            .entity_of(attributes.iter().copied())
            .unwrap_or_else(|| NO_ENTITY.to_owned());
        let entity = if self.groups.contains_key(&entity) || self.groups.len() < MAX_ENTITIES {
            entity
        } else {
            OTHER_ENTITY.to_owned()
        };
        self.groups
            .entry(entity)
            .or_default()
            .add_item(attributes.iter().copied());
    }

    /// The entities, most items first.
    pub fn finish(&self, keys: &[&str]) -> Vec<EntitySchema> {
        let mut entities: Vec<EntitySchema> = self
            .groups
            .iter()
            .map(|(name, builder)| EntitySchema {
                name: name.clone(),
                schema: builder.finish(keys),
            })
            .collect();
        entities.sort_by(|a, b| {
            b.schema
                .items
                .cmp(&a.schema.items)
                .then_with(|| a.name.cmp(&b.name))
        });
        entities
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(pairs: &[(&str, &str)]) -> Vec<(String, AttrValue)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), AttrValue::s(*v)))
            .collect()
    }

    #[test]
    fn proposes_type_attributes_and_key_prefixes() {
        let mut items = Vec::new();
        for i in 0..6 {
            items.push(item(&[("pk", &format!("USER#{i}")), ("_et", "User")]));
            items.push(item(&[
                ("pk", &format!("ORDER#{i}")),
                ("_et", "Order"),
                ("x", "a"),
            ]));
        }
        let schema = InferredSchema::of(
            items.iter().map(|i| i.iter().map(|(k, v)| (k.as_str(), v))),
            &["pk"],
        );
        assert_eq!(
            propose(&schema, &["pk"]),
            [
                Discriminator::Attribute("_et".into()),
                Discriminator::KeyPrefix("pk".into()),
                Discriminator::Attribute("x".into()),
            ]
        );
        let mut builder = EntitiesBuilder::new(Discriminator::KeyPrefix("pk".into()));
        for i in &items {
            let attrs: Vec<(&str, &AttrValue)> = i.iter().map(|(k, v)| (k.as_str(), v)).collect();
            builder.add_item(&attrs);
        }
        let entities = builder.finish(&["pk"]);
        let names: Vec<&str> = entities.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["ORDER", "USER"]);
        assert!(
            entities[0]
                .schema
                .get(&super::super::path::SchemaPath::attribute("x"))
                .is_some()
        );
        assert!(
            entities[1]
                .schema
                .get(&super::super::path::SchemaPath::attribute("x"))
                .is_none()
        );
    }

    #[test]
    fn items_without_a_kind_and_too_many_kinds_are_grouped() {
        let mut builder = EntitiesBuilder::new(Discriminator::Attribute("type".into()));
        let plain = AttrValue::s("v");
        builder.add_item(&[("a", &plain)]);
        let kinds: Vec<AttrValue> = (0..100).map(|i| AttrValue::s(format!("k{i}"))).collect();
        for kind in &kinds {
            builder.add_item(&[("type", kind)]);
        }
        let entities = builder.finish(&[]);
        assert!(entities.len() <= MAX_ENTITIES + 1);
        assert!(entities.iter().any(|e| e.name == NO_ENTITY));
        assert!(
            entities
                .iter()
                .any(|e| e.name == OTHER_ENTITY && e.schema.items > 60)
        );
    }
}
