//! Items and values as text: plain JSON or DynamoDB JSON, compact or pretty, and back.
//!
//! Written by hand rather than through `serde_json::Value` because its numbers are `f64`
//! (or need a crate-wide feature): a 38-digit number must come out with every digit.

use std::fmt::Write as _;

use crate::dynamodb::model::attribute::AttrValue;

use crate::dynamodb::model::attribute::base64_decode;

use crate::dynamodb::model::attribute::base64_encode;

use crate::dynamodb::model::attribute::validate_number;

/// Which JSON dialect to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonStyle {
    /// Plain JSON: numbers as numbers, binary as base64 strings, sets as arrays.
    Plain,
    /// DynamoDB JSON: every value wrapped in its type tag, as the AWS CLI writes it.
    DynamoDb,
}

/// A whole item (its attributes in the given order) as JSON.
pub fn item_to_json<'a>(
    attributes: impl IntoIterator<Item = (&'a str, &'a AttrValue)>,
    style: JsonStyle,
    pretty: bool,
) -> String {
    let mut writer = Writer::new(style, pretty);
    writer.object(attributes.into_iter());
    writer.out
}

/// One value as JSON.
pub fn value_to_json(value: &AttrValue, style: JsonStyle, pretty: bool) -> String {
    let mut writer = Writer::new(style, pretty);
    writer.value(value);
    writer.out
}

struct Writer {
    style: JsonStyle,
    pretty: bool,
    depth: usize,
    out: String,
}

impl Writer {
    fn new(style: JsonStyle, pretty: bool) -> Self {
        Self {
            style,
            pretty,
            depth: 0,
            out: String::new(),
        }
    }

    fn newline(&mut self) {
        if self.pretty {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str("  ");
            }
        }
    }

    fn string(&mut self, text: &str) {
        self.out.push('"');
        for c in text.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(self.out, "\\u{:04x}", c as u32);
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn number(&mut self, text: &str) {
        if is_json_number(text) {
            self.out.push_str(text);
        } else {
            // Still exact, as text: `+5` or `.5` are DynamoDB numbers but not JSON ones.
            self.string(text);
        }
    }

    fn sequence<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.out.push('[');
        self.depth += 1;
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
                if !self.pretty {
                    self.out.push(' ');
                }
            }
            self.newline();
            each(self, item);
        }
        self.depth -= 1;
        if !items.is_empty() {
            self.newline();
        }
        self.out.push(']');
    }

    fn object<'a>(&mut self, entries: impl Iterator<Item = (&'a str, &'a AttrValue)>) {
        self.out.push('{');
        self.depth += 1;
        let mut any = false;
        for (i, (name, value)) in entries.enumerate() {
            any = true;
            if i > 0 {
                self.out.push(',');
                if !self.pretty {
                    self.out.push(' ');
                }
            }
            self.newline();
            self.string(name);
            self.out.push_str(": ");
            self.value(value);
        }
        self.depth -= 1;
        if any {
            self.newline();
        }
        self.out.push('}');
    }

    fn tagged(&mut self, tag: &str, inner: impl FnOnce(&mut Self)) {
        self.out.push_str("{\"");
        self.out.push_str(tag);
        self.out.push_str("\": ");
        inner(self);
        self.out.push('}');
    }

    fn value(&mut self, value: &AttrValue) {
        match self.style {
            JsonStyle::Plain => self.plain(value),
            JsonStyle::DynamoDb => self.dynamodb(value),
        }
    }

    fn plain(&mut self, value: &AttrValue) {
        match value {
            AttrValue::S(s) => self.string(s),
            AttrValue::N(n) => self.number(n),
            AttrValue::B(b) => self.string(&base64_encode(b)),
            AttrValue::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            AttrValue::Null => self.out.push_str("null"),
            AttrValue::L(items) => self.sequence(items, |w, v| w.plain(v)),
            AttrValue::M(entries) => self.object(entries.iter().map(|(k, v)| (&**k, v))),
            AttrValue::Ss(items) => self.sequence(items, |w, s| w.string(s)),
            AttrValue::Ns(items) => self.sequence(items, |w, n| w.number(n)),
            AttrValue::Bs(items) => self.sequence(items, |w, b| w.string(&base64_encode(b))),
        }
    }

    fn dynamodb(&mut self, value: &AttrValue) {
        let tag = value.attr_type().tag();
        match value {
            AttrValue::S(s) => self.tagged(tag, |w| w.string(s)),
            AttrValue::N(n) => self.tagged(tag, |w| w.string(n)),
            AttrValue::B(b) => self.tagged(tag, |w| w.string(&base64_encode(b))),
            AttrValue::Bool(b) => self.tagged(tag, |w| {
                w.out.push_str(if *b { "true" } else { "false" });
            }),
            AttrValue::Null => self.tagged(tag, |w| w.out.push_str("true")),
            AttrValue::L(items) => self.tagged(tag, |w| w.sequence(items, |w, v| w.dynamodb(v))),
            AttrValue::M(entries) => {
                self.tagged(tag, |w| w.object(entries.iter().map(|(k, v)| (&**k, v))));
            }
            AttrValue::Ss(items) => self.tagged(tag, |w| w.sequence(items, |w, s| w.string(s))),
            AttrValue::Ns(items) => self.tagged(tag, |w| w.sequence(items, |w, n| w.string(n))),
            AttrValue::Bs(items) => self.tagged(tag, |w| {
                w.sequence(items, |w, b| w.string(&base64_encode(b)));
            }),
        }
    }
}

/// Whether `text` is a number in JSON's grammar.
fn is_json_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    if bytes.first() == Some(&b'-') {
        i += 1;
    }
    let int_start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    let int_len = i - int_start;
    if int_len == 0 || (int_len > 1 && bytes[int_start] == b'0') {
        return false;
    }
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == frac_start {
            return false;
        }
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == bytes.len()
}

/// Why DynamoDB JSON text was refused, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// 1-based line and column of a syntax error; `None` for a type error.
    pub line_column: Option<(usize, usize)>,
    /// Where in the document, e.g. `$.lines[0].qty`, for type errors.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line_column {
            Some((line, column)) => write!(f, "line {line}, column {column}: {}", self.message),
            None => write!(f, "at {}: {}", self.path, self.message),
        }
    }
}

fn syntax_error(error: &serde_json::Error) -> JsonError {
    JsonError {
        line_column: Some((error.line(), error.column())),
        path: "$".to_owned(),
        message: error.to_string(),
    }
}

/// Parses one DynamoDB JSON value: `{"S": "x"}`, `{"N": "1"}`, ...
pub fn parse_dynamodb_value(text: &str) -> Result<AttrValue, JsonError> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| syntax_error(&e))?;
    from_dynamodb_json(&json, "$")
}

/// Parses a JSON array of DynamoDB JSON values (PartiQL parameters).
pub fn parse_dynamodb_values(text: &str) -> Result<Vec<AttrValue>, JsonError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| syntax_error(&e))?;
    let serde_json::Value::Array(values) = json else {
        return Err(type_error("$", "expected an array of DynamoDB JSON values"));
    };
    values
        .iter()
        .enumerate()
        .map(|(i, v)| from_dynamodb_json(v, &format!("$[{i}]")))
        .collect()
}

/// Parses a DynamoDB JSON item: an object of attribute name to typed value.
pub fn parse_dynamodb_item(text: &str) -> Result<Vec<(Box<str>, AttrValue)>, JsonError> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| syntax_error(&e))?;
    let serde_json::Value::Object(map) = json else {
        return Err(type_error("$", "an item must be a JSON object"));
    };
    let mut entries: Vec<(Box<str>, AttrValue)> = Vec::with_capacity(map.len());
    for (name, value) in &map {
        entries.push((
            name.as_str().into(),
            from_dynamodb_json(value, &format!("$.{name}"))?,
        ));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(entries)
}

fn type_error(path: &str, message: &str) -> JsonError {
    JsonError {
        line_column: None,
        path: path.to_owned(),
        message: message.to_owned(),
    }
}

fn from_dynamodb_json(json: &serde_json::Value, path: &str) -> Result<AttrValue, JsonError> {
    use serde_json::Value as J;
    let J::Object(map) = json else {
        return Err(type_error(
            path,
            "expected a typed value such as {\"S\": \"text\"}",
        ));
    };
    let mut entries = map.iter();
    let (Some((tag, inner)), None) = (entries.next(), entries.next()) else {
        return Err(type_error(
            path,
            "a typed value has exactly one type tag (S, N, B, BOOL, NULL, L, M, SS, NS, BS)",
        ));
    };
    let at = |what: &str| type_error(path, what);
    let string = |v: &J, what: &str| -> Result<String, JsonError> {
        v.as_str().map(ToOwned::to_owned).ok_or_else(|| at(what))
    };
    let number = |v: &J| -> Result<Box<str>, JsonError> {
        let text = v
            .as_str()
            .ok_or_else(|| at("a number is written as a string, e.g. {\"N\": \"42\"}"))?;
        validate_number(text).map_err(|e| at(&e))?;
        Ok(text.trim().into())
    };
    let binary = |v: &J| -> Result<Box<[u8]>, JsonError> {
        let text = v.as_str().ok_or_else(|| at("binary is a base64 string"))?;
        base64_decode(text)
            .map(Vec::into_boxed_slice)
            .map_err(|e| at(&e))
    };
    let array = |v: &'_ J| -> Result<Vec<J>, JsonError> {
        v.as_array().cloned().ok_or_else(|| at("expected an array"))
    };
    let non_empty_set = |len: usize| {
        if len == 0 {
            Err(at("a set cannot be empty"))
        } else {
            Ok(())
        }
    };
    Ok(match tag.as_str() {
        "S" => AttrValue::S(string(inner, "S takes a string")?.into()),
        "N" => AttrValue::N(number(inner)?.into()),
        "B" => AttrValue::B(binary(inner)?),
        "BOOL" => AttrValue::Bool(
            inner
                .as_bool()
                .ok_or_else(|| at("BOOL takes true or false"))?,
        ),
        "NULL" => {
            if inner.as_bool() != Some(true) {
                return Err(at("NULL is written {\"NULL\": true}"));
            }
            AttrValue::Null
        }
        "L" => AttrValue::L(
            array(inner)?
                .iter()
                .enumerate()
                .map(|(i, v)| from_dynamodb_json(v, &format!("{path}[{i}]")))
                .collect::<Result<Vec<_>, _>>()?
                .into_boxed_slice(),
        ),
        "M" => {
            let J::Object(map) = inner else {
                return Err(at("M takes an object"));
            };
            let mut entries = Vec::with_capacity(map.len());
            for (name, value) in map {
                entries.push((
                    name.as_str().into(),
                    from_dynamodb_json(value, &format!("{path}.{name}"))?,
                ));
            }
            AttrValue::map(entries)
        }
        "SS" => {
            let items = array(inner)?;
            non_empty_set(items.len())?;
            let mut set = items
                .iter()
                .map(|v| string(v, "SS holds strings").map(String::into_boxed_str))
                .collect::<Result<Vec<_>, _>>()?;
            unique(&mut set).map_err(|e| at(&e))?;
            AttrValue::Ss(set.into_boxed_slice())
        }
        "NS" => {
            let items = array(inner)?;
            non_empty_set(items.len())?;
            let set = items.iter().map(number).collect::<Result<Vec<_>, _>>()?;
            let mut decimals: Vec<_> = set
                .iter()
                .filter_map(|n| crate::dynamodb::model::attribute::Decimal::parse(n).ok())
                .collect();
            decimals.sort_by(|a, b| a.cmp_exact(b));
            if decimals.windows(2).any(|w| w[0].cmp_exact(&w[1]).is_eq()) {
                return Err(at("a number set holds each number once"));
            }
            AttrValue::Ns(set.into_boxed_slice())
        }
        "BS" => {
            let items = array(inner)?;
            non_empty_set(items.len())?;
            let mut set = items.iter().map(binary).collect::<Result<Vec<_>, _>>()?;
            unique(&mut set).map_err(|e| at(&e))?;
            AttrValue::Bs(set.into_boxed_slice())
        }
        other => {
            return Err(at(&format!(
                "unknown type tag {other:?} (expected S, N, B, BOOL, NULL, L, M, SS, NS or BS)"
            )));
        }
    })
}

/// Refuses duplicate set members, keeping the user's order.
fn unique<T: Ord + Clone>(set: &mut [T]) -> Result<(), String> {
    let mut sorted = set.to_vec();
    sorted.sort();
    if sorted.windows(2).any(|w| w[0] == w[1]) {
        return Err("a set holds each member once".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<(Box<str>, AttrValue)> {
        vec![
            ("pk".into(), AttrValue::s("user#1")),
            (
                "big".into(),
                AttrValue::N("12345678901234567890123456789012345678".into()),
            ),
            ("bin".into(), AttrValue::B(vec![0xFF, 0x00, 0xC3].into())),
            ("ok".into(), AttrValue::Bool(true)),
            ("none".into(), AttrValue::Null),
            ("empty".into(), AttrValue::s("")),
            (
                "list".into(),
                AttrValue::L(vec![AttrValue::N("1".into()), AttrValue::s("zoë \"q\"\n")].into()),
            ),
            (
                "map".into(),
                AttrValue::map(vec![("a.b".into(), AttrValue::Ss(vec!["x".into()].into()))]),
            ),
            (
                "ns".into(),
                AttrValue::Ns(vec!["1".into(), "+2".into()].into()),
            ),
            ("bs".into(), AttrValue::Bs(vec![vec![1u8].into()].into())),
        ]
    }

    #[test]
    fn plain_json_keeps_every_digit() {
        let items = sample();
        let json = item_to_json(
            items.iter().map(|(k, v)| (&**k, v)),
            JsonStyle::Plain,
            false,
        );
        assert!(
            json.contains(r#""big": 12345678901234567890123456789012345678"#),
            "{json}"
        );
        assert!(json.contains(r#""bin": "/wDD""#), "{json}");
        assert!(json.contains(r#""ns": [1, "+2"]"#), "{json}");
        assert!(json.contains(r#""list": [1, "zoë \"q\"\n"]"#), "{json}");
        assert!(json.contains(r#""none": null"#));
    }

    #[test]
    fn dynamodb_json_round_trips_every_type() {
        let items = sample();
        for pretty in [false, true] {
            let json = item_to_json(
                items.iter().map(|(k, v)| (&**k, v)),
                JsonStyle::DynamoDb,
                pretty,
            );
            let mut expected = items.clone();
            expected.sort_by(|a, b| a.0.cmp(&b.0));
            assert_eq!(parse_dynamodb_item(&json), Ok(expected), "{json}");
        }
    }

    #[test]
    fn syntax_errors_point_at_line_and_column() {
        let error = parse_dynamodb_item("{\n  \"a\": {\"S\": \"x\"},\n  oops\n}").expect_err("bad");
        assert_eq!(error.line_column.map(|(l, _)| l), Some(3));
    }

    #[test]
    fn type_errors_name_the_path() {
        let cases = [
            (r#"{"n": {"N": 5}}"#, "$.n", "string"),
            (r#"{"n": {"N": "1.2.3"}}"#, "$.n", "not a number"),
            (r#"{"s": {"SS": []}}"#, "$.s", "empty"),
            (r#"{"s": {"SS": ["a", "a"]}}"#, "$.s", "once"),
            (r#"{"s": {"NS": ["1", "1.0"]}}"#, "$.s", "once"),
            (r#"{"b": {"B": "%%%"}}"#, "$.b", "base64"),
            (r#"{"m": {"M": {"x": {"Q": 1}}}}"#, "$.m.x", "unknown type"),
            (
                r#"{"l": {"L": [{"S": "a"}, {"N": "x"}]}}"#,
                "$.l[1]",
                "not a number",
            ),
            (r#"{"t": {"S": "a", "N": "1"}}"#, "$.t", "exactly one"),
            (r#"{"z": {"NULL": false}}"#, "$.z", "NULL"),
            (r#"[1]"#, "$", "object"),
        ];
        for (text, path, words) in cases {
            let error = parse_dynamodb_item(text).expect_err(text);
            assert_eq!(error.path, path, "{text}");
            assert!(error.message.contains(words), "{text}: {}", error.message);
        }
    }

    #[test]
    fn hostile_input_is_refused_without_panicking() {
        let deep = "[".repeat(10_000);
        assert!(parse_dynamodb_item(&deep).is_err());
        assert!(parse_dynamodb_values("{}").is_err());
        assert!(parse_dynamodb_item("\u{0}").is_err());
        let huge_number = format!(r#"{{"n": {{"N": "{}"}}}}"#, "9".repeat(100_000));
        assert!(parse_dynamodb_item(&huge_number).is_err());
        assert_eq!(parse_dynamodb_values("  "), Ok(vec![]));
    }

    #[test]
    fn json_number_grammar() {
        for good in ["0", "-1", "1.5", "1e5", "1E-5", "-0.0e+1"] {
            assert!(is_json_number(good), "{good}");
        }
        for bad in ["", "+1", ".5", "01", "1.", "1e", "--1", "1e+"] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }
}
