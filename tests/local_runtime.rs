//! The local Lambda runner against real interpreters (python3 and node from PATH): handlers
//! written into temp folders, run through Stratus's Runtime API as Lambda runs them.

use crate::support;

use serde_json::{Value, json};
use stratus::lambda::model::lambda_log::{parse_function_error, parse_report};
use stratus::local_lambda::calls::{InvokeContext, LocalRunner};
use stratus::local_lambda::model::{
    LocalCredentials, LocalEnvironment, LocalFunction, LocalInvocation,
};
use stratus::shared::model::ErrorKind;
use support::process::{process_alive, wait_gone};
use support::runtime;

/// A temp folder holding `files`, and a function on `runtime` with `handler` in it.
fn function(
    files: &[(&str, &str)],
    runtime: &str,
    handler: &str,
) -> (tempfile::TempDir, LocalFunction) {
    let dir = tempfile::tempdir().expect("code folder");
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(&path, text).expect("handler file");
    }
    let function = LocalFunction {
        name: "orders-get".to_owned(),
        code_dir: dir.path().to_path_buf(),
        runtime: runtime.to_owned(),
        handler: handler.to_owned(),
        interpreter: None,
        timeout_s: 30,
        memory_mb: 512,
        environment: vec![("TABLE".to_owned(), "Orders".to_owned())],
        arn: "arn:aws:lambda:eu-west-1:123456789012:function:orders-get".to_owned(),
        version: "$LATEST".to_owned(),
        log_group: "/aws/lambda/orders-get".to_owned(),
    };
    (dir, function)
}

fn no_credentials() -> LocalEnvironment {
    LocalEnvironment {
        connection: "|eu-west-1|".to_owned(),
        region: "eu-west-1".to_owned(),
        endpoint_url: None,
        credentials: None,
    }
}

fn runner() -> (tempfile::TempDir, LocalRunner) {
    let cache = tempfile::tempdir().expect("cache");
    let runner = LocalRunner::new(cache.path().to_path_buf());
    (cache, runner)
}

/// Runs `f` once on `payload` without credentials; the run itself must start and answer.
async fn invoked(runner: &LocalRunner, f: &LocalFunction, payload: Vec<u8>) -> LocalInvocation {
    runner
        .invoke(f, &no_credentials(), payload)
        .await
        .expect("runs")
}

fn payload_json(invocation: &LocalInvocation) -> Value {
    serde_json::from_slice(&invocation.payload).unwrap_or_else(|e| {
        panic!(
            "payload {:?}: {e}\nlog:\n{}",
            String::from_utf8_lossy(&invocation.payload),
            invocation.log
        )
    })
}

const PY_COUNTER: &str = r#"
import os
print("init output")
count = 0

def handler(event, context):
    global count
    count += 1
    print("hello from the handler")
    return {"echo": event, "count": count, "pid": os.getpid()}
"#;

#[test]
fn python_runs_warm_keeps_module_state_and_writes_lambdas_log() {
    let (_code, f) = function(&[("app.py", PY_COUNTER)], "python3.12", "app.handler");
    let (_cache, runner) = runner();
    runtime().block_on(async {
        let first = invoked(&runner, &f, br#"{"id":"42"}"#.to_vec()).await;
        assert_eq!(first.function_error, None, "{}", first.log);
        let body = payload_json(&first);
        assert_eq!(body["echo"], json!({"id": "42"}));
        assert_eq!(body["count"], 1);
        assert!(first.cold_start);
        let log = &first.log;
        let start = log.find("START RequestId: ").expect("START");
        assert!(
            log.find("init output").expect("init output") < start,
            "{log}"
        );
        let said = log.find("hello from the handler").expect("output");
        let end = log
            .find(&format!("END RequestId: {}", first.request_id))
            .expect("END");
        assert!(start < said && said < end, "{log}");
        let report = parse_report(log).expect("REPORT");
        assert_eq!(
            report.request_id.as_deref(),
            Some(first.request_id.as_str())
        );
        assert_eq!(report.memory_size_mb, Some(512));
        assert!(report.init_duration_ms.is_some_and(|ms| ms > 0.0), "{log}");
        assert!(report.max_memory_used_mb.is_some_and(|mb| mb > 1), "{log}");
        assert!(report.duration_ms.is_some() && report.billed_duration_ms.is_some());
        assert_eq!(first.report, report);

        let second = runner
            .invoke(&f, &no_credentials(), b"[1,2]".to_vec())
            .await
            .expect("runs warm");
        let body2 = payload_json(&second);
        assert_eq!(
            body2["count"], 2,
            "module state persists on a warm instance"
        );
        assert_eq!(body2["pid"], body["pid"]);
        assert!(!second.cold_start);
        assert_eq!(second.instance_id, first.instance_id);
        assert_ne!(second.request_id, first.request_id);
        let warm = parse_report(&second.log).expect("REPORT");
        assert_eq!(warm.init_duration_ms, None, "{}", second.log);
        assert!(!second.log.contains("init output"));
        let instances = runner.instances();
        assert_eq!(instances.len(), 1);
        assert_eq!(instances[0].invocations, 2);
        assert_eq!(
            instances[0].state,
            stratus::local_lambda::model::InstanceState::Idle
        );
    });
}

const PY_CONTEXT: &str = r#"
import os, time

def handler(event, context):
    names = ["AWS_LAMBDA_RUNTIME_API", "_HANDLER", "LAMBDA_TASK_ROOT", "AWS_LAMBDA_FUNCTION_NAME",
             "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_LOG_GROUP_NAME",
             "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "TZ",
             "TABLE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL",
             "HOME", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "STRATUS_SECRET_OF_THE_HOST",
             "AWS_LAMBDA_INITIALIZATION_TYPE", "_X_AMZN_TRACE_ID"]
    return {
        "env": {n: os.environ.get(n) for n in names},
        "cwd": os.getcwd(),
        "context": {
            "function_name": context.function_name,
            "function_version": context.function_version,
            "invoked_function_arn": context.invoked_function_arn,
            "memory_limit_in_mb": context.memory_limit_in_mb,
            "aws_request_id": context.aws_request_id,
            "log_group_name": context.log_group_name,
            "log_stream_name": context.log_stream_name,
            "remaining": context.get_remaining_time_in_millis(),
            "identity": context.identity.cognito_identity_id,
            "custom": context.client_context and context.client_context.custom,
        },
    }
"#;

#[test]
fn python_sees_lambdas_context_and_environment() {
    let (code, mut f) = function(
        &[("sub/app.py", PY_CONTEXT)],
        "python3.12",
        "sub/app.handler",
    );
    f.timeout_s = 7;
    let (cache, runner) = runner();
    let with_credentials = LocalEnvironment {
        connection: "|eu-west-1|".to_owned(),
        region: "eu-west-1".to_owned(),
        endpoint_url: Some("http://127.0.0.1:4566".to_owned()),
        credentials: Some(LocalCredentials {
            access_key_id: "AKIDLOCAL".to_owned(),
            secret_access_key: "local-secret".to_owned(),
            session_token: Some("local-token".to_owned()),
        }),
    };
    runtime().block_on(async {
        let mobile = InvokeContext {
            client_context: Some(r#"{"custom":{"app":"orders"}}"#.to_owned()),
            cognito_identity: Some(r#"{"cognitoIdentityId":"eu-west-1:abc"}"#.to_owned()),
        };
        let run = runner
            .invoke_with(&f, &with_credentials, b"{}".to_vec(), &mobile)
            .await
            .expect("runs");
        let body = payload_json(&run);
        let env = &body["env"];
        let context = &body["context"];
        assert_eq!(context["function_name"], "orders-get");
        assert_eq!(context["function_version"], "$LATEST");
        assert_eq!(context["invoked_function_arn"], f.arn.as_str());
        assert_eq!(context["memory_limit_in_mb"], "512");
        assert_eq!(context["aws_request_id"], run.request_id.as_str());
        assert_eq!(context["log_group_name"], "/aws/lambda/orders-get");
        assert_eq!(context["custom"], json!({"app": "orders"}));
        assert_eq!(context["identity"], "eu-west-1:abc");
        let remaining = context["remaining"].as_i64().expect("remaining");
        assert!(remaining > 5_000 && remaining <= 7_000, "{remaining}");
        let stream = context["log_stream_name"].as_str().expect("stream");
        assert!(
            stream.contains("/[$LATEST]") && stream.len() == 11 + 9 + 32,
            "{stream}"
        );
        assert_eq!(env["AWS_LAMBDA_LOG_STREAM_NAME"], stream);
        assert_eq!(env["_HANDLER"], "sub/app.handler");
        let root = code.path().to_string_lossy();
        assert_eq!(env["LAMBDA_TASK_ROOT"], root.as_ref());
        assert_eq!(body["cwd"], root.as_ref());
        assert_eq!(env["AWS_REGION"], "eu-west-1");
        assert_eq!(env["AWS_DEFAULT_REGION"], "eu-west-1");
        assert_eq!(env["AWS_EXECUTION_ENV"], "AWS_Lambda_python3.12");
        assert_eq!(env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"], "512");
        assert_eq!(env["AWS_LAMBDA_INITIALIZATION_TYPE"], "on-demand");
        assert_eq!(env["TZ"], ":UTC");
        assert_eq!(env["TABLE"], "Orders");
        assert_eq!(env["AWS_ACCESS_KEY_ID"], "AKIDLOCAL");
        assert_eq!(env["AWS_SECRET_ACCESS_KEY"], "local-secret");
        assert_eq!(env["AWS_SESSION_TOKEN"], "local-token");
        assert_eq!(env["AWS_ENDPOINT_URL"], "http://127.0.0.1:4566");
        assert!(
            env["_X_AMZN_TRACE_ID"]
                .as_str()
                .is_some_and(|t| t.starts_with("Root=1-"))
        );
        assert!(
            env["AWS_LAMBDA_RUNTIME_API"]
                .as_str()
                .is_some_and(|a| a.starts_with("127.0.0.1:"))
        );
        assert!(
            !run.log.contains("local-secret"),
            "secrets never reach the log"
        );

        let bare = invoked(&runner, &f, b"{}".to_vec()).await;
        assert_ne!(
            bare.instance_id, run.instance_id,
            "another environment, another instance"
        );
        let env = &payload_json(&bare)["env"];
        assert_eq!(env["AWS_ACCESS_KEY_ID"], Value::Null);
        assert_eq!(env["AWS_SECRET_ACCESS_KEY"], Value::Null);
        assert_eq!(env["AWS_ENDPOINT_URL"], Value::Null);
        assert_eq!(env["AWS_CONFIG_FILE"], "/dev/null");
        assert_eq!(env["AWS_SHARED_CREDENTIALS_FILE"], "/dev/null");
        let home = env["HOME"].as_str().expect("HOME");
        assert!(home.starts_with(&*cache.path().to_string_lossy()), "{home}");
    });
}

#[test]
fn python_errors_are_shaped_as_lambdas_and_init_errors_discard_the_instance() {
    let raising = "def handler(event, context):\n    raise ValueError('boom ' + event['id'])\n";
    let (_a, f) = function(&[("app.py", raising)], "python3.12", "app.handler");
    let (_cache, runner) = runner();
    runtime().block_on(async {
        let run = invoked(&runner, &f, br#"{"id":"7"}"#.to_vec()).await;
        assert_eq!(run.function_error.as_deref(), Some("Unhandled"));
        let error = parse_function_error(&run.payload).expect("error payload");
        assert_eq!(error.error_type.as_deref(), Some("ValueError"));
        assert_eq!(error.error_message.as_deref(), Some("boom 7"));
        assert!(
            error
                .stack_trace
                .iter()
                .any(|l| l.contains("app.py") && l.contains("handler")),
            "{:?}",
            error.stack_trace
        );
        assert!(
            !error.stack_trace.iter().any(|l| l.contains("bootstrap")),
            "{:?}",
            error.stack_trace
        );
        assert_eq!(payload_json(&run)["requestId"], run.request_id.as_str());
        assert_eq!(
            runner.instances().len(),
            1,
            "a raised error keeps the instance"
        );

        let broken = "import nonexistent_module_x\ndef handler(e, c):\n    return 1\n";
        let (_b, g) = function(&[("app.py", broken)], "python3.12", "app.handler");
        let mut g = g;
        g.name = "broken".to_owned();
        let run = invoked(&runner, &g, b"{}".to_vec()).await;
        assert_eq!(run.function_error.as_deref(), Some("Unhandled"));
        let error = parse_function_error(&run.payload).expect("error payload");
        assert_eq!(
            error.error_type.as_deref(),
            Some("Runtime.ImportModuleError")
        );
        assert_eq!(
            error.error_message.as_deref(),
            Some("Unable to import module 'app': No module named 'nonexistent_module_x'")
        );
        assert!(run.log.contains("Runtime.ImportModuleError"), "{}", run.log);
        assert!(!runner.instances().iter().any(|i| i.function == "broken"));

        let (_c, mut h) = function(&[("app.py", "x = 1\n")], "python3.12", "app.missing");
        h.name = "missing".to_owned();
        let run = invoked(&runner, &h, b"{}".to_vec()).await;
        let error = parse_function_error(&run.payload).expect("error payload");
        assert_eq!(error.error_type.as_deref(), Some("Runtime.HandlerNotFound"));

        let marshal = "def handler(e, c):\n    return {1, 2}\n";
        let (_d, mut m) = function(&[("app.py", marshal)], "python3.12", "app.handler");
        m.name = "marshal".to_owned();
        let run = invoked(&runner, &m, b"{}".to_vec()).await;
        let error = parse_function_error(&run.payload).expect("error payload");
        assert_eq!(error.error_type.as_deref(), Some("Runtime.MarshalError"));
    });
}

const NODE_ASYNC: &str = r#"
let count = 0;
exports.handler = async (event, context) => {
  count += 1;
  console.log('async says', event.id);
  return { id: event.id, count, name: context.functionName, mem: context.memoryLimitInMB,
           rid: context.awsRequestId, arn: context.invokedFunctionArn,
           remaining: context.getRemainingTimeInMillis(), group: context.logGroupName };
};
exports.fails = async () => { throw new TypeError('bad type'); };
exports.late = (event, context) => { setTimeout(() => context.succeed({ late: true }), 5); };
exports.empty = () => { setTimeout(() => {}, 5); };
"#;

const NODE_CALLBACK: &str = r#"
export function handler(event, context, callback) {
  setTimeout(() => callback(null, { style: 'callback', id: event.id }), 5);
}
"#;

#[test]
fn node_runs_async_and_callback_handlers() {
    let (_a, f) = function(&[("index.js", NODE_ASYNC)], "nodejs20.x", "index.handler");
    let (_b, mut g) = function(
        &[("lib/cb.mjs", NODE_CALLBACK)],
        "nodejs20.x",
        "lib/cb.handler",
    );
    g.name = "callback".to_owned();
    let (_cache, runner) = runner();
    runtime().block_on(async {
        let run = invoked(&runner, &f, br#"{"id":"n1"}"#.to_vec()).await;
        assert_eq!(run.function_error, None, "{}", run.log);
        let body = payload_json(&run);
        assert_eq!(body["id"], "n1");
        assert_eq!(body["name"], "orders-get");
        assert_eq!(body["mem"], "512");
        assert_eq!(body["rid"], run.request_id.as_str());
        assert_eq!(body["arn"], f.arn.as_str());
        assert_eq!(body["group"], "/aws/lambda/orders-get");
        assert!(body["remaining"].as_i64().is_some_and(|ms| ms > 20_000));
        assert!(
            run.log
                .contains(&format!("{}\tINFO\tasync says n1", run.request_id)),
            "{}",
            run.log
        );
        let again = invoked(&runner, &f, br#"{"id":"n2"}"#.to_vec()).await;
        assert_eq!(payload_json(&again)["count"], 2);

        let run = invoked(&runner, &g, br#"{"id":"c1"}"#.to_vec()).await;
        assert_eq!(
            payload_json(&run),
            json!({"style": "callback", "id": "c1"}),
            "{}",
            run.log
        );

        let mut failing = f.clone();
        failing.handler = "index.fails".to_owned();
        let run = invoked(&runner, &failing, b"{}".to_vec()).await;
        assert_eq!(run.function_error.as_deref(), Some("Unhandled"));
        let body = payload_json(&run);
        assert_eq!(body["errorType"], "TypeError");
        assert_eq!(body["errorMessage"], "bad type");
        assert!(body["trace"].as_array().is_some_and(|t| !t.is_empty()));

        for (handler, expected) in [
            ("index.late", json!({"late": true})),
            ("index.empty", Value::Null),
        ] {
            let mut sync = f.clone();
            sync.handler = handler.to_owned();
            let run = invoked(&runner, &sync, b"{}".to_vec()).await;
            assert_eq!(payload_json(&run), expected, "{handler}: {}", run.log);
        }

        let mut missing = f.clone();
        missing.handler = "nothere.handler".to_owned();
        let run = invoked(&runner, &missing, b"{}".to_vec()).await;
        assert_eq!(payload_json(&run)["errorType"], "Runtime.ImportModuleError");
    });
}

const PROVIDED_BOOTSTRAP: &str = r#"#!/usr/bin/env python3
# A custom runtime speaking the Runtime API itself.
import http.client, json, os
host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
while True:
    c = http.client.HTTPConnection(host, int(port))
    c.request("GET", "/2018-06-01/runtime/invocation/next")
    r = c.getresponse()
    event = json.loads(r.read())
    rid = r.getheader("Lambda-Runtime-Aws-Request-Id")
    body = json.dumps({"provided": event, "handler": os.environ["_HANDLER"]}).encode()
    c.request("POST", f"/2018-06-01/runtime/invocation/{rid}/response", body)
    c.getresponse().read()
"#;

#[test]
fn a_provided_bootstrap_runs_as_it_is() {
    use std::os::unix::fs::PermissionsExt as _;
    let (code, f) = function(
        &[("bootstrap", PROVIDED_BOOTSTRAP)],
        "provided.al2023",
        "my.handler",
    );
    let (_cache, runner) = runner();
    let bootstrap = code.path().join("bootstrap");
    runtime().block_on(async {
        let refused = runner
            .invoke(&f, &no_credentials(), b"{}".to_vec())
            .await
            .expect_err("not executable");
        assert!(refused.message.contains("chmod +x"), "{}", refused.message);
        std::fs::set_permissions(&bootstrap, std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
        let run = invoked(&runner, &f, b"[3]".to_vec()).await;
        assert_eq!(
            payload_json(&run),
            json!({"provided": [3], "handler": "my.handler"}),
            "{}",
            run.log
        );
        assert!(parse_report(&run.log).is_some());
    });
}

#[test]
fn what_cannot_start_is_an_error_naming_why() {
    let (_a, mut f) = function(&[("app.py", PY_COUNTER)], "python3.12", "app.handler");
    let (_cache, runner) = runner();
    runtime().block_on(async {
        f.interpreter = Some("/nonexistent/bin/python3".into());
        let error = runner
            .invoke(&f, &no_credentials(), b"{}".to_vec())
            .await
            .expect_err("no interpreter");
        assert!(
            error.message.contains("/nonexistent/bin/python3"),
            "{}",
            error.message
        );
        f.interpreter = None;
        f.code_dir = "/nonexistent/code".into();
        let error = runner
            .invoke(&f, &no_credentials(), b"{}".to_vec())
            .await
            .expect_err("no folder");
        assert!(
            error.message.contains("/nonexistent/code"),
            "{}",
            error.message
        );
        assert!(runner.instances().is_empty());
    });
}

mod conformance;
mod limits;
mod measure;
