//! Reading items: one page, every page (in parallel segments for scans), and PartiQL.

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_dynamodb::config::http::HttpResponse;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::ReturnConsumedCapacity;

use crate::connection::calls::AwsClients;
use crate::dynamodb::calls::attribute_conversion::item_from_sdk;
use crate::dynamodb::calls::attribute_conversion::item_to_sdk;
use crate::dynamodb::calls::attribute_conversion::to_sdk;
use crate::dynamodb::model::AttrValue;
use crate::dynamodb::model::RawItem;
use crate::dynamodb::model::expression::ItemsRequest;
use crate::dynamodb::model::expression::Operation;
use crate::shared::calls::error::{ProfileContext as _, SdkResultExt as _};
use crate::shared::calls::pagination::Followed;
use crate::shared::model::ErrorKind;
use crate::shared::model::ServiceError;

/// One page of a query or scan.
#[derive(Clone, Debug, Default)]
pub struct Page {
    pub items: Vec<RawItem>,
    /// Where the next page starts; `None` on the last page.
    pub last_key: Option<RawItem>,
    pub scanned: i64,
    pub consumed_capacity: f64,
}

/// What a load reports while it runs. Sent through a sink so the caller decides how to
/// deliver it (the app uses a channel and a repaint).
#[derive(Clone, Debug)]
pub enum LoadEvent {
    Page {
        segment: i32,
        page: Page,
    },
    /// A page was throttled; it is retried after `wait`.
    Throttled {
        segment: i32,
        wait: Duration,
    },
    /// The load finished; `next` is where a following "load more" would start.
    Finished {
        next: Option<RawItem>,
    },
    Failed(ServiceError),
}

/// Returns freed heap to the operating system. A large load parses hundreds of megabytes of
/// JSON through short-lived allocations; without this glibc keeps them as resident memory.
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

pub use crate::dynamodb::model::load_mode::LoadMode;

/// Receives [`LoadEvent`]s from any segment's task.
pub type EventSink = Arc<dyn Fn(LoadEvent) + Send + Sync>;

/// Backoff before retrying a throttled page: doubling from 100 ms, at most 5 s.
pub fn throttle_backoff(attempt: u32) -> Duration {
    let millis = 100u64.saturating_mul(1u64 << attempt.min(10));
    Duration::from_millis(millis.min(5_000))
}

/// Items as the fast connector read them, or as the SDK parsed them.
enum PageItems {
    Fast(Vec<RawItem>),
    Sdk(Vec<std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>>),
}

/// A page before conversion to our types.
struct SdkPage {
    items: PageItems,
    last_key: Option<RawItem>,
    scanned: i64,
    consumed_capacity: f64,
}

impl SdkPage {
    /// Converts the items; CPU work that a load runs beside the next request.
    fn convert(self, operation: &str) -> Result<Page, ServiceError> {
        let items = match self.items {
            PageItems::Fast(items) => items,
            PageItems::Sdk(items) => items
                .into_iter()
                .map(|item| {
                    item_from_sdk(item)
                        .map_err(|e| ServiceError::new(operation, ErrorKind::Service, e))
                })
                .collect::<Result<_, _>>()?,
        };
        Ok(Page {
            items,
            last_key: self.last_key,
            scanned: self.scanned,
            consumed_capacity: self.consumed_capacity,
        })
    }
}

/// A unique id for each page request of this process.
fn next_page_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed).to_string()
}

/// The error of a page the SDK failed on, read for the user; nothing stays behind for the page.
fn page_failed<E>(
    clients: &AwsClients,
    page_id: &str,
    operation: &str,
    error: &SdkError<E, HttpResponse>,
) -> ServiceError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    clients.pages.take(page_id);
    clients.classify(operation, error)
}

/// Fetches one page.
pub async fn fetch_page(
    clients: &AwsClients,
    request: &ItemsRequest,
    start: Option<&RawItem>,
    segment: Option<(i32, i32)>,
) -> Result<Page, ServiceError> {
    fetch_sdk_page(clients, request, start, segment)
        .await?
        .convert(request.operation.name())
}

async fn fetch_sdk_page(
    clients: &AwsClients,
    request: &ItemsRequest,
    start: Option<&RawItem>,
    segment: Option<(i32, i32)>,
) -> Result<SdkPage, ServiceError> {
    let names = (!request.names.is_empty()).then(|| request.names.iter().cloned().collect());
    let values = (!request.values.is_empty()).then(|| {
        request
            .values
            .iter()
            .map(|(k, v)| (k.clone(), to_sdk(v)))
            .collect()
    });
    let start = start.map(|key| item_to_sdk(key));
    let operation = request.operation.name();
    // Marks the request so the DynamoDB client's connector reads its items (fast_pages).
    let page_id = next_page_id();
    let mark = {
        let page_id = page_id.clone();
        move |http: &mut aws_smithy_runtime_api::client::orchestrator::HttpRequest| {
            http.headers_mut().insert(
                crate::dynamodb::calls::fast_pages::PAGE_HEADER,
                page_id.clone(),
            );
        }
    };
    let (items, last_key, scanned, capacity) = match request.operation {
        Operation::Query => {
            let output = clients
                .dynamodb
                .query()
                .table_name(&request.table)
                .set_index_name(request.index.clone())
                .set_key_condition_expression(request.key_condition.clone())
                .set_filter_expression(request.filter.clone())
                .set_projection_expression(request.projection.clone())
                .set_expression_attribute_names(names)
                .set_expression_attribute_values(values)
                .set_limit(request.page_size)
                .scan_index_forward(request.ascending)
                .set_exclusive_start_key(start)
                .return_consumed_capacity(ReturnConsumedCapacity::Total)
                .customize()
                .mutate_request(mark)
                .send()
                .await
                .map_err(|e| page_failed(clients, &page_id, operation, &e))?;
            (
                output.items,
                output.last_evaluated_key,
                i64::from(output.scanned_count),
                output.consumed_capacity.and_then(|c| c.capacity_units),
            )
        }
        Operation::Scan => {
            let output = clients
                .dynamodb
                .scan()
                .table_name(&request.table)
                .set_index_name(request.index.clone())
                .set_filter_expression(request.filter.clone())
                .set_projection_expression(request.projection.clone())
                .set_expression_attribute_names(names)
                .set_expression_attribute_values(values)
                .set_limit(request.page_size)
                .set_exclusive_start_key(start)
                .set_segment(segment.map(|s| s.0))
                .set_total_segments(segment.map(|s| s.1))
                .return_consumed_capacity(ReturnConsumedCapacity::Total)
                .customize()
                .mutate_request(mark)
                .send()
                .await
                .map_err(|e| page_failed(clients, &page_id, operation, &e))?;
            (
                output.items,
                output.last_evaluated_key,
                i64::from(output.scanned_count),
                output.consumed_capacity.and_then(|c| c.capacity_units),
            )
        }
    };
    // A page the connector could not read: its own words name the item and attribute.
    let fast = clients
        .pages
        .take(&page_id)
        .transpose()
        .map_err(|problem| ServiceError::new(operation, ErrorKind::Service, problem))?;
    let last_key = last_key
        .filter(|k| !k.is_empty())
        .map(|key| {
            item_from_sdk(key).map_err(|e| ServiceError::new(operation, ErrorKind::Service, e))
        })
        .transpose()?;
    let items = match fast {
        Some(fast) => PageItems::Fast(fast),
        None => PageItems::Sdk(items.unwrap_or_default()),
    };
    Ok(SdkPage {
        items,
        last_key,
        scanned,
        consumed_capacity: capacity.unwrap_or_default(),
    })
}

/// Fetches one page, retrying throttling with backoff for as long as the caller waits.
async fn fetch_page_patiently(
    clients: &AwsClients,
    request: &ItemsRequest,
    start: Option<&RawItem>,
    segment: Option<(i32, i32)>,
    sink: &EventSink,
) -> Result<SdkPage, ServiceError> {
    let mut attempt = 0;
    loop {
        match fetch_sdk_page(clients, request, start, segment).await {
            Err(error) if error.kind == ErrorKind::Throttled => {
                let wait = throttle_backoff(attempt);
                sink(LoadEvent::Throttled {
                    segment: segment.map_or(0, |s| s.0),
                    wait,
                });
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Loads pages and reports each through `sink`, ending with `Finished` or `Failed`.
///
/// Cancelling is dropping (or aborting) this future: segment tasks live in a `JoinSet`,
/// which aborts them when dropped.
pub async fn load(
    clients: AwsClients,
    request: ItemsRequest,
    start: Option<RawItem>,
    mode: LoadMode,
    sink: EventSink,
) {
    let outcome = match mode {
        LoadMode::OnePage => {
            match fetch_page_patiently(&clients, &request, start.as_ref(), None, &sink).await {
                Ok(page) => page.convert(request.operation.name()).map(|page| {
                    let next = page.last_key.clone();
                    sink(LoadEvent::Page { segment: 0, page });
                    next
                }),
                Err(error) => Err(error),
            }
        }
        LoadMode::All { segments } if request.operation == Operation::Scan && segments > 1 => {
            load_segments(clients, request, segments.min(16), sink.clone()).await
        }
        LoadMode::All { .. } => load_sequentially(&clients, &request, start, &sink).await,
    };
    if matches!(mode, LoadMode::All { .. }) {
        release_freed_memory();
    }
    match outcome {
        Ok(next) => sink(LoadEvent::Finished { next }),
        Err(error) => sink(LoadEvent::Failed(error)),
    }
}

async fn load_sequentially(
    clients: &AwsClients,
    request: &ItemsRequest,
    mut start: Option<RawItem>,
    sink: &EventSink,
) -> Result<Option<RawItem>, ServiceError> {
    let operation = request.operation.name();
    let mut followed = Followed::default();
    if let Some(key) = &start {
        followed.key(operation, key)?;
    }
    loop {
        let page = fetch_page_patiently(clients, request, start.as_ref(), None, sink).await?;
        start = page.last_key.clone();
        let page = page.convert(operation)?;
        sink(LoadEvent::Page { segment: 0, page });
        match &start {
            Some(key) => followed.key(operation, key)?,
            None => return Ok(None),
        }
    }
}

async fn load_segments(
    clients: AwsClients,
    request: ItemsRequest,
    segments: u32,
    sink: EventSink,
) -> Result<Option<RawItem>, ServiceError> {
    let total = i32::try_from(segments).unwrap_or(16);
    let mut tasks = tokio::task::JoinSet::new();
    for segment in 0..total {
        let (clients, request, sink) = (clients.clone(), request.clone(), sink.clone());
        tasks.spawn(async move {
            let mut start: Option<RawItem> = None;
            let mut followed = Followed::default();
            loop {
                let page = fetch_page_patiently(
                    &clients,
                    &request,
                    start.as_ref(),
                    Some((segment, total)),
                    &sink,
                )
                .await?;
                start = page.last_key.clone();
                let page = page.convert(request.operation.name())?;
                sink(LoadEvent::Page { segment, page });
                match &start {
                    Some(key) => followed.key(request.operation.name(), key)?,
                    None => return Ok::<(), ServiceError>(()),
                }
            }
        });
    }
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(Ok(())) => {}
            // Dropping `tasks` on return aborts the other segments.
            Ok(Err(error)) => return Err(error),
            Err(join_error) => {
                return Err(ServiceError::new(
                    "Scan",
                    ErrorKind::Other,
                    format!("a scan segment stopped: {join_error}"),
                ));
            }
        }
    }
    Ok(None)
}

/// One page of a PartiQL statement's results.
#[derive(Clone, Debug, Default)]
pub struct PartiqlPage {
    pub items: Vec<RawItem>,
    pub next_token: Option<String>,
    pub consumed_capacity: f64,
}

/// Whether a statement only reads (SELECT); anything else is a write.
pub fn is_read_statement(statement: &str) -> bool {
    let mut rest = statement.trim_start();
    // Skip leading `--` line comments.
    while let Some(after) = rest.strip_prefix("--") {
        rest = after.split_once('\n').map_or("", |(_, r)| r).trim_start();
    }
    rest.get(..6)
        .is_some_and(|word| word.eq_ignore_ascii_case("select"))
}

/// Runs a PartiQL statement with parameters; on a read-only connection only SELECT runs.
pub async fn execute_statement(
    clients: &AwsClients,
    statement: &str,
    parameters: &[AttrValue],
    next_token: Option<String>,
) -> Result<PartiqlPage, ServiceError> {
    if !is_read_statement(statement) {
        clients.ensure_writable("ExecuteStatement")?;
    }
    let parameters = (!parameters.is_empty()).then(|| parameters.iter().map(to_sdk).collect());
    let output = clients
        .dynamodb
        .execute_statement()
        .statement(statement)
        .set_parameters(parameters)
        .set_next_token(next_token)
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
        .send()
        .await
        .or_classify("ExecuteStatement", clients)?;
    let items = output
        .items
        .unwrap_or_default()
        .into_iter()
        .map(|item| {
            item_from_sdk(item)
                .map_err(|e| ServiceError::new("ExecuteStatement", ErrorKind::Service, e))
        })
        .collect::<Result<_, _>>()?;
    Ok(PartiqlPage {
        items,
        next_token: output.next_token.filter(|t| !t.is_empty()),
        consumed_capacity: output
            .consumed_capacity
            .and_then(|c| c.capacity_units)
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(throttle_backoff(0), Duration::from_millis(100));
        assert_eq!(throttle_backoff(1), Duration::from_millis(200));
        assert_eq!(throttle_backoff(6), Duration::from_millis(5_000));
        assert_eq!(throttle_backoff(u32::MAX), Duration::from_millis(5_000));
    }

    #[test]
    fn only_select_counts_as_a_read() {
        assert!(is_read_statement("  select * from \"T\""));
        assert!(is_read_statement("-- note\nSELECT 1"));
        assert!(!is_read_statement("UPDATE \"T\" SET a = 1"));
        assert!(!is_read_statement("DELETE FROM \"T\" WHERE pk = ?"));
        assert!(!is_read_statement(""));
        assert!(!is_read_statement("sel"));
        assert!(!is_read_statement("ñselect"));
    }
}
