//! CloudWatch Logs calls: log groups, a group's streams, searching its events a page at a
//! time, and following new events by polling FilterLogEvents with backoff.
//!
//! StartLiveTail is not used: it needs an event-stream endpoint that emulators lack, and
//! polling with a look-back and deduplication shows the same events a second or two later.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use aws_sdk_cloudwatchlogs::types::OrderBy;

use crate::connection::calls::AwsClients;
use crate::logs::model::follow_cursor::FollowCursor;
use crate::logs::model::log_event::{EventPage, EventQuery};
use crate::logs::model::{LogEvent, LogGroupSummary, LogStreamSummary};
use crate::shared::calls::error::SdkResultExt as _;
use crate::shared::calls::pagination::all_pages;
use crate::shared::model::ServiceError;

/// Events asked for per FilterLogEvents page.
const PAGE_EVENTS: i32 = 500;
/// Pages a follower reads per poll before showing what it has.
const FOLLOW_PAGES: usize = 20;
/// Streams listed, newest first.
const STREAMS_LISTED: i32 = 50;

/// Every log group of the connection, all pages, by name.
pub async fn list_log_groups(clients: &AwsClients) -> Result<Vec<LogGroupSummary>, ServiceError> {
    let mut groups = all_pages("DescribeLogGroups", |token| async move {
        let page = clients
            .logs
            .describe_log_groups()
            .set_next_token(token)
            .send()
            .await
            .or_classify("DescribeLogGroups", clients)?;
        let groups = page
            .log_groups
            .unwrap_or_default()
            .into_iter()
            .map(|g| LogGroupSummary {
                name: g.log_group_name.unwrap_or_default(),
                stored_bytes: g.stored_bytes,
                retention_days: g.retention_in_days,
            })
            .collect();
        Ok((groups, page.next_token))
    })
    .await?;
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(groups)
}

/// The group's most recently written streams with their last event time.
pub async fn log_streams(
    clients: &AwsClients,
    group: &str,
) -> Result<Vec<LogStreamSummary>, ServiceError> {
    let page = clients
        .logs
        .describe_log_streams()
        .log_group_name(group)
        .order_by(OrderBy::LastEventTime)
        .descending(true)
        .limit(STREAMS_LISTED)
        .send()
        .await
        .or_classify("DescribeLogStreams", clients)?;
    let mut streams: Vec<_> = page
        .log_streams
        .unwrap_or_default()
        .into_iter()
        .map(|s| LogStreamSummary {
            name: s.log_stream_name.unwrap_or_default(),
            last_event_ms: s.last_event_timestamp.or(s.last_ingestion_time),
            first_event_ms: s.first_event_timestamp,
        })
        .collect();
    // Emulators may ignore the order asked for.
    streams.sort_by_key(|s| std::cmp::Reverse(s.last_event_ms));
    Ok(streams)
}

/// One page of the group's events matching `query`, oldest first.
pub async fn filter_events(
    clients: &AwsClients,
    group: &str,
    query: &EventQuery,
    token: Option<String>,
) -> Result<EventPage, ServiceError> {
    let pattern = query.pattern.trim();
    let page = clients
        .logs
        .filter_log_events()
        .log_group_name(group)
        .start_time(query.start_ms.max(0))
        .set_end_time(query.end_ms)
        .set_filter_pattern((!pattern.is_empty()).then(|| pattern.to_owned()))
        .limit(PAGE_EVENTS)
        .set_next_token(token)
        .send()
        .await
        .or_classify("FilterLogEvents", clients)?;
    let events = page
        .events
        .unwrap_or_default()
        .into_iter()
        .map(|e| LogEvent {
            timestamp_ms: e.timestamp.unwrap_or_default(),
            message: e.message.unwrap_or_default(),
            stream: e.log_stream_name.unwrap_or_default(),
            event_id: e.event_id.unwrap_or_default(),
        })
        .collect();
    Ok(EventPage {
        events,
        next_token: page.next_token.filter(|t| !t.is_empty()),
    })
}

/// What a log follower reports.
#[derive(Debug)]
pub enum LogFollowEvent {
    /// Events not shown before, oldest first.
    Events(Vec<LogEvent>),
    /// The follower stopped on an error.
    Failed(ServiceError),
}

/// Where a log follower sends what it reads (and wakes the UI).
pub type LogSink = Arc<dyn Fn(LogFollowEvent) + Send + Sync>;

/// Polls the group for events matching `pattern` from `start_ms` on until aborted, pausing
/// longer while nothing comes; nothing is read while `paused` is set.
pub async fn follow_events(
    clients: AwsClients,
    group: String,
    pattern: String,
    start_ms: i64,
    paused: Arc<AtomicBool>,
    sink: LogSink,
) {
    let mut cursor = FollowCursor::new(start_ms);
    loop {
        if paused.load(Ordering::Relaxed) {
            tokio::time::sleep(crate::logs::model::follow_cursor::MIN_POLL).await;
            continue;
        }
        let query = EventQuery {
            start_ms: cursor.query_from(),
            end_ms: None,
            pattern: pattern.clone(),
        };
        let mut events = Vec::new();
        let mut token = None;
        for _ in 0..FOLLOW_PAGES {
            match filter_events(&clients, &group, &query, token.take()).await {
                Ok(page) => {
                    events.extend(page.events);
                    match page.next_token {
                        Some(next) => token = Some(next),
                        None => break,
                    }
                }
                Err(error) => {
                    sink(LogFollowEvent::Failed(error));
                    return;
                }
            }
        }
        events.sort_by_key(|e| e.timestamp_ms);
        let fresh = cursor.fresh(events);
        let got = !fresh.is_empty();
        if got {
            sink(LogFollowEvent::Events(fresh));
        }
        tokio::time::sleep(cursor.next_pause(got)).await;
    }
}
