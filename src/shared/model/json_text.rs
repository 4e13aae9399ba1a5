//! JSON shown to the user, re-indented from its own text: parsing into `serde_json::Value`
//! would turn a 38-digit number into an `f64` (1.2345678901234568e+37) and show a value that
//! is not the one sent.

/// The text pretty-printed (two spaces, as `serde_json::to_string_pretty`), every number and
/// string exactly as written; `None` when it is not one valid JSON value.
pub fn reindent(text: &str) -> Option<String> {
    // Validated by serde first (depth limit, escapes, numbers); the loop below only re-spaces.
    serde_json::from_str::<serde::de::IgnoredAny>(text).ok()?;
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    // True right after `{` or `[`: an immediately closing bracket stays on the same line.
    let mut just_opened = false;
    while let Some((_, c)) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => continue,
            '{' | '[' => {
                if just_opened {
                    newline(&mut out, depth);
                }
                out.push(c);
                depth += 1;
                just_opened = true;
                continue;
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                if !just_opened {
                    newline(&mut out, depth);
                }
                out.push(c);
            }
            ',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            '"' => {
                if just_opened {
                    newline(&mut out, depth);
                }
                out.push('"');
                let mut escaped = false;
                for (_, s) in chars.by_ref() {
                    out.push(s);
                    match (escaped, s) {
                        (true, _) => escaped = false,
                        (false, '\\') => escaped = true,
                        (false, '"') => break,
                        (false, _) => {}
                    }
                }
            }
            other => {
                if just_opened {
                    newline(&mut out, depth);
                }
                out.push(other);
            }
        }
        just_opened = false;
    }
    Some(out)
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_strings_stay_as_written() {
        let text = r#"{"big":12345678901234567890123456789012345678,"small":1.23e-36,"s":"a\"}, [b\\","n":null,"e":[],"o":{},"l":[1,{"x":-0.0}]}"#;
        let pretty = reindent(text).expect("valid");
        assert!(
            pretty.contains("\"big\": 12345678901234567890123456789012345678,"),
            "{pretty}"
        );
        assert!(pretty.contains("\"small\": 1.23e-36,"), "{pretty}");
        assert!(pretty.contains(r#""s": "a\"}, [b\\","#), "{pretty}");
        assert!(pretty.contains("\"e\": [],"), "{pretty}");
        assert!(pretty.contains("\"o\": {},"), "{pretty}");
        assert!(pretty.contains("-0.0"), "{pretty}");
        // Same shape as serde's own pretty printer where no number is involved.
        let plain = r#"{"a":[1,2,{"b":"c"}],"d":{"e":[]},"f":"g h"}"#;
        let value: serde_json::Value = serde_json::from_str(plain).expect("valid");
        assert_eq!(
            reindent(plain).as_deref(),
            serde_json::to_string_pretty(&value).ok().as_deref()
        );
        // Still the same value.
        let back: serde_json::Value = serde_json::from_str(&pretty).expect("reparses");
        let original: serde_json::Value = serde_json::from_str(text).expect("parses");
        assert_eq!(back, original);
    }

    #[test]
    fn hostile_text_is_refused_or_kept() {
        assert_eq!(reindent("  42  ").as_deref(), Some("42"));
        assert_eq!(reindent(r#""☂ \u00e9""#).as_deref(), Some(r#""☂ \u00e9""#));
        for bad in [
            "", "{", "{\"a\":}", "[1,]", "nul", "\"\\x\"", "{} {}", "\u{0}",
        ] {
            assert_eq!(reindent(bad), None, "{bad:?}");
        }
        assert_eq!(reindent(&"[".repeat(100_000)), None);
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(reindent(&deep).is_some_and(|p| p.lines().count() == 199));
    }
}
