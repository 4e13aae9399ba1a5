//! String and byte literals for each language, exact for any input: quotes, backslashes,
//! newlines, control characters, unicode. Printable text stays readable; what a reader (or a
//! compiler) could misread is escaped.

use std::fmt::Write as _;

use base64::Engine as _;

/// Characters written as escapes in every language: controls, DEL, C1 controls and the
/// Unicode line and paragraph separators.
fn needs_escape(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}'
}

/// A double-quoted literal: the five escapes every language here writes alike, and `other`
/// for what `needs_escape` finds, which each language spells its own way.
fn escaped(text: &str, other: impl Fn(u32, &mut String)) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => other(u32::from(c), &mut out),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `\uXXXX`, as JavaScript, Go, Python and Java read it (every `needs_escape` char fits).
fn unicode4(code: u32, out: &mut String) {
    let _ = write!(out, "\\u{code:04x}");
}

/// A JavaScript string literal (double quotes; never a template, so `${` stays text).
pub fn js_string(text: &str) -> String {
    escaped(text, unicode4)
}

/// A Python string literal.
pub fn py_string(text: &str) -> String {
    escaped(text, |code, out| {
        if code < 0x100 {
            let _ = write!(out, "\\x{code:02x}");
        } else {
            unicode4(code, out);
        }
    })
}

/// A Go interpreted string literal.
pub fn go_string(text: &str) -> String {
    escaped(text, unicode4)
}

/// A Rust string literal.
pub fn rust_string(text: &str) -> String {
    escaped(text, |code, out| {
        let _ = write!(out, "\\u{{{code:x}}}");
    })
}

/// A Java string literal. Java reads `\uXXXX` before it reads the string, so a `\u000a` would
/// end the line: ASCII controls use octal escapes instead.
pub fn java_string(text: &str) -> String {
    escaped(text, |code, out| {
        if code < 0x80 {
            let _ = write!(out, "\\{code:03o}");
        } else {
            unicode4(code, out);
        }
    })
}

/// Bytes inside a double-quoted literal where `\xNN` means one byte (Go strings, Rust byte
/// strings): printable ASCII as is, everything else as `\xNN`.
fn byte_escaped(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'"' => out.push_str("\\\""),
            0x20..=0x7e => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
    }
    out.push('"');
    out
}

/// Go bytes: `[]byte("…")`, each byte exact.
pub fn go_bytes(bytes: &[u8]) -> String {
    format!("[]byte({})", byte_escaped(bytes))
}

/// A Rust byte string literal `b"…"`.
pub fn rust_bytes(bytes: &[u8]) -> String {
    format!("b{}", byte_escaped(bytes))
}

/// Standard base64, as DynamoDB JSON writes binary.
pub fn base64_text(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Quotes for POSIX shells: plain words stay bare, anything else goes in single quotes.
pub fn shell_quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// `KeyConditionExpression` → `key_condition_expression` (Rust setters, boto3 methods).
pub fn snake_case(pascal: &str) -> String {
    let mut out = String::with_capacity(pascal.len() + 4);
    for (i, c) in pascal.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `KeyConditionExpression` → `keyConditionExpression` (Java builders).
pub fn camel_case(pascal: &str) -> String {
    let mut chars = pascal.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// `PutItem` → `put-item` (AWS CLI subcommands).
pub fn kebab_case(pascal: &str) -> String {
    snake_case(pascal).replace('_', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str =
        "a\"b\\c\nd\re\tf\u{0}g\u{1b}h\u{7f}i\u{85}j\u{2028}k ☂ 山 🚀 ${x} `t` 'q' \\u0041";

    #[test]
    fn every_language_reads_its_literal_back_exactly() {
        // JSON's string grammar is JavaScript's (without the separators' special case), so
        // serde reads the JS and Go literals back.
        for literal in [js_string(HOSTILE), go_string(HOSTILE)] {
            let back: String = serde_json::from_str(&literal).expect(&literal);
            assert_eq!(back, HOSTILE);
        }
        let js = js_string(HOSTILE);
        assert!(js.contains("${x}"), "no template literal: {js}");
        assert!(!js.contains('\n') && !js.contains('\u{2028}'));
        assert!(js.contains("\\\\u0041"));
        let py = py_string(HOSTILE);
        assert!(py.contains("\\x00") && py.contains("\\x85") && py.contains("\\u2028"));
        assert!(py.contains("\\\"b") && py.contains("☂ 山 🚀"));
        let rust = rust_string(HOSTILE);
        assert!(rust.contains("\\u{0}") && rust.contains("\\u{2028}") && rust.contains("\\\\c"));
        let java = java_string(HOSTILE);
        assert!(java.contains("\\000g") && java.contains("\\033h") && java.contains("\\177i"));
        assert!(java.contains("\\u0085") && java.contains("\\\\u0041"));
        for literal in [&py, &rust, &java] {
            assert!(!literal.contains('\n') && !literal.contains('\r') && !literal.contains('\0'));
        }
    }

    #[test]
    fn bytes_are_exact_for_every_byte_value() {
        let all: Vec<u8> = (0..=255).collect();
        let go = go_bytes(&all);
        assert!(go.starts_with("[]byte(\"\\x00\\x01"));
        assert!(go.contains("!\\\"#") && go.contains("[\\\\]") && go.contains("\\xff\")"));
        // Decode the escapes back and compare.
        let inner = &rust_bytes(&all)[2..];
        let inner = &inner[..inner.len() - 1];
        let mut decoded = Vec::new();
        let mut rest = inner.as_bytes();
        while let Some((&b, tail)) = rest.split_first() {
            if b == b'\\' {
                match tail.first() {
                    Some(b'x') => {
                        let hex = std::str::from_utf8(&tail[1..3]).expect("hex");
                        decoded.push(u8::from_str_radix(hex, 16).expect("byte"));
                        rest = &tail[3..];
                    }
                    Some(&escaped) => {
                        decoded.push(escaped);
                        rest = &tail[1..];
                    }
                    None => panic!("dangling escape"),
                }
            } else {
                decoded.push(b);
                rest = tail;
            }
        }
        assert_eq!(decoded, all);
        assert_eq!(base64_text(&[0xff, 0x00]), "/wA=");
    }

    #[test]
    fn names_change_case_and_shell_words_quote() {
        assert_eq!(
            snake_case("KeyConditionExpression"),
            "key_condition_expression"
        );
        assert_eq!(camel_case("TableName"), "tableName");
        assert_eq!(kebab_case("TransactWriteItems"), "transact-write-items");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote("us-east-1"), "us-east-1");
        assert_eq!(shell_quote(""), "''");
    }
}
