//! Moving a table's items to and from files: a full scan streamed to an export file, and an
//! import file's items written back with BatchWriteItem, every item accounted for.

use std::io::{BufRead as _, BufReader, BufWriter, Seek as _};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};
use tokio::sync::mpsc;

pub use crate::dynamodb::model::transfer_outcome::ExportOutcome;

pub use crate::dynamodb::model::transfer_outcome::ImportFailure;

pub use crate::dynamodb::model::transfer_outcome::ImportReport;

pub use crate::dynamodb::model::transfer_outcome::ImportStop;

pub use crate::dynamodb::model::transfer_outcome::default_file_name;

use crate::connection::calls::AwsClients;
use crate::dynamodb::calls::attribute_conversion::item_from_sdk;
use crate::dynamodb::calls::attribute_conversion::to_sdk;
use crate::dynamodb::calls::export_file::EXPORT;
use crate::dynamodb::calls::export_file::PendingFile;
use crate::dynamodb::calls::export_file::file_error;
use crate::dynamodb::calls::export_file::scratch_file;
use crate::dynamodb::calls::items::fetch_page;
use crate::dynamodb::calls::items::throttle_backoff;
use crate::dynamodb::calls::writes::BATCH_SIZE;
use crate::dynamodb::calls::writes::BatchWrite;
use crate::dynamodb::calls::writes::batch_write;
use crate::dynamodb::model::AttrValue;
use crate::dynamodb::model::RawItem;
use crate::dynamodb::model::attribute_json::parse_dynamodb_item;
use crate::dynamodb::model::csv_export::CsvColumns;
use crate::dynamodb::model::csv_export::CsvWriter;
use crate::dynamodb::model::export_format::ExportFormat;
use crate::dynamodb::model::export_format::ItemWriter;
use crate::dynamodb::model::export_format::JsonArrayWriter;
use crate::dynamodb::model::export_format::JsonLinesWriter;
use crate::dynamodb::model::expression::ItemsRequest;
use crate::dynamodb::model::import_rows::ImportPlan;
use crate::dynamodb::model::import_rows::ImportRow;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::item_edit::diff;
use crate::dynamodb::model::table_details::KeyAttribute;
use crate::shared::calls::error::ProfileContext as _;
use crate::shared::calls::pagination::Followed;
use crate::shared::model::ErrorKind;
use crate::shared::model::ServiceError;

/// Attempts for a throttled PutItem before its row is reported as failed.
const WRITE_ATTEMPTS: u32 = 8;
/// Pages the scan may run ahead of the file writer.
const PAGES_IN_FLIGHT: usize = 2;

/// What the scan hands the file writer.
enum Chunk {
    Page(Vec<RawItem>),
    /// Every page was sent: commit the file.
    Done,
}

/// Exports every item of `table` to `path` (see [`export_request`]).
pub async fn export_scan(
    clients: &AwsClients,
    table: &str,
    key_schema: &[KeyAttribute],
    format: ExportFormat,
    path: &Path,
    progress: impl Fn(usize) + Send + Sync,
    cancel: &AtomicBool,
) -> Result<ExportOutcome, ServiceError> {
    let request = ItemsRequest::scan(table, None);
    export_request(
        clients, &request, key_schema, format, path, progress, cancel,
    )
    .await
}

/// Exports every page of a scan or query to `path`. The file appears only when complete: a
/// cancelled or failed export leaves neither it nor a temp file. `progress` gets the number of
/// items read so far (at most two pages ahead of the file); `cancel` is checked between pages.
/// `key_schema` puts the key columns first in CSV. CSV needs every column before its first
/// row, so a CSV export spools the items as JSON Lines to a scratch file, then converts it.
pub async fn export_request(
    clients: &AwsClients,
    request: &ItemsRequest,
    key_schema: &[KeyAttribute],
    format: ExportFormat,
    path: &Path,
    progress: impl Fn(usize) + Send + Sync,
    cancel: &AtomicBool,
) -> Result<ExportOutcome, ServiceError> {
    let pending = PendingFile::create(path)?;
    let (sender, receiver) = mpsc::channel::<Chunk>(PAGES_IN_FLIGHT);
    let key_schema = key_schema.to_vec();
    let writer =
        tokio::task::spawn_blocking(move || write_chunks(receiver, pending, format, &key_schema));
    let scanned = scan_into(clients, request, &sender, &progress, cancel).await;
    let done = match scanned {
        Ok(true) => sender.send(Chunk::Done).await.is_ok(),
        _ => false,
    };
    // Without `Done` the writer drops the temp file.
    drop(sender);
    let written = writer.await.map_err(|e| {
        ServiceError::new(
            EXPORT,
            ErrorKind::Other,
            format!("the file writer stopped: {e}"),
        )
    })?;
    match (scanned, written) {
        (Err(error), _) => Err(error),
        (Ok(_), Err(error)) => Err(error),
        (Ok(false), Ok(_)) => Ok(ExportOutcome::Cancelled),
        (Ok(true), Ok(items)) if done => Ok(ExportOutcome::Written { items }),
        (Ok(true), Ok(_)) => Err(ServiceError::new(
            EXPORT,
            ErrorKind::Other,
            "the file writer stopped early",
        )),
    }
}

/// Sends every page to the writer; `Ok(false)` when cancelled.
async fn scan_into(
    clients: &AwsClients,
    request: &ItemsRequest,
    sender: &mpsc::Sender<Chunk>,
    progress: &(impl Fn(usize) + Send + Sync),
    cancel: &AtomicBool,
) -> Result<bool, ServiceError> {
    let mut start: Option<RawItem> = None;
    let mut followed = Followed::default();
    let mut items = 0;
    loop {
        let mut attempt = 0;
        let page = loop {
            if cancel.load(Ordering::Relaxed) {
                return Ok(false);
            }
            match fetch_page(clients, request, start.as_ref(), None).await {
                Err(error) if error.kind == ErrorKind::Throttled => {
                    tokio::time::sleep(throttle_backoff(attempt)).await;
                    attempt += 1;
                }
                other => break other?,
            }
        };
        items += page.items.len();
        if sender.send(Chunk::Page(page.items)).await.is_err() {
            // The writer failed; its error is reported by the caller.
            return Ok(true);
        }
        progress(items);
        start = page.last_key;
        match &start {
            // A repeating key would write the same items again and again.
            Some(key) => followed.key(request.operation.name(), key)?,
            None => return Ok(true),
        }
    }
}

/// Feeds every item to `each` until `Done` (`true`) or until the scan side hung up (`false`).
fn drain(
    receiver: &mut mpsc::Receiver<Chunk>,
    mut each: impl FnMut(&RawItem) -> std::io::Result<()>,
) -> std::io::Result<bool> {
    loop {
        match receiver.blocking_recv() {
            Some(Chunk::Page(items)) => items.iter().try_for_each(&mut each)?,
            Some(Chunk::Done) => return Ok(true),
            None => return Ok(false),
        }
    }
}

/// Writes every page that comes with `writer`, counting items in `count`, and finishes it;
/// whether the scan sent `Done`.
fn drain_into(
    receiver: &mut mpsc::Receiver<Chunk>,
    mut writer: impl ItemWriter,
    count: &mut usize,
) -> std::io::Result<bool> {
    let complete = drain(receiver, |item| {
        *count += 1;
        writer.write_item(named(item))
    })?;
    writer.finish()?;
    Ok(complete)
}

fn named(item: &RawItem) -> impl Iterator<Item = (&str, &AttrValue)> {
    item.iter().map(|(k, v)| (k.as_str(), v))
}

/// The blocking side of an export: writes pages as they come and commits the file only on
/// `Done`; otherwise dropping `pending` deletes the temp file.
fn write_chunks(
    mut receiver: mpsc::Receiver<Chunk>,
    pending: PendingFile,
    format: ExportFormat,
    key_schema: &[KeyAttribute],
) -> Result<usize, ServiceError> {
    let target = pending.target().to_owned();
    let io = |e: std::io::Error| file_error(&target, &e);
    let mut count = 0;
    let complete = match format {
        ExportFormat::JsonLines => {
            let writer = JsonLinesWriter::new(pending.writer()?);
            drain_into(&mut receiver, writer, &mut count).map_err(io)?
        }
        ExportFormat::Json => {
            let writer = JsonArrayWriter::new(pending.writer()?).map_err(io)?;
            drain_into(&mut receiver, writer, &mut count).map_err(io)?
        }
        ExportFormat::Csv => {
            let mut columns = CsvColumns::new(key_schema);
            let mut spool = JsonLinesWriter::new(BufWriter::new(scratch_file(&target)?));
            let complete = drain(&mut receiver, |item| {
                count += 1;
                columns.observe(named(item));
                spool.write_item(named(item))
            })
            .map_err(io)?;
            if complete {
                let mut spool = spool
                    .finish()
                    .map_err(io)?
                    .into_inner()
                    .map_err(|e| io(e.into_error()))?;
                spool.rewind().map_err(io)?;
                spool_to_csv(spool, &columns, pending.writer()?).map_err(|e| match e {
                    SpoolError::Io(e) => io(e),
                    SpoolError::Item(e) => e,
                })?;
            }
            complete
        }
    };
    if complete {
        pending.commit()?;
    }
    Ok(count)
}

enum SpoolError {
    Io(std::io::Error),
    Item(ServiceError),
}

/// Rewrites the spooled JSON Lines as CSV rows under the complete header.
fn spool_to_csv(
    spool: std::fs::File,
    columns: &CsvColumns,
    out: BufWriter<std::fs::File>,
) -> Result<(), SpoolError> {
    let mut csv = CsvWriter::new(out, columns).map_err(SpoolError::Io)?;
    for (index, line) in BufReader::new(spool).lines().enumerate() {
        let line = line.map_err(SpoolError::Io)?;
        let item = parse_dynamodb_item(&line).map_err(|e| {
            SpoolError::Item(ServiceError::new(
                EXPORT,
                ErrorKind::Other,
                format!("rereading item {} of the spool: {e}", index + 1),
            ))
        })?;
        csv.write_item(item.iter().map(|(k, v)| (&**k, v)))
            .map_err(SpoolError::Io)?;
    }
    csv.finish().map_err(SpoolError::Io)?;
    Ok(())
}

/// Writes a checked import plan's items to `table` with BatchWriteItem, 25 at a time.
/// Unprocessed items and throttling are retried with backoff; a batch the service refuses
/// is retried item by item so each refusal names its own row. Items with an existing key are
/// replaced, as PutItem does. Refuses a plan with wrong rows (nothing is written then) and a
/// read-only connection. `progress` gets (rows done, total); `cancel` is checked between
/// batches.
pub async fn import_items(
    clients: &AwsClients,
    table: &str,
    plan: &ImportPlan,
    progress: impl Fn(usize, usize) + Send,
    cancel: &AtomicBool,
) -> Result<ImportReport, ServiceError> {
    clients.ensure_writable("BatchWriteItem")?;
    if !plan.is_ready() {
        return Err(ServiceError::new(
            "Import",
            ErrorKind::Other,
            plan.summary(3),
        ));
    }
    let total = plan.rows.len();
    let mut report = ImportReport::default();
    let mut chunks = plan.rows.chunks(BATCH_SIZE);
    while let Some(chunk) = chunks.next() {
        // A connection switched to read-only (or reconnected) meanwhile stops here, like a cancel.
        let (stop, chunk_sent) = if cancel.load(Ordering::Relaxed) {
            (Some(ImportStop::Cancelled), false)
        } else if let Err(revoked) = clients.ensure_writable("BatchWriteItem") {
            (Some(ImportStop::Failed(revoked)), false)
        } else {
            (write_batch(clients, table, chunk, &mut report).await, true)
        };
        if let Some(stop) = stop {
            let unsent = chunks.flatten().map(|row| row.line);
            if !chunk_sent {
                report
                    .not_attempted
                    .extend(chunk.iter().map(|row| row.line));
            }
            report.not_attempted.extend(unsent);
            report.stopped = Some(stop);
            break;
        }
        progress(report.written + report.failed.len(), total);
    }
    Ok(report)
}

fn put_request(item: &Item) -> Result<WriteRequest, ServiceError> {
    let item = item.iter().map(|(k, v)| (k.clone(), to_sdk(v))).collect();
    PutRequest::builder()
        .set_item(Some(item))
        .build()
        .map(|put| WriteRequest::builder().put_request(put).build())
        .map_err(|e| ServiceError::new("BatchWriteItem", ErrorKind::Other, e.to_string()))
}

/// Errors that every following write would hit as well, so the import stops.
fn stops_the_import(kind: ErrorKind) -> bool {
    !matches!(
        kind,
        ErrorKind::Service | ErrorKind::Throttled | ErrorKind::Conflict
    )
}

/// Writes one batch, recording each row as written or failed. `Some` stops the import.
async fn write_batch(
    clients: &AwsClients,
    table: &str,
    rows: &[ImportRow],
    report: &mut ImportReport,
) -> Option<ImportStop> {
    let requests = match rows.iter().map(|row| put_request(&row.item)).collect() {
        Ok(requests) => requests,
        Err(error) => return Some(ImportStop::Failed(error)),
    };
    let all: Vec<&ImportRow> = rows.iter().collect();
    let (left, error) = match batch_write(clients, table, requests).await {
        BatchWrite::Done { unprocessed } => (unprocessed, None),
        BatchWrite::Failed { error, pending } => (pending, Some(error)),
    };
    let pending = still_pending(all, &put_items(left));
    report.written += rows.len() - pending.len();
    let fail = |report: &mut ImportReport, message: &str| {
        report
            .failed
            .extend(pending.iter().map(|row| ImportFailure {
                line: row.line,
                message: message.to_owned(),
            }));
    };
    match error {
        None => {
            fail(
                report,
                "still unprocessed after retries (the table is throttling)",
            );
            None
        }
        Some(error) if stops_the_import(error.kind) => {
            fail(report, &error.message);
            Some(ImportStop::Failed(error))
        }
        Some(error) if error.kind == ErrorKind::Throttled => {
            fail(
                report,
                "still unprocessed after retries (the table is throttling)",
            );
            None
        }
        Some(_) => write_one_by_one(clients, table, &pending, report).await,
    }
}

/// The items of put requests DynamoDB handed back, to match them to their rows.
fn put_items(requests: Vec<WriteRequest>) -> Vec<Item> {
    requests
        .into_iter()
        .filter_map(|request| request.put_request)
        .filter_map(|put| item_from_sdk(put.item).ok())
        .map(|raw| raw.into_iter().map(|(k, v)| (k.into_string(), v)).collect())
        .collect()
}

/// The rows DynamoDB sent back unprocessed. Should one not be recognised, every row is kept:
/// writing an item twice is harmless, losing one is not.
fn still_pending<'a>(pending: Vec<&'a ImportRow>, unprocessed: &[Item]) -> Vec<&'a ImportRow> {
    let kept: Vec<&ImportRow> = pending
        .iter()
        .copied()
        .filter(|row| unprocessed.iter().any(|u| diff(&row.item, u).is_empty()))
        .collect();
    if kept.len() == unprocessed.len() {
        kept
    } else {
        pending
    }
}

/// Puts each row on its own, after the service refused their batch, so every refusal
/// names its row.
async fn write_one_by_one(
    clients: &AwsClients,
    table: &str,
    rows: &[&ImportRow],
    report: &mut ImportReport,
) -> Option<ImportStop> {
    for row in rows {
        let item: std::collections::HashMap<_, _> = row
            .item
            .iter()
            .map(|(k, v)| (k.clone(), to_sdk(v)))
            .collect();
        let mut attempt = 0;
        loop {
            let sent = clients
                .dynamodb
                .put_item()
                .table_name(table)
                .set_item(Some(item.clone()))
                .send()
                .await;
            let Err(e) = sent else {
                report.written += 1;
                break;
            };
            let error = clients.classify("PutItem", &e);
            if error.kind == ErrorKind::Throttled && attempt + 1 < WRITE_ATTEMPTS {
                attempt += 1;
                tokio::time::sleep(throttle_backoff(attempt)).await;
                continue;
            }
            report.failed.push(ImportFailure {
                line: row.line,
                message: error.message.clone(),
            });
            if stops_the_import(error.kind) {
                return Some(ImportStop::Failed(error));
            }
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unrecognised_unprocessed_items_keep_every_row() {
        let row = |line: usize, pk: &str| ImportRow {
            line,
            item: [("pk".to_owned(), crate::dynamodb::model::AttrValue::s(pk))]
                .into_iter()
                .collect(),
        };
        let rows = [row(1, "a"), row(2, "b"), row(3, "c")];
        let pending: Vec<&ImportRow> = rows.iter().collect();
        let lines = |kept: Vec<&ImportRow>| kept.iter().map(|r| r.line).collect::<Vec<_>>();
        assert_eq!(
            lines(still_pending(pending.clone(), &[rows[1].item.clone()])),
            [2]
        );
        assert_eq!(
            lines(still_pending(pending.clone(), &[])),
            Vec::<usize>::new()
        );
        let stranger = row(9, "z").item;
        assert_eq!(lines(still_pending(pending, &[stranger])), [1, 2, 3]);
    }

    #[test]
    fn only_errors_shared_by_every_write_stop_an_import() {
        assert!(stops_the_import(ErrorKind::NotFound));
        assert!(stops_the_import(ErrorKind::AccessDenied));
        assert!(stops_the_import(ErrorKind::Unreachable));
        assert!(!stops_the_import(ErrorKind::Service));
        assert!(!stops_the_import(ErrorKind::Throttled));
    }
}
