//! Masks secrets in text bound for the log file: credentials, tokens, signatures and the
//! values of authorization headers, however the SDK or a library happens to format them:
//! `name=value`, `"name": "value"`, JSON escaped inside a debug string (`\"name\":\"value\"`),
//! XML elements (`<Name>value</Name>`), bearer tokens and JSON web tokens anywhere.

/// Names whose value is a secret, normalised: compared with the end of a name taken
/// case-insensitively and without `_` and `-`, so `aws_secret_access_key`, `SecretAccessKey`,
/// `secret-access-key` and `registrationAccessToken` are all caught.
const SECRET_NAMES: &[&str] = &[
    "authorization",
    "xamzsecuritytoken",
    "xamzsignature",
    "xamzcredential",
    "signature",
    "secretaccesskey",
    "secretkey",
    "sessiontoken",
    "securitytoken",
    "accesstoken",
    "refreshtoken",
    "idtoken",
    "bearertoken",
    "webidentitytoken",
    "clientsecret",
    "password",
    "cookie",
];

/// Names whose unquoted value runs on past spaces and commas (`Bearer x`, `AWS4-HMAC-SHA256
/// Credential=…, Signature=…`): masked to the end of the line.
const HEADER_NAMES: &[&str] = &["authorization", "cookie"];

/// What replaces a secret.
pub const MASK: &str = "<redacted>";

/// A token shorter than this after `Bearer` is taken for prose ("Bearer token expired").
const MIN_BEARER_TOKEN_LEN: usize = 8;

/// `text` with every secret value replaced by [`MASK`] and access key ids shortened.
pub fn redact(text: &str) -> String {
    let text = mask_named_values(text);
    let text = mask_bearer_tokens(&text);
    let text = mask_json_web_tokens(&text);
    mask_access_key_ids(&text)
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

fn is_secret_name(normalised: &str) -> bool {
    SECRET_NAMES.iter().any(|name| normalised.ends_with(name))
}

/// Replaces the given byte ranges (start, length) with [`MASK`]; overlapping ones merge.
fn mask_ranges(text: &str, ranges: impl IntoIterator<Item = (usize, usize)>) -> String {
    let mut ranges: Vec<(usize, usize)> = ranges
        .into_iter()
        .map(|(start, len)| (start, start + len))
        .collect();
    ranges.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end) in ranges {
        if end <= copied {
            continue;
        }
        if start >= copied {
            out.push_str(&text[copied..start]);
            out.push_str(MASK);
        }
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// After a secret name: separators (`"`, `'`, `\`, `:`, `=`, spaces), then the value up to its
/// closing quote (escaped as the opening one was), or to the next space, comma, `;`, `&`, `}`,
/// `]`, quote or backslash. An XML element's value runs to the next `<`.
fn mask_named_values(text: &str) -> String {
    // A name inside another's value still masks its own: `a=password="x"` hides `x` too.
    let ranges = words(text)
        .into_iter()
        .filter(|(_, _, name)| is_secret_name(name))
        .filter_map(|(start, end, name)| value_after(text, start, end, &name))
        .filter(|(_, len)| *len > 0);
    mask_ranges(text, ranges)
}

/// Where the value of the name at `start..end` lies, if something is assigned to it.
fn value_after(text: &str, start: usize, end: usize, name: &str) -> Option<(usize, usize)> {
    let rest = &text[end..];
    if text[..start].ends_with('<') && rest.starts_with('>') {
        let value = &rest[1..];
        return Some((end + 1, value.find('<').unwrap_or(value.len())));
    }
    let separators = rest
        .char_indices()
        .find(|(_, c)| !matches!(c, '"' | '\'' | '\\' | ':' | '=' | ' ' | '\t'))
        .map_or(rest.len(), |(i, _)| i);
    let gap = &rest[..separators];
    // A name with nothing assigned (e.g. the word "signature" in prose) is left alone.
    if !gap.contains([':', '=']) {
        return None;
    }
    let value_start = end + separators;
    let value = &text[value_start..];
    let len = if let Some(quote) = opening_quote(gap) {
        closing_quote(value, quote)
    } else if HEADER_NAMES.iter().any(|header| name.ends_with(header)) {
        value
            .find(['\n', '\r', '"', '\'', '\\', '&', '}', ']'])
            .unwrap_or(value.len())
    } else {
        value
            .find(|c: char| {
                c.is_whitespace() || matches!(c, ',' | ';' | '&' | '}' | ']' | '"' | '\'' | '\\')
            })
            .unwrap_or(value.len())
    };
    Some((value_start, len))
}

/// The quote a value opens with, with the backslashes that escape it (`"`, `\"`, `\\\"`).
fn opening_quote(gap: &str) -> Option<&str> {
    let last = gap.chars().last().filter(|c| *c == '"' || *c == '\'')?;
    let before = &gap[..gap.len() - 1];
    let escapes = before.len() - before.trim_end_matches('\\').len();
    Some(&gap[gap.len() - last.len_utf8() - escapes..])
}

/// The length of a quoted value: up to the quote that closes it, escaped the same way. An
/// unclosed quote masks the rest of the text rather than risk showing part of a secret.
fn closing_quote(value: &str, quote: &str) -> usize {
    if quote.len() > 1 {
        return value.find(quote).unwrap_or(value.len());
    }
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        if !escaped && quote.starts_with(c) {
            return i;
        }
        escaped = !escaped && c == '\\';
    }
    value.len()
}

/// `Bearer <token>` anywhere, in any case, even without an authorization name before it.
fn mask_bearer_tokens(text: &str) -> String {
    let mut ranges = Vec::new();
    let mut masked_to = 0;
    for (start, end, name) in words(text) {
        if start < masked_to || name != "bearer" {
            continue;
        }
        let rest = &text[end..];
        let token_start = end + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
        if token_start == end {
            continue;
        }
        let token = &text[token_start..];
        let len = token
            .find(|c: char| !(c.is_ascii_alphanumeric() || "-._~+/=".contains(c)))
            .unwrap_or(token.len());
        if len >= MIN_BEARER_TOKEN_LEN {
            ranges.push((token_start, len));
            masked_to = token_start + len;
        }
    }
    mask_ranges(text, ranges)
}

/// JSON web tokens (`eyJ….eyJ….sig`), such as the web-identity token read from
/// `AWS_WEB_IDENTITY_TOKEN_FILE` or an OIDC id token, wherever they appear.
fn mask_json_web_tokens(text: &str) -> String {
    let token_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("eyJ") {
        let start = from + found;
        let token = &text[start..];
        let len = token.find(|c: char| !token_char(c)).unwrap_or(token.len());
        let starts_word = !text[..start].ends_with(token_char);
        let segments = token[..len].split('.').filter(|s| !s.is_empty()).count();
        if starts_word && segments >= 3 {
            ranges.push((start, len));
        }
        from = start + len.max(3);
    }
    mask_ranges(text, ranges)
}

/// `AKIA…` and `ASIA…` key ids keep their first four characters.
fn mask_access_key_ids(text: &str) -> String {
    let ranges = words(text).into_iter().filter_map(|(start, end, _)| {
        let word = &text[start..end];
        let is_key_id = word.len() == 20
            && (word.starts_with("AKIA") || word.starts_with("ASIA"))
            && word
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        is_key_id.then(|| (start + 4, end - start - 4))
    });
    mask_ranges(text, ranges.collect::<Vec<_>>())
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
    fn masks_secrets_in_escaped_json_at_any_depth() {
        for line in [
            format!(
                r#"body: b"{{\"clientId\":\"abc\",\"clientSecret\":\"{SECRET}\",\"grantType\":\"refresh_token\"}}""#
            ),
            format!(r#"body: b"{{\"accessToken\": \"{SECRET}\", \"expiresIn\":28800}}""#),
            format!(r#"b"{{\"refreshToken\":\"{SECRET}\"}}""#),
            format!(r#"Once(Some(b"{{\\\"SecretAccessKey\\\":\\\"{SECRET}\\\"}}"))"#),
            format!(r#"{{\"SessionToken\":\"{SECRET}\",\"Expiration\":1}}"#),
            format!(
                r#"{{\"roleCredentials\":{{\"accessKeyId\":\"x\",\"secretAccessKey\":\"{SECRET}\",\"sessionToken\":\"{SECRET}\"}}}}"#
            ),
            format!(r#"{{\"registrationAccessToken\":\"{SECRET}\"}}"#),
            format!(r#"{{\"password\":\"{SECRET}\\\"tail\"}}"#),
        ] {
            let masked = redact(&line);
            assert!(!masked.contains(SECRET), "{line} -> {masked}");
            assert!(!masked.contains("wJalr"), "{line} -> {masked}");
            assert!(masked.contains(MASK), "{masked}");
        }
        let masked = redact(
            r#"{\"clientId\":\"abc\",\"clientSecret\":\"s3cr3t\",\"grantType\":\"refresh_token\"}"#,
        );
        assert_eq!(
            masked,
            r#"{\"clientId\":\"abc\",\"clientSecret\":\"<redacted>\",\"grantType\":\"refresh_token\"}"#
        );
    }

    #[test]
    fn masks_bearer_tokens_and_authorization_in_any_case() {
        let token = "AbCdEf0123456789-_.~+/token==";
        for line in [
            format!("Authorization: Bearer {token}"),
            format!("authorization=Bearer {token} next=1"),
            format!("AUTHORIZATION:bearer  {token}"),
            format!("{{\"Authorization\": \"Bearer {token}\"}}"),
            format!("proxy-authorization: Basic {token}"),
            format!("sent with bearer {token}, then"),
            format!("\"x-amz-sso_bearer_token\": \"{token}\""),
            format!("X-Amz-Sso_Bearer_Token: {token}"),
            format!(
                "headers: {{\"x-amz-sso_bearer_token\": \"{token}\", \"user-agent\": \"aws\"}}"
            ),
        ] {
            let masked = redact(&line);
            assert!(!masked.contains("AbCdEf"), "{line} -> {masked}");
            assert!(!masked.contains("token=="), "{line} -> {masked}");
        }
        assert!(redact("authorization=Bearer abc\nnext line").ends_with("\nnext line"));
        // Prose and the token type are not secrets.
        for text in [
            "the Bearer token expired",
            r#"{"tokenType":"Bearer","expiresIn":28800}"#,
        ] {
            assert_eq!(redact(text), text);
        }
    }

    #[test]
    fn masks_web_identity_tokens_and_xml_credentials() {
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJlLXBhcnQ";
        for line in [
            format!("Action=AssumeRoleWithWebIdentity&WebIdentityToken={jwt}&Version=2011-06-15"),
            format!("read {jwt} from AWS_WEB_IDENTITY_TOKEN_FILE"),
            format!("web_identity_token: {jwt}"),
            format!("{{\"id_token\":\"{jwt}\"}}"),
        ] {
            let masked = redact(&line);
            assert!(!masked.contains("eyJ"), "{line} -> {masked}");
            assert!(!masked.contains("c2lnbmF0"), "{line} -> {masked}");
        }
        let xml = format!(
            "<Credentials><AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>\
             <SecretAccessKey>{SECRET}</SecretAccessKey><SessionToken>{SECRET}/token+=</SessionToken>\
             <Expiration>2026-01-01T00:00:00Z</Expiration></Credentials>"
        );
        let masked = redact(&xml);
        assert!(!masked.contains(SECRET), "{masked}");
        assert!(!masked.contains("token+="), "{masked}");
        assert!(
            masked.contains("<SecretAccessKey><redacted></SecretAccessKey>"),
            "{masked}"
        );
        assert!(masked.contains("<Expiration>2026-01-01T00:00:00Z</Expiration>"));
        assert!(
            masked.contains("<AccessKeyId>ASIA<redacted></AccessKeyId>"),
            "{masked}"
        );
        // A path is not a secret; the file's contents are.
        let path = "AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/token";
        assert_eq!(redact(path), path);
    }

    #[test]
    fn never_panics_and_never_leaks_on_mangled_input() {
        let pieces = [
            "password",
            "=",
            ":",
            "\"",
            "\\",
            "\\\"",
            "'",
            "<",
            ">",
            "</",
            " ",
            "Bearer ",
            "eyJ",
            ".",
            "é",
            "山",
            "\u{1F600}",
            "\n",
            "&",
            "}",
            "clientSecret",
            "SECRET",
        ];
        // Every sequence of three pieces, and each with a secret assigned after it.
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}");
                    let _ = redact(&text);
                    let line = format!("{text} password=\"{SECRET}\" {text}");
                    let masked = redact(&line);
                    assert!(!masked.contains(SECRET), "{line:?} -> {masked:?}");
                }
            }
        }
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
