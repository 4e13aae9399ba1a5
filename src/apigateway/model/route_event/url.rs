//! Paths and query strings of a route request: templates, parameters and percent-encoding.

use crate::apigateway::model::route_event::event::RouteRequest;

/// Parameters of a path template: (name, greedy).
pub fn path_parameter_names(template: &str) -> Vec<(String, bool)> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let inner = &rest[open + 1..open + close];
        match inner.strip_suffix('+') {
            Some(name) => names.push((name.to_owned(), true)),
            None => names.push((inner.to_owned(), false)),
        }
        rest = &rest[open + close + 1..];
    }
    names
}

/// Percent-encodes everything but RFC 3986 unreserved characters (and `/` when asked).
pub fn percent_encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char);
            }
            b'/' if keep_slash => out.push('/'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// Decodes `%XX` sequences; malformed ones stay as they are.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(value) = u8::from_str_radix(hex, 16)
        {
            out.push(value);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The request path with parameters substituted and encoded (greedy ones keep their `/`).
pub fn fill_path(request: &RouteRequest) -> Result<String, String> {
    let mut path = request.path_template.clone();
    for (name, greedy) in path_parameter_names(&request.path_template) {
        let value = request
            .path_parameters
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default();
        if value.is_empty() {
            return Err(format!("Enter a value for the path parameter {{{name}}}"));
        }
        let placeholder = if greedy {
            format!("{{{name}+}}")
        } else {
            format!("{{{name}}}")
        };
        path = path.replace(&placeholder, &percent_encode(value, greedy));
    }
    Ok(path)
}

/// The query string as sent: characters a URL cannot carry are encoded, `%XX` kept.
pub fn raw_query_string(query: &str) -> String {
    let query = query.trim().trim_start_matches('?');
    let mut out = String::with_capacity(query.len());
    for c in query.chars() {
        match c {
            'A'..='Z'
            | 'a'..='z'
            | '0'..='9'
            | '-'
            | '_'
            | '.'
            | '~'
            | '='
            | '&'
            | '%'
            | '+'
            | ','
            | ':'
            | '/'
            | '@'
            | '!'
            | '*'
            | '('
            | ')'
            | ';'
            | '$'
            | '\'' => out.push(c),
            other => {
                let mut buffer = [0u8; 4];
                for byte in other.encode_utf8(&mut buffer).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
        }
    }
    out
}

/// Decoded query parameters in order, repeated names kept.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    raw_query_string(query)
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some((name, value)) => (percent_decode(name), percent_decode(value)),
            None => (percent_decode(part), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apigateway::model::route_event::event::event_v2;
    use crate::apigateway::model::route_event::event::tests::context;

    #[test]
    fn greedy_paths_and_url_encoding() {
        let request = RouteRequest {
            method: "GET".into(),
            path_template: "/files/{proxy+}".into(),
            path_parameters: vec![("proxy".into(), "a b/ü/c?d".into())],
            query: "q=zoë %26 co&empty&x=%41".into(),
            stage: "$default".into(),
            ..Default::default()
        };
        assert_eq!(
            path_parameter_names("/files/{proxy+}"),
            vec![("proxy".into(), true)]
        );
        let event = event_v2(&request, &context()).expect("event");
        assert_eq!(event["rawPath"], "/files/a%20b/%C3%BC/c%3Fd");
        assert_eq!(event["pathParameters"]["proxy"], "a b/ü/c?d");
        assert_eq!(event["rawQueryString"], "q=zo%C3%AB%20%26%20co&empty&x=%41");
        assert_eq!(event["queryStringParameters"]["q"], "zoë & co");
        assert_eq!(event["queryStringParameters"]["empty"], "");
        assert_eq!(event["queryStringParameters"]["x"], "A");
        assert_eq!(event["requestContext"]["stage"], "$default");
        // A single segment parameter encodes its slashes.
        let single = RouteRequest {
            path_template: "/orders/{id}".into(),
            path_parameters: vec![("id".into(), "a/b".into())],
            ..Default::default()
        };
        assert_eq!(fill_path(&single).as_deref(), Ok("/orders/a%2Fb"));
        let missing = RouteRequest {
            path_template: "/orders/{id}".into(),
            ..Default::default()
        };
        assert!(fill_path(&missing).is_err());
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
