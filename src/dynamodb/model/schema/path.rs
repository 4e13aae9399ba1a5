//! Where an attribute sits in an item: map keys and list elements, rendered the way the query
//! builder reads paths (`a.b`, `a[]`, `` `dotted.name` ``) so any name reads unambiguously.

use serde::{Deserialize, Serialize};

/// One step down into a value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Segment {
    /// A top-level attribute or a map's key.
    Key(String),
    /// Any element of a list.
    Element,
}

/// A path from the item down to a value; never empty.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SchemaPath(pub Vec<Segment>);

impl SchemaPath {
    /// A top-level attribute.
    pub fn attribute(name: &str) -> Self {
        Self(vec![Segment::Key(name.to_owned())])
    }

    /// This path one step further down.
    pub fn child(&self, segment: Segment) -> Self {
        let mut segments = self.0.clone();
        segments.push(segment);
        Self(segments)
    }

    /// The path it sits under; `None` for a top-level attribute.
    pub fn parent(&self) -> Option<Self> {
        (self.0.len() > 1).then(|| Self(self.0[..self.0.len() - 1].to_vec()))
    }

    /// The top-level attribute the path starts at.
    pub fn top_attribute(&self) -> &str {
        match self.0.first() {
            Some(Segment::Key(name)) => name,
            Some(Segment::Element) | None => "",
        }
    }

    /// The last step, as the export writes it (a key's name; `None` for a list element).
    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Segment::Key(name)) => Some(name),
            Some(Segment::Element) | None => None,
        }
    }

    /// Whether the path goes through a list element (its presence is per element).
    pub fn under_list(&self) -> bool {
        self.0.contains(&Segment::Element)
    }

    pub fn depth(&self) -> usize {
        self.0.len()
    }
}

impl std::fmt::Display for SchemaPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(name) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(&quote_segment(name))?;
                }
                Segment::Element => f.write_str("[]")?,
            }
        }
        Ok(())
    }
}

/// Quotes a name in backticks when it could be misread: empty, dots, brackets, backticks (as
/// the builder's paths do), and also whitespace, which a reader cannot see at the edges.
pub fn quote_segment(name: &str) -> String {
    if name.is_empty()
        || name.contains(['.', '[', ']', '`'])
        || name.chars().any(char::is_whitespace)
    {
        format!("`{}`", name.replace('`', "``"))
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(segments: &[Option<&str>]) -> SchemaPath {
        SchemaPath(
            segments
                .iter()
                .map(|s| match s {
                    Some(name) => Segment::Key((*name).to_owned()),
                    None => Segment::Element,
                })
                .collect(),
        )
    }

    #[test]
    fn odd_names_render_unambiguously() {
        assert_eq!(path(&[Some("a"), Some("b")]).to_string(), "a.b");
        assert_eq!(path(&[Some("a.b")]).to_string(), "`a.b`");
        assert_eq!(
            path(&[Some("lines"), None, Some("qty")]).to_string(),
            "lines[].qty"
        );
        assert_eq!(path(&[Some("m"), None, None]).to_string(), "m[][]");
        assert_eq!(path(&[Some("first name")]).to_string(), "`first name`");
        assert_eq!(path(&[Some("a`b")]).to_string(), "`a``b`");
        assert_eq!(path(&[Some("")]).to_string(), "``");
        assert_eq!(path(&[Some("名前"), Some("ü")]).to_string(), "名前.ü");
        assert_eq!(path(&[Some("x[]")]).to_string(), "`x[]`");
    }

    #[test]
    fn parents_and_top_attributes() {
        let p = path(&[Some("a"), None, Some("b")]);
        assert_eq!(p.parent(), Some(path(&[Some("a"), None])));
        assert_eq!(p.top_attribute(), "a");
        assert!(p.under_list());
        assert_eq!(path(&[Some("a")]).parent(), None);
        assert_eq!(p.last_key(), Some("b"));
    }
}
