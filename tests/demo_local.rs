//! The demo's real handlers (assets/demo/functions) run locally against moto seeded as the demo
//! seeds it: API Gateway event → local Lambda → DynamoDB on the emulator, numbers exact.
//! Through `invoke_locally`, the one call the Test tab, route testers and served APIs make.

use crate::support;

use std::path::{Path, PathBuf};

use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::{Value, json};
use stratus::connection::calls::AwsClients;
use stratus::lambda::model::invocation::InvocationResult;
use stratus::local_lambda::calls::{LocalRunner, invoke_locally};
use stratus::local_lambda::model::LocalSetup;
use support::{Emulator, emulators_dir, runtime};

/// The folder scripts/demo attaches with `--code`.
fn functions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/functions")
}

/// The demo's setup: the handlers' folder, run by the emulators' venv python (it has boto3;
/// scripts/demo gets the same interpreter by putting the venv first on PATH).
fn demo_setup() -> LocalSetup {
    LocalSetup {
        interpreter: Some(emulators_dir().join("venv/bin/python")),
        ..LocalSetup::with_code_dir(functions_dir())
    }
}

/// An HTTP API (payload 2.0) event as API Gateway builds it for `route_key`.
fn http_api_event(route_key: &str, raw_path: &str, path_parameters: Value, body: &str) -> Vec<u8> {
    let (method, _) = route_key.split_once(' ').expect("METHOD /path");
    json!({
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": raw_path,
        "rawQueryString": "",
        "headers": {"content-type": "application/json", "host": "demo.execute-api.localhost"},
        "pathParameters": path_parameters,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "demo",
            "http": {"method": method, "path": raw_path, "protocol": "HTTP/1.1",
                     "sourceIp": "127.0.0.1", "userAgent": "stratus-test"},
            "requestId": "test-request",
            "routeKey": route_key,
            "stage": "$default",
        },
        "body": body,
        "isBase64Encoded": false,
    })
    .to_string()
    .into_bytes()
}

/// `GET /orders/{id}` for the order `id`, its `#` escaped in the path as a client would.
fn get_order_event(id: &str) -> Vec<u8> {
    let path = format!("/orders/{}", id.replace('#', "%23"));
    http_api_event("GET /orders/{id}", &path, json!({"id": id}), "")
}

/// The demo's handlers on moto, each run locally with the connection's credentials.
struct Demo {
    clients: AwsClients,
    runner: LocalRunner,
    setup: LocalSetup,
}

impl Demo {
    async fn new(moto: &Emulator, cache: &Path) -> Self {
        Self {
            clients: AwsClients::connect(moto.connection()).await,
            runner: LocalRunner::new(cache.to_owned()),
            setup: demo_setup(),
        }
    }

    /// Runs `function` on `event`: its proxy response's status and body.
    async fn call(&self, function: &str, event: Vec<u8>) -> (u64, String) {
        let result = invoke_locally(
            &self.clients,
            &self.runner,
            function,
            &self.setup,
            true,
            event,
        )
        .await
        .expect("runs locally");
        proxy_response(&result)
    }
}

/// The proxy response a run returned: status and body text (exact, as the handler wrote it).
fn proxy_response(result: &InvocationResult) -> (u64, String) {
    assert!(result.ran_locally);
    assert!(
        result.function_error.is_none(),
        "the handler failed: {}\nlog:\n{}",
        String::from_utf8_lossy(&result.payload),
        result.log_tail.as_deref().unwrap_or_default()
    );
    let response: Value = serde_json::from_slice(&result.payload).expect("a JSON response");
    let status = response["statusCode"].as_u64().expect("statusCode");
    assert_eq!(response["headers"]["Content-Type"], "application/json");
    let body = response["body"].as_str().expect("a body").to_owned();
    (status, body)
}

/// The JSON text right after `"name": ` in `body`, up to the next `,` or `}`: a number's exact
/// digits, which parsing into f64 would round.
fn number_text<'a>(body: &'a str, name: &str) -> &'a str {
    let key = format!("\"{name}\": ");
    let start = body
        .find(&key)
        .unwrap_or_else(|| panic!("{name} in {body}"))
        + key.len();
    let rest = &body[start..];
    rest[..rest.find([',', '}']).expect("the value ends")].trim()
}

async fn stored_order(
    clients: &AwsClients,
    customer: &str,
    order: &str,
) -> Option<std::collections::HashMap<String, AttributeValue>> {
    clients
        .dynamodb
        .get_item()
        .table_name("Orders")
        .key("customerId", AttributeValue::S(customer.to_owned()))
        .key("orderId", AttributeValue::S(order.to_owned()))
        .consistent_read(true)
        .send()
        .await
        .expect("GetItem")
        .item
}

fn n(item: &std::collections::HashMap<String, AttributeValue>, name: &str) -> String {
    item[name].as_n().expect("a number").clone()
}

fn s(item: &std::collections::HashMap<String, AttributeValue>, name: &str) -> String {
    item[name].as_s().expect("a string").clone()
}

#[test]
fn orders_get_returns_the_stored_order_exactly_and_404_for_a_missing_one() {
    let moto = Emulator::moto();
    moto.seed_demo(12);
    let cache = tempfile::tempdir().expect("cache dir");
    runtime().block_on(async {
        let demo = Demo::new(&moto, cache.path()).await;
        let stored = stored_order(&demo.clients, "CUST#0007", "ORDER#000007")
            .await
            .expect("the seed wrote order 7");
        // 38 significant digits: what any float would round.
        assert_eq!(n(&stored, "ledgerAmount").len(), 38);

        let (status, body) = demo
            .call("orders-get", get_order_event("ORDER#000007"))
            .await;
        assert_eq!(status, 200, "{body}");
        let order: Value = serde_json::from_str(&body).expect("the order as JSON");
        for name in ["customerId", "orderId", "status", "customerName", "note"] {
            assert_eq!(order[name], s(&stored, name).as_str(), "{name}");
        }
        for name in [
            "ledgerAmount",
            "total",
            "createdAt",
            "attribute with spaces",
        ] {
            assert_eq!(number_text(&body, name), n(&stored, name), "{name}");
        }

        // A bare number finds ORDER#000007 too (no `#` to escape in a URL); a plain event works.
        let (status, body) = demo.call("orders-get", br#"{"id": "7"}"#.to_vec()).await;
        assert_eq!(status, 200);
        assert_eq!(
            number_text(&body, "ledgerAmount"),
            n(&stored, "ledgerAmount")
        );

        let (status, body) = demo
            .call("orders-get", get_order_event("ORDER#999999"))
            .await;
        assert_eq!(status, 404, "{body}");
        assert!(body.contains("ORDER#999999 not found"), "{body}");
    });
}

#[test]
fn orders_create_writes_the_order_exactly_and_refuses_a_duplicate_or_bad_json() {
    let moto = Emulator::moto();
    moto.seed_demo(3);
    let cache = tempfile::tempdir().expect("cache dir");
    runtime().block_on(async {
        let demo = Demo::new(&moto, cache.path()).await;
        let ledger = "98765432109876543210987654321098765432";
        let tiny = "0.00000000000000000000000000000000000123";
        let body = format!(
            r#"{{"customerId": "CUST#E2E", "orderId": "ORDER#E2E-1", "ledgerAmount": {ledger},
                "fee": {tiny}, "customerName": "Zoë ☂", "lines": [{{"sku": "SKU-1", "qty": 2}}]}}"#
        );
        let create = |body: &str| http_api_event("POST /orders", "/orders", Value::Null, body);

        let (status, answer) = demo.call("orders-create", create(&body)).await;
        assert_eq!(status, 201, "{answer}");
        assert_eq!(number_text(&answer, "ledgerAmount"), ledger);
        let stored = stored_order(&demo.clients, "CUST#E2E", "ORDER#E2E-1")
            .await
            .expect("the order was written to the emulator");
        assert_eq!(n(&stored, "ledgerAmount"), ledger);
        assert_eq!(
            n(&stored, "fee").parse::<f64>().ok(),
            tiny.parse::<f64>().ok()
        );
        assert!(n(&stored, "fee").replace('.', "").contains("123"));
        assert_eq!(s(&stored, "customerName"), "Zoë ☂");
        assert_eq!(s(&stored, "status"), "PENDING");

        // The same order again: the conditional put refuses it, the stored one is unchanged.
        let again = body.replace("Zoë ☂", "someone else");
        let (status, answer) = demo.call("orders-create", create(&again)).await;
        assert_eq!(status, 409, "{answer}");
        let stored = stored_order(&demo.clients, "CUST#E2E", "ORDER#E2E-1")
            .await
            .expect("still there");
        assert_eq!(s(&stored, "customerName"), "Zoë ☂");

        // Bad JSON, a body that is no order, and 39 digits: 400, and nothing is written.
        for bad in [
            r#"{"customerId": "CUST#E2E", "orderId": "ORDER#E2E-2","#,
            r#"["CUST#E2E", "ORDER#E2E-2"]"#,
            r#"{"customerId": "CUST#E2E", "orderId": "ORDER#E2E-2", "x": NaN}"#,
            r#"{"customerId": "CUST#E2E", "orderId": "ORDER#E2E-2", "x": 123456789012345678901234567890123456789}"#,
        ] {
            let (status, answer) = demo.call("orders-create", create(bad)).await;
            assert_eq!(status, 400, "{bad} → {answer}");
            assert!(answer.contains("bad order"), "{answer}");
        }
        assert!(
            stored_order(&demo.clients, "CUST#E2E", "ORDER#E2E-2")
                .await
                .is_none()
        );

        // What was written is what orders-get reads back, through the new index entry.
        let (status, answer) = demo
            .call("orders-get", get_order_event("ORDER#E2E-1"))
            .await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(number_text(&answer, "ledgerAmount"), ledger);
    });
}

/// The demo's HTTP API served locally, as `curl` reaches it: `GET /prod/orders/{id}` runs the
/// real orders-get and answers the stored order; an unknown id answers 404.
#[test]
fn the_served_demo_api_answers_a_real_http_client_with_the_stored_order() {
    use http_body_util::{BodyExt as _, Empty};
    use hyper::body::Bytes;
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;
    use stratus::apigateway::calls::route_function::LocalRuns;
    use stratus::apigateway::calls::serve::{ServeConfig, serve};
    use stratus::apigateway::calls::{get_integrations, get_routes, list_apis};
    use stratus::apigateway::model::served_api::ServedApi;

    let moto = Emulator::moto();
    moto.seed_demo(12);
    let cache = tempfile::tempdir().expect("cache dir");
    runtime().block_on(async {
        let clients = AwsClients::connect(moto.connection()).await;
        let stored = stored_order(&clients, "CUST#0005", "ORDER#000005")
            .await
            .expect("the seed wrote order 5");
        let api_id = list_apis(&clients)
            .await
            .expect("GetApis")
            .into_iter()
            .find(|a| a.name == "orders-api")
            .expect("the demo's HTTP API")
            .id;
        let api = ServedApi::Http {
            routes: get_routes(&clients, &api_id).await.expect("GetRoutes"),
            integrations: get_integrations(&clients, &api_id)
                .await
                .expect("GetIntegrations"),
            api_id,
            stage: "prod".to_owned(),
        };
        let server = serve(ServeConfig {
            api,
            clients: clients.clone(),
            local: LocalRuns {
                runner: LocalRunner::new(cache.path().to_owned()),
                setups: [("orders-get".to_owned(), demo_setup())].into(),
            },
            with_credentials: true,
            port: None,
            repaint: std::sync::Arc::new(|| {}),
        })
        .await
        .expect("serves");
        let http: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
        let get = |path: String| {
            let http = http.clone();
            async move {
                let request = hyper::Request::get(path)
                    .body(Empty::new())
                    .expect("request");
                let response = http.request(request).await.expect("an answer");
                let status = response.status().as_u16();
                let body = response
                    .into_body()
                    .collect()
                    .await
                    .expect("body")
                    .to_bytes();
                (status, String::from_utf8(body.to_vec()).expect("utf-8"))
            }
        };
        let base = format!("http://{}/prod/orders", server.address);
        for id in ["ORDER%23000005", "5"] {
            let (status, body) = get(format!("{base}/{id}")).await;
            assert_eq!(status, 200, "{id}: {body}");
            assert_eq!(
                number_text(&body, "ledgerAmount"),
                n(&stored, "ledgerAmount")
            );
            let order: Value = serde_json::from_str(&body).expect("JSON");
            assert_eq!(order["customerName"], s(&stored, "customerName").as_str());
        }
        let (status, body) = get(format!("{base}/ORDER%23404404")).await;
        assert_eq!(status, 404, "{body}");
    });
}
