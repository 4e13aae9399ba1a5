//! Bench mode: frames while the Stream tab follows a table written 1,000 times a second.

use std::time::{Duration, Instant};

use stratus::connection::calls::AwsClients;
use stratus::dynamodb::calls::stream::set_stream;
use stratus::dynamodb::model::stream_details::StreamViewType;

use super::{BIG, exact_item};
use crate::support::cpu::thread_cpu_time;
use crate::support::ui::{click, has_label, has_label_containing, wait_until};
use crate::support::{Emulator, create_table, runtime};

/// Bench mode: the Stream tab follows a table receiving 1,000 writes a second (batches of 25
/// from another client) while frames are measured as the UI thread's CPU time. In a debug
/// build it only checks the frames stay bounded; the release figures are in BENCHMARKS.md
/// (`CARGO_TARGET_DIR=/tmp/target-bench cargo test --release --test suite streams::busy -- --nocapture`).
#[test]
fn following_a_busy_stream_keeps_frames_short() {
    const WRITES_PER_SECOND: usize = 1000;
    const SECONDS: u64 = 6;
    let local = Emulator::dynamodb_local();
    let runtime = runtime();
    let clients = runtime.block_on(AwsClients::connect(local.connection()));
    runtime.block_on(create_table(&clients, "Busy", None));
    runtime
        .block_on(set_stream(
            &clients,
            "Busy",
            Some(StreamViewType::NewAndOldImages),
        ))
        .expect("turn on");
    let config = tempfile::tempdir().expect("config dir");
    let mut harness = crate::support::ui::app_harness(&runtime, local.connection(), config.path());
    crate::support::ui::open_table(&mut harness, "Busy");
    click(&mut harness, "Stream");
    wait_until(&mut harness, "the stream", |h| {
        has_label(h, "Stream On · NEW_AND_OLD_IMAGES")
    });
    click(&mut harness, "Follow stream");
    wait_until(&mut harness, "following", |h| {
        has_label_containing(h, "Following 1 shard")
    });

    let writer = clients.clone();
    let writing = runtime.spawn(async move {
        let started = tokio::time::Instant::now();
        let batches = WRITES_PER_SECOND / 25;
        let mut sent = 0usize;
        let mut in_flight = Vec::new();
        for tick in 0..SECONDS * batches as u64 {
            let due = started + Duration::from_secs(1) * tick as u32 / batches as u32;
            tokio::time::sleep_until(due).await;
            let requests: Vec<_> = (0..25)
                .map(|i| {
                    let item = exact_item(&format!("busy-{tick}-{i}"), BIG);
                    aws_sdk_dynamodb::types::WriteRequest::builder()
                        .put_request(
                            aws_sdk_dynamodb::types::PutRequest::builder()
                                .set_item(Some(item))
                                .build()
                                .expect("put request"),
                        )
                        .build()
                })
                .collect();
            // Each batch leaves on its tick, without waiting for the one before: the rate holds
            // even when a batch takes longer than 25 ms.
            let writer = writer.clone();
            in_flight.push(tokio::spawn(async move {
                writer
                    .dynamodb
                    .batch_write_item()
                    .request_items("Busy", requests)
                    .send()
                    .await
                    .expect("BatchWriteItem")
            }));
            sent += 25;
        }
        for batch in in_flight {
            let output = batch.await.expect("a batch");
            assert!(
                output.unprocessed_items().is_none_or(|u| u.is_empty()),
                "every item written"
            );
        }
        (sent, started.elapsed())
    });
    let mut frames = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(SECONDS);
    while Instant::now() < deadline {
        let before = thread_cpu_time();
        harness.step();
        frames.push(thread_cpu_time() - before);
        std::thread::sleep(Duration::from_millis(16));
    }
    let (sent, took) = runtime.block_on(writing).expect("writer");
    wait_until(&mut harness, "every record", |h| {
        has_label_containing(h, &format!("{sent} records received"))
    });
    frames.sort();
    let median = frames[frames.len() / 2];
    let p95 = frames[frames.len() * 95 / 100];
    let max = frames[frames.len() - 1];
    println!(
        "busy stream: {sent} writes in {:.1} s ({:.0}/s); {} frames: median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        took.as_secs_f64(),
        sent as f64 / took.as_secs_f64(),
        frames.len(),
        median.as_secs_f64() * 1000.0,
        p95.as_secs_f64() * 1000.0,
        max.as_secs_f64() * 1000.0
    );
    let bound = if cfg!(debug_assertions) {
        Duration::from_millis(150)
    } else {
        Duration::from_millis(16)
    };
    assert!(p95 < bound, "p95 frame {p95:?} over {bound:?}");
}
