//! Measurements of the runner, run by hand: warm round trip and cold start.

use std::time::{Duration, Instant};

use super::{function, invoked, no_credentials, runner, runtime};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Not a check but a measurement (`cargo test --test suite local_runtime:: -- --ignored --nocapture`):
/// the runner's warm round trip and cold start against the interpreter's own times.
#[test]
#[ignore = "a measurement, run by hand"]
fn measure_warm_and_cold_overheads() {
    let noop = "def handler(event, context):\n    return event\n";
    let (code, f) = function(&[("app.py", noop)], "python3.12", "app.handler");
    let (_cache, runner) = runner();
    let rt = runtime();
    let warm: Vec<Duration> = rt.block_on(async {
        let _ = runner.invoke(&f, &no_credentials(), b"{}".to_vec()).await;
        let mut samples = Vec::new();
        for _ in 0..300 {
            let asked = Instant::now();
            let run = invoked(&runner, &f, b"{}".to_vec()).await;
            samples.push(asked.elapsed());
            assert!(!run.cold_start);
        }
        samples
    });
    let floor = std::process::Command::new("python3")
        .args(["-c", "import sys, time, json\nsys.path.insert(0, sys.argv[1])\nimport app\nt = time.perf_counter()\nfor _ in range(10000):\n    json.dumps(app.handler(json.loads('{}'), None))\nprint((time.perf_counter() - t) / 10000 * 1e6)"])
        .arg(code.path())
        .output()
        .expect("python3");
    let cold: Vec<Duration> = rt.block_on(async {
        let mut samples = Vec::new();
        for n in 0..15 {
            let mut g = f.clone();
            g.name = format!("cold-{n}");
            let asked = Instant::now();
            let run = invoked(&runner, &g, b"{}".to_vec()).await;
            samples.push(asked.elapsed());
            assert!(run.cold_start);
        }
        samples
    });
    let bare: Vec<Duration> = (0..15)
        .map(|_| {
            let started = Instant::now();
            let status = std::process::Command::new("python3")
                .args(["-c", "pass"])
                .status()
                .expect("python3");
            assert!(status.success());
            started.elapsed()
        })
        .collect();
    println!(
        "warm round trip median {:?} (handler floor in-process {} us); cold start median {:?} vs python3 start {:?}",
        median(warm),
        String::from_utf8_lossy(&floor.stdout).trim(),
        median(cold),
        median(bare)
    );
}
