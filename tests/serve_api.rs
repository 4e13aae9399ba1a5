//! "Serve locally" and the route testers' "Invoke locally", against moto: an HTTP API and a
//! REST API whose routes call Python handlers this test writes to a temp folder and attaches
//! with `--code`; a route without a code folder goes to the deployed function (moto echoes
//! the event). A real HTTP client (a plain TcpStream) gets what the handlers answer.

use crate::support;

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::process::Command as Process;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use serde_json::Value;
use stratus::app::Command;
use stratus::app::tab::TabContent;
use stratus::connection::model::ConnectionSpec;
use stratus::shared::model::ResourceRef;
use stratus::{AppOptions, StratusApp};
use support::ui::{click, has_label_containing, type_into, wait_until};
use support::{Emulator, emulators_dir, runtime};

/// The handlers: `app.handler` echoes what the event says of the route, `app.fail` raises.
const HANDLER: &str = r#"
import json, os

def handler(event, context):
    params = event.get("pathParameters") or {}
    body = {
        "id": params.get("id"),
        "routeKey": event.get("routeKey"),
        "resource": event.get("resource"),
        "function": context.function_name,
        "credentials": "AWS_ACCESS_KEY_ID" in os.environ,
        "event": event,
    }
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json", "x-served-by": "local"},
        "cookies": ["a=1"],
        "body": json.dumps(body),
    }

def fail(event, context):
    raise ValueError("boom from the handler")
"#;

/// Creates the functions, an HTTP API and a REST API on moto; prints their ids.
const SETUP: &str = r#"
import io, json, sys, zipfile, boto3
endpoint = sys.argv[1]
package = io.BytesIO()
with zipfile.ZipFile(package, "w") as archive:
    archive.writestr("app.py", "def handler(event, context):\n    return event\n")
def client(name):
    return boto3.client(name, endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")
role = client("iam").create_role(RoleName="serve-role", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
lam = client("lambda")
arns = {}
for name, handler in [("serve-orders", "app.handler"), ("serve-fail", "app.fail"),
                      ("serve-deployed", "app.handler")]:
    arns[name] = lam.create_function(FunctionName=name, Runtime="python3.12", Role=role,
        Handler=handler, Code={"ZipFile": package.getvalue()})["FunctionArn"]
v2 = client("apigatewayv2")
api = v2.create_api(Name="serve-http", ProtocolType="HTTP")["ApiId"]
def integration(name):
    return v2.create_integration(ApiId=api, IntegrationType="AWS_PROXY",
        IntegrationUri=arns[name], PayloadFormatVersion="2.0")["IntegrationId"]
v2.create_route(ApiId=api, RouteKey="GET /orders/{id}",
                Target="integrations/" + integration("serve-orders"))
v2.create_route(ApiId=api, RouteKey="GET /boom", Target="integrations/" + integration("serve-fail"))
v2.create_route(ApiId=api, RouteKey="ANY /{proxy+}",
                Target="integrations/" + integration("serve-deployed"))
v2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
rest = client("apigateway")
rest_id = rest.create_rest_api(name="serve-rest")["id"]
root = rest.get_resources(restApiId=rest_id)["items"][0]["id"]
def method(parent, part, name):
    resource = rest.create_resource(restApiId=rest_id, parentId=parent, pathPart=part)["id"]
    rest.put_method(restApiId=rest_id, resourceId=resource, httpMethod="GET",
                    authorizationType="NONE")
    uri = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
           + arns[name] + "/invocations")
    rest.put_integration(restApiId=rest_id, resourceId=resource, httpMethod="GET",
                         type="AWS_PROXY", integrationHttpMethod="POST", uri=uri)
    return resource
orders = rest.create_resource(restApiId=rest_id, parentId=root, pathPart="orders")["id"]
method(orders, "{id}", "serve-orders")
method(root, "boom", "serve-fail")
rest.create_deployment(restApiId=rest_id, stageName="dev", variables={"table": "Orders"})
print(json.dumps({"http": api, "rest": rest_id}))
"#;

struct Served {
    harness: Harness<'static, StratusApp>,
    _runtime: tokio::runtime::Runtime,
    _code: tempfile::TempDir,
    _config: tempfile::TempDir,
    http_api: String,
    rest_api: String,
    _moto: Emulator,
}

impl Served {
    /// Opens the HTTP API and serves it locally: the port it serves on.
    fn serve_http_api(&mut self) -> u16 {
        let harness = &mut self.harness;
        open(
            harness,
            ResourceRef::Api {
                id: self.http_api.clone(),
                name: "serve-http".to_owned(),
            },
        );
        wait_until(harness, "the routes", |h| {
            has_label_containing(h, "GET /orders/{id}")
        });
        serve(harness)
    }
}

fn start(read_only: bool) -> Served {
    let moto = Emulator::moto();
    moto.post_json("/moto-api/config", r#"{"lambda":{"use_docker":false}}"#);
    let output = Process::new(emulators_dir().join("venv/bin/python"))
        .args(["-c", SETUP, &moto.endpoint])
        .output()
        .expect("run the setup");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let ids: Value = serde_json::from_slice(&output.stdout).expect("ids");
    let code = tempfile::tempdir().expect("code folder");
    std::fs::write(code.path().join("app.py"), HANDLER).expect("handler");
    let config = tempfile::tempdir().expect("config");
    let runtime = runtime();
    let options = AppOptions {
        connection: ConnectionSpec {
            read_only,
            ..moto.connection()
        },
        config_dir: Some(config.path().to_owned()),
        startup_report: None,
        // serve-deployed has none: it is invoked as deployed.
        code_folders: vec![
            ("serve-orders".to_owned(), code.path().to_owned()),
            ("serve-fail".to_owned(), code.path().to_owned()),
        ],
    };
    let handle = runtime.handle().clone();
    let harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .with_step_dt(1.0 / 30.0)
        .allow_missing_glyphs()
        .build_eframe(move |cc| StratusApp::new(&cc.egui_ctx, handle, options));
    Served {
        harness,
        _runtime: runtime,
        _code: code,
        _config: config,
        http_api: ids["http"].as_str().expect("http id").to_owned(),
        rest_api: ids["rest"].as_str().expect("rest id").to_owned(),
        _moto: moto,
    }
}

fn open(harness: &mut Harness<'static, StratusApp>, resource: ResourceRef) {
    wait_until(harness, "the connection", |h| {
        h.state()
            .state()
            .connections
            .first()
            .is_some_and(|c| c.clients.is_some())
    });
    let connection = harness.state().state().connections[0].id;
    harness.state_mut().send(Command::Open {
        connection,
        resource,
    });
    harness.step();
}

/// The port the open API tab serves on, once serving.
fn served_port(harness: &Harness<'_, StratusApp>) -> Option<u16> {
    let state = harness.state().state();
    let tab = state.active()?;
    let server = match &tab.content {
        TabContent::Api(api) => api.serving.server.value(),
        TabContent::RestApi(api) => api.serving.server.value(),
        _ => None,
    }?;
    Some(server.address.port())
}

fn serve(harness: &mut Harness<'static, StratusApp>) -> u16 {
    click(harness, "Local server");
    click(harness, "Serve locally");
    wait_until(harness, "the server", |h| served_port(h).is_some());
    let port = served_port(harness).expect("port");
    wait_until(harness, "the URL", |h| {
        has_label_containing(h, &format!("http://127.0.0.1:{port}"))
    });
    port
}

/// A plain HTTP/1.1 exchange: status, lower-cased headers and body.
fn get(port: u16, method: &str, path: &str) -> (u16, Vec<(String, String)>, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Length: 0\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    let (head, body) = answer.split_once("\r\n\r\n").expect("head and body");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    (status, headers, body.to_owned())
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Steps the app until the served list shows `part`.
fn listed(harness: &mut Harness<'static, StratusApp>, part: &str) {
    wait_until(harness, part, |h| has_label_containing(h, part));
}

fn refused(port: u16) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_err() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn an_http_api_is_served_locally_and_its_route_tester_invokes_locally() {
    let mut served = start(false);
    let port = served.serve_http_api();
    let harness = &mut served.harness;

    let (status, headers, body) = get(port, "GET", "/orders/a%20b?tag=x&tag=y");
    assert_eq!(status, 200, "{body}");
    assert_eq!(header(&headers, "x-served-by"), Some("local"));
    assert_eq!(header(&headers, "set-cookie"), Some("a=1"));
    let answer: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(answer["id"], "a b");
    assert_eq!(answer["routeKey"], "GET /orders/{id}");
    assert_eq!(answer["function"], "serve-orders");
    assert_eq!(answer["credentials"], true, "the connection's credentials");
    // The event the handler got is a 2.0 event, read by types nobody here wrote.
    let event: aws_lambda_events::apigw::ApiGatewayV2httpRequest =
        serde_json::from_value(answer["event"].clone()).expect("a 2.0 event");
    assert_eq!(event.raw_path.as_deref(), Some("/orders/a%20b"));
    assert_eq!(
        event.query_string_parameters.all("tag"),
        Some(vec!["x", "y"])
    );
    assert_eq!(event.request_context.http.method.as_str(), "GET");

    // No route: API Gateway's 404 (`/{proxy+}` does not match the root).
    let (status, _, body) = get(port, "GET", "/");
    assert_eq!((status, body.as_str()), (404, r#"{"message":"Not Found"}"#));
    // A raising handler: an HTTP API answers 500 of its own.
    let (status, _, body) = get(port, "GET", "/boom");
    assert_eq!(
        (status, body.as_str()),
        (500, r#"{"message":"Internal Server Error"}"#)
    );
    // No code folder: the deployed function (moto echoes the event; 2.0 reads any JSON).
    let (status, _, body) = get(port, "DELETE", "/else/where");
    assert_eq!(status, 200, "{body}");
    let echoed: Value = serde_json::from_str(&body).expect("echo");
    assert_eq!(echoed["routeKey"], "ANY /{proxy+}");
    assert_eq!(echoed["pathParameters"]["proxy"], "else/where");

    // Over API Gateway's 10 MB: refused before the body is read.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let request = format!(
        "POST /orders/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         Content-Length: {}\r\n\r\n",
        10 * 1024 * 1024 + 1
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");

    // The view lists them, newest first, with who answered and the handler's error.
    listed(harness, "-> GET /orders/{id}");
    listed(harness, "404");
    listed(harness, "boom from the handler");
    listed(harness, "DELETE  200");
    listed(harness, "deployed     /else/where");
    listed(harness, "local        /orders/a%20b?tag=x&tag=y");
    assert!(has_label_containing(harness, "Served requests (5)"));
    harness.check_accessibility();

    // Warm local round trips through the server, for the report (not a benchmark).
    let started = Instant::now();
    for _ in 0..100 {
        assert_eq!(get(port, "GET", "/orders/1").0, 200);
    }
    let per_second = 100.0 / started.elapsed().as_secs_f64();
    eprintln!("served locally: {per_second:.0} requests/s (sequential, one connection each)");

    // The route tester's "Invoke locally": the same handler, the tester's event.
    click(harness, "Routes");
    click(harness, "GET /orders/{id}");
    type_into(harness, "Path parameter id", "7");
    let button = egui::accesskit::Role::Button;
    wait_until(harness, "Invoke locally", |h| {
        h.query_by_role_and_label(button, "Invoke locally")
            .is_some()
    });
    harness
        .get_by_role_and_label(button, "Invoke locally")
        .scroll_to_me();
    for _ in 0..10 {
        harness.step();
    }
    harness
        .get_by_role_and_label(button, "Invoke locally")
        .click();
    listed(harness, "Status 200 · function ran locally");
    assert!(has_label_containing(harness, r#""id": "7""#));
    // Its route's function has no code folder here: said, with a way to attach one.
    click(harness, "ANY /{proxy+}");
    listed(
        harness,
        "Attach serve-deployed's code folder in its Test tab",
    );

    // Closing the tab stops the server.
    let tab = harness.state().state().active_tab.expect("tab");
    harness.state_mut().send(Command::CloseTab(tab));
    harness.step();
    assert!(refused(port), "the server stopped with its tab");
}

#[test]
fn a_rest_api_is_served_under_its_stage() {
    let mut served = start(false);
    let harness = &mut served.harness;
    open(
        harness,
        ResourceRef::RestApi {
            id: served.rest_api.clone(),
            name: "serve-rest".to_owned(),
        },
    );
    wait_until(harness, "the resources", |h| {
        has_label_containing(h, "{id}")
    });
    // A port that is not one: said at the field, the text kept, nothing served.
    click(harness, "Local server");
    type_into(harness, "Local server port", "http");
    click(harness, "Serve locally");
    wait_until(harness, "the port's error", |h| {
        has_label_containing(h, "http is not a port")
    });
    assert_eq!(
        harness.get_by_label("Local server port").value().as_deref(),
        Some("http")
    );
    assert!(served_port(harness).is_none());
    // 0 is any free port, as empty is.
    type_into(harness, "Local server port", "0");
    let port = serve(harness);
    let (status, _, body) = get(port, "GET", "/dev/orders/9");
    assert_eq!(status, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        (answer["id"].as_str(), answer["resource"].as_str()),
        (Some("9"), Some("/orders/{id}"))
    );
    let event: aws_lambda_events::apigw::ApiGatewayProxyRequest =
        serde_json::from_value(answer["event"].clone()).expect("a proxy event");
    assert_eq!(event.path.as_deref(), Some("/orders/9"));
    assert_eq!(event.request_context.stage.as_deref(), Some("dev"));
    assert_eq!(
        event.stage_variables.get("table").map(String::as_str),
        Some("Orders")
    );
    // A raising handler: REST answers 502; no resource, or no stage: 403 as API Gateway.
    assert_eq!(get(port, "GET", "/dev/boom").0, 502);
    let (status, _, body) = get(port, "GET", "/dev/nothing");
    assert_eq!(
        (status, body.as_str()),
        (403, r#"{"message":"Missing Authentication Token"}"#)
    );
    assert_eq!(get(port, "GET", "/prod/orders/9").0, 403);
    listed(harness, "Served requests (4)");
    listed(harness, "-> GET /orders/{id}");

    click(harness, "Stop serving");
    assert!(refused(port), "Stop serving closes the port");
    wait_until(harness, "Serve locally again", |h| {
        has_label_containing(h, "Serve locally") && served_port(h).is_none()
    });
}

#[test]
fn a_read_only_connection_serves_local_functions_without_credentials() {
    let mut served = start(true);
    let port = served.serve_http_api();
    let harness = &mut served.harness;
    assert!(has_label_containing(
        harness,
        "the handlers run here get none of its credentials"
    ));
    let (status, _, body) = get(port, "GET", "/orders/5");
    assert_eq!(status, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        answer["credentials"], false,
        "a read-only connection gives none"
    );
    // The deployed function is not invoked: an invocation could write anything.
    assert_eq!(get(port, "GET", "/else").0, 500);
    listed(harness, "the connection is read-only");

    // The tester: Invoke function is off, Invoke locally is on, with the per-run checkbox.
    click(harness, "Routes");
    click(harness, "GET /orders/{id}");
    wait_until(harness, "the credentials checkbox", |h| {
        has_label_containing(
            h,
            "Give the handler this connection's credentials for this run",
        )
    });
    assert!(support::ui::is_disabled(harness, "Invoke function"));
    assert!(!support::ui::is_disabled(harness, "Invoke locally"));
}
