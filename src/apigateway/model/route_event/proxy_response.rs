//! The proxy response a function sends back, read the way API Gateway reads it.

use serde_json::{Map, Value};

use crate::dynamodb::model::attribute::base64_decode;

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
    if format_version == "1.0"
        && let Some(multi) = object.get("multiValueHeaders").and_then(Value::as_object)
    {
        merge_multi_value_headers(&mut headers, multi);
    }
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

/// Adds a 1.0 response's `multiValueHeaders` to its `headers`, as API Gateway merges them: a
/// name and value given in both appears once, from the multi-value list.
fn merge_multi_value_headers(headers: &mut Vec<(String, String)>, multi: &Map<String, Value>) {
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), ToOwned::to_owned);
    let pairs: Vec<(String, String)> = multi
        .iter()
        .flat_map(|(name, values)| {
            let values: Vec<String> = match values {
                Value::Array(values) => values.iter().map(text).collect(),
                Value::Null => Vec::new(),
                other => vec![text(other)],
            };
            values.into_iter().map(move |v| (name.clone(), v))
        })
        .collect();
    headers.retain(|(name, value)| {
        !pairs
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case(name) && v == value)
    });
    headers.extend(pairs);
}

/// What API Gateway answers when the function itself failed (Lambda's `FunctionError`): an
/// error of its own with `status` (502 for REST APIs, 500 for HTTP APIs), whatever the
/// function's error payload holds.
pub fn failed_function_response(function_error: &str, status: u16) -> ProxyResponse {
    let body: &[u8] = if status == 502 {
        br#"{"message": "Internal server error"}"#
    } else {
        br#"{"message":"Internal Server Error"}"#
    };
    ProxyResponse {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.to_vec(),
        problem: Some(format!(
            "The function failed ({function_error}): API Gateway answers with an error of its \
             own, not the function's payload"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn multi_value_headers_of_a_1_0_response_merge_with_its_headers() {
        let payload =
            br#"{"statusCode": 200, "headers": {"X-One": "a", "X-Both": "same", "x-kept": "k"},
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"], "x-both": ["same", "other"],
            "X-Odd": "scalar", "X-None": null, "X-Num": [7]}, "body": "ok"}"#;
        let response = parse_proxy_response(payload, "1.0");
        assert_eq!(response.status, 200);
        assert_eq!(response.problem, None);
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect()
        };
        let mut headers = response.headers.clone();
        headers.sort();
        let mut expected = pairs(&[
            ("X-One", "a"),
            ("x-kept", "k"),
            ("Set-Cookie", "a=1"),
            ("Set-Cookie", "b=2"),
            ("x-both", "same"),
            ("x-both", "other"),
            ("X-Odd", "scalar"),
            ("X-Num", "7"),
        ]);
        expected.sort();
        assert_eq!(headers, expected, "a pair in both appears once");
        // Format 2.0 has no multi-value headers: they are ignored.
        let v2 = parse_proxy_response(payload, "2.0");
        assert!(!v2.headers.iter().any(|(n, _)| n == "Set-Cookie"));
        // Hostile shapes are no panic.
        for odd in [
            &br#"{"statusCode": 200, "multiValueHeaders": []}"#[..],
            br#"{"statusCode": 200, "multiValueHeaders": {"a": {"b": 1}}}"#,
            br#"{"statusCode": 200, "multiValueHeaders": null}"#,
        ] {
            assert_eq!(parse_proxy_response(odd, "1.0").status, 200);
        }
    }

    #[test]
    fn a_failed_function_is_an_error_whatever_it_returned() {
        let rest = failed_function_response("Unhandled", 502);
        assert_eq!(rest.status, 502);
        assert_eq!(rest.body, br#"{"message": "Internal server error"}"#);
        let problem = rest.problem.expect("why");
        assert!(problem.contains("Unhandled"), "{problem}");
        assert_eq!(failed_function_response("Handled", 500).status, 500);
    }
}
