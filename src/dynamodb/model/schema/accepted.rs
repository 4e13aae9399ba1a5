//! A schema the user accepted for a table (remembered with the workspace), and the warnings
//! an edited item earns against it: a type never seen at a path, a required attribute
//! missing, a string outside an enumeration. Warnings never block a save.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::entities::{Discriminator, EntitySchema};
use super::infer::InferredSchema;
use super::path::{SchemaPath, Segment};
use crate::dynamodb::model::attribute::{AttrType, AttrValue};
use crate::dynamodb::model::item_edit::Item;

/// What is kept of one path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptedPath {
    pub path: SchemaPath,
    pub types: Vec<AttrType>,
    pub required: bool,
    pub enumeration: Option<Vec<String>>,
}

/// The paths of one entity (`None`: every item of the table).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptedGroup {
    pub entity: Option<String>,
    pub paths: Vec<AcceptedPath>,
}

/// An accepted schema: one group, or one per entity with the discriminator that picks it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AcceptedSchema {
    pub discriminator: Option<Discriminator>,
    pub groups: Vec<AcceptedGroup>,
    /// How many items it was read from, to say so.
    pub items: u64,
}

/// Why an edit deviates from the accepted schema, at which path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaWarning {
    /// The top-level attribute the warning belongs to (where the editor shows it).
    pub attribute: String,
    pub path: String,
    pub message: String,
}

fn group_of(entity: Option<String>, schema: &InferredSchema) -> AcceptedGroup {
    AcceptedGroup {
        entity,
        paths: schema
            .attributes
            .iter()
            .map(|a| AcceptedPath {
                path: a.path.clone(),
                types: a.type_list(),
                required: a.required(),
                enumeration: a
                    .enumeration
                    .as_ref()
                    .map(|values| values.iter().map(|(v, _)| v.clone()).collect()),
            })
            .collect(),
    }
}

impl AcceptedSchema {
    /// Accepts a schema for every item.
    pub fn whole(schema: &InferredSchema) -> Self {
        Self {
            discriminator: None,
            groups: vec![group_of(None, schema)],
            items: schema.items,
        }
    }

    /// Accepts one schema per entity.
    pub fn by_entity(discriminator: Discriminator, entities: &[EntitySchema]) -> Self {
        Self {
            discriminator: Some(discriminator),
            groups: entities
                .iter()
                .map(|e| group_of(Some(e.name.clone()), &e.schema))
                .collect(),
            items: entities.iter().map(|e| e.schema.items).sum(),
        }
    }

    /// The group an item belongs to: its entity's, or the only one.
    fn group_for(&self, item: &Item) -> Option<&AcceptedGroup> {
        match &self.discriminator {
            None => self.groups.first(),
            Some(discriminator) => {
                let entity = discriminator.entity_of(item.iter().map(|(k, v)| (k.as_str(), v)))?;
                self.groups
                    .iter()
                    .find(|g| g.entity.as_deref() == Some(entity.as_str()))
            }
        }
    }

    /// The warnings `item` earns, in path order.
    pub fn check(&self, item: &Item) -> Vec<SchemaWarning> {
        let Some(group) = self.group_for(item) else {
            return Vec::new();
        };
        let checker = Checker::new(group);
        let mut warnings = Vec::new();
        let root = SchemaPath(Vec::new());
        checker.check_map(
            &root,
            item.iter().map(|(k, v)| (k.as_str(), v)),
            &mut warnings,
        );
        warnings
    }
}

struct Checker<'a> {
    by_path: HashMap<&'a SchemaPath, &'a AcceptedPath>,
    /// Required keys under each map path (the empty path: the item).
    required: HashMap<SchemaPath, Vec<&'a str>>,
}

impl<'a> Checker<'a> {
    fn new(group: &'a AcceptedGroup) -> Self {
        let mut required: HashMap<SchemaPath, Vec<&str>> = HashMap::new();
        for path in group.paths.iter().filter(|p| p.required) {
            if let Some(Segment::Key(name)) = path.path.0.last() {
                let parent = SchemaPath(path.path.0[..path.path.0.len() - 1].to_vec());
                required.entry(parent).or_default().push(name);
            }
        }
        Self {
            by_path: group.paths.iter().map(|p| (&p.path, p)).collect(),
            required,
        }
    }

    fn check_map<'v>(
        &self,
        at: &SchemaPath,
        entries: impl Iterator<Item = (&'v str, &'v AttrValue)>,
        warnings: &mut Vec<SchemaWarning>,
    ) {
        let mut present = HashSet::new();
        for (name, value) in entries {
            present.insert(name);
            self.check_value(&at.child(Segment::Key(name.to_owned())), value, warnings);
        }
        for name in self.required.get(at).into_iter().flatten() {
            if !present.contains(name) {
                let path = at.child(Segment::Key((*name).to_owned()));
                warnings.push(SchemaWarning {
                    attribute: path.top_attribute().to_owned(),
                    path: path.to_string(),
                    message: format!("{path} is missing: every item read has it"),
                });
            }
        }
    }

    fn check_value(&self, path: &SchemaPath, value: &AttrValue, warnings: &mut Vec<SchemaWarning>) {
        // A path never seen is new, not wrong: nothing to compare with.
        let Some(accepted) = self.by_path.get(path) else {
            return;
        };
        let warn = |message: String, warnings: &mut Vec<SchemaWarning>| {
            warnings.push(SchemaWarning {
                attribute: path.top_attribute().to_owned(),
                path: path.to_string(),
                message,
            });
        };
        let t = value.attr_type();
        if !accepted.types.contains(&t) {
            let seen: Vec<&str> = accepted.types.iter().map(|t| t.tag()).collect();
            warn(
                format!(
                    "{path} is {} here; the items read hold only {}",
                    t.tag(),
                    seen.join(", ")
                ),
                warnings,
            );
            return;
        }
        match value {
            AttrValue::S(text) => {
                if let Some(values) = &accepted.enumeration
                    && !values.iter().any(|v| **v == **text)
                {
                    warn(
                        format!(
                            "{path} is {text:?}, not one of its values ({})",
                            values.join(", ")
                        ),
                        warnings,
                    );
                }
            }
            AttrValue::M(entries) => {
                self.check_map(path, entries.iter().map(|(k, v)| (&**k, v)), warnings);
            }
            AttrValue::L(elements) => {
                let element = path.child(Segment::Element);
                for inner in elements.iter() {
                    self.check_value(&element, inner, warnings);
                }
            }
            AttrValue::N(_)
            | AttrValue::B(_)
            | AttrValue::Bool(_)
            | AttrValue::Null
            | AttrValue::Ss(_)
            | AttrValue::Ns(_)
            | AttrValue::Bs(_) => {}
        }
    }
}
