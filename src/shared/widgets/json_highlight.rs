//! JSON syntax colouring for payload editors.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId};

/// What a run of JSON text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonToken {
    Key,
    String,
    Number,
    Literal,
    Punctuation,
    Whitespace,
    /// Anything that is not JSON, coloured so the eye finds it.
    Invalid,
}

/// Splits text into coloured runs. Never fails: a highlighter sees half-typed JSON all the time.
pub fn json_tokens(text: &str) -> Vec<(JsonToken, std::ops::Range<usize>)> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let kind = match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                // A string followed by a colon is a key.
                let rest = text[i..].trim_start();
                if rest.starts_with(':') {
                    JsonToken::Key
                } else {
                    JsonToken::String
                }
            }
            b'-' | b'0'..=b'9' => {
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                JsonToken::Number
            }
            b'{' | b'}' | b'[' | b']' | b':' | b',' => {
                i += 1;
                JsonToken::Punctuation
            }
            c if c.is_ascii_whitespace() => {
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                JsonToken::Whitespace
            }
            c if c.is_ascii_alphabetic() => {
                while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                match &text[start..i] {
                    "true" | "false" | "null" => JsonToken::Literal,
                    _ => JsonToken::Invalid,
                }
            }
            _ => {
                // One whole character, however many bytes it has.
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                JsonToken::Invalid
            }
        };
        tokens.push((kind, start..i.min(bytes.len())));
    }
    tokens
}

/// A layout job colouring `text` as JSON in the editor's monospace font.
pub fn json_layout_job(text: &str, dark_mode: bool, wrap_width: f32) -> LayoutJob {
    let font = FontId::monospace(13.0);
    let color = |token| match (token, dark_mode) {
        (JsonToken::Key, true) => Color32::from_rgb(0x9c, 0xdc, 0xfe),
        (JsonToken::Key, false) => Color32::from_rgb(0x00, 0x45, 0x9e),
        (JsonToken::String, true) => Color32::from_rgb(0xce, 0x91, 0x78),
        (JsonToken::String, false) => Color32::from_rgb(0xa3, 0x15, 0x15),
        (JsonToken::Number, true) => Color32::from_rgb(0xb5, 0xce, 0xa8),
        (JsonToken::Number, false) => Color32::from_rgb(0x09, 0x86, 0x58),
        (JsonToken::Literal, true) => Color32::from_rgb(0x56, 0x9c, 0xd6),
        (JsonToken::Literal, false) => Color32::from_rgb(0x00, 0x00, 0xff),
        (JsonToken::Invalid, _) => Color32::from_rgb(0xf1, 0x4c, 0x4c),
        (_, true) => Color32::from_gray(0xd4),
        (_, false) => Color32::from_gray(0x30),
    };
    let mut job = LayoutJob::default();
    for (token, range) in json_tokens(text) {
        job.append(
            &text[range],
            0.0,
            TextFormat::simple(font.clone(), color(token)),
        );
    }
    job.wrap.max_width = wrap_width;
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<JsonToken> {
        json_tokens(text)
            .into_iter()
            .filter(|(k, _)| *k != JsonToken::Whitespace)
            .map(|(k, _)| k)
            .collect()
    }

    #[test]
    fn tokens_cover_keys_values_and_garbage() {
        use JsonToken::*;
        assert_eq!(
            kinds(r#"{"id": "a\"b", "n": -1.5e3, "ok": true, "x": nul}"#),
            [
                Punctuation,
                Key,
                Punctuation,
                String,
                Punctuation,
                Key,
                Punctuation,
                Number,
                Punctuation,
                Key,
                Punctuation,
                Literal,
                Punctuation,
                Key,
                Punctuation,
                Invalid,
                Punctuation
            ]
        );
        // Half-typed and hostile input never panics and covers every byte.
        for text in ["{\"unterminated", "\"\\", "☂ü", "\u{0}", "{\"a\\", "[1,,2"] {
            let tokens = json_tokens(text);
            let covered: usize = tokens.iter().map(|(_, r)| r.len()).sum();
            assert_eq!(covered, text.len(), "{text:?}");
        }
    }
}
