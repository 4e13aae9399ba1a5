//! Converts between the SDK's attribute values and ours, losing nothing.

use std::collections::HashMap;

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;

use crate::dynamodb::model::AttrValue;

use crate::dynamodb::model::RawItem;

/// Writes a conversion from one SDK's `AttributeValue` to ours. DynamoDB and DynamoDB
/// Streams each have their own type with the same variants; one body keeps both exact.
macro_rules! attribute_value_from {
    ($(#[$doc:meta])* $vis:vis fn $name:ident($sdk:ty)) => {
        $(#[$doc])*
        $vis fn $name(value: $sdk) -> Result<$crate::dynamodb::model::AttrValue, String> {
            use $crate::dynamodb::model::AttrValue;
            type Sdk = $sdk;
            Ok(match value {
                Sdk::S(s) => AttrValue::S(s.into()),
                Sdk::N(n) => AttrValue::N(n.into()),
                Sdk::B(b) => AttrValue::B(b.into_inner().into_boxed_slice()),
                Sdk::Bool(b) => AttrValue::Bool(b),
                Sdk::Null(_) => AttrValue::Null,
                Sdk::L(items) => AttrValue::L(
                    items
                        .into_iter()
                        .map($name)
                        .collect::<Result<Vec<_>, _>>()?
                        .into_boxed_slice(),
                ),
                Sdk::M(map) => AttrValue::map(
                    map.into_iter()
                        .map(|(k, v)| Ok((k.into_boxed_str(), $name(v)?)))
                        .collect::<Result<Vec<_>, String>>()?,
                ),
                Sdk::Ss(items) => {
                    AttrValue::Ss(items.into_iter().map(String::into_boxed_str).collect())
                }
                Sdk::Ns(items) => {
                    AttrValue::Ns(items.into_iter().map(String::into_boxed_str).collect())
                }
                Sdk::Bs(items) => AttrValue::Bs(
                    items
                        .into_iter()
                        .map(|b| b.into_inner().into_boxed_slice())
                        .collect(),
                ),
                other => return Err(format!("unsupported attribute type {other:?}")),
            })
        }
    };
}
pub(crate) use attribute_value_from;

attribute_value_from! {
    /// An SDK value as ours. Fails only on a type this version of the SDK does not know, rather
    /// than guessing and showing something that is not what is stored.
    pub fn from_sdk(AttributeValue)
}

/// Our value as the SDK's.
pub fn to_sdk(value: &AttrValue) -> AttributeValue {
    match value {
        AttrValue::S(s) => AttributeValue::S(s.to_string()),
        AttrValue::N(n) => AttributeValue::N(n.to_string()),
        AttrValue::B(b) => AttributeValue::B(Blob::new(b.to_vec())),
        AttrValue::Bool(b) => AttributeValue::Bool(*b),
        AttrValue::Null => AttributeValue::Null(true),
        AttrValue::L(items) => AttributeValue::L(items.iter().map(to_sdk).collect()),
        AttrValue::M(entries) => AttributeValue::M(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), to_sdk(v)))
                .collect(),
        ),
        AttrValue::Ss(items) => AttributeValue::Ss(items.iter().map(|s| s.to_string()).collect()),
        AttrValue::Ns(items) => AttributeValue::Ns(items.iter().map(|s| s.to_string()).collect()),
        AttrValue::Bs(items) => {
            AttributeValue::Bs(items.iter().map(|b| Blob::new(b.to_vec())).collect())
        }
    }
}

/// An SDK item as ours.
pub fn item_from_sdk(item: HashMap<String, AttributeValue>) -> Result<RawItem, String> {
    let mut converted = Vec::with_capacity(item.len());
    for (name, value) in item {
        match from_sdk(value) {
            Ok(value) => converted.push((name.into(), value)),
            Err(e) => return Err(format!("attribute {name:?}: {e}")),
        }
    }
    Ok(converted)
}

/// Our item (a loaded one, or one written by hand) as the SDK's.
pub fn item_to_sdk(item: &[(impl AsRef<str>, AttrValue)]) -> HashMap<String, AttributeValue> {
    item.iter()
        .map(|(name, value)| (name.as_ref().to_owned(), to_sdk(value)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_round_trips() {
        let value = AttrValue::L(
            vec![
                AttrValue::N("12345678901234567890123456789012345678".into()),
                AttrValue::B(vec![0xFF, 0x00].into()),
                AttrValue::Bool(false),
                AttrValue::Null,
                AttrValue::s(""),
                AttrValue::map(vec![("ü".into(), AttrValue::Ss(vec!["a".into()].into()))]),
                AttrValue::Ns(vec!["1".into(), "2.5".into()].into()),
                AttrValue::Bs(vec![vec![1u8, 2].into()].into()),
            ]
            .into(),
        );
        assert_eq!(from_sdk(to_sdk(&value)), Ok(value));
    }
}
