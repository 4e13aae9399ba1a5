//! Reading a Scan or Query answer's JSON into Stratus's compact types, exactly, with every
//! value checked; a failure names the item (1-based) and attribute and says what is wrong.

use std::cell::RefCell;
use std::fmt;
use std::ops::Range;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

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

/// The body checked as JSON and outlined without reading its items: the byte range of the
/// top-level `Items` value (if any) and the rest for the SDK. The items are read afterwards
/// by [`parse_items`], beside the next request; `None` when the body is not well-formed, and
/// [`split_page`] then says where.
pub(super) fn outline_page(body: &[u8]) -> Option<(Option<Range<usize>>, Vec<u8>)> {
    let mut reader = serde_json::Deserializer::from_slice(body);
    let outline = OutlineVisitor.visit(&mut reader).ok()?;
    reader.end().ok()?;
    let range = match outline.items {
        Some(raw) => {
            let start = (raw.get().as_ptr() as usize).checked_sub(body.as_ptr() as usize)?;
            let range = start..start.checked_add(raw.get().len())?;
            // The value lies in the body (borrowed, not copied); anything else is refused.
            (body.get(range.clone())? == raw.get().as_bytes()).then_some(range)
        }
        None => None,
    };
    let rest = serde_json::to_vec(&outline.rest).ok()?;
    Some((range, rest))
}

/// A page's `Items` array, read exactly; a failure names the item (1-based) and attribute.
pub(super) fn parse_items(items: &[u8]) -> Result<Vec<RawItem>, String> {
    let trail = RefCell::new(Trail::default());
    let mut reader = serde_json::Deserializer::from_slice(items);
    ItemsSeed { trail: &trail }
        .deserialize(&mut reader)
        .and_then(|items| reader.end().map(|()| items))
        .map_err(|error| trail.into_inner().describe(&error))
}

/// A page's items left as text, and everything else.
struct Outline<'de> {
    items: Option<&'de RawValue>,
    rest: serde_json::Map<String, serde_json::Value>,
}

struct OutlineVisitor;

impl OutlineVisitor {
    fn visit<'de>(
        self,
        reader: &mut serde_json::Deserializer<serde_json::de::SliceRead<'de>>,
    ) -> serde_json::Result<Outline<'de>> {
        reader.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for OutlineVisitor {
    type Value = Outline<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Scan or Query response")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Outline<'de>, A::Error> {
        let mut outline = Outline {
            items: None,
            rest: serde_json::Map::new(),
        };
        while let Some(key) = map.next_key::<String>()? {
            if key == "Items" {
                outline.items = Some(map.next_value()?);
            } else {
                outline.rest.insert(key, map.next_value()?);
            }
        }
        Ok(outline)
    }
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

    /// What the connector does with a page: outlined, then its items read on their own.
    fn outlined(body: &[u8]) -> Option<(Result<Vec<RawItem>, String>, serde_json::Value)> {
        let (range, rest) = outline_page(body)?;
        let items = match range {
            Some(range) => parse_items(&body[range]),
            None => Ok(Vec::new()),
        };
        Some((items, serde_json::from_slice(&rest).expect("rest is JSON")))
    }

    #[test]
    fn an_outlined_page_reads_as_the_whole_page_does() {
        for body in [
            &br#"{"Count":2,"Items":[{"pk":{"S":"a \"Items\": ["},"n":{"N":"-1E+125"}},{"Items":{"L":[{"S":"]"}]}}],"LastEvaluatedKey":{"pk":{"S":"a"}}}"#[..],
            br#"  {"Items" : [ ] , "Count":0 }  "#,
            br#"{"Count":0}"#,
            // An escaped name is still `Items`; the last of two wins, as for the whole page.
            br#"{"It\u0065ms":[{"a":{"S":"first"}}],"Items":[{"a":{"S":"\u00e9\ud83d\ude00"}}]}"#,
        ] {
            let (items, rest) = outlined(body).expect("well-formed");
            let (whole, whole_rest) = split_page(body).expect("a page");
            assert_eq!(items.expect("items"), whole, "{}", String::from_utf8_lossy(body));
            let whole_rest: serde_json::Value = serde_json::from_slice(&whole_rest).expect("json");
            assert_eq!(rest, whole_rest);
            assert!(rest.get("Items").is_none());
        }
    }

    #[test]
    fn a_malformed_page_is_not_outlined_and_bad_items_still_name_their_place() {
        // Not well-formed: left to split_page, which says where.
        for body in [
            &b""[..],
            b"not json",
            br#"{"Items":[{"a":{"S":"x"}}"#,
            br#"{"Items":[]} trailing"#,
            b"{\"Items\":[{\"a\":{\"S\":\"\xff\"}}]}",
        ] {
            assert!(
                outline_page(body).is_none(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        // Well-formed JSON, wrong items: read beside the next request, with the same words.
        for (body, expected) in [
            (
                &br#"{"Items":{}}"#[..],
                "the page is not a readable Scan or Query answer: invalid type: map",
            ),
            (
                br#"{"Items":null}"#,
                "the page is not a readable Scan or Query answer: invalid type: null",
            ),
            (
                br#"{"Items":[1]}"#,
                "item 1: invalid type: integer `1`, expected an item",
            ),
            (
                br#"{"Items":[{"a":{"S":"x"}},{"b":{"N":"1x"}}]}"#,
                "item 2, attribute b: ",
            ),
        ] {
            let (items, _) = outlined(body).expect("well-formed");
            let problem = items.expect_err("unreadable items");
            assert!(problem.starts_with(expected), "{problem}");
            assert_eq!(split_page(body).expect_err("unreadable"), problem);
        }
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
