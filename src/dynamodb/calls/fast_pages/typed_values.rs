//! DynamoDB typed values (`{"S": "…"}`, `{"L": […]}`, …) read exactly, every value checked.

use std::cell::RefCell;
use std::fmt;

use compact_str::CompactString;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::dynamodb::calls::fast_pages::trail::{Step, Trail, clip, problem, read_elements};
use crate::dynamodb::model::AttrValue;
use crate::dynamodb::model::RawItem;
use crate::dynamodb::model::attribute::base64_decode;

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

/// An item, or a map value: attribute name to typed value.
pub(super) struct ItemSeed<'t> {
    pub(super) trail: &'t RefCell<Trail>,
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
        while let Some(name) = map.next_key_seed(TextSeed)? {
            match map.next_value_seed(ValueSeed { trail: self.trail }) {
                Ok(value) => item.push((name, value)),
                Err(error) => {
                    self.trail.borrow_mut().steps.push(Step::Name(name.into()));
                    return Err(error);
                }
            }
        }
        Ok(item)
    }
}

/// A JSON string read straight from the parser's text: up to 24 bytes it is stored inline, so
/// most names and values cost no allocation (issue #18). Escaped text arrives via `visit_str`
/// from serde_json's scratch buffer, unescaped text borrowed from the page; both copy once.
struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = CompactString;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<CompactString, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for TextSeed {
    type Value = CompactString;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<CompactString, E> {
        Ok(CompactString::from(text))
    }
}

/// A typed value's tag, read without allocating (it is read for every value of every page);
/// only a tag DynamoDB does not have keeps its text, for the message.
enum Tag {
    Known(&'static str),
    Unknown(String),
}

impl Tag {
    fn text(&self) -> &str {
        match self {
            Self::Known(tag) => tag,
            Self::Unknown(text) => text,
        }
    }
}

struct TagSeed;

impl<'de> DeserializeSeed<'de> for TagSeed {
    type Value = Tag;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Tag, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for TagSeed {
    type Value = Tag;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a type tag")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Tag, E> {
        const TAGS: [&str; 10] = ["S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS"];
        Ok(match TAGS.iter().find(|tag| **tag == text) {
            Some(tag) => Tag::Known(tag),
            None => Tag::Unknown(text.to_owned()),
        })
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

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let trail = self.trail;
        read_elements(
            seq,
            4,
            || ValueSeed { trail },
            |read| trail.borrow_mut().steps.push(Step::Index(read)),
        )
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = AttrValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a DynamoDB typed value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AttrValue, A::Error> {
        let trail = self.trail;
        let Some(tag) = map.next_key_seed(TagSeed)? else {
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
        let value = match tag.text() {
            "S" => AttrValue::S(map.next_value_seed(TextSeed)?),
            "N" => {
                let text = map.next_value_seed(TextSeed)?;
                if !is_number(&text) {
                    return Err(problem(trail, format!("`{}` is not a number", clip(&text))));
                }
                AttrValue::N(text)
            }
            "B" => {
                let text = map.next_value_seed(TextSeed)?;
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
                    .map(|(k, v)| (k.into(), v))
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
        if let Some(second) = map.next_key_seed(TagSeed)? {
            return Err(problem(
                trail,
                format!(
                    "the typed value has more than one type (`{}` and `{}`)",
                    tag.text(),
                    clip(second.text())
                ),
            ));
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::calls::fast_pages::page_json::split_page;

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
    fn names_and_values_are_kept_exactly_whether_inline_or_not() {
        let inline = "x".repeat(24);
        let spilled = "y".repeat(25);
        let number = "-1234567890123456789012345678901234567.8e-10";
        let body = format!(
            r#"{{"Items":[{{"{inline}":{{"S":"{spilled}"}},"{spilled}":{{"N":"{number}"}},"e\"\u00e9\n":{{"S":"q\"\\\u0000\ud83d\ude00"}},"":{{"S":""}},"m":{{"M":{{"k\t":{{"N":"7"}}}}}}}}]}}"#
        );
        let (items, _) = split_page(body.as_bytes()).expect("a page");
        let item = &items[0];
        let get = |name: &str| {
            item.iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("{name:?} in {item:?}"))
        };
        assert_eq!(get(&inline), AttrValue::S(spilled.as_str().into()));
        assert_eq!(get(&spilled), AttrValue::N(number.into()));
        assert_eq!(get("e\"é\n"), AttrValue::S("q\"\\\0😀".into()));
        assert_eq!(get(""), AttrValue::S("".into()));
        assert_eq!(
            get("m"),
            AttrValue::M(vec![("k\t".into(), AttrValue::N("7".into()))].into())
        );
        let names: Vec<&str> = item.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, [&inline, &spilled, "e\"é\n", "", "m"]);
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
