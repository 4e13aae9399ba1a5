//! Loading benchmark: Stratus's own loader (the one "Load all" uses) scanning a DynamoDB table
//! into the grid's item store, with the process's resident memory afterwards.
//!
//! `cargo bench --bench load -- --endpoint URL --table NAME --segments N`; run by
//! `scripts/bench`, which seeds DynamoDB Local and runs the peer tools in the same run.
//! Prints one JSON line so the script can tabulate it.

use std::sync::Arc;
use std::time::Instant;

use stratus::dynamodb::calls::items::EventSink;

use stratus::dynamodb::calls::items::LoadEvent;

use stratus::dynamodb::calls::items::LoadMode;

use stratus::dynamodb::calls::items::load;
use stratus::dynamodb::model::ItemStore;
use stratus::dynamodb::model::attribute_json::JsonStyle;
use stratus::dynamodb::model::attribute_json::item_to_json;
use stratus::dynamodb::model::expression::ItemsRequestSpec;

mod support;
use support::{arg, bench_clients};

/// User plus system CPU time of this whole process (every thread), in seconds: what the
/// client takes from a machine whose cores it shares with the server.
fn process_cpu_seconds() -> f64 {
    // SAFETY: getrusage writes into the struct we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: as above; RUSAGE_SELF is always valid.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Resident memory of this process, from /proc (Linux).
fn resident_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(endpoint) = arg(&args, "--endpoint") else {
        // `cargo test --benches` runs every bench; without an endpoint there is nothing to load.
        eprintln!("load: no --endpoint given (scripts/bench passes one); nothing to measure");
        return;
    };
    let table = arg(&args, "--table").unwrap_or_else(|| "Bench".to_owned());
    let segments: u32 = arg(&args, "--segments")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (items, seconds, cpu_seconds, store, resident_before) = runtime.block_on(async {
        let clients = bench_clients(endpoint).await;
        // No Limit: pages of up to 1 MB, as the console's "load all" and the peers use.
        let mut spec = ItemsRequestSpec::scan(&table, 1);
        spec.page_size = None;
        let request = spec.build().expect("scan request");
        // As in the app: pages arrive over a channel and are applied to the store.
        let (sender, mut events) = tokio::sync::mpsc::unbounded_channel();
        let sink: EventSink = Arc::new(move |event| {
            let _ = sender.send(event);
        });
        // Counted from here: the runtime, TLS and client set-up are not the items' memory.
        let resident_before = resident_bytes();
        let cpu_before = process_cpu_seconds();
        let started = Instant::now();
        let task = tokio::spawn(load(
            clients,
            request,
            None,
            LoadMode::All { segments },
            sink,
        ));
        let mut store = ItemStore::with_keys(&["pk"]);
        loop {
            match events.recv().await {
                Some(LoadEvent::Page { page, .. }) => store.extend(page.items),
                Some(LoadEvent::Finished { .. }) | None => break,
                Some(LoadEvent::Failed(error)) => panic!("load failed: {error}"),
                Some(LoadEvent::Throttled { .. }) => {}
            }
        }
        let seconds = started.elapsed().as_secs_f64();
        let cpu_seconds = process_cpu_seconds() - cpu_before;
        let _ = task.await;
        (store.len(), seconds, cpu_seconds, store, resident_before)
    });
    let resident_after = resident_bytes();
    let json_bytes: usize = (0..store.len())
        .map(|i| item_to_json(store.named_attributes(i), JsonStyle::DynamoDb, false).len())
        .sum();
    println!(
        "{{\"tool\": \"stratus\", \"segments\": {segments}, \"items\": {items}, \"seconds\": {seconds:.3}, \"items_per_second\": {:.0}, \"cpu_seconds\": {cpu_seconds:.3}, \"resident_bytes\": {resident_after}, \"resident_growth_bytes\": {}, \"json_bytes\": {json_bytes}}}",
        items as f64 / seconds,
        resident_after.saturating_sub(resident_before)
    );
}
