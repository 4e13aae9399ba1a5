//! Reading a Scan or Query answer's JSON into Stratus's compact types, exactly, with every
//! value checked; a failure names the item (1-based) and attribute and says what is wrong.

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::dynamodb::calls::fast_pages::trail::{Trail, read_elements};
use crate::dynamodb::calls::fast_pages::typed_values::ItemSeed;
use crate::dynamodb::model::RawItem;

/// Items of a Scan/Query body, and the body without them for the SDK; or what is wrong
/// with the body, naming the item (1-based) and attribute where it lies.
pub(super) fn split_page(body: &[u8]) -> Result<(Vec<RawItem>, Vec<u8>), String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err("the page is empty".to_owned());
    }
    let trail = RefCell::new(Trail::default());
    let mut reader = serde_json::Deserializer::from_slice(body);
    let page = PageSeed { trail: &trail }
        .deserialize(&mut reader)
        .and_then(|page| reader.end().map(|()| page))
        .map_err(|error| trail.into_inner().describe(&error))?;
    let rest = serde_json::to_vec(&page.rest).map_err(|e| e.to_string())?;
    Ok((page.items, rest))
}

/// A page: the items parsed exactly, everything else kept as JSON for the SDK.
struct Page {
    items: Vec<RawItem>,
    rest: serde_json::Map<String, serde_json::Value>,
}

struct PageSeed<'t> {
    trail: &'t RefCell<Trail>,
}

impl<'de> DeserializeSeed<'de> for PageSeed<'_> {
    type Value = Page;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Page, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PageSeed<'_> {
    type Value = Page;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Scan or Query response")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page, A::Error> {
        let mut page = Page {
            items: Vec::new(),
            rest: serde_json::Map::new(),
        };
        while let Some(key) = map.next_key::<String>()? {
            if key == "Items" {
                page.items = map.next_value_seed(ItemsSeed { trail: self.trail })?;
            } else {
                page.rest.insert(key, map.next_value()?);
            }
        }
        Ok(page)
    }
}

/// The `Items` array, counting items so a failure can name its item.
struct ItemsSeed<'t> {
    trail: &'t RefCell<Trail>,
}

impl<'de> DeserializeSeed<'de> for ItemsSeed<'_> {
    type Value = Vec<RawItem>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ItemsSeed<'_> {
    type Value = Vec<RawItem>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of items")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let trail = self.trail;
        read_elements(
            seq,
            0,
            || ItemSeed { trail },
            |read| trail.borrow_mut().item = Some(read + 1),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::model::AttrValue;

    #[test]
    fn pages_split_into_exact_items_and_the_rest() {
        let body = br#"{"Count":1,"Items":[{"pk":{"S":"a"},"n":{"N":"12345678901234567890123456789012345678"},"b":{"B":"/wDD"},"t":{"BOOL":true},"z":{"NULL":true},"l":{"L":[{"M":{"x":{"NS":["1","2.5"]}}}]},"ss":{"SS":["a","b"]},"bs":{"BS":["AQ=="]}}],"ScannedCount":3,"LastEvaluatedKey":{"pk":{"S":"a"}}}"#;
        let (items, rest) = split_page(body).expect("a page");
        assert_eq!(items.len(), 1);
        let item = &items[0];
        assert!(item.contains(&(
            "n".into(),
            AttrValue::N("12345678901234567890123456789012345678".into())
        )));
        assert!(item.contains(&("b".into(), AttrValue::B(vec![0xFF, 0x00, 0xC3].into()))));
        assert!(item.contains(&("z".into(), AttrValue::Null)));
        assert!(item.contains(&("bs".into(), AttrValue::Bs(vec![vec![1u8].into()].into()))));
        let rest: serde_json::Value = serde_json::from_slice(&rest).expect("json");
        assert!(rest.get("Items").is_none());
        assert_eq!(rest["ScannedCount"], 3);
        assert_eq!(rest["LastEvaluatedKey"]["pk"]["S"], "a");
        let (items, _) = split_page(br#"{"Count":0}"#).expect("no items");
        assert!(items.is_empty());
    }

    #[test]
    fn malformed_bodies_are_errors_that_say_what_is_wrong() {
        for (body, expected) in [
            (&b""[..], "the page is empty"),
            (b"  \n", "the page is empty"),
            (
                b"not json",
                "the page is not a readable Scan or Query answer: expected ident",
            ),
            (
                b"[]",
                "the page is not a readable Scan or Query answer: invalid type: sequence",
            ),
            (
                br#"{"Items":[{"a":{"S":"x"}}"#,
                "item 2: EOF while parsing a list",
            ),
            (
                br#"{"Items":[{"a":{"S":"x"#,
                "item 1, attribute a: EOF while parsing a string",
            ),
            (
                br#"{"Items":{}}"#,
                "the page is not a readable Scan or Query answer: invalid type: map",
            ),
            (
                br#"{"Items":[1]}"#,
                "item 1: invalid type: integer `1`, expected an item",
            ),
            (
                br#"{"Items":[]} trailing"#,
                "the page is not a readable Scan or Query answer: trailing characters",
            ),
        ] {
            let problem = split_page(body).expect_err("unreadable");
            assert!(
                problem.starts_with(expected),
                "{}: {problem}",
                String::from_utf8_lossy(body)
            );
        }
        let deep = format!(r#"{{"Items":[{{"a":{}}}]}}"#, r#"{"L":["#.repeat(200));
        let problem = split_page(deep.as_bytes()).expect_err("too deep");
        assert!(
            problem.starts_with("item 1, attribute a[0][0]"),
            "{problem}"
        );
    }
}
