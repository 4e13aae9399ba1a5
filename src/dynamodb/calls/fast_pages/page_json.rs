//! Reading a Scan or Query answer's JSON into Stratus's compact types, exactly, with every
//! value checked; a failure names the item (1-based) and attribute and says what is wrong.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::dynamodb::model::AttrValue;
use crate::dynamodb::model::RawItem;
use crate::dynamodb::model::attribute::base64_decode;

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

/// Where in the page reading stopped, gathered on the way out of a failure only (so reading
/// a good page costs nothing extra).
#[derive(Default)]
struct Trail {
    /// 1-based index of the item in `Items`.
    item: Option<usize>,
    /// Attribute names and list positions, innermost first.
    steps: Vec<Step>,
    /// Our own account of the problem, when it was ours rather than the JSON reader's.
    problem: Option<String>,
}

enum Step {
    Name(String),
    Index(usize),
}

impl Trail {
    /// `item 2, attribute m.list[3]: `NaN` is not a number`.
    fn describe(self, error: &serde_json::Error) -> String {
        let problem = self.problem.unwrap_or_else(|| {
            // serde's own "at line L column C" means nothing to the user; the item does.
            let text = error.to_string();
            let position = format!(" at line {} column {}", error.line(), error.column());
            text.strip_suffix(&position).unwrap_or(&text).to_owned()
        });
        let mut path = String::new();
        for step in self.steps.iter().rev() {
            match step {
                Step::Name(name) if path.is_empty() => path.push_str(name),
                Step::Name(name) => {
                    path.push('.');
                    path.push_str(name);
                }
                Step::Index(index) => path.push_str(&format!("[{index}]")),
            }
        }
        match (self.item, path.is_empty()) {
            (Some(item), false) => format!("item {item}, attribute {path}: {problem}"),
            (Some(item), true) => format!("item {item}: {problem}"),
            (None, _) => format!("the page is not a readable Scan or Query answer: {problem}"),
        }
    }
}

/// At most 40 characters of `text`, for quoting wire data in a message.
pub(super) fn clip(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Records our own description of a problem and returns the error that carries it out.
fn problem<E: de::Error>(trail: &RefCell<Trail>, message: String) -> E {
    let error = E::custom(&message);
    trail.borrow_mut().problem = Some(message);
    error
}

/// Whether `text` is a number as DynamoDB writes them: `-12`, `1.5`, `.5`, `1E+3`. Checked
/// byte by byte, as this runs for every number of every page.
fn is_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = usize::from(matches!(bytes.first(), Some(b'-' | b'+')));
    let digits = |at: &mut usize| {
        let from = *at;
        while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        *at - from
    };
    let mut mantissa = digits(&mut at);
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        mantissa += digits(&mut at);
    }
    if mantissa == 0 {
        return false;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'-' | b'+')) {
            at += 1;
        }
        if digits(&mut at) == 0 {
            return false;
        }
    }
    at == bytes.len()
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

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        loop {
            match seq.next_element_seed(ItemSeed { trail: self.trail }) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(items),
                Err(error) => {
                    self.trail.borrow_mut().item = Some(items.len() + 1);
                    return Err(error);
                }
            }
        }
    }
}

/// An item, or a map value: attribute name to typed value.
struct ItemSeed<'t> {
    trail: &'t RefCell<Trail>,
}

impl<'de> DeserializeSeed<'de> for ItemSeed<'_> {
    type Value = RawItem;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawItem, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ItemSeed<'_> {
    type Value = RawItem;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an item (a map of attribute names to typed values)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawItem, A::Error> {
        let mut item = Vec::with_capacity(map.size_hint().unwrap_or(8));
        while let Some(name) = map.next_key::<String>()? {
            match map.next_value_seed(ValueSeed { trail: self.trail }) {
                Ok(value) => item.push((name, value)),
                Err(error) => {
                    self.trail.borrow_mut().steps.push(Step::Name(name));
                    return Err(error);
                }
            }
        }
        Ok(item)
    }
}

/// A typed value: `{"S": "…"}`, `{"N": "…"}`, …
struct ValueSeed<'t> {
    trail: &'t RefCell<Trail>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = AttrValue;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<AttrValue, D::Error> {
        deserializer.deserialize_map(self)
    }
}

/// What a set's or list's members must be.
#[derive(Clone, Copy)]
enum Members {
    Strings,
    Numbers,
    Binary,
}

/// A JSON array of strings (SS, NS, or base64 for BS), each member checked.
struct MembersSeed<'t> {
    trail: &'t RefCell<Trail>,
    members: Members,
}

/// A checked set member.
enum Member {
    Text(Box<str>),
    Bytes(Box<[u8]>),
}

impl<'de> DeserializeSeed<'de> for MembersSeed<'_> {
    type Value = Vec<Member>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for MembersSeed<'_> {
    type Value = Vec<Member>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of strings")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(4));
        loop {
            let step = |trail: &RefCell<Trail>, index: usize| {
                trail.borrow_mut().steps.push(Step::Index(index));
            };
            let text = match seq.next_element::<String>() {
                Ok(Some(text)) => text,
                Ok(None) => return Ok(out),
                Err(error) => {
                    step(self.trail, out.len());
                    return Err(error);
                }
            };
            let member = match self.members {
                Members::Strings => Ok(Member::Text(text.into_boxed_str())),
                Members::Numbers if is_number(&text) => Ok(Member::Text(text.into_boxed_str())),
                Members::Numbers => Err(format!("`{}` is not a number", clip(&text))),
                Members::Binary => base64_decode(&text)
                    .map(|b| Member::Bytes(b.into_boxed_slice()))
                    .map_err(|e| format!("`{}` is {e}", clip(&text))),
            };
            match member {
                Ok(member) => out.push(member),
                Err(message) => {
                    step(self.trail, out.len());
                    return Err(problem(self.trail, message));
                }
            }
        }
    }
}

/// The elements of an `L`, each a typed value.
struct ListSeed<'t> {
    trail: &'t RefCell<Trail>,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_> {
    type Value = Vec<AttrValue>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_> {
    type Value = Vec<AttrValue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of typed values")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(4));
        loop {
            match seq.next_element_seed(ValueSeed { trail: self.trail }) {
                Ok(Some(value)) => out.push(value),
                Ok(None) => return Ok(out),
                Err(error) => {
                    self.trail.borrow_mut().steps.push(Step::Index(out.len()));
                    return Err(error);
                }
            }
        }
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = AttrValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a DynamoDB typed value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AttrValue, A::Error> {
        let trail = self.trail;
        let Some(tag) = map.next_key::<String>()? else {
            return Err(problem(
                trail,
                "the typed value is empty (expected one of S, N, B, BOOL, NULL, L, M, SS, NS, BS)"
                    .to_owned(),
            ));
        };
        let texts = |members: Vec<Member>| {
            members
                .into_iter()
                .filter_map(|m| match m {
                    Member::Text(text) => Some(text),
                    Member::Bytes(_) => None,
                })
                .collect()
        };
        let value = match tag.as_str() {
            "S" => AttrValue::S(map.next_value::<String>()?.into_boxed_str()),
            "N" => {
                let text = map.next_value::<String>()?;
                if !is_number(&text) {
                    return Err(problem(trail, format!("`{}` is not a number", clip(&text))));
                }
                AttrValue::N(text.into_boxed_str())
            }
            "B" => {
                let text = map.next_value::<String>()?;
                match base64_decode(&text) {
                    Ok(bytes) => AttrValue::B(bytes.into_boxed_slice()),
                    Err(e) => return Err(problem(trail, format!("`{}` is {e}", clip(&text)))),
                }
            }
            "BOOL" => AttrValue::Bool(map.next_value::<bool>()?),
            "NULL" => {
                map.next_value::<bool>()?;
                AttrValue::Null
            }
            "L" => AttrValue::L(map.next_value_seed(ListSeed { trail })?.into_boxed_slice()),
            "M" => AttrValue::map(
                map.next_value_seed(ItemSeed { trail })?
                    .into_iter()
                    .map(|(k, v)| (k.into_boxed_str(), v))
                    .collect(),
            ),
            "SS" => AttrValue::Ss(texts(map.next_value_seed(MembersSeed {
                trail,
                members: Members::Strings,
            })?)),
            "NS" => AttrValue::Ns(texts(map.next_value_seed(MembersSeed {
                trail,
                members: Members::Numbers,
            })?)),
            "BS" => AttrValue::Bs(
                map.next_value_seed(MembersSeed {
                    trail,
                    members: Members::Binary,
                })?
                .into_iter()
                .filter_map(|m| match m {
                    Member::Bytes(bytes) => Some(bytes),
                    Member::Text(_) => None,
                })
                .collect(),
            ),
            other => {
                return Err(problem(
                    trail,
                    format!("unknown type tag `{}`", clip(other)),
                ));
            }
        };
        if let Some(second) = map.next_key::<String>()? {
            return Err(problem(
                trail,
                format!(
                    "the typed value has more than one type (`{tag}` and `{}`)",
                    clip(&second)
                ),
            ));
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn pages_split_into_exact_items_and_the_rest() {
        let body = br#"{"Count":1,"Items":[{"pk":{"S":"a"},"n":{"N":"12345678901234567890123456789012345678"},"b":{"B":"/wDD"},"t":{"BOOL":true},"z":{"NULL":true},"l":{"L":[{"M":{"x":{"NS":["1","2.5"]}}}]},"ss":{"SS":["a","b"]},"bs":{"BS":["AQ=="]}}],"ScannedCount":3,"LastEvaluatedKey":{"pk":{"S":"a"}}}"#;
        let (items, rest) = split_page(body).expect("a page");
        assert_eq!(items.len(), 1);
        let item = &items[0];
        assert!(item.contains(&(
            "n".to_owned(),
            AttrValue::N("12345678901234567890123456789012345678".into())
        )));
        assert!(item.contains(&("b".to_owned(), AttrValue::B(vec![0xFF, 0x00, 0xC3].into()))));
        assert!(item.contains(&("z".to_owned(), AttrValue::Null)));
        assert!(item.contains(&(
            "bs".to_owned(),
            AttrValue::Bs(vec![vec![1u8].into()].into())
        )));
        let rest: serde_json::Value = serde_json::from_slice(&rest).expect("json");
        assert!(rest.get("Items").is_none());
        assert_eq!(rest["ScannedCount"], 3);
        assert_eq!(rest["LastEvaluatedKey"]["pk"]["S"], "a");
        let (items, _) = split_page(br#"{"Count":0}"#).expect("no items");
        assert!(items.is_empty());
    }

    /// The problem `split_page` reports for a page whose second item has attribute `a` = `value`.
    fn second_item_with(value: &str) -> String {
        let body = format!(
            r#"{{"Items":[{{"pk":{{"S":"ok"}}}},{{"pk":{{"S":"x"}},"a":{value}}}],"Count":2}}"#
        );
        split_page(body.as_bytes()).expect_err("unreadable")
    }

    #[test]
    fn an_unreadable_value_names_its_item_attribute_and_problem() {
        assert_eq!(
            second_item_with(r#"{"N":"NaN"}"#),
            "item 2, attribute a: `NaN` is not a number"
        );
        for (value, expected) in [
            (r#"{"N":"1e"}"#, "item 2, attribute a: `1e` is not a number"),
            (r#"{"N":""}"#, "item 2, attribute a: `` is not a number"),
            (r#"{"N":" 1"}"#, "item 2, attribute a: ` 1` is not a number"),
            (
                r#"{"NS":["1","x"]}"#,
                "item 2, attribute a[1]: `x` is not a number",
            ),
            (
                r#"{"B":"@@@"}"#,
                "item 2, attribute a: `@@@` is not valid base64",
            ),
            (
                r#"{"BS":["AQ==","%"]}"#,
                "item 2, attribute a[1]: `%` is not valid base64",
            ),
            (r#"{"Q":"1"}"#, "item 2, attribute a: unknown type tag `Q`"),
            (r#"{}"#, "item 2, attribute a: the typed value is empty"),
            (
                r#"{"S":"a","N":"1"}"#,
                "item 2, attribute a: the typed value has more than one type",
            ),
            (
                r#"{"S":5}"#,
                "item 2, attribute a: invalid type: integer `5`, expected a string",
            ),
            (
                r#"{"BOOL":"yes"}"#,
                "item 2, attribute a: invalid type: string \"yes\", expected a boolean",
            ),
            (
                r#""plain""#,
                "item 2, attribute a: invalid type: string \"plain\", expected a DynamoDB typed value",
            ),
            (
                r#"{"M":{"in":{"L":[{"S":"ok"},{"N":"1.2.3"}]}}}"#,
                "item 2, attribute a.in[1]: `1.2.3` is not a number",
            ),
            (
                r#"{"SS":"a"}"#,
                "item 2, attribute a: invalid type: string \"a\", expected a list of strings",
            ),
        ] {
            let problem = second_item_with(value);
            assert!(problem.starts_with(expected), "{value}: {problem}");
            assert!(!problem.contains(" at line "), "{problem}");
        }
        let long = "9".repeat(30) + "x" + &"9".repeat(1000);
        let problem = second_item_with(&format!(r#"{{"N":"{long}"}}"#));
        assert!(problem.len() < 100, "wire text is clipped: {problem}");
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

    #[test]
    fn numbers_are_checked_byte_by_byte() {
        for good in [
            "0",
            "-1",
            "+7",
            "1.5",
            ".5",
            "5.",
            "1E+3",
            "-2.5e-10",
            "12345678901234567890123456789012345678",
        ] {
            assert!(is_number(good), "{good}");
        }
        for bad in [
            "", "-", ".", "e5", "1e", "1e+", "NaN", "Infinity", "0x10", "1..2", "1 ", "١",
        ] {
            assert!(!is_number(bad), "{bad}");
        }
    }
}
