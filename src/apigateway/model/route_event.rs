//! The event API Gateway sends to a Lambda integration for a request on a route, in payload
//! format 2.0 (HTTP APIs) or 1.0 (REST-style proxy), and the proxy response read back.

use serde_json::{Map, Value, json};

use crate::dynamodb::model::attribute::base64_decode;

/// A request as the route tester's form describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RouteRequest {
    pub method: String,
    /// The route's path template, e.g. `/orders/{id}` or `/files/{proxy+}`.
    pub path_template: String,
    /// Values of the template's parameters, as the user typed them (not encoded).
    pub path_parameters: Vec<(String, String)>,
    /// The query string as it would appear after `?`.
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub stage: String,
}

/// What the event says about where the request came in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteContext {
    pub api_id: String,
    pub account_id: String,
    /// The host of the API's endpoint.
    pub domain_name: String,
    pub route_key: String,
    pub request_id: String,
    pub epoch_ms: u64,
    pub source_ip: String,
}

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

/// `01/May/2024:10:00:00 +0000`, API Gateway's request time format.
pub fn request_time(epoch_ms: u64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let seconds = epoch_ms / 1000;
    let (days, day_seconds) = (seconds / 86_400, seconds % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{day:02}/{}/{year}:{:02}:{:02}:{:02} +0000",
        MONTHS[(month - 1) as usize],
        day_seconds / 3600,
        day_seconds % 3600 / 60,
        day_seconds % 60
    )
}

fn stage_prefix(stage: &str) -> String {
    if stage.is_empty() || stage == "$default" {
        String::new()
    } else {
        format!("/{stage}")
    }
}

fn user_agent(request: &RouteRequest) -> String {
    request
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("user-agent"))
        .map_or_else(|| "Stratus route tester".to_owned(), |(_, v)| v.clone())
}

fn decoded_path_parameters(request: &RouteRequest) -> Map<String, Value> {
    path_parameter_names(&request.path_template)
        .into_iter()
        .filter_map(|(name, _)| {
            let value = request.path_parameters.iter().find(|(n, _)| *n == name)?;
            Some((name, Value::String(value.1.clone())))
        })
        .collect()
}

/// The payload format 2.0 event, as HTTP APIs send it to Lambda.
pub fn event_v2(request: &RouteRequest, context: &RouteContext) -> Result<Value, String> {
    let path = fill_path(request)?;
    let raw_path = format!("{}{path}", stage_prefix(&request.stage));
    let mut headers = Map::new();
    let mut cookies = Vec::new();
    for (name, value) in &request.headers {
        let name = name.trim().to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        if name == "cookie" {
            cookies.extend(value.split(';').map(|c| Value::String(c.trim().to_owned())));
            continue;
        }
        match headers.get_mut(&name) {
            Some(Value::String(existing)) => {
                existing.push(',');
                existing.push_str(value);
            }
            _ => {
                headers.insert(name, Value::String(value.clone()));
            }
        }
    }
    let defaults = [
        ("host", context.domain_name.clone()),
        ("x-forwarded-for", context.source_ip.clone()),
        ("x-forwarded-port", "443".to_owned()),
        ("x-forwarded-proto", "https".to_owned()),
    ];
    for (name, value) in defaults {
        headers.entry(name).or_insert(Value::String(value));
    }
    if !request.body.is_empty() {
        headers
            .entry("content-length")
            .or_insert(Value::String(request.body.len().to_string()));
    }
    let mut query = Map::new();
    for (name, value) in query_pairs(&request.query) {
        match query.get_mut(&name) {
            Some(Value::String(existing)) => {
                existing.push(',');
                existing.push_str(&value);
            }
            _ => {
                query.insert(name, Value::String(value));
            }
        }
    }
    let domain_prefix = context.domain_name.split('.').next().unwrap_or_default();
    let mut event = json!({
        "version": "2.0",
        "routeKey": context.route_key,
        "rawPath": raw_path,
        "rawQueryString": raw_query_string(&request.query),
        "headers": headers,
        "requestContext": {
            "accountId": context.account_id,
            "apiId": context.api_id,
            "domainName": context.domain_name,
            "domainPrefix": domain_prefix,
            "http": {
                "method": request.method,
                "path": raw_path,
                "protocol": "HTTP/1.1",
                "sourceIp": context.source_ip,
                "userAgent": user_agent(request),
            },
            "requestId": context.request_id,
            "routeKey": context.route_key,
            "stage": if request.stage.is_empty() { "$default" } else { request.stage.as_str() },
            "time": request_time(context.epoch_ms),
            "timeEpoch": context.epoch_ms,
        },
        "isBase64Encoded": false,
    });
    // Absent, not empty, when there is nothing: that is what HTTP APIs send.
    if let Value::Object(map) = &mut event {
        if !cookies.is_empty() {
            map.insert("cookies".into(), Value::Array(cookies));
        }
        if !query.is_empty() {
            map.insert("queryStringParameters".into(), Value::Object(query));
        }
        let path_parameters = decoded_path_parameters(request);
        if !path_parameters.is_empty() {
            map.insert("pathParameters".into(), Value::Object(path_parameters));
        }
        if !request.body.is_empty() {
            map.insert("body".into(), Value::String(request.body.clone()));
        }
    }
    Ok(event)
}

/// The payload format 1.0 event (REST API proxy shape).
pub fn event_v1(request: &RouteRequest, context: &RouteContext) -> Result<Value, String> {
    let path = fill_path(request)?;
    let mut headers = Map::new();
    let mut multi_headers: Map<String, Value> = Map::new();
    for (name, value) in &request.headers {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        headers.insert(name.to_owned(), Value::String(value.clone()));
        if let Value::Array(values) = multi_headers
            .entry(name.to_owned())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            values.push(Value::String(value.clone()));
        }
    }
    let mut query = Map::new();
    let mut multi_query: Map<String, Value> = Map::new();
    for (name, value) in query_pairs(&request.query) {
        query.insert(name.clone(), Value::String(value.clone()));
        if let Value::Array(values) = multi_query
            .entry(name)
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            values.push(Value::String(value));
        }
    }
    let or_null = |map: Map<String, Value>| {
        if map.is_empty() {
            Value::Null
        } else {
            Value::Object(map)
        }
    };
    let path_parameters = decoded_path_parameters(request);
    let stage = if request.stage.is_empty() {
        "$default"
    } else {
        request.stage.as_str()
    };
    Ok(json!({
        "version": "1.0",
        "resource": request.path_template,
        "path": path,
        "httpMethod": request.method,
        "headers": or_null(headers),
        "multiValueHeaders": or_null(multi_headers),
        "queryStringParameters": or_null(query),
        "multiValueQueryStringParameters": or_null(multi_query),
        "pathParameters": or_null(path_parameters),
        "stageVariables": Value::Null,
        "requestContext": {
            "accountId": context.account_id,
            "apiId": context.api_id,
            "domainName": context.domain_name,
            "domainPrefix": context.domain_name.split('.').next().unwrap_or_default(),
            "httpMethod": request.method,
            "identity": {
                "sourceIp": context.source_ip,
                "userAgent": user_agent(request),
            },
            "path": format!("{}{path}", stage_prefix(&request.stage)),
            "protocol": "HTTP/1.1",
            "requestId": context.request_id,
            "requestTime": request_time(context.epoch_ms),
            "requestTimeEpoch": context.epoch_ms,
            "resourcePath": request.path_template,
            "stage": stage,
        },
        "body": if request.body.is_empty() { Value::Null } else { Value::String(request.body.clone()) },
        "isBase64Encoded": false,
    }))
}

/// What API Gateway would answer, read from a function's proxy response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxyResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Why the response was not a valid proxy response, when it was not.
    pub problem: Option<String>,
}

/// Reads a proxy response. Format 2.0 also accepts any JSON (sent as a 200 JSON body);
/// format 1.0 requires `statusCode`, else API Gateway answers 502.
pub fn parse_proxy_response(payload: &[u8], format_version: &str) -> ProxyResponse {
    let malformed = |problem: &str| ProxyResponse {
        status: 502,
        headers: vec![("content-type".into(), "application/json".into())],
        body: br#"{"message":"Internal Server Error"}"#.to_vec(),
        problem: Some(problem.to_owned()),
    };
    let parsed: Option<Value> = serde_json::from_slice(payload).ok();
    let object = parsed.as_ref().and_then(Value::as_object);
    let Some(object) = object.filter(|o| o.contains_key("statusCode")) else {
        if format_version == "1.0" {
            return malformed("The function's response has no statusCode (payload format 1.0)");
        }
        return match parsed {
            Some(_) => ProxyResponse {
                status: 200,
                headers: vec![("content-type".into(), "application/json".into())],
                body: payload.to_vec(),
                problem: None,
            },
            None => malformed("The function's response is not JSON"),
        };
    };
    let Some(status) = object
        .get("statusCode")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .filter(|s| (100..600).contains(s))
    else {
        return malformed("statusCode is not an HTTP status");
    };
    let mut headers: Vec<(String, String)> = object
        .get("headers")
        .and_then(Value::as_object)
        .map(|h| {
            h.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str().map_or_else(|| v.to_string(), ToOwned::to_owned),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(cookies) = object.get("cookies").and_then(Value::as_array) {
        headers.extend(
            cookies
                .iter()
                .filter_map(Value::as_str)
                .map(|c| ("set-cookie".to_owned(), c.to_owned())),
        );
    }
    let body_text = match object.get("body") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let base64 = object.get("isBase64Encoded").and_then(Value::as_bool) == Some(true);
    let (body, problem) = if base64 {
        match base64_decode(&body_text) {
            Ok(bytes) => (bytes, None),
            Err(e) => (
                body_text.into_bytes(),
                Some(format!("isBase64Encoded, but {e}")),
            ),
        }
    } else {
        (body_text.into_bytes(), None)
    };
    ProxyResponse {
        status,
        headers,
        body,
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> RouteContext {
        RouteContext {
            api_id: "a1b2c3".into(),
            account_id: "123456789012".into(),
            domain_name: "a1b2c3.execute-api.us-east-1.amazonaws.com".into(),
            route_key: "GET /orders/{id}".into(),
            request_id: "req-1".into(),
            epoch_ms: 1_714_557_600_000,
            source_ip: "127.0.0.1".into(),
        }
    }

    fn request() -> RouteRequest {
        RouteRequest {
            method: "GET".into(),
            path_template: "/orders/{id}".into(),
            path_parameters: vec![("id".into(), "42".into())],
            query: "expand=lines&tag=a&tag=b".into(),
            headers: vec![
                ("Accept".into(), "application/json".into()),
                ("Cookie".into(), "session=abc; theme=dark".into()),
            ],
            body: String::new(),
            stage: "prod".into(),
        }
    }

    #[test]
    fn version_2_event_matches_the_documented_shape() {
        let event = event_v2(&request(), &context()).expect("event");
        assert_eq!(event["version"], "2.0");
        assert_eq!(event["routeKey"], "GET /orders/{id}");
        assert_eq!(event["rawPath"], "/prod/orders/42");
        assert_eq!(event["rawQueryString"], "expand=lines&tag=a&tag=b");
        assert_eq!(
            event["queryStringParameters"],
            json!({"expand": "lines", "tag": "a,b"})
        );
        assert_eq!(event["pathParameters"], json!({"id": "42"}));
        assert_eq!(event["cookies"], json!(["session=abc", "theme=dark"]));
        assert_eq!(event["headers"]["accept"], "application/json");
        assert!(event["headers"].get("cookie").is_none());
        assert!(event.get("body").is_none());
        assert_eq!(event["isBase64Encoded"], false);
        let http = &event["requestContext"]["http"];
        assert_eq!(http["method"], "GET");
        assert_eq!(http["path"], "/prod/orders/42");
        assert_eq!(event["requestContext"]["stage"], "prod");
        assert_eq!(event["requestContext"]["requestId"], "req-1");
        assert_eq!(
            event["requestContext"]["time"],
            "01/May/2024:10:00:00 +0000"
        );
        assert_eq!(event["requestContext"]["timeEpoch"], 1_714_557_600_000_u64);
        assert_eq!(event["requestContext"]["domainPrefix"], "a1b2c3");
    }

    #[test]
    fn version_1_event_matches_the_documented_shape() {
        let mut request = request();
        request.body = "{\"a\": 1}".into();
        let event = event_v1(&request, &context()).expect("event");
        assert_eq!(event["resource"], "/orders/{id}");
        assert_eq!(event["path"], "/orders/42");
        assert_eq!(event["httpMethod"], "GET");
        assert_eq!(
            event["queryStringParameters"],
            json!({"expand": "lines", "tag": "b"})
        );
        assert_eq!(
            event["multiValueQueryStringParameters"],
            json!({"expand": ["lines"], "tag": ["a", "b"]})
        );
        assert_eq!(event["headers"]["Accept"], "application/json");
        assert_eq!(
            event["multiValueHeaders"]["Accept"],
            json!(["application/json"])
        );
        assert_eq!(event["requestContext"]["path"], "/prod/orders/42");
        assert_eq!(event["requestContext"]["resourcePath"], "/orders/{id}");
        assert_eq!(event["body"], "{\"a\": 1}");
        assert_eq!(event["stageVariables"], Value::Null);
    }

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

    #[test]
    fn proxy_responses_are_read_as_api_gateway_reads_them() {
        let response = parse_proxy_response(
            br#"{"statusCode": 201, "headers": {"x-id": "7"}, "body": "aGk=", "isBase64Encoded": true, "cookies": ["a=1"]}"#,
            "2.0",
        );
        assert_eq!(response.status, 201);
        assert_eq!(response.body, b"hi");
        assert!(
            response
                .headers
                .contains(&("set-cookie".into(), "a=1".into()))
        );
        let plain = parse_proxy_response(br#"{"orderId": "42"}"#, "2.0");
        assert_eq!(
            (plain.status, plain.body.as_slice()),
            (200, &br#"{"orderId": "42"}"#[..])
        );
        let v1 = parse_proxy_response(br#"{"orderId": "42"}"#, "1.0");
        assert_eq!(v1.status, 502);
        assert!(v1.problem.is_some());
        assert_eq!(parse_proxy_response(b"not json", "2.0").status, 502);
        assert_eq!(
            parse_proxy_response(br#"{"statusCode": 99}"#, "2.0").status,
            502
        );
        assert_eq!(
            parse_proxy_response(br#"{"statusCode": "200"}"#, "2.0").status,
            502
        );
    }

    #[test]
    fn request_time_is_formatted_like_api_gateway() {
        assert_eq!(request_time(0), "01/Jan/1970:00:00:00 +0000");
        assert_eq!(request_time(951_782_400_000), "29/Feb/2000:00:00:00 +0000");
        assert_eq!(
            request_time(1_714_557_600_000),
            "01/May/2024:10:00:00 +0000"
        );
    }
}
