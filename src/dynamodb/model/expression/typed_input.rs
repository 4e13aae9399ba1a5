//! A value as the user typed it, with the DynamoDB type they chose for it.

use crate::dynamodb::model::attribute::AttrValue;
use crate::dynamodb::model::attribute::base64_decode;
use crate::dynamodb::model::attribute::validate_number;

/// The value types a user can type into a condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ScalarKind {
    S,
    N,
    B,
    Bool,
    Null,
}

impl ScalarKind {
    pub const ALL: [Self; 5] = [Self::S, Self::N, Self::B, Self::Bool, Self::Null];

    pub fn label(self) -> &'static str {
        match self {
            Self::S => "String",
            Self::N => "Number",
            Self::B => "Binary (base64)",
            Self::Bool => "Boolean",
            Self::Null => "Null",
        }
    }

    /// The kind of a key attribute from its schema type (`S`, `N` or `B`).
    pub fn from_key_type(tag: &str) -> Self {
        match tag {
            "N" => Self::N,
            "B" => Self::B,
            _ => Self::S,
        }
    }
}

/// A value as typed, with the type the user chose.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TypedInput {
    pub kind: ScalarKind,
    pub text: String,
}

impl Default for TypedInput {
    fn default() -> Self {
        Self {
            kind: ScalarKind::S,
            text: String::new(),
        }
    }
}

impl TypedInput {
    pub fn new(kind: ScalarKind, text: impl Into<String>) -> Self {
        Self {
            kind,
            text: text.into(),
        }
    }

    /// The value, or a message for the field.
    pub fn parse(&self) -> Result<AttrValue, String> {
        match self.kind {
            ScalarKind::S => Ok(AttrValue::s(self.text.clone())),
            ScalarKind::N => {
                validate_number(&self.text).map_err(|e| format!("Not a valid number: {e}"))?;
                Ok(AttrValue::N(self.text.trim().into()))
            }
            ScalarKind::B => Ok(AttrValue::B(base64_decode(&self.text)?.into_boxed_slice())),
            ScalarKind::Bool => match self.text.trim().to_ascii_lowercase().as_str() {
                "true" => Ok(AttrValue::Bool(true)),
                "false" => Ok(AttrValue::Bool(false)),
                _ => Err("Enter true or false".to_owned()),
            },
            ScalarKind::Null => Ok(AttrValue::Null),
        }
    }
}
