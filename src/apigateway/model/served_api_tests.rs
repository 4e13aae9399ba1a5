use super::*;
use crate::apigateway::model::rest_api::{RestIntegration, RestMethod};

const ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:orders-get";

fn context() -> RouteContext {
    RouteContext {
        api_id: "a1".into(),
        account_id: "123456789012".into(),
        domain_name: "127.0.0.1:3000".into(),
        route_key: String::new(),
        request_id: "r1".into(),
        epoch_ms: 1_714_557_600_000,
        source_ip: "127.0.0.1".into(),
    }
}

fn http_api(stage: &str) -> ServedApi {
    let route = |id: &str, key: &str, integration: &str| RouteSummary {
        id: id.into(),
        route_key: key.into(),
        integration_id: Some(integration.into()),
        ..RouteSummary::default()
    };
    ServedApi::Http {
        api_id: "a1".into(),
        routes: vec![
            route("r1", "GET /orders/{id}", "i1"),
            route("r2", "$default", "i2"),
            route("r3", "GET /proxied", "i3"),
        ],
        integrations: vec![
            IntegrationSummary {
                id: "i1".into(),
                integration_type: "AWS_PROXY".into(),
                lambda: lambda_target(ARN),
                payload_format_version: Some("2.0".into()),
                ..IntegrationSummary::default()
            },
            IntegrationSummary {
                id: "i2".into(),
                integration_type: "AWS_PROXY".into(),
                lambda: lambda_target(ARN),
                payload_format_version: Some("1.0".into()),
                ..IntegrationSummary::default()
            },
            IntegrationSummary {
                id: "i3".into(),
                integration_type: "HTTP_PROXY".into(),
                ..IntegrationSummary::default()
            },
        ],
        stage: stage.into(),
    }
}

fn rest_api() -> ServedApi {
    let proxy = |uri: &str| RestMethod {
        http_method: "GET".into(),
        integration: Some(RestIntegration {
            integration_type: "AWS_PROXY".into(),
            uri: Some(uri.into()),
            lambda: lambda_target(uri),
            ..RestIntegration::default()
        }),
        ..RestMethod::default()
    };
    let invocation = |arn: &str| {
        format!("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations")
    };
    ServedApi::Rest {
        api_id: "r1".into(),
        resources: vec![
            RestResource {
                id: "res-id".into(),
                path: "/orders/{id}".into(),
                methods: vec![proxy(&invocation(&format!(
                    "{ARN}:${{stageVariables.alias}}"
                )))],
                ..RestResource::default()
            },
            RestResource {
                id: "res-mock".into(),
                path: "/mock".into(),
                methods: vec![RestMethod {
                    http_method: "ANY".into(),
                    integration: Some(RestIntegration {
                        integration_type: "MOCK".into(),
                        ..RestIntegration::default()
                    }),
                    ..RestMethod::default()
                }],
                ..RestResource::default()
            },
        ],
        stages: vec![
            RestStage {
                name: "dev".into(),
                variables: vec![("alias".into(), "live".into())],
                ..RestStage::default()
            },
            RestStage {
                name: "bare".into(),
                ..RestStage::default()
            },
        ],
    }
}

fn incoming<'a>(method: &'a str, path: &'a str, query: &'a str) -> Incoming<'a> {
    Incoming {
        method,
        raw_path: path,
        raw_query: query,
        headers: &[],
    }
}

fn routed(routed: Routed) -> RoutedRequest {
    match routed {
        Routed::Lambda(request) => *request,
        other => panic!("not routed to a function: {other:?}"),
    }
}

#[test]
fn http_requests_reach_their_route_or_default_or_404() {
    let api = http_api("$default");
    let found = routed(api.route(incoming("GET", "/orders/a%20b", "x=1")));
    assert_eq!(found.route_key, "GET /orders/{id}");
    assert_eq!(found.shape, EventShape::V2);
    assert_eq!(found.target.function_name, "orders-get");
    assert_eq!(
        found.request.path_parameters,
        vec![("id".to_owned(), "a b".to_owned())]
    );
    let fallback = routed(api.route(incoming("POST", "/orders/1", "")));
    assert_eq!(
        (fallback.route_key.as_str(), fallback.shape),
        ("$default", EventShape::V1)
    );
    assert!(matches!(
        api.route(incoming("GET", "/proxied", "")),
        Routed::Unservable { .. }
    ));
    // Under a named stage, only its prefix is served.
    let staged = http_api("prod");
    assert_eq!(
        routed(staged.route(incoming("GET", "/prod/orders/7", ""))).path,
        "/orders/7"
    );
    assert_eq!(
        staged.route(incoming("GET", "/orders/7", "")),
        Routed::NoRoute {
            status: 404,
            body: r#"{"message":"Not Found"}"#
        }
    );
    assert_eq!(staged.urls("http://h"), vec!["http://h/prod".to_owned()]);
    // Without $default, nothing else answers 404.
    let ServedApi::Http { mut routes, .. } = http_api("$default") else {
        unreachable!()
    };
    routes.retain(|r| r.route_key != "$default");
    let bare = ServedApi::Http {
        api_id: "a1".into(),
        routes,
        integrations: Vec::new(),
        stage: "$default".into(),
    };
    assert!(matches!(
        bare.route(incoming("GET", "/nothing", "")),
        Routed::NoRoute { status: 404, .. }
    ));
}

#[test]
fn rest_requests_go_through_their_stage() {
    let api = rest_api();
    let found = routed(api.route(incoming("GET", "/dev/orders/42", "")));
    assert_eq!(found.route_key, "GET /orders/{id}");
    // The stage variable picks the alias.
    assert_eq!(found.target.qualifier.as_deref(), Some("live"));
    assert!(
        matches!(&found.shape, EventShape::Rest { resource_id, .. } if resource_id == "res-id")
    );
    // A stage without the variable cannot say which alias: said, not guessed.
    assert!(matches!(
        api.route(incoming("GET", "/bare/orders/42", "")),
        Routed::Unservable { .. }
    ));
    assert!(matches!(
        api.route(incoming("POST", "/dev/mock", "")),
        Routed::Unservable { .. }
    ));
    for (path, body) in [
        ("/prod/orders/42", r#"{"message":"Forbidden"}"#),
        ("/", r#"{"message":"Forbidden"}"#),
        (
            "/dev/orders",
            r#"{"message":"Missing Authentication Token"}"#,
        ),
        (
            "/dev/orders/42/x",
            r#"{"message":"Missing Authentication Token"}"#,
        ),
    ] {
        assert_eq!(
            api.route(incoming("GET", path, "")),
            Routed::NoRoute { status: 403, body },
            "{path}"
        );
    }
    assert_eq!(api.response_format(&found.shape), ("1.0", 502));
    assert_eq!(
        api.urls("http://h"),
        vec!["http://h/dev".to_owned(), "http://h/bare".to_owned()]
    );
}

/// Served events, read back by types nobody here wrote.
#[test]
fn served_events_read_back_with_aws_lambda_events() {
    use aws_lambda_events::apigw::{ApiGatewayProxyRequest, ApiGatewayV2httpRequest};
    let headers = vec![
        ("host".to_owned(), "127.0.0.1:3000".to_owned()),
        ("x-a".to_owned(), "1".to_owned()),
    ];
    let api = http_api("$default");
    let request = Incoming {
        headers: &headers,
        ..incoming("GET", "/orders/a%2fb", "tag=a&tag=b")
    };
    let found = routed(api.route(request));
    let event = served_event(&found, b"{\"n\": 1}", "/orders/a%2fb", &context()).expect("event");
    let v2: ApiGatewayV2httpRequest = serde_json::from_value(event).expect("a 2.0 event");
    // The path exactly as sent, the parameter decoded.
    assert_eq!(v2.raw_path.as_deref(), Some("/orders/a%2fb"));
    assert_eq!(
        v2.request_context.http.path.as_deref(),
        Some("/orders/a%2fb")
    );
    assert_eq!(
        v2.path_parameters.get("id").map(String::as_str),
        Some("a/b")
    );
    assert_eq!(v2.query_string_parameters.all("tag"), Some(vec!["a", "b"]));
    assert_eq!(v2.body.as_deref(), Some("{\"n\": 1}"));
    assert!(!v2.is_base64_encoded);

    let rest = rest_api();
    let found = routed(rest.route(incoming("GET", "/dev/orders/42", "")));
    let binary = [0xff_u8, 0x00, 0xfe];
    let event = served_event(&found, &binary, "/dev/orders/42", &context()).expect("event");
    let v1: ApiGatewayProxyRequest = serde_json::from_value(event.clone()).expect("a proxy event");
    assert_eq!(v1.path.as_deref(), Some("/orders/42"));
    assert_eq!(v1.request_context.path.as_deref(), Some("/dev/orders/42"));
    assert_eq!(v1.resource.as_deref(), Some("/orders/{id}"));
    assert_eq!(v1.path_parameters.get("id").map(String::as_str), Some("42"));
    assert_eq!(
        v1.stage_variables.get("alias").map(String::as_str),
        Some("live")
    );
    assert_eq!(v1.request_context.stage.as_deref(), Some("dev"));
    assert!(v1.is_base64_encoded);
    assert_eq!(v1.body.as_deref(), Some(base64_encode(&binary).as_str()));
}
