//! Reads a schema off items: every path (map keys, list elements) with its statistics. Items
//! are walked once into a tree of paths; a name already seen costs one hash lookup, so
//! 100,000 items take a fraction of a second (see benches/schema.rs).

use std::collections::HashMap;

use super::path::{SchemaPath, Segment};
use super::path_stats::{PathStats, type_index};
use super::string_shape::Pattern;
use crate::dynamodb::model::attribute::{AttrType, AttrValue};

/// Paths tracked at most; past this, new paths are left out and the schema says so.
const MAX_PATHS: usize = 4096;
/// DynamoDB nests 32 levels at most; deeper values (which it would refuse) are not walked.
const MAX_DEPTH: usize = 32;

struct Node {
    stats: PathStats,
    parent: usize,
    segment: Segment,
    children: HashMap<Box<str>, usize>,
    element: Option<usize>,
}

/// Takes items one at a time; [`SchemaBuilder::finish`] gives the schema.
pub struct SchemaBuilder {
    /// `nodes[0]` stands for the item itself.
    nodes: Vec<Node>,
    items: u64,
    truncated: bool,
}

impl Default for SchemaBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl SchemaBuilder {
    pub fn new() -> Self {
        Self {
            nodes: vec![Node {
                stats: PathStats::default(),
                parent: 0,
                segment: Segment::Element,
                children: HashMap::new(),
                element: None,
            }],
            items: 0,
            truncated: false,
        }
    }

    /// Counts one item, given as its attributes.
    pub fn add_item<'a>(&mut self, attributes: impl IntoIterator<Item = (&'a str, &'a AttrValue)>) {
        self.items += 1;
        for (name, value) in attributes {
            if let Some(node) = self.key_node(0, name) {
                self.add_value(node, value, 1);
            }
        }
    }

    pub fn item_count(&self) -> u64 {
        self.items
    }

    fn add_value(&mut self, node: usize, value: &AttrValue, depth: usize) {
        self.nodes[node].stats.add(self.items, value);
        if depth >= MAX_DEPTH {
            return;
        }
        match value {
            AttrValue::M(entries) => {
                for (name, inner) in entries.iter() {
                    if let Some(child) = self.key_node(node, name) {
                        self.add_value(child, inner, depth + 1);
                    }
                }
            }
            AttrValue::L(elements) => {
                if elements.is_empty() {
                    return;
                }
                let Some(child) = self.element_node(node) else {
                    return;
                };
                for inner in elements.iter() {
                    self.add_value(child, inner, depth + 1);
                }
            }
            AttrValue::S(_)
            | AttrValue::N(_)
            | AttrValue::B(_)
            | AttrValue::Bool(_)
            | AttrValue::Null
            | AttrValue::Ss(_)
            | AttrValue::Ns(_)
            | AttrValue::Bs(_) => {}
        }
    }

    fn key_node(&mut self, parent: usize, name: &str) -> Option<usize> {
        if let Some(id) = self.nodes[parent].children.get(name) {
            return Some(*id);
        }
        let id = self.new_node(parent, Segment::Key(name.to_owned()))?;
        self.nodes[parent].children.insert(name.into(), id);
        Some(id)
    }

    fn element_node(&mut self, parent: usize) -> Option<usize> {
        if let Some(id) = self.nodes[parent].element {
            return Some(id);
        }
        let id = self.new_node(parent, Segment::Element)?;
        self.nodes[parent].element = Some(id);
        Some(id)
    }

    fn new_node(&mut self, parent: usize, segment: Segment) -> Option<usize> {
        if self.nodes.len() >= MAX_PATHS {
            self.truncated = true;
            return None;
        }
        self.nodes.push(Node {
            stats: PathStats::default(),
            parent,
            segment,
            children: HashMap::new(),
            element: None,
        });
        Some(self.nodes.len() - 1)
    }

    /// The schema: `keys` (partition, then sort) lead, then attributes by name, each
    /// followed by what nests in it.
    pub fn finish(&self, keys: &[&str]) -> InferredSchema {
        let mut attributes = Vec::new();
        let mut top: Vec<(&Box<str>, &usize)> = self.nodes[0].children.iter().collect();
        top.sort_by(|a, b| {
            let rank = |name: &str| keys.iter().position(|k| *k == name).unwrap_or(keys.len());
            rank(a.0).cmp(&rank(b.0)).then_with(|| a.0.cmp(b.0))
        });
        let top = top
            .into_iter()
            .map(|(_, id)| self.collect(*id, SchemaPath(Vec::new()), &mut attributes))
            .collect();
        InferredSchema {
            items: self.items,
            attributes,
            top,
            truncated: self.truncated,
        }
    }

    /// Adds the path of node `id` and everything under it; its place in `out`.
    fn collect(&self, id: usize, parent_path: SchemaPath, out: &mut Vec<AttributeSchema>) -> usize {
        let node = &self.nodes[id];
        let path = parent_path.child(node.segment.clone());
        let parent_occurrences = if node.parent == 0 {
            self.items
        } else {
            let parent = &self.nodes[node.parent].stats;
            match node.segment {
                Segment::Key(_) => parent.type_occurrences[type_index(AttrType::M)],
                Segment::Element => parent.type_occurrences[type_index(AttrType::L)],
            }
        };
        let stats = &node.stats;
        out.push(AttributeSchema {
            path: path.clone(),
            occurrences: stats.occurrences,
            items: stats.items,
            parent_occurrences,
            types: stats.types(),
            examples: stats.examples.clone(),
            enumeration: stats.enumeration(),
            patterns: stats.shapes.patterns(),
            beyond_js_numbers: stats.beyond_js_numbers,
            children: Vec::new(),
            element: None,
        });
        let at = out.len() - 1;
        let mut children: Vec<(&Box<str>, &usize)> = node.children.iter().collect();
        children.sort_by(|a, b| a.0.cmp(b.0));
        let children = children
            .into_iter()
            .map(|(_, child)| self.collect(*child, path.clone(), out))
            .collect();
        let element = node.element.map(|element| self.collect(element, path, out));
        out[at].children = children;
        out[at].element = element;
        at
    }
}

/// One path of an inferred schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributeSchema {
    pub path: SchemaPath,
    /// Values seen at the path (list elements count one by one).
    pub occurrences: u64,
    /// Items holding the path.
    pub items: u64,
    /// What presence is measured against: the items for a top-level attribute, the maps at
    /// the parent path for a key, the lists at the parent path for an element.
    pub parent_occurrences: u64,
    /// Each type seen, with the items holding it, most common first.
    pub types: Vec<(AttrType, u64)>,
    pub examples: Vec<String>,
    /// A few string values, each with its count, when the path holds no others.
    pub enumeration: Option<Vec<(String, u64)>>,
    /// Key templates of its strings, most common first.
    pub patterns: Vec<Pattern>,
    /// Numbers past JavaScript's safe integers (they arrive in JavaScript as `BigInt`).
    pub beyond_js_numbers: u64,
    /// The keys of its maps, by place in [`InferredSchema::attributes`], in name order.
    children: Vec<usize>,
    /// What its lists hold, by place.
    element: Option<usize>,
}

impl AttributeSchema {
    /// Present wherever it could be: in every item, or in every map at its parent path.
    pub fn required(&self) -> bool {
        matches!(self.path.0.last(), Some(Segment::Key(_)))
            && self.parent_occurrences > 0
            && self.occurrences >= self.parent_occurrences
    }

    /// The share (0 to 100) of its parent's values that hold it.
    pub fn presence_percent(&self) -> f64 {
        percent(
            self.occurrences.min(self.parent_occurrences),
            self.parent_occurrences,
        )
    }

    pub fn has_type(&self, t: AttrType) -> bool {
        self.types.iter().any(|(seen, _)| *seen == t)
    }

    /// Types seen, without counts.
    pub fn type_list(&self) -> Vec<AttrType> {
        self.types.iter().map(|(t, _)| *t).collect()
    }
}

/// `part` of `whole` in percent; 0 when `whole` is 0.
pub fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// A schema read off items.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InferredSchema {
    pub items: u64,
    /// Depth first: each path followed by the paths under it.
    pub attributes: Vec<AttributeSchema>,
    /// The top-level attributes, by place in `attributes`.
    top: Vec<usize>,
    /// More paths than tracked: some were left out.
    pub truncated: bool,
}

impl InferredSchema {
    /// Reads the schema of `items` at once.
    pub fn of<'a, I, A>(items: I, keys: &[&str]) -> Self
    where
        I: IntoIterator<Item = A>,
        A: IntoIterator<Item = (&'a str, &'a AttrValue)>,
    {
        let mut builder = SchemaBuilder::new();
        for item in items {
            builder.add_item(item);
        }
        builder.finish(keys)
    }

    pub fn get(&self, path: &SchemaPath) -> Option<&AttributeSchema> {
        self.attributes.iter().find(|a| a.path == *path)
    }

    /// The keys one level under `parent` (`None`: the top-level attributes), in order.
    pub fn children(&self, parent: Option<&AttributeSchema>) -> Vec<&AttributeSchema> {
        let places = parent.map_or(&self.top, |p| &p.children);
        places
            .iter()
            .filter_map(|i| self.attributes.get(*i))
            .collect()
    }

    /// What the lists at `parent` hold.
    pub fn element(&self, parent: &AttributeSchema) -> Option<&AttributeSchema> {
        parent.element.and_then(|i| self.attributes.get(i))
    }
}
