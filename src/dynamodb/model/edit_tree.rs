//! The item editor's form: an editable tree of typed values, converted exactly to and from
//! attribute values. Text stays as typed until it is converted, so nothing is lost on a typo.

use crate::dynamodb::model::attribute::AttrType;

use crate::dynamodb::model::attribute::AttrValue;

use crate::dynamodb::model::attribute::Decimal;

use crate::dynamodb::model::attribute::base64_decode;

use crate::dynamodb::model::attribute::base64_encode;

use crate::dynamodb::model::attribute::validate_number;

/// One value being edited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditValue {
    /// S, N or B, as typed (B as base64).
    Scalar {
        kind: AttrType,
        text: String,
    },
    Bool(bool),
    Null,
    List(Vec<EditValue>),
    Map(Vec<(String, EditValue)>),
    /// SS, NS or BS: each member as typed (BS as base64), one field each, so a member may
    /// hold a newline, a `\r` or edge spaces and still come back exactly.
    Set {
        kind: AttrType,
        members: Vec<String>,
    },
}

impl EditValue {
    /// An empty value of a type, for a new attribute or a type change.
    pub fn empty(kind: AttrType) -> Self {
        match kind {
            AttrType::S | AttrType::N | AttrType::B => Self::Scalar {
                kind,
                text: String::new(),
            },
            AttrType::Bool => Self::Bool(false),
            AttrType::Null => Self::Null,
            AttrType::L => Self::List(Vec::new()),
            AttrType::M => Self::Map(Vec::new()),
            AttrType::Ss | AttrType::Ns | AttrType::Bs => Self::Set {
                kind,
                members: vec![String::new()],
            },
        }
    }

    pub fn attr_type(&self) -> AttrType {
        match self {
            Self::Scalar { kind, .. } | Self::Set { kind, .. } => *kind,
            Self::Bool(_) => AttrType::Bool,
            Self::Null => AttrType::Null,
            Self::List(_) => AttrType::L,
            Self::Map(_) => AttrType::M,
        }
    }

    /// Changes the type, keeping the text where it still makes sense.
    pub fn retype(&mut self, kind: AttrType) {
        if self.attr_type() == kind {
            return;
        }
        let texts = match self {
            Self::Scalar { text, .. } => Some(vec![text.clone()]),
            Self::Set { members, .. } => Some(members.clone()),
            Self::Bool(_) | Self::Null | Self::List(_) | Self::Map(_) => None,
        };
        let mut next = Self::empty(kind);
        if let Some(texts) = texts {
            match &mut next {
                // A set's members shown one per line, to edit into a single value.
                Self::Scalar { text, .. } => *text = texts.join("\n"),
                Self::Set { members, .. } => *members = texts,
                Self::Bool(_) | Self::Null | Self::List(_) | Self::Map(_) => {}
            }
        }
        *self = next;
    }

    /// The form's view of a stored value.
    pub fn from_value(value: &AttrValue) -> Self {
        match value {
            AttrValue::S(s) => Self::Scalar {
                kind: AttrType::S,
                text: s.to_string(),
            },
            AttrValue::N(n) => Self::Scalar {
                kind: AttrType::N,
                text: n.to_string(),
            },
            AttrValue::B(b) => Self::Scalar {
                kind: AttrType::B,
                text: base64_encode(b),
            },
            AttrValue::Bool(b) => Self::Bool(*b),
            AttrValue::Null => Self::Null,
            AttrValue::L(items) => Self::List(items.iter().map(Self::from_value).collect()),
            AttrValue::M(entries) => Self::Map(
                entries
                    .iter()
                    .map(|(k, v)| (k.to_string(), Self::from_value(v)))
                    .collect(),
            ),
            AttrValue::Ss(items) => Self::Set {
                kind: AttrType::Ss,
                members: items.iter().map(|s| s.to_string()).collect(),
            },
            AttrValue::Ns(items) => Self::Set {
                kind: AttrType::Ns,
                members: items.iter().map(|s| s.to_string()).collect(),
            },
            AttrValue::Bs(items) => Self::Set {
                kind: AttrType::Bs,
                members: items.iter().map(|b| base64_encode(b)).collect(),
            },
        }
    }

    /// The value, or the first problem with the path it is at (e.g. `lines[0].qty`).
    pub fn to_value(&self, path: &str) -> Result<AttrValue, FormError> {
        let error = |message: String| FormError {
            path: path.to_owned(),
            message,
        };
        Ok(match self {
            Self::Scalar {
                kind: AttrType::N,
                text,
            } => {
                validate_number(text).map_err(|e| error(format!("Not a valid number: {e}")))?;
                AttrValue::N(text.trim().into())
            }
            Self::Scalar {
                kind: AttrType::B,
                text,
            } => AttrValue::B(base64_decode(text).map_err(error)?.into_boxed_slice()),
            Self::Scalar { text, .. } => AttrValue::S(text.as_str().into()),
            Self::Bool(b) => AttrValue::Bool(*b),
            Self::Null => AttrValue::Null,
            Self::List(items) => AttrValue::L(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| v.to_value(&format!("{path}[{i}]")))
                    .collect::<Result<Vec<_>, _>>()?
                    .into_boxed_slice(),
            ),
            Self::Map(entries) => {
                let mut seen = std::collections::BTreeSet::new();
                let mut values = Vec::with_capacity(entries.len());
                for (name, value) in entries {
                    if !seen.insert(name.as_str()) {
                        return Err(error(format!("The key {name:?} appears twice")));
                    }
                    values.push((
                        name.as_str().into(),
                        value.to_value(&format!("{path}.{name}"))?,
                    ));
                }
                AttrValue::map(values)
            }
            Self::Set { kind, members } => {
                // A row left empty is no member (DynamoDB sets hold no empty string); any
                // other text is kept exactly, newlines and spaces included.
                let members: Vec<&str> = members
                    .iter()
                    .map(String::as_str)
                    .filter(|m| !m.is_empty())
                    .collect();
                if members.is_empty() {
                    return Err(error("A set needs at least one member".to_owned()));
                }
                let value = match kind {
                    AttrType::Ns => {
                        for m in &members {
                            validate_number(m).map_err(|e| error(format!("{m:?}: {e}")))?;
                        }
                        let mut decimals: Vec<Decimal> = members
                            .iter()
                            .filter_map(|m| Decimal::parse(m).ok())
                            .collect();
                        decimals.sort_by(|a, b| a.cmp_exact(b));
                        if decimals.windows(2).any(|w| w[0].cmp_exact(&w[1]).is_eq()) {
                            return Err(error("A set holds each member once".to_owned()));
                        }
                        AttrValue::Ns(members.iter().map(|m| m.trim().into()).collect())
                    }
                    AttrType::Bs => {
                        let bytes = members
                            .iter()
                            .map(|m| base64_decode(m).map(Vec::into_boxed_slice))
                            .collect::<Result<Vec<_>, _>>()
                            .map_err(error)?;
                        let mut sorted = bytes.clone();
                        sorted.sort();
                        if sorted.windows(2).any(|w| w[0] == w[1]) {
                            return Err(error("A set holds each member once".to_owned()));
                        }
                        AttrValue::Bs(bytes.into_boxed_slice())
                    }
                    _ => {
                        let mut sorted = members.clone();
                        sorted.sort_unstable();
                        if sorted.windows(2).any(|w| w[0] == w[1]) {
                            return Err(error("A set holds each member once".to_owned()));
                        }
                        AttrValue::Ss(members.iter().map(|m| (*m).into()).collect())
                    }
                };
                return Ok(value);
            }
        })
    }
}

/// A form value that cannot be converted, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// A whole item in the form: top-level attributes in order.
pub type EditItem = Vec<(String, EditValue)>;

/// The form's view of an item.
pub fn edit_item_from(item: &crate::dynamodb::model::item_edit::Item) -> EditItem {
    item.iter()
        .map(|(k, v)| (k.clone(), EditValue::from_value(v)))
        .collect()
}

/// The item the form describes, or the first problem.
pub fn item_from_edit(
    edit: &EditItem,
) -> Result<crate::dynamodb::model::item_edit::Item, FormError> {
    let mut item = crate::dynamodb::model::item_edit::Item::new();
    for (name, value) in edit {
        if name.is_empty() {
            return Err(FormError {
                path: "(new attribute)".to_owned(),
                message: "Give the attribute a name".to_owned(),
            });
        }
        if item.contains_key(name) {
            return Err(FormError {
                path: name.clone(),
                message: "This attribute appears twice".to_owned(),
            });
        }
        item.insert(name.clone(), value.to_value(name)?);
    }
    Ok(item)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_type() -> AttrValue {
        AttrValue::map(vec![
            ("s".into(), AttrValue::s("zoë ☂")),
            ("empty".into(), AttrValue::s("")),
            (
                "n".into(),
                AttrValue::N("12345678901234567890123456789012345678".into()),
            ),
            (
                "b".into(),
                AttrValue::B(vec![0xFF, 0x00, 0xC3, 0x28].into()),
            ),
            ("t".into(), AttrValue::Bool(true)),
            ("z".into(), AttrValue::Null),
            (
                "l".into(),
                AttrValue::L(
                    vec![AttrValue::map(vec![(
                        "deep".into(),
                        AttrValue::L(vec![AttrValue::N("-1.5".into())].into()),
                    )])]
                    .into(),
                ),
            ),
            (
                "ss".into(),
                AttrValue::Ss(vec!["b".into(), "a".into()].into()),
            ),
            (
                "ns".into(),
                AttrValue::Ns(vec!["1".into(), "0.5".into()].into()),
            ),
            (
                "bs".into(),
                AttrValue::Bs(vec![vec![1u8].into(), vec![0xFEu8].into()].into()),
            ),
        ])
    }

    #[test]
    fn every_type_round_trips_through_the_form() {
        let value = every_type();
        assert_eq!(EditValue::from_value(&value).to_value("item"), Ok(value));
    }

    #[test]
    fn bad_input_names_its_path() {
        let mut form = EditValue::from_value(&every_type());
        let EditValue::Map(entries) = &mut form else {
            panic!("map")
        };
        for (name, value) in entries.iter_mut() {
            if name == "l" {
                *value = EditValue::List(vec![EditValue::Scalar {
                    kind: AttrType::N,
                    text: "1,5".into(),
                }]);
            }
        }
        let error = form.to_value("item").expect_err("bad number");
        assert_eq!(error.path, "item.l[0]");
        let set = EditValue::Set {
            kind: AttrType::Ns,
            members: vec!["1".into(), "1.0".into()],
        };
        assert!(
            set.to_value("x")
                .expect_err("duplicate")
                .message
                .contains("once")
        );
        let empty = EditValue::Set {
            kind: AttrType::Ss,
            members: vec![String::new()],
        };
        assert!(empty.to_value("x").is_err());
        let binary = EditValue::Scalar {
            kind: AttrType::B,
            text: "%%".into(),
        };
        assert!(binary.to_value("x").is_err());
        let twice = EditValue::Map(vec![
            ("a".into(), EditValue::Null),
            ("a".into(), EditValue::Null),
        ]);
        assert!(twice.to_value("m").is_err());
    }

    #[test]
    fn retyping_keeps_text() {
        let mut value = EditValue::Scalar {
            kind: AttrType::S,
            text: "42".into(),
        };
        value.retype(AttrType::N);
        assert_eq!(value.to_value("x"), Ok(AttrValue::N("42".into())));
        value.retype(AttrType::Ss);
        assert_eq!(
            value.to_value("x"),
            Ok(AttrValue::Ss(vec!["42".into()].into()))
        );
        value.retype(AttrType::Bool);
        assert_eq!(value, EditValue::Bool(false));
    }

    #[test]
    fn set_members_survive_the_form_exactly() {
        let tricky: Vec<Box<str>> = vec!["a\nb".into(), "c\r".into(), " d ".into(), "\r\n".into()];
        let value = AttrValue::Ss(tricky.clone().into_boxed_slice());
        let form = EditValue::from_value(&value);
        assert_eq!(
            form,
            EditValue::Set {
                kind: AttrType::Ss,
                members: tricky.iter().map(|m| m.to_string()).collect(),
            }
        );
        assert_eq!(form.to_value("s"), Ok(value.clone()));
        // Through a whole item, as the editor saves it.
        let item: crate::dynamodb::model::item_edit::Item =
            [("tags".to_owned(), value)].into_iter().collect();
        assert_eq!(item_from_edit(&edit_item_from(&item)), Ok(item));
        // Members that differ only by what a line split would lose stay two members.
        let two = EditValue::Set {
            kind: AttrType::Ss,
            members: vec!["x".into(), "x\r".into(), String::new()],
        };
        assert_eq!(
            two.to_value("s"),
            Ok(AttrValue::Ss(vec!["x".into(), "x\r".into()].into()))
        );
        let binary = AttrValue::Bs(vec![vec![b'\n'].into(), vec![b'\r', 0].into()].into());
        assert_eq!(EditValue::from_value(&binary).to_value("b"), Ok(binary));
    }
}
