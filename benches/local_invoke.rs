//! Local invoke benchmarks: what running a function locally costs on top of the handler itself.
//!
//! - warm: round trip of an invocation through `LocalRunner` (Runtime API, process handling) to
//!   an idle instance whose Python handler does nothing, against the floor: the same handler
//!   called in a loop inside one Python process.
//! - cold: the first invocation on a new instance against `python -c pass` (the interpreter's
//!   own start).
//! - provided: the warm round trip of a `bootstrap` that speaks the Runtime API itself, and the
//!   same bootstrap under `cargo lambda watch --only-lambda-apis` when `--cargo-lambda` is given.
//!
//! - served: requests per second through a locally served HTTP API (`--moto URL`, a moto seeded
//!   by scripts/seed_demo.py), 1 and 4 concurrent clients.
//!
//! `cargo bench --bench local_invoke -- --runs 500 --cold-runs 20 [--python PATH]
//! [--cargo-lambda PATH] [--moto URL]`; run by `scripts/bench`. Prints one JSON line per
//! measurement.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::json;
use stratus::local_lambda::calls::LocalRunner;
use stratus::local_lambda::model::{LocalEnvironment, LocalFunction};

mod local_served;

/// The value after `name` on the command line.
fn arg(args: &[String], name: &str) -> Option<String> {
    args.windows(2).find(|w| w[0] == name).map(|w| w[1].clone())
}

/// A handler that does nothing: what is measured is everything around it.
const NOOP_HANDLER: &str = "def handler(event, context):\n    return {\"ok\": True}\n";

/// The floor: the same handler called in a loop in one process, each call timed alone.
const FLOOR_SCRIPT: &str = r#"
import json, sys, time
sys.path.insert(0, sys.argv[1])
from noop import handler
runs = int(sys.argv[2])
samples = []
for _ in range(runs):
    started = time.perf_counter_ns()
    handler({}, None)
    samples.append(time.perf_counter_ns() - started)
print(json.dumps(samples))
"#;

/// A `provided` function's bootstrap in Python: the Runtime API loop, nothing else. Takes a
/// path after the host (cargo-lambda's runtime API lives under one).
const BOOTSTRAP: &str = r#"
import http.client, os
host, _, prefix = os.environ["AWS_LAMBDA_RUNTIME_API"].partition("/")
base = ("/" + prefix if prefix else "") + "/2018-06-01/runtime/invocation/"
connection = http.client.HTTPConnection(host)
while True:
    connection.request("GET", base + "next")
    answer = connection.getresponse()
    answer.read()
    request_id = answer.getheader("Lambda-Runtime-Aws-Request-Id")
    connection.request("POST", base + request_id + "/response", body=b'{"ok": true}')
    connection.getresponse().read()
"#;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(runs) = arg(&args, "--runs").and_then(|r| r.parse::<usize>().ok()) else {
        // `cargo test --benches` runs every bench; scripts/bench passes the sizes.
        eprintln!("local_invoke: no --runs given (scripts/bench passes one); nothing to measure");
        return;
    };
    let cold_runs = arg(&args, "--cold-runs")
        .and_then(|r| r.parse::<usize>().ok())
        .unwrap_or(20);
    let python = arg(&args, "--python").unwrap_or_else(|| "python3".to_owned());
    let cargo_lambda = arg(&args, "--cargo-lambda").map(PathBuf::from);
    // A moto seeded with scripts/seed_demo.py: its orders-api is served locally.
    let moto = arg(&args, "--moto");
    let scratch = tempfile::tempdir().expect("scratch dir");
    let code = scratch.path().join("code");
    std::fs::create_dir_all(&code).expect("code dir");
    std::fs::write(code.join("noop.py"), NOOP_HANDLER).expect("handler");
    let bootstrap = code.join("bootstrap");
    std::fs::write(&bootstrap, format!("#!{}\n{BOOTSTRAP}", shebang(&python))).expect("bootstrap");
    make_executable(&bootstrap);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let runner = LocalRunner::new(scratch.path().join("cache"));
        let python_function = function(&code, "python3.12", "noop.handler", &python);
        let warm = warm_round_trips(&runner, &python_function, runs).await;
        print_line("warm", "stratus (python handler)", &warm);
        print_line(
            "warm",
            "floor: handler in a python loop",
            &floor(&python, &code, runs),
        );
        let (cold, init, starts) = cold_starts(&runner, &python_function, &python, cold_runs).await;
        print_line("cold", "stratus (python handler)", &cold);
        print_line("cold", "stratus: REPORT Init Duration", &init);
        print_line("cold", "python -c pass", &starts);
        // Each cold start less the interpreter start timed just before it: load drifts less.
        let added: Vec<f64> = cold.iter().zip(&starts).map(|(c, p)| c - p).collect();
        print_line("cold", "added (paired): stratus − python -c pass", &added);
        let provided = function(&code, "provided.al2023", "", &python);
        let warm = warm_round_trips(&runner, &provided, runs).await;
        print_line("warm", "stratus (provided bootstrap)", &warm);
        runner.stop_all();
        if let Some(moto) = moto {
            let interpreter = python.contains('/').then(|| PathBuf::from(&python));
            let served = local_served::served_requests(
                &moto,
                &code,
                interpreter.as_deref(),
                &runner,
                runs,
                &[1, 4],
            )
            .await
            .expect("the served API answers");
            for run in served {
                let tool = format!("stratus serve, {} client(s)", run.clients);
                print_line("served", &tool, &run.latencies);
                println!(
                    "{}",
                    json!({
                        "bench": "served-rate",
                        "tool": tool,
                        "runs": run.requests,
                        "requests_per_second": (run.requests as f64 / run.seconds).round(),
                    })
                );
            }
            runner.stop_all();
        }
        if let Some(cargo_lambda) = cargo_lambda {
            match cargo_lambda_round_trips(&cargo_lambda, &bootstrap, runs).await {
                Ok(samples) => {
                    print_line("warm", "cargo lambda watch (provided bootstrap)", &samples);
                }
                Err(error) => eprintln!("local_invoke: cargo lambda not measured: {error}"),
            }
        }
    });
}

fn shebang(python: &str) -> String {
    if python.contains('/') {
        python.to_owned()
    } else {
        format!("/usr/bin/env {python}")
    }
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

fn function(code: &Path, runtime: &str, handler: &str, python: &str) -> LocalFunction {
    LocalFunction {
        name: "bench-noop".to_owned(),
        code_dir: code.to_owned(),
        runtime: runtime.to_owned(),
        handler: handler.to_owned(),
        // A bare name is looked up on PATH by the runner (as `python3` is by default).
        interpreter: python.contains('/').then(|| PathBuf::from(python)),
        timeout_s: 30,
        memory_mb: 128,
        environment: Vec::new(),
        arn: "arn:aws:lambda:us-east-1:000000000000:function:bench-noop".to_owned(),
        version: "$LATEST".to_owned(),
        log_group: "/aws/lambda/bench-noop".to_owned(),
    }
}

/// No endpoint and no credentials: the handler makes no calls.
fn environment() -> LocalEnvironment {
    LocalEnvironment {
        connection: "bench".to_owned(),
        region: "us-east-1".to_owned(),
        endpoint_url: None,
        credentials: None,
    }
}

/// `runs` invocations on one warm instance (a first, untimed one starts it), each timed from
/// the call to the answer, as the Test tab waits for it.
async fn warm_round_trips(runner: &LocalRunner, function: &LocalFunction, runs: usize) -> Vec<f64> {
    let first = runner
        .invoke(function, &environment(), b"{}".to_vec())
        .await
        .expect("the first invocation runs");
    assert!(first.function_error.is_none(), "{}", first.log);
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let invocation = runner
            .invoke(function, &environment(), b"{}".to_vec())
            .await
            .expect("a warm invocation runs");
        samples.push(millis(started.elapsed()));
        assert!(!invocation.cold_start, "one idle instance serves them all");
        assert_eq!(invocation.instance_id, first.instance_id);
    }
    samples
}

/// The first invocation of `runs` new instances (each stopped before the next starts), the
/// Init Duration their REPORT lines give, and `python -c pass` timed between them (interleaved,
/// so both see the same load on a shared machine).
async fn cold_starts(
    runner: &LocalRunner,
    function: &LocalFunction,
    python: &str,
    runs: usize,
) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut round_trips = Vec::with_capacity(runs);
    let mut init = Vec::with_capacity(runs);
    let mut starts = Vec::with_capacity(runs);
    for _ in 0..runs {
        starts.extend(interpreter_starts(python, 1));
        runner.stop_all();
        // Let the stopped process go before the next is timed.
        tokio::time::sleep(Duration::from_millis(50)).await;
        let started = Instant::now();
        let invocation = runner
            .invoke(function, &environment(), b"{}".to_vec())
            .await
            .expect("a cold invocation runs");
        round_trips.push(millis(started.elapsed()));
        assert!(invocation.cold_start, "a new instance after stop_all");
        init.extend(invocation.report.init_duration_ms);
    }
    runner.stop_all();
    (round_trips, init, starts)
}

fn floor(python: &str, code: &Path, runs: usize) -> Vec<f64> {
    let output = std::process::Command::new(python)
        .arg("-c")
        .arg(FLOOR_SCRIPT)
        .arg(code)
        .arg(runs.to_string())
        .output()
        .expect("run the floor loop");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let nanos: Vec<u64> = serde_json::from_slice(&output.stdout).expect("the loop's samples");
    nanos.into_iter().map(|n| n as f64 / 1e6).collect()
}

fn interpreter_starts(python: &str, runs: usize) -> Vec<f64> {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            let status = std::process::Command::new(python)
                .args(["-c", "pass"])
                .status()
                .expect("start python");
            assert!(status.success());
            millis(started.elapsed())
        })
        .collect()
}

/// The same bootstrap under `cargo lambda watch --only-lambda-apis` (its Runtime API and
/// invoke endpoint, no Rust build), invoked over HTTP on one kept-alive connection.
async fn cargo_lambda_round_trips(
    cargo_lambda: &Path,
    bootstrap: &Path,
    runs: usize,
) -> Result<Vec<f64>, String> {
    let port = free_port();
    // `watch` reads a Cargo manifest even when it builds nothing: an empty package.
    let folder = bootstrap
        .parent()
        .and_then(Path::parent)
        .ok_or("no folder")?
        .join("cargo-lambda");
    std::fs::create_dir_all(folder.join("src")).map_err(|e| e.to_string())?;
    std::fs::write(
        folder.join("Cargo.toml"),
        "[package]\nname = \"noop\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(folder.join("src/main.rs"), "fn main() {}\n").map_err(|e| e.to_string())?;
    let mut watch = tokio::process::Command::new(cargo_lambda)
        .args(["lambda", "watch", "--only-lambda-apis"])
        .args(["--invoke-address", "127.0.0.1", "--invoke-port"])
        .arg(port.to_string())
        .current_dir(&folder)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("start {}: {e}", cargo_lambda.display()))?;
    let runtime_api = format!("127.0.0.1:{port}/.rt");
    wait_for_port(port).await?;
    let mut function = tokio::process::Command::new(bootstrap)
        .env("AWS_LAMBDA_RUNTIME_API", &runtime_api)
        .env("AWS_LAMBDA_FUNCTION_NAME", "_")
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("start the bootstrap: {e}"))?;
    let result = invoke_over_http(port, runs).await;
    let _ = function.kill().await;
    let _ = watch.kill().await;
    result
}

async fn invoke_over_http(port: u16, runs: usize) -> Result<Vec<f64>, String> {
    use http_body_util::Full;
    use hyper::body::Bytes;
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let url = format!("http://127.0.0.1:{port}/2015-03-31/functions/_/invocations");
    let mut samples = Vec::with_capacity(runs);
    // One untimed call: cargo lambda hands the first event to the waiting bootstrap.
    for i in 0..=runs {
        let request = hyper::Request::post(url.as_str())
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from_static(b"{}")))
            .map_err(|e| e.to_string())?;
        let (status, body, took) = local_served::round_trip(&client, request).await?;
        if !status.is_success() {
            return Err(format!("{status}: {}", String::from_utf8_lossy(&body)));
        }
        if i > 0 {
            samples.push(millis(took));
        }
    }
    Ok(samples)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn wait_for_port(port: u16) -> Result<(), String> {
    for _ in 0..300 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("nothing listened on port {port} within 30 s"))
}

fn millis(elapsed: Duration) -> f64 {
    elapsed.as_secs_f64() * 1e3
}

/// The sample at quantile `q` (nearest rank).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn print_line(bench: &str, tool: &str, samples: &[f64]) {
    if samples.is_empty() {
        println!("{}", json!({"bench": bench, "tool": tool, "runs": 0}));
        return;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let round = |v: f64| (v * 1e5).round() / 1e5;
    println!(
        "{}",
        json!({
            "bench": bench,
            "tool": tool,
            "runs": sorted.len(),
            "median_ms": round(quantile(&sorted, 0.5)),
            "p95_ms": round(quantile(&sorted, 0.95)),
            "min_ms": round(sorted[0]),
        })
    );
}
