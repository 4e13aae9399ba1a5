//! Lambda's limits and lifecycle, locally: timeout, memory, concurrency, 6 MB, the Runtime
//! API's answers to wrong requests, stopping instances, and no process left behind.

use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use super::{
    ErrorKind, function, invoked, no_credentials, parse_function_error, parse_report, payload_json,
    process_alive, runner, runtime, wait_gone,
};

const SLEEPER: &str = r#"
import os, time

def handler(event, context):
    time.sleep(event.get("sleep", 0))
    return {"pid": os.getpid(), "api": os.environ["AWS_LAMBDA_RUNTIME_API"]}

def spawner(event, context):
    import subprocess
    return subprocess.Popen(["sleep", "60"]).pid

def hog(event, context):
    block = b"x" * (300 * 1024 * 1024)
    time.sleep(2)
    return len(block)

def big(event, context):
    return "y" * (7 * 1024 * 1024)

def big_error(event, context):
    raise ValueError("z" * (7 * 1024 * 1024))
"#;

#[test]
fn a_timeout_kills_the_instance_and_reports_as_lambda_does() {
    let (_code, mut f) = function(&[("app.py", SLEEPER)], "python3.12", "app.handler");
    f.timeout_s = 1;
    let (_cache, runner) = runner();
    runtime().block_on(async {
        let warm = invoked(&runner, &f, b"{}".to_vec()).await;
        let pid = payload_json(&warm)["pid"].as_u64().expect("pid") as u32;
        let asked = Instant::now();
        let run = invoked(&runner, &f, br#"{"sleep": 5}"#.to_vec()).await;
        let took = asked.elapsed();
        assert!(took < Duration::from_millis(2500), "{took:?}");
        assert!(took >= Duration::from_millis(950), "{took:?}");
        assert_eq!(run.function_error.as_deref(), Some("Unhandled"));
        let body = payload_json(&run);
        assert_eq!(body["errorType"], "Sandbox.Timedout");
        assert_eq!(
            body["errorMessage"],
            format!(
                "RequestId: {} Error: Task timed out after 1.00 seconds",
                run.request_id
            )
        );
        assert!(
            run.log.contains(&format!(
                "Z {} Task timed out after 1.00 seconds\n",
                run.request_id
            )),
            "{}",
            run.log
        );
        let report = parse_report(&run.log).expect("REPORT");
        assert_eq!(report.status.as_deref(), Some("timeout"));
        assert!(
            report.duration_ms.is_some_and(|ms| ms >= 990.0),
            "{}",
            run.log
        );
        assert!(wait_gone(pid), "the timed-out instance's process is gone");
        assert!(runner.instances().is_empty());
    });
}

#[test]
fn memory_over_the_functions_size_ends_as_out_of_memory() {
    let (_code, mut f) = function(&[("app.py", SLEEPER)], "python3.12", "app.hog");
    f.memory_mb = 128;
    let (_cache, runner) = runner();
    runtime().block_on(async {
        let run = invoked(&runner, &f, b"{}".to_vec()).await;
        assert_eq!(
            run.function_error.as_deref(),
            Some("Unhandled"),
            "{}",
            run.log
        );
        let error = parse_function_error(&run.payload).expect("error");
        assert_eq!(error.error_type.as_deref(), Some("Runtime.OutOfMemory"));
        assert_eq!(
            error.error_message,
            Some(format!(
                "RequestId: {} Error: Runtime exited with error: signal: killed",
                run.request_id
            ))
        );
        let report = parse_report(&run.log).expect("REPORT");
        assert_eq!(report.max_memory_used_mb, Some(128));
        assert_eq!(report.status.as_deref(), Some("error"));
        assert!(
            report.duration_ms.is_some_and(|ms| ms < 1900.0),
            "killed before the handler's sleep ended: {}",
            run.log
        );
        assert!(runner.instances().is_empty());
    });
}

#[test]
fn parallel_invocations_make_instances_and_the_limit_throttles() {
    let (_code, f) = function(&[("app.py", SLEEPER)], "python3.12", "app.handler");
    let (_cache, runner) = runner();
    let env = no_credentials();
    runtime().block_on(async {
        let slow = || runner.invoke(&f, &env, br#"{"sleep": 0.5}"#.to_vec());
        let (a, b) = tokio::join!(slow(), slow());
        let (a, b) = (a.expect("a runs"), b.expect("b runs"));
        assert_ne!(a.instance_id, b.instance_id);
        assert_ne!(payload_json(&a)["pid"], payload_json(&b)["pid"]);
        assert_eq!(runner.instances().len(), 2);
        // Ten at once fill the limit (two warm, eight new); the eleventh is throttled.
        let mut ten = tokio::task::JoinSet::new();
        for _ in 0..10 {
            let (runner, f) = (runner.clone(), f.clone());
            ten.spawn(async move {
                runner
                    .invoke(&f, &no_credentials(), br#"{"sleep": 1.5}"#.to_vec())
                    .await
            });
        }
        let ten = ten.join_all();
        let eleventh = async {
            tokio::time::sleep(Duration::from_millis(400)).await;
            runner.invoke(&f, &no_credentials(), b"{}".to_vec()).await
        };
        let (ten, eleventh) = tokio::join!(ten, eleventh);
        let refused = eleventh.expect_err("throttled");
        assert_eq!(refused.kind, ErrorKind::Throttled);
        assert!(
            refused
                .message
                .contains("TooManyRequestsException: Rate Exceeded")
        );
        assert!(ten.iter().all(Result::is_ok));
        assert_eq!(runner.instances().len(), 10);
    });
}

#[test]
fn payloads_and_responses_over_6_mb_are_refused() {
    let (_code, f) = function(&[("app.py", SLEEPER)], "python3.12", "app.handler");
    let (_cache, runner) = runner();
    runtime().block_on(async {
        let huge = format!("\"{}\"", "x".repeat(6 * 1024 * 1024));
        let refused = runner
            .invoke(&f, &no_credentials(), huge.into_bytes())
            .await
            .expect_err("too large");
        assert!(
            refused.message.contains("RequestEntityTooLargeException"),
            "{}",
            refused.message
        );
        assert!(runner.instances().is_empty(), "nothing started for it");
        let mut big_error = f.clone();
        big_error.handler = "app.big_error".to_owned();
        let run = invoked(&runner, &big_error, b"{}".to_vec()).await;
        assert_eq!(
            payload_json(&run)["errorType"],
            "Function.ResponseSizeTooLarge"
        );
        assert!(
            run.log.contains("\n[log truncated]\nEND RequestId"),
            "the 7 MB message is cut from the log"
        );
        assert!(run.log.len() < 1_100_000);
        let mut big = f.clone();
        big.handler = "app.big".to_owned();
        let run = invoked(&runner, &big, b"{}".to_vec()).await;
        assert_eq!(run.function_error.as_deref(), Some("Unhandled"));
        assert_eq!(
            payload_json(&run)["errorType"],
            "Function.ResponseSizeTooLarge",
            "{}",
            run.log
        );
    });
}

/// One raw HTTP/1.1 request; the status and body of the answer.
async fn raw(api: &str, method: &str, path: &str, body: &str) -> (u16, Value) {
    let mut stream = tokio::net::TcpStream::connect(api).await.expect("connects");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {api}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("writes");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

#[test]
fn the_runtime_api_answers_wrong_requests_as_documented() {
    let (_code, f) = function(&[("app.py", SLEEPER)], "python3.12", "app.handler");
    let (_cache, runner) = runner();
    runtime().block_on(async {
        let run = invoked(&runner, &f, b"{}".to_vec()).await;
        let api = payload_json(&run)["api"].as_str().expect("api").to_owned();
        let finished = format!("/2018-06-01/runtime/invocation/{}/response", run.request_id);
        let (status, body) = raw(&api, "POST", &finished, "{}").await;
        assert_eq!(status, 400);
        assert_eq!(body["errorType"], "InvalidRequestID");
        assert_eq!(body["errorMessage"], "Invalid request ID");
        let (status, body) = raw(
            &api,
            "POST",
            "/2018-06-01/runtime/invocation/nope/error",
            "{}",
        )
        .await;
        assert_eq!(
            (status, body["errorType"].as_str()),
            (400, Some("InvalidRequestID"))
        );
        assert_eq!(
            raw(&api, "GET", "/2018-06-01/runtime/nothing", "").await.0,
            404
        );
        assert_eq!(raw(&api, "GET", "/", "").await.0, 404);
        assert_eq!(
            raw(&api, "POST", "/2018-06-01/runtime/invocation/next", "")
                .await
                .0,
            405
        );
        assert_eq!(
            raw(&api, "PUT", "/2018-06-01/runtime/init/error", "")
                .await
                .0,
            405
        );
        // Once the runtime has asked for an event its init is over.
        let (status, body) = raw(&api, "POST", "/2018-06-01/runtime/init/error", "{}").await;
        assert_eq!(
            (status, body["errorType"].as_str()),
            (403, Some("InvalidStateTransition"))
        );
        // After all that, the instance still serves its runtime.
        let again = invoked(&runner, &f, b"{}".to_vec()).await;
        assert_eq!(again.instance_id, run.instance_id);
        assert_eq!(again.function_error, None);
    });
}

#[test]
fn stopping_ends_a_running_invocation_and_dropping_leaves_no_process() {
    let (_code, f) = function(&[("app.py", SLEEPER)], "python3.12", "app.handler");
    let (cache, runner) = runner();
    let rt = runtime();
    let env = no_credentials();
    let pids: Vec<u32> = rt.block_on(async {
        let first = invoked(&runner, &f, b"{}".to_vec()).await;
        let pid = payload_json(&first)["pid"].as_u64().expect("pid") as u32;
        let id = first.instance_id;
        let stopper = runner.clone();
        let stop = async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            stopper.stop(id);
        };
        let long = runner.invoke(&f, &env, br#"{"sleep": 10}"#.to_vec());
        let (run, ()) = tokio::join!(long, stop);
        let run = run.expect("runs");
        assert_eq!(run.function_error.as_deref(), Some("Unhandled"));
        assert_eq!(payload_json(&run)["errorType"], "Runtime.ExitError");
        assert!(wait_gone(pid));
        let (a, b) = tokio::join!(
            runner.invoke(&f, &env, br#"{"sleep": 0.3}"#.to_vec()),
            runner.invoke(&f, &env, br#"{"sleep": 0.3}"#.to_vec())
        );
        // What a handler starts belongs to its instance's process group.
        let mut spawner = f.clone();
        spawner.handler = "app.spawner".to_owned();
        spawner.name = "spawner".to_owned();
        let child = runner
            .invoke(&spawner, &env, b"{}".to_vec())
            .await
            .expect("runs");
        vec![
            payload_json(&a.expect("a"))["pid"].as_u64().expect("pid") as u32,
            payload_json(&b.expect("b"))["pid"].as_u64().expect("pid") as u32,
            payload_json(&child).as_u64().expect("grandchild pid") as u32,
        ]
    });
    assert!(
        pids.iter().all(|pid| process_alive(*pid)),
        "idle instances stay warm"
    );
    drop(runner);
    for pid in &pids {
        assert!(wait_gone(*pid), "process {pid} outlived the runner");
    }
    drop(rt);
    drop(cache);
}
