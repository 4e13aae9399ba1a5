//! The event API Gateway sends to a Lambda integration for a request on a route, in payload
//! format 2.0 (HTTP APIs) or 1.0 (REST-style proxy).

use serde_json::{Map, Value, json};

use crate::apigateway::model::route_event::multi_value::{multi_value_maps, or_null};
use crate::apigateway::model::route_event::url::{
    fill_path, path_parameter_names, query_pairs, raw_query_string,
};

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

pub(super) fn stage_prefix(stage: &str) -> String {
    if stage.is_empty() || stage == "$default" {
        String::new()
    } else {
        format!("/{stage}")
    }
}

pub(super) fn user_agent(request: &RouteRequest) -> String {
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
    let (headers, multi_headers) = multi_value_maps(
        request
            .headers
            .iter()
            .map(|(name, value)| (name.trim().to_owned(), value.clone()))
            .filter(|(name, _)| !name.is_empty()),
    );
    let (query, multi_query) = multi_value_maps(query_pairs(&request.query));
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The context of a request to a `prod` stage of API `a1b2c3`.
    pub(in crate::apigateway::model::route_event) fn context() -> RouteContext {
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

    /// Both HTTP API payloads, read back by types nobody here wrote.
    #[test]
    fn http_api_events_read_back_with_aws_lambda_events() {
        use aws_lambda_events::apigw::{ApiGatewayProxyRequest, ApiGatewayV2httpRequest};
        let mut request = request();
        request.path_parameters = vec![("id".into(), "a b/ü".into())];
        request.body = "{\"name\": \"zoë\"}".into();
        let v2: ApiGatewayV2httpRequest =
            serde_json::from_value(event_v2(&request, &context()).expect("event"))
                .expect("a 2.0 event");
        assert_eq!(v2.version.as_deref(), Some("2.0"));
        assert_eq!(v2.route_key.as_deref(), Some("GET /orders/{id}"));
        assert_eq!(v2.raw_path.as_deref(), Some("/prod/orders/a%20b%2F%C3%BC"));
        assert_eq!(
            v2.raw_query_string.as_deref(),
            Some("expand=lines&tag=a&tag=b")
        );
        // 2.0 joins repeated values with commas; the reader splits them back.
        assert_eq!(v2.query_string_parameters.all("tag"), Some(vec!["a", "b"]));
        assert_eq!(
            v2.path_parameters.get("id").map(String::as_str),
            Some("a b/ü")
        );
        assert_eq!(
            v2.cookies,
            Some(vec!["session=abc".to_owned(), "theme=dark".to_owned()])
        );
        assert_eq!(
            v2.headers.get("accept").and_then(|v| v.to_str().ok()),
            Some("application/json")
        );
        assert_eq!(v2.body.as_deref(), Some("{\"name\": \"zoë\"}"));
        let rc = &v2.request_context;
        assert_eq!(rc.http.method.as_str(), "GET");
        assert_eq!(rc.http.path.as_deref(), Some("/prod/orders/a%20b%2F%C3%BC"));
        assert_eq!(rc.stage.as_deref(), Some("prod"));
        assert_eq!(rc.time_epoch, 1_714_557_600_000);
        assert_eq!(rc.apiid.as_deref(), Some("a1b2c3"));

        let v1: ApiGatewayProxyRequest =
            serde_json::from_value(event_v1(&request, &context()).expect("event"))
                .expect("a 1.0 event");
        assert_eq!(v1.resource.as_deref(), Some("/orders/{id}"));
        assert_eq!(v1.path.as_deref(), Some("/orders/a%20b%2F%C3%BC"));
        assert_eq!(v1.http_method.as_str(), "GET");
        assert_eq!(v1.query_string_parameters.first("tag"), Some("b"));
        assert_eq!(
            v1.multi_value_query_string_parameters.all("tag"),
            Some(vec!["a", "b"])
        );
        assert_eq!(
            v1.path_parameters.get("id").map(String::as_str),
            Some("a b/ü")
        );
        assert!(v1.stage_variables.is_empty());
        assert_eq!(
            v1.request_context.path.as_deref(),
            Some("/prod/orders/a%20b%2F%C3%BC")
        );
        assert_eq!(v1.request_context.request_time_epoch, 1_714_557_600_000);
        assert_eq!(v1.body.as_deref(), Some("{\"name\": \"zoë\"}"));
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
