//! Where a local run could differ from Lambda or leak into the user's machine: instances kept
//! per connection, a custom runtime's plain-text error, the runtimes' error shapes and logs,
//! no bytecode in the code folder, and stopped instances reaped (no `<defunct>` left).

use std::os::unix::fs::PermissionsExt as _;
use std::time::{Duration, Instant};

use super::{
    LocalEnvironment, function, invoked, no_credentials, parse_function_error, payload_json,
    runner, runtime,
};

fn on(connection: &str) -> LocalEnvironment {
    LocalEnvironment {
        connection: connection.to_owned(),
        ..no_credentials()
    }
}

/// Waits until `pid` has no `/proc` entry at all: a zombie keeps one until its parent reaps it.
async fn reaped(pid: u32) -> bool {
    let until = Instant::now() + Duration::from_secs(5);
    while Instant::now() < until {
        if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

const PY_PID: &str = "import os\n\ndef handler(event, context):\n    return os.getpid()\n";

#[test]
fn two_connections_functions_of_one_name_are_two_functions() {
    let (_code, f) = function(&[("app.py", PY_PID)], "python3.12", "app.handler");
    let (_cache, runner) = runner();
    let (dev, prod) = (on("dev|eu-west-1|"), on("prod|eu-west-1|"));
    runtime().block_on(async {
        let a = runner.invoke(&f, &dev, b"{}".to_vec()).await.expect("dev");
        let b = runner
            .invoke(&f, &prod, b"{}".to_vec())
            .await
            .expect("prod");
        assert_ne!(a.instance_id, b.instance_id);
        let instances = runner.instances();
        assert_eq!(instances.len(), 2, "prod's run leaves dev's instance warm");
        let dev_ids: Vec<u64> = instances
            .iter()
            .filter(|i| i.is_of("dev|eu-west-1|", "orders-get"))
            .map(|i| i.id)
            .collect();
        assert_eq!(dev_ids, vec![a.instance_id]);
        assert!(
            instances
                .iter()
                .any(|i| i.id == b.instance_id && i.is_of("prod|eu-west-1|", "orders-get"))
        );
        // A new configuration on dev replaces dev's idle instance only.
        let mut changed = f.clone();
        changed.timeout_s = 5;
        let c = runner
            .invoke(&changed, &dev, b"{}".to_vec())
            .await
            .expect("dev");
        let ids: Vec<u64> = runner.instances().iter().map(|i| i.id).collect();
        assert_eq!(ids, vec![b.instance_id, c.instance_id]);
        let old = payload_json(&a).as_u64().expect("pid") as u32;
        assert!(
            reaped(old).await,
            "the replaced instance's process is reaped"
        );
    });
}

/// A custom runtime that fails every event with a plain-text error body.
const PLAIN_ERROR_BOOTSTRAP: &str = r#"#!/usr/bin/env python3
import http.client, os
host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
c = http.client.HTTPConnection(host, int(port))
while True:
    c.request("GET", "/2018-06-01/runtime/invocation/next")
    r = c.getresponse()
    r.read()
    rid = r.getheader("Lambda-Runtime-Aws-Request-Id")
    c.request("POST", f"/2018-06-01/runtime/invocation/{rid}/error", b"it broke",
              {"Lambda-Runtime-Function-Error-Type": "Custom.Broke"})
    answer = c.getresponse()
    print("error answer", answer.status, answer.read().decode(), flush=True)
"#;

#[test]
fn a_custom_runtimes_plain_text_error_ends_its_invocation() {
    let (code, mut f) = function(
        &[("bootstrap", PLAIN_ERROR_BOOTSTRAP)],
        "provided.al2023",
        "x",
    );
    f.timeout_s = 5;
    let bootstrap = code.path().join("bootstrap");
    std::fs::set_permissions(&bootstrap, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let (_cache, runner) = runner();
    runtime().block_on(async {
        let asked = Instant::now();
        let run = invoked(&runner, &f, b"{}".to_vec()).await;
        assert!(
            asked.elapsed() < Duration::from_secs(4),
            "not left to time out"
        );
        assert_eq!(run.function_error.as_deref(), Some("Unhandled"));
        assert_eq!(run.payload, b"it broke");
        let again = invoked(&runner, &f, b"{}".to_vec()).await;
        assert_eq!(again.instance_id, run.instance_id, "the instance lives on");
        // Printed right after the answer: it lands in the first run's log or, when read
        // after that log was taken, before the second run's START. Either way it is kept.
        assert!(
            run.log.contains("error answer 202") || again.log.contains("error answer 202"),
            "{}\n---\n{}",
            run.log,
            again.log
        );
    });
}

const PY_FAILS: &str = r#"
import helper

def handler(event, context):
    if event.get("fail"):
        raise ValueError("boom")
    return helper.VALUE
"#;

#[test]
fn python_logs_errors_as_lambda_and_writes_no_bytecode_into_the_code_folder() {
    let (code, f) = function(
        &[("app.py", PY_FAILS), ("helper.py", "VALUE = 41 + 1\n")],
        "python3.12",
        "app.handler",
    );
    let (cache, runner) = runner();
    runtime().block_on(async {
        let run = invoked(&runner, &f, b"{}".to_vec()).await;
        assert_eq!(payload_json(&run), 42);
        let run = invoked(&runner, &f, br#"{"fail": true}"#.to_vec()).await;
        assert!(
            run.log.contains(
                "[ERROR] ValueError: boom\nTraceback (most recent call last):\n  File \""
            ),
            "{}",
            run.log
        );
        let mut broken = f.clone();
        broken.name = "broken".to_owned();
        broken.handler = "nothere.handler".to_owned();
        let run = invoked(&runner, &broken, b"{}".to_vec()).await;
        assert!(
            run.log.contains(
                "[ERROR] Runtime.ImportModuleError: Unable to import module 'nothere': No module named 'nothere'\nTraceback (most recent call last):\n"
            ),
            "{}",
            run.log
        );
        let error = parse_function_error(&run.payload).expect("error");
        assert!(error.stack_trace.is_empty(), "{:?}", error.stack_trace);
    });
    assert!(
        !code.path().join("__pycache__").exists(),
        "Lambda's task root is read-only: nothing is written into the code folder"
    );
    let bytecode = cache.path().join("pycache");
    assert!(bytecode.is_dir(), "bytecode is kept in Stratus's cache");
}

const NODE_THROWS: &str = "exports.handler = async () => { throw new RangeError('too far'); };\n";

#[test]
fn node_errors_show_their_trace() {
    let (_code, f) = function(&[("index.js", NODE_THROWS)], "nodejs20.x", "index.handler");
    let (_cache, runner) = runner();
    runtime().block_on(async {
        let run = invoked(&runner, &f, b"{}".to_vec()).await;
        let error = parse_function_error(&run.payload).expect("error");
        assert_eq!(error.error_type.as_deref(), Some("RangeError"));
        assert_eq!(error.error_message.as_deref(), Some("too far"));
        assert!(
            error.stack_trace.first().map(String::as_str) == Some("RangeError: too far")
                && error.stack_trace.iter().any(|l| l.contains("index.js")),
            "{:?}",
            error.stack_trace
        );
    });
}

#[test]
fn stopped_timed_out_and_dropped_instances_leave_no_defunct_process() {
    let sleeper = "import os, time\n\ndef handler(event, context):\n    time.sleep(event.get('sleep', 0))\n    return os.getpid()\n";
    let (_code, mut f) = function(&[("app.py", sleeper)], "python3.12", "app.handler");
    f.timeout_s = 1;
    let (_cache, runner) = runner();
    let rt = runtime();
    rt.block_on(async {
        let pid = |run: &stratus::local_lambda::model::LocalInvocation| {
            payload_json(run).as_u64().expect("pid") as u32
        };
        let stopped = invoked(&runner, &f, b"{}".to_vec()).await;
        runner.stop(stopped.instance_id);
        assert!(reaped(pid(&stopped)).await, "a stopped instance is reaped");

        let warm = invoked(&runner, &f, b"{}".to_vec()).await;
        let timed_out = invoked(&runner, &f, br#"{"sleep": 3}"#.to_vec()).await;
        assert_eq!(timed_out.instance_id, warm.instance_id);
        assert!(reaped(pid(&warm)).await, "a timed-out instance is reaped");

        let last = invoked(&runner, &f, b"{}".to_vec()).await;
        runner.stop_all();
        assert!(reaped(pid(&last)).await, "Stop all reaps");
    });
}

#[test]
fn the_interpreter_set_for_a_function_runs_it() {
    let handler = "import os, sys\n\ndef handler(event, context):\n    return [os.environ.get('VIA_WRAPPER'), sys.executable]\n";
    let (code, mut f) = function(&[("app.py", handler)], "python3.12", "app.handler");
    // A project's interpreter, as a virtualenv's `bin/python` would be: here a wrapper.
    let wrapper = code.path().join("venv-python");
    std::fs::write(&wrapper, "#!/bin/sh\nVIA_WRAPPER=yes exec python3 \"$@\"\n").expect("wrapper");
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    f.interpreter = Some(wrapper);
    let (_cache, runner) = runner();
    runtime().block_on(async {
        let run = invoked(&runner, &f, b"{}".to_vec()).await;
        assert_eq!(payload_json(&run)[0], "yes", "{}", run.log);
        let mut plain = f.clone();
        plain.interpreter = None;
        let run = invoked(&runner, &plain, b"{}".to_vec()).await;
        assert_eq!(payload_json(&run)[0], serde_json::Value::Null);
    });
}

const NODE_CALLBACK_TIMER: &str = r#"
let ticks = 0;
exports.waits = (event, context, callback) => {
  setTimeout(() => { ticks += 1; }, 400);
  callback(null, { ticks });
};
exports.sendsNow = (event, context, callback) => {
  context.callbackWaitsForEmptyEventLoop = false;
  setTimeout(() => { ticks += 1; }, 400);
  callback(null, { ticks });
  callback(null, 'a second answer is ignored');
};
"#;

#[test]
fn a_node_callback_answers_once_the_event_loop_is_empty_unless_told_not_to_wait() {
    let (_code, mut f) = function(
        &[("index.js", NODE_CALLBACK_TIMER)],
        "nodejs20.x",
        "index.waits",
    );
    let (_cache, runner) = runner();
    runtime().block_on(async {
        let duration = |run: &stratus::local_lambda::model::LocalInvocation| {
            run.report.duration_ms.unwrap_or_default()
        };
        let run = invoked(&runner, &f, b"{}".to_vec()).await;
        assert_eq!(payload_json(&run), serde_json::json!({"ticks": 0}));
        assert!(duration(&run) >= 390.0, "waited for the timer: {}", run.log);
        f.handler = "index.sendsNow".to_owned();
        let run = invoked(&runner, &f, b"{}".to_vec()).await;
        assert_eq!(payload_json(&run), serde_json::json!({"ticks": 0}));
        assert!(duration(&run) < 300.0, "answered at once: {}", run.log);
    });
}

const PY_DECIMALS: &str = r#"
from decimal import Decimal

def item(event, context):
    return {"id": "42", "total": Decimal("12.50"), "count": Decimal(3)}

def raw(event, context):
    return b"not json at all"
"#;

#[test]
fn python_responses_are_marshalled_as_lambdas_runtime_does() {
    let (_code, mut f) = function(&[("app.py", PY_DECIMALS)], "python3.12", "app.item");
    let (_cache, runner) = runner();
    runtime().block_on(async {
        let run = invoked(&runner, &f, b"{}".to_vec()).await;
        assert_eq!(
            run.function_error, None,
            "a DynamoDB item's Decimals are numbers"
        );
        assert_eq!(
            payload_json(&run),
            serde_json::json!({"id": "42", "total": 12.5, "count": 3})
        );
        f.handler = "app.raw".to_owned();
        let run = invoked(&runner, &f, b"{}".to_vec()).await;
        assert_eq!(run.function_error, None);
        assert_eq!(run.payload, b"not json at all");
    });
}

#[test]
fn node_init_errors_are_the_runtimes_or_the_modules_own() {
    let (_code, mut f) = function(
        &[
            ("throws.js", "throw new RangeError('bad config');\n"),
            (
                "needs.js",
                "require('left-pad-not-installed');\nexports.handler = async () => 1;\n",
            ),
            ("broken.js", "exports.handler = async () => {;\n"),
        ],
        "nodejs20.x",
        "throws.handler",
    );
    let (_cache, runner) = runner();
    runtime().block_on(async {
        for (handler, error_type, message) in [
            ("throws.handler", "RangeError", "bad config"),
            (
                "needs.handler",
                "Runtime.ImportModuleError",
                "left-pad-not-installed",
            ),
            (
                "broken.handler",
                "Runtime.UserCodeSyntaxError",
                "SyntaxError",
            ),
        ] {
            f.handler = handler.to_owned();
            let run = invoked(&runner, &f, b"{}".to_vec()).await;
            let error = parse_function_error(&run.payload).expect("error");
            assert_eq!(error.error_type.as_deref(), Some(error_type), "{}", run.log);
            assert!(
                error.error_message.unwrap_or_default().contains(message),
                "{}",
                run.log
            );
            let logged = format!("\tERROR\tUncaught Exception \t{{\"errorType\":\"{error_type}\"");
            assert!(run.log.contains(&logged), "{}", run.log);
        }
        assert!(
            runner.instances().is_empty(),
            "a failed init keeps no instance"
        );
    });
}
