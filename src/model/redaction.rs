//! Masks secrets in text bound for the log file: credentials, tokens, signatures and the
//! values of authorization headers, however the SDK or a library happens to format them.

/// Names whose value is a secret. Matched case-insensitively, ignoring `_` and `-`, so
/// `aws_secret_access_key`, `SecretAccessKey` and `secret-access-key` are one name.
const SECRET_NAMES: &[&str] = &[
    "authorization",
    "xamzsecuritytoken",
    "xamzsignature",
    "xamzcredential",
    "signature",
    "secretaccesskey",
    "awssecretaccesskey",
    "sessiontoken",
    "awssessiontoken",
    "accesstoken",
    "refreshtoken",
    "clientsecret",
    "password",
];

/// What replaces a secret.
pub const MASK: &str = "<redacted>";

/// `text` with every secret value replaced by [`MASK`] and access key ids shortened.
pub fn redact(text: &str) -> String {
    mask_access_key_ids(&mask_named_values(text))
}

/// The byte ranges of words (runs of letters, digits, `_`, `-`) with their normalised form.
fn words(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let word_char = c.is_ascii_alphanumeric() || c == '_' || c == '-';
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let normalised: String = text[s..i]
                    .chars()
                    .filter(|c| *c != '_' && *c != '-')
                    .map(|c| c.to_ascii_lowercase())
                    .collect();
                out.push((s, i, normalised));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// After a secret name: separators (`"`, `'`, `:`, `=`, spaces), then the value up to its
/// closing quote, or to the next space, comma, `;`, `&`, `}` or `]`.
fn mask_named_values(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (_, end, name) in words(text) {
        if end < copied || !SECRET_NAMES.contains(&name.as_str()) {
            continue;
        }
        let rest = &text[end..];
        let separators = rest
            .char_indices()
            .find(|(_, c)| !matches!(c, '"' | '\'' | ':' | '=' | ' ' | '\t'))
            .map_or(rest.len(), |(i, _)| i);
        let gap = &rest[..separators];
        // A name with nothing assigned (e.g. the word "signature" in prose) is left alone.
        if !gap.contains([':', '=']) {
            continue;
        }
        let value_start = end + separators;
        let quote = gap.chars().last().filter(|c| *c == '"' || *c == '\'');
        let value = &text[value_start..];
        let value_len = match quote {
            Some(q) => value.find(q).unwrap_or(value.len()),
            None => value
                .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '&' | '}' | ']'))
                .unwrap_or(value.len()),
        };
        if value_len == 0 {
            continue;
        }
        out.push_str(&text[copied..value_start]);
        out.push_str(MASK);
        copied = value_start + value_len;
    }
    out.push_str(&text[copied..]);
    out
}

/// `AKIA…` and `ASIA…` key ids keep their first four characters.
fn mask_access_key_ids(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end, _) in words(text) {
        let word = &text[start..end];
        let is_key_id = word.len() == 20
            && (word.starts_with("AKIA") || word.starts_with("ASIA"))
            && word
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if is_key_id {
            out.push_str(&text[copied..start + 4]);
            out.push_str(MASK);
            copied = end;
        }
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    #[test]
    fn masks_headers_as_the_sdk_prints_them() {
        let line = format!(
            r#"headers: {{"authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261121/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024", "x-amz-security-token": "{SECRET}"}}"#
        );
        let masked = redact(&line);
        assert!(!masked.contains(SECRET), "{masked}");
        assert!(!masked.contains("fe5f80f77d5f"), "{masked}");
        assert!(!masked.contains("AKIAIOSFODNN7EXAMPLE"), "{masked}");
        assert!(
            masked.contains("\"authorization\": \"<redacted>\""),
            "{masked}"
        );
    }

    #[test]
    fn masks_every_spelling_of_a_secret_key() {
        for line in [
            format!("aws_secret_access_key = {SECRET}"),
            format!("{{\"SecretAccessKey\":\"{SECRET}\",\"Expiration\":\"x\"}}"),
            format!("secret-access-key: {SECRET}"),
            format!("AWS_SESSION_TOKEN={SECRET} next"),
            format!("SessionToken: '{SECRET}'"),
            format!("https://bucket/x?X-Amz-Signature={SECRET}&X-Amz-Date=1"),
            format!("{{\"accessToken\": \"{SECRET}\"}}"),
        ] {
            let masked = redact(&line);
            assert!(!masked.contains(SECRET), "{line} -> {masked}");
            assert!(masked.contains(MASK), "{masked}");
        }
        assert!(redact("AWS_SESSION_TOKEN=abc next").ends_with(" next"));
        assert!(redact(r#"{"Expiration":"x"}"#).contains("Expiration"));
    }

    #[test]
    fn leaves_ordinary_text_and_hostile_input_alone() {
        for text in [
            "",
            "ListTables done in 12 ms",
            "invalid signature in request",
            "password",
            "password:",
            "authorization=\"",
            "token \u{1F600} 山田 = ☂",
            "AKIA",
            "AKIA0123456789ABCDEFGHIJ",
        ] {
            let masked = redact(text);
            assert_eq!(masked, text, "changed {text:?}");
        }
        let huge = "x".repeat(1_000_000) + " password=hunter2";
        assert!(redact(&huge).ends_with("password=<redacted>"));
    }
}
