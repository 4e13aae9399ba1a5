//! Export benchmark: Stratus's streamed full-scan export (the export window's "Whole table")
//! of a DynamoDB Local table to a JSON Lines file; `scripts/bench` runs boto3 and the AWS CLI
//! writing the same table to a file in the same run.
//!
//! `cargo bench --bench export -- --endpoint URL --table NAME --out FILE`. Prints one JSON line.

use std::sync::atomic::AtomicBool;
use std::time::Instant;

use stratus::dynamodb::calls::transfer::ExportOutcome;

use stratus::dynamodb::calls::transfer::export_scan;
use stratus::dynamodb::model::export_format::ExportFormat;
use stratus::dynamodb::model::table_details::KeyAttribute;
use stratus::dynamodb::model::table_details::KeyRole;

mod support;
use support::{arg, bench_clients};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(endpoint), Some(out)) = (arg(&args, "--endpoint"), arg(&args, "--out")) else {
        // `cargo test --benches` runs every bench; without an endpoint there is nothing to do.
        eprintln!(
            "export: no --endpoint/--out given (scripts/bench passes them); nothing to measure"
        );
        return;
    };
    let table = arg(&args, "--table").unwrap_or_else(|| "Bench".to_owned());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (items, seconds) = runtime.block_on(async {
        let clients = bench_clients(endpoint).await;
        let keys = [KeyAttribute {
            name: "pk".into(),
            role: KeyRole::Partition,
            attribute_type: "S".into(),
        }];
        let cancel = AtomicBool::new(false);
        let started = Instant::now();
        let outcome = export_scan(
            &clients,
            &table,
            &keys,
            ExportFormat::JsonLines,
            std::path::Path::new(&out),
            |_| {},
            &cancel,
        )
        .await
        .expect("export");
        let ExportOutcome::Written { items } = outcome else {
            panic!("export cancelled");
        };
        (items, started.elapsed().as_secs_f64())
    });
    let bytes = std::fs::metadata(&out).map_or(0, |m| m.len());
    println!(
        "{{\"tool\": \"stratus\", \"kind\": \"export\", \"items\": {items}, \"seconds\": {seconds:.3}, \"items_per_second\": {:.0}, \"file_bytes\": {bytes}}}",
        items as f64 / seconds
    );
}
