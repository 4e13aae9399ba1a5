//! API Gateway v2 against moto: routes, integrations, stages, authorizers, cross-links, and
//! the route tester (event via moto's echo; HTTP against a server this test starts).

use crate::support;

use stratus::app::tab::TabContent;
use stratus::connection::calls::AwsClients;
use support::http::one_shot_server;
use support::ui::{Opened, click, has_label, has_label_containing, type_into, wait_until};
use support::{Emulator, runtime};

#[test]
fn routes_integrations_stages_and_authorizers_are_listed_as_seeded() {
    let moto = Emulator::moto();
    moto.seed_demo(5);
    runtime().block_on(async {
        let clients = AwsClients::connect(moto.connection()).await;
        let apis = stratus::apigateway::calls::list_apis(&clients)
            .await
            .expect("GetApis");
        let http = apis
            .iter()
            .find(|a| a.name == "orders-api")
            .expect("HTTP API");
        let parts =
            stratus::apigateway::calls::get_api_parts(&clients, &http.id, http.endpoint.as_deref())
                .await;
        let routes = parts.routes.as_ref().expect("routes");
        let keys: Vec<&str> = routes.iter().map(|r| r.route_key.as_str()).collect();
        assert_eq!(keys, ["$default", "GET /orders/{id}", "POST /orders"]);
        let target = |key: &str| {
            let route = routes.iter().find(|r| r.route_key == key).expect("route");
            parts
                .integration(route.integration_id.as_deref())
                .and_then(|i| i.lambda.clone())
                .map(|l| l.function_name)
        };
        assert_eq!(target("GET /orders/{id}").as_deref(), Some("orders-get"));
        assert_eq!(target("POST /orders").as_deref(), Some("orders-create"));
        assert_eq!(target("$default").as_deref(), Some("orders-fallback"));
        let integrations = parts.integrations.as_ref().expect("integrations");
        assert!(
            integrations
                .iter()
                .all(|i| i.integration_type == "AWS_PROXY")
        );
        assert!(
            integrations
                .iter()
                .all(|i| i.payload_format_version.as_deref() == Some("2.0"))
        );
        assert!(integrations.iter().all(|i| i.timeout_ms == Some(10_000)));

        // moto has no GetAuthorizers: the one POST /orders uses is fetched by id instead.
        let post = routes
            .iter()
            .find(|r| r.route_key == "POST /orders")
            .expect("POST");
        assert_eq!(post.authorization_type.as_deref(), Some("JWT"));
        let authorizer = parts
            .authorizer(post.authorizer_id.as_deref())
            .expect("authorizer");
        assert_eq!(authorizer.name, "cognito-jwt");
        assert_eq!(authorizer.audience, ["stratus-demo-client"]);
        assert!(
            authorizer
                .issuer
                .as_deref()
                .unwrap_or_default()
                .contains("cognito-idp")
        );

        let stages = parts.stages.as_ref().expect("stages");
        assert_eq!(stages.len(), 1);
        assert_eq!(stages[0].name, "prod");
        assert!(stages[0].auto_deploy);
        assert_eq!(stages[0].throttling_burst, Some(100));
        let endpoint = http.endpoint.clone().expect("endpoint");
        assert_eq!(
            stages[0].invoke_url.as_deref(),
            Some(format!("{endpoint}/prod").as_str())
        );

        // And back: which routes call a function.
        let links = stratus::apigateway::calls::routes_calling(&clients, "orders-get")
            .await
            .expect("links");
        assert_eq!(links.len(), 1);
        assert_eq!(
            (links[0].api_name.as_str(), links[0].route_key.as_str()),
            ("orders-api", "GET /orders/{id}")
        );
        assert_eq!(links[0].stages, Ok(vec!["prod".to_owned()]));
        let websocket = stratus::apigateway::calls::routes_calling(&clients, "orders-live-message")
            .await
            .expect("links");
        let mut keys: Vec<&str> = websocket.iter().map(|l| l.route_key.as_str()).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["$connect", "$default", "$disconnect", "sendMessage"]);
    });
}

#[test]
fn routes_link_to_functions_and_the_tester_builds_the_real_event() {
    let mut opened = Opened::direct(5);
    let harness = &mut opened.harness;

    wait_until(harness, "orders-api", |h| has_label(h, "orders-api"));
    click(harness, "orders-api");
    wait_until(harness, "the routes", |h| has_label(h, "GET /orders/{id}"));
    assert!(has_label(harness, "JWT · cognito-jwt"));
    // The heading names the kind of API.
    wait_until(harness, "the API's kind", |h| has_label(h, "HTTP API"));

    // The tester builds the event as API Gateway would; moto echoes it back.
    click(harness, "GET /orders/{id}");
    wait_until(harness, "the tester", |h| has_label(h, "Path parameter id"));
    type_into(harness, "Path parameter id", "42");
    type_into(harness, "Request query string", "expand=lines&currency=EUR");
    click(harness, "Invoke function");
    wait_until(harness, "the echoed event", |h| {
        has_label_containing(h, "Status 200 · function answered")
    });
    let (sent, echoed) = {
        let state = harness.state().state();
        let Some(TabContent::Api(api)) = state
            .tabs
            .iter()
            .map(|t| &t.content)
            .find(|c| matches!(c, TabContent::Api(_)))
        else {
            panic!("no API tab");
        };
        let invocation = api.route_invocation.value().expect("invocation");
        (invocation.event.clone(), invocation.response.body.clone())
    };
    let sent: serde_json::Value = serde_json::from_str(&sent).expect("event JSON");
    let echoed: serde_json::Value = serde_json::from_slice(&echoed).expect("echoed JSON");
    assert_eq!(
        echoed, sent,
        "the function received exactly the event shown"
    );
    assert_eq!(echoed["version"], "2.0");
    assert_eq!(echoed["routeKey"], "GET /orders/{id}");
    assert_eq!(echoed["rawPath"], "/prod/orders/42");
    assert_eq!(echoed["rawQueryString"], "expand=lines&currency=EUR");
    assert_eq!(
        echoed["queryStringParameters"],
        serde_json::json!({"expand": "lines", "currency": "EUR"})
    );
    assert_eq!(echoed["pathParameters"], serde_json::json!({"id": "42"}));
    assert_eq!(echoed["isBase64Encoded"], false);
    assert!(echoed.get("body").is_none());
    let context = &echoed["requestContext"];
    assert_eq!(context["http"]["method"], "GET");
    assert_eq!(context["http"]["path"], "/prod/orders/42");
    assert_eq!(context["http"]["protocol"], "HTTP/1.1");
    assert_eq!(context["stage"], "prod");
    assert_eq!(context["routeKey"], "GET /orders/{id}");
    assert_eq!(context["accountId"], "123456789012");
    assert!(
        context["requestId"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
    );
    assert!(
        context["time"]
            .as_str()
            .is_some_and(|t| t.ends_with(" +0000"))
    );
    assert!(context["timeEpoch"].as_u64().is_some());

    // "Send HTTP request" goes to the base URL: here, a server this test runs.
    let (port, requests) = one_shot_server();
    type_into(
        harness,
        "Stage base URL",
        &format!("http://127.0.0.1:{port}"),
    );
    click(harness, "Send HTTP request");
    wait_until(harness, "the HTTP response", |h| {
        has_label_containing(h, "HTTP 201")
    });
    assert!(has_label(harness, "hello from the route"));
    let request_line = requests.recv().expect("request line");
    assert_eq!(
        request_line,
        "GET /orders/42?expand=lines&currency=EUR HTTP/1.1"
    );

    // From the route to its function, and back from the function to the route's API (the
    // demo's REST API calls the function too).
    click(harness, "Open function orders-get");
    wait_until(harness, "the function tab", |h| has_label(h, "Routes (2)"));
    click(harness, "Routes (2)");
    wait_until(harness, "the link back", |h| {
        has_label(h, "Open API orders-api")
    });
    assert!(has_label(harness, "GET /orders/{id}"));
    harness.check_accessibility();
}

#[test]
fn a_read_only_connection_keeps_the_route_tester_from_writing() {
    let mut opened = Opened::read_only(1);
    let harness = &mut opened.harness;
    let disabled = support::ui::is_disabled;
    wait_until(harness, "orders-api", |h| has_label(h, "orders-api"));
    click(harness, "orders-api");
    wait_until(harness, "the routes", |h| has_label(h, "POST /orders"));
    click(harness, "POST /orders");
    wait_until(harness, "the tester", |h| has_label(h, "Send HTTP request"));
    // An invocation can write anything; a POST too. A GET may still be sent.
    assert!(disabled(harness, "Invoke function"));
    assert!(disabled(harness, "Send HTTP request"));
    type_into(harness, "Request method", "GET");
    assert!(!disabled(harness, "Send HTTP request"));
}
