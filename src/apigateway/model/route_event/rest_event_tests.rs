//! The REST proxy event against the documented shape, with hostile input, and read back by
//! `aws_lambda_events` (types nobody here wrote).

use aws_lambda_events::apigw::ApiGatewayProxyRequest;
use serde_json::{Value, json};

use super::*;
use crate::apigateway::model::route_event::event::tests::context;

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

fn item_request() -> RestRequest {
    RestRequest {
        route: RouteRequest {
            method: "get".into(),
            path_template: "/items/{itemId}".into(),
            path_parameters: owned(&[("itemId", "42")]),
            query: "tag=a&tag=b&expand=lines".into(),
            headers: owned(&[("Accept", "application/json"), ("User-Agent", "curl/8")]),
            body: String::new(),
            stage: "prod".into(),
        },
        resource_id: "abc123".into(),
        stage_variables: owned(&[("table", "Orders"), ("alias", "live")]),
        body_base64: false,
    }
}

fn typed(event: &Value) -> ApiGatewayProxyRequest {
    serde_json::from_value(event.clone()).expect("aws_lambda_events reads the REST event")
}

#[test]
fn a_path_parameter_event_has_the_documented_shape() {
    let event = rest_event(&item_request(), &context()).expect("event");
    assert_eq!(event["resource"], "/items/{itemId}");
    assert_eq!(event["path"], "/items/42");
    assert_eq!(event["httpMethod"], "GET");
    assert_eq!(event["pathParameters"], json!({"itemId": "42"}));
    assert_eq!(
        event["queryStringParameters"],
        json!({"tag": "b", "expand": "lines"})
    );
    assert_eq!(
        event["multiValueQueryStringParameters"],
        json!({"tag": ["a", "b"], "expand": ["lines"]})
    );
    assert_eq!(
        event["stageVariables"],
        json!({"table": "Orders", "alias": "live"})
    );
    assert_eq!(event["headers"]["Accept"], "application/json");
    assert_eq!(
        event["headers"]["Host"],
        "a1b2c3.execute-api.us-east-1.amazonaws.com"
    );
    assert_eq!(
        event["multiValueHeaders"]["X-Forwarded-Proto"],
        json!(["https"])
    );
    let trace = event["headers"]["X-Amzn-Trace-Id"].as_str().expect("trace");
    assert!(trace.starts_with("Root=1-663212a0-"), "{trace}");
    assert_eq!(event["body"], Value::Null);
    assert_eq!(event["isBase64Encoded"], false);
    let context = &event["requestContext"];
    assert_eq!(context["resourcePath"], "/items/{itemId}");
    assert_eq!(context["resourceId"], "abc123");
    assert_eq!(context["httpMethod"], "GET");
    assert_eq!(context["path"], "/prod/items/42");
    assert_eq!(context["stage"], "prod");
    assert_eq!(context["requestId"], "req-1");
    assert_eq!(context["accountId"], "123456789012");
    assert_eq!(context["apiId"], "a1b2c3");
    assert_eq!(context["protocol"], "HTTP/1.1");
    assert_eq!(context["requestTime"], "01/May/2024:10:00:00 +0000");
    assert_eq!(context["requestTimeEpoch"], 1_714_557_600_000_u64);
    assert_eq!(
        context["domainName"],
        "a1b2c3.execute-api.us-east-1.amazonaws.com"
    );
    assert_eq!(context["domainPrefix"], "a1b2c3");
    assert_eq!(context["identity"]["sourceIp"], "127.0.0.1");
    assert_eq!(context["identity"]["userAgent"], "curl/8");
    assert_eq!(context["identity"]["user"], Value::Null);
    let extended = context["extendedRequestId"].as_str().expect("extended id");
    assert_eq!(extended.len(), 16);
    assert!(
        event.get("version").is_none(),
        "REST events carry no version"
    );

    let typed = typed(&event);
    assert_eq!(typed.resource.as_deref(), Some("/items/{itemId}"));
    assert_eq!(typed.path.as_deref(), Some("/items/42"));
    assert_eq!(typed.http_method.as_str(), "GET");
    assert_eq!(
        typed.path_parameters.get("itemId").map(String::as_str),
        Some("42")
    );
    assert_eq!(
        typed.stage_variables.get("table").map(String::as_str),
        Some("Orders")
    );
    assert_eq!(typed.query_string_parameters.first("tag"), Some("b"));
    assert_eq!(
        typed.multi_value_query_string_parameters.all("tag"),
        Some(vec!["a", "b"])
    );
    assert_eq!(
        typed.headers.get("accept").and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    let rc = &typed.request_context;
    assert_eq!(rc.resource_id.as_deref(), Some("abc123"));
    assert_eq!(rc.resource_path.as_deref(), Some("/items/{itemId}"));
    assert_eq!(rc.path.as_deref(), Some("/prod/items/42"));
    assert_eq!(rc.stage.as_deref(), Some("prod"));
    assert_eq!(rc.http_method.as_str(), "GET");
    assert_eq!(rc.request_time_epoch, 1_714_557_600_000);
    assert_eq!(rc.apiid.as_deref(), Some("a1b2c3"));
    assert_eq!(rc.identity.source_ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(rc.identity.user_agent.as_deref(), Some("curl/8"));
    assert!(!typed.is_base64_encoded);
    assert_eq!(typed.body, None);
}

#[test]
fn greedy_paths_encoding_unicode_and_empty_values() {
    let mut request = item_request();
    request.route.method = "ANY".into();
    request.route.path_template = "/files/{proxy+}".into();
    request.route.path_parameters = owned(&[("proxy", "docs/a b/ünï/c?d#e")]);
    request.route.query = "q=zo%C3%AB%20%26%20co&empty=&flag&x=%41&x=&emoji=🦀".into();
    request.stage_variables.clear();
    assert!(
        rest_event(&request, &context()).is_err(),
        "ANY is not a method a request is sent with"
    );
    request.route.method = "DELETE".into();
    let event = rest_event(&request, &context()).expect("event");
    let encoded = "docs/a%20b/%C3%BCn%C3%AF/c%3Fd%23e";
    assert_eq!(event["resource"], "/files/{proxy+}");
    assert_eq!(event["path"], format!("/files/{encoded}"));
    // REST APIs give path parameters as in the URL: still encoded, slashes kept.
    assert_eq!(event["pathParameters"], json!({"proxy": encoded}));
    assert_eq!(
        event["requestContext"]["path"],
        format!("/prod/files/{encoded}")
    );
    assert_eq!(
        event["queryStringParameters"],
        json!({"q": "zoë & co", "empty": "", "flag": "", "x": "", "emoji": "🦀"})
    );
    assert_eq!(
        event["multiValueQueryStringParameters"]["x"],
        json!(["A", ""])
    );
    assert_eq!(event["stageVariables"], Value::Null);
    let typed = typed(&event);
    assert_eq!(
        typed.path_parameters.get("proxy").map(String::as_str),
        Some(encoded)
    );
    assert_eq!(typed.query_string_parameters.first("q"), Some("zoë & co"));
    assert_eq!(typed.query_string_parameters.first("emoji"), Some("🦀"));
    assert!(typed.stage_variables.is_empty());
    // A single-segment parameter encodes its slash.
    let mut single = item_request();
    single.route.path_parameters = owned(&[("itemId", "a/b c")]);
    let event = rest_event(&single, &context()).expect("event");
    assert_eq!(event["path"], "/items/a%2Fb%20c");
    assert_eq!(event["pathParameters"]["itemId"], "a%2Fb%20c");
    single.route.path_parameters.clear();
    assert!(rest_event(&single, &context()).is_err(), "a missing value");
}

#[test]
fn repeated_headers_in_any_case_and_no_query() {
    let mut request = item_request();
    request.route.query = "?".into();
    request.route.headers = owned(&[
        ("X-Tag", "one"),
        ("x-tag", "two"),
        ("host", "custom.example"),
        ("Cookie", "a=1; b=2"),
    ]);
    let event = rest_event(&request, &context()).expect("event");
    assert_eq!(event["headers"]["X-Tag"], "two");
    assert!(event["headers"].get("x-tag").is_none());
    assert_eq!(event["multiValueHeaders"]["X-Tag"], json!(["one", "two"]));
    // The sent Host is kept (whatever its case), and REST APIs keep the Cookie header.
    assert_eq!(event["headers"]["host"], "custom.example");
    assert!(event["headers"].get("Host").is_none());
    assert_eq!(event["headers"]["Cookie"], "a=1; b=2");
    assert_eq!(event["queryStringParameters"], Value::Null);
    assert_eq!(event["multiValueQueryStringParameters"], Value::Null);
    let typed = typed(&event);
    assert!(typed.query_string_parameters.is_empty());
    let tags: Vec<&str> = typed
        .multi_value_headers
        .get_all("x-tag")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert_eq!(tags, ["one", "two"]);
}

#[test]
fn a_base64_body_is_sent_as_is_and_flagged() {
    let mut request = item_request();
    request.route.method = "POST".into();
    request.route.body = "AAEC/f7/\n".into();
    request.body_base64 = true;
    let event = rest_event(&request, &context()).expect("event");
    assert_eq!(event["body"], "AAEC/f7/");
    assert_eq!(event["isBase64Encoded"], true);
    let typed = typed(&event);
    assert!(typed.is_base64_encoded);
    assert_eq!(
        base64_decode(typed.body.as_deref().unwrap_or_default()),
        Ok(vec![0, 1, 2, 253, 254, 255])
    );
    request.route.body = "not base64!".into();
    let error = rest_event(&request, &context()).expect_err("bad base64");
    assert!(error.contains("base64"), "{error}");
    // Text with unicode goes as it is.
    request.body_base64 = false;
    request.route.body = "{\"name\": \"zoë 🦀\"}".into();
    let event = rest_event(&request, &context()).expect("event");
    assert_eq!(event["body"], "{\"name\": \"zoë 🦀\"}");
    assert_eq!(event["isBase64Encoded"], false);
    // No stage chosen: the console's test stage.
    request.route.stage = String::new();
    let event = rest_event(&request, &context()).expect("event");
    assert_eq!(event["requestContext"]["stage"], TEST_INVOKE_STAGE);
    assert_eq!(
        event["requestContext"]["path"],
        format!("/{TEST_INVOKE_STAGE}/items/42")
    );
}
