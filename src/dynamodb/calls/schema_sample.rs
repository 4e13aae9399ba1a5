//! A sample of a table's items for schema inference: a Scan of up to N items, page by page,
//! with progress and cancel, into its own list (the grid's items are not touched).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::connection::calls::AwsClients;
use crate::dynamodb::calls::items::{fetch_page, throttle_backoff};
use crate::dynamodb::model::RawItem;
use crate::dynamodb::model::expression::ItemsRequest;
use crate::shared::calls::pagination::Followed;
use crate::shared::model::{ErrorKind, ServiceError};

/// Items asked for per page: DynamoDB stops a page at 1 MB anyway.
const PAGE_LIMIT: usize = 1000;

/// What a sample scan read.
pub struct Sample {
    pub items: Vec<RawItem>,
    /// Stopped by the user before reaching the limit or the table's end.
    pub cancelled: bool,
}

/// Scans `table` until `limit` items, its end, or `cancel`; `read` counts items so far.
pub async fn sample_scan(
    clients: &AwsClients,
    table: &str,
    limit: usize,
    read: &AtomicUsize,
    cancel: &AtomicBool,
    repaint: impl Fn(),
) -> Result<Sample, ServiceError> {
    let mut items: Vec<RawItem> = Vec::new();
    let mut start: Option<RawItem> = None;
    let mut followed = Followed::default();
    while items.len() < limit {
        let wanted = (limit - items.len()).min(PAGE_LIMIT);
        let request = ItemsRequest::scan(table, i32::try_from(wanted).ok());
        let mut attempt = 0;
        let page = loop {
            if cancel.load(Ordering::Relaxed) {
                return Ok(Sample {
                    items,
                    cancelled: true,
                });
            }
            match fetch_page(clients, &request, start.as_ref(), None).await {
                Err(error) if error.kind == ErrorKind::Throttled && attempt < 8 => {
                    tokio::time::sleep(throttle_backoff(attempt)).await;
                    attempt += 1;
                }
                other => break other?,
            }
        };
        let room = limit - items.len();
        items.extend(page.items.into_iter().take(room));
        read.store(items.len(), Ordering::Relaxed);
        repaint();
        start = page.last_key;
        match &start {
            Some(key) => followed.key("Scan", key)?,
            None => break,
        }
    }
    Ok(Sample {
        items,
        cancelled: false,
    })
}
