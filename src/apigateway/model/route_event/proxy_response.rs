//! The proxy response a function sends back, read the way API Gateway reads it.

use serde_json::Value;

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
}
