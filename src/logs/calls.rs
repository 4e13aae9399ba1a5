//! CloudWatch Logs calls: log groups, a group's streams, searching its events a page at a
//! time, and following new events with StartLiveTail, or by polling FilterLogEvents with
//! backoff where the endpoint lacks live tail (emulators do).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use aws_sdk_cloudwatchlogs::error::DisplayErrorContext;
use aws_sdk_cloudwatchlogs::types::{OrderBy, StartLiveTailResponseStream};

use crate::connection::calls::AwsClients;
use crate::logs::model::follow_cursor::FollowCursor;
use crate::logs::model::follow_mode::{AfterLiveTail, FollowMode};
use crate::logs::model::log_event::{EventPage, EventQuery, window_before};
use crate::logs::model::{LogEvent, LogGroupSummary, LogStreamSummary};
use crate::shared::calls::error::SdkResultExt as _;
use crate::shared::calls::pagination::all_pages;
use crate::shared::model::{ErrorKind, ServiceError};

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
        older_before_ms: None,
    })
}

/// The first window a newest-first search reads; sparse windows double, up to a day.
const FIRST_WINDOW_MS: i64 = 60_000;
const WIDEST_WINDOW_MS: i64 = 86_400_000;
/// Pages read of one window at most (a window this busy shows its oldest part).
const WINDOW_PAGES: usize = 20;

/// The newest events of `query` before `before_ms` (the range's end, or now, when `None`),
/// oldest first: windows read backwards from the end, widening while sparse, until a page's
/// worth is found or the range's start is reached.
pub async fn newest_events(
    clients: &AwsClients,
    group: &str,
    query: &EventQuery,
    before_ms: Option<i64>,
    now_ms: i64,
) -> Result<EventPage, ServiceError> {
    let mut before = before_ms.unwrap_or_else(|| query.end_ms.unwrap_or(now_ms).saturating_add(1));
    let mut span = FIRST_WINDOW_MS;
    let mut windows: Vec<Vec<LogEvent>> = Vec::new();
    let mut found = 0;
    while found < PAGE_EVENTS as usize {
        let Some((start, end)) = window_before(query.start_ms, before, span) else {
            break;
        };
        let window = EventQuery {
            start_ms: start,
            end_ms: Some(end),
            pattern: query.pattern.clone(),
            newest_first: false,
        };
        let mut events = Vec::new();
        let mut token = None;
        for _ in 0..WINDOW_PAGES {
            let page = filter_events(clients, group, &window, token.take()).await?;
            events.extend(page.events);
            match page.next_token {
                Some(next) => token = Some(next),
                None => break,
            }
        }
        found += events.len();
        windows.push(events);
        before = start;
        span = span.saturating_mul(2).min(WIDEST_WINDOW_MS);
    }
    let events = windows.into_iter().rev().flatten().collect();
    Ok(EventPage {
        events,
        next_token: None,
        older_before_ms: window_before(query.start_ms, before, 1).map(|_| before),
    })
}

/// What a log follower reports.
#[derive(Debug)]
pub enum LogFollowEvent {
    /// Events not shown before, oldest first.
    Events(Vec<LogEvent>),
    /// How events are read now (live tail, or polling and why).
    Mode(FollowMode),
    /// The follower stopped on an error.
    Failed(ServiceError),
}

/// Where a log follower sends what it reads (and wakes the UI).
pub type LogSink = Arc<dyn Fn(LogFollowEvent) + Send + Sync>;

/// Follows the group's events matching `pattern` from `start_ms` on until aborted: a
/// StartLiveTail session where the endpoint offers one, else FilterLogEvents polled with
/// backoff ([`FollowMode`] makes the choice). Each live session starts after a catch-up poll,
/// so nothing written before it (or while paused) is missed; the cursor drops repeats.
/// Nothing is read while `paused` is set.
pub async fn follow_events(
    clients: AwsClients,
    group: String,
    pattern: String,
    start_ms: i64,
    paused: Arc<AtomicBool>,
    sink: LogSink,
) {
    let mut cursor = FollowCursor::new(start_ms);
    let mut mode = FollowMode::TryLiveTail;
    sink(LogFollowEvent::Mode(mode.clone()));
    loop {
        if paused.load(Ordering::Relaxed) {
            tokio::time::sleep(crate::logs::model::follow_cursor::MIN_POLL).await;
            continue;
        }
        let got = match poll_once(&clients, &group, &pattern, &mut cursor).await {
            Ok(fresh) => {
                let got = !fresh.is_empty();
                if got {
                    sink(LogFollowEvent::Events(fresh));
                }
                got
            }
            Err(error) => {
                sink(LogFollowEvent::Failed(error));
                return;
            }
        };
        if !mode.wants_live_tail() {
            tokio::time::sleep(cursor.next_pause(got)).await;
            continue;
        }
        let started = Instant::now();
        let next = match live_tail(&clients, &group, &pattern, &mut cursor, &paused, &sink).await {
            LiveTailEnd::NotStarted(error) => mode.start_failed(error),
            LiveTailEnd::Paused => AfterLiveTail::Retry,
            LiveTailEnd::Ended(error) => mode.session_ended(started.elapsed(), error),
        };
        match next {
            AfterLiveTail::Retry => {}
            AfterLiveTail::Poll(mode) => sink(LogFollowEvent::Mode(mode)),
            AfterLiveTail::Stop(error) => {
                sink(LogFollowEvent::Failed(error));
                return;
            }
        }
    }
}

/// One poll: up to [`FOLLOW_PAGES`] pages from the cursor on, keeping the unseen events.
async fn poll_once(
    clients: &AwsClients,
    group: &str,
    pattern: &str,
    cursor: &mut FollowCursor,
) -> Result<Vec<LogEvent>, ServiceError> {
    let query = EventQuery {
        start_ms: cursor.query_from(),
        end_ms: None,
        pattern: pattern.to_owned(),
        newest_first: false,
    };
    let mut events = Vec::new();
    let mut token = None;
    for _ in 0..FOLLOW_PAGES {
        let page = filter_events(clients, group, &query, token.take()).await?;
        events.extend(page.events);
        match page.next_token {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    events.sort_by_key(|e| e.timestamp_ms);
    Ok(cursor.fresh(events))
}

/// How a live tail session ended.
enum LiveTailEnd {
    /// StartLiveTail (or finding the group's ARN it needs) failed.
    NotStarted(ServiceError),
    /// The user paused: the session is closed, a catch-up poll follows the resume.
    Paused,
    /// The service closed the session, with its error if it failed.
    Ended(Option<ServiceError>),
}

/// Reads one StartLiveTail session on the group until it ends or the user pauses.
async fn live_tail(
    clients: &AwsClients,
    group: &str,
    pattern: &str,
    cursor: &mut FollowCursor,
    paused: &AtomicBool,
    sink: &LogSink,
) -> LiveTailEnd {
    let arn = match log_group_arn(clients, group).await {
        Ok(arn) => arn,
        Err(error) => return LiveTailEnd::NotStarted(error),
    };
    let pattern = pattern.trim();
    let request = clients
        .logs
        .start_live_tail()
        .log_group_identifiers(arn)
        .set_log_event_filter_pattern((!pattern.is_empty()).then(|| pattern.to_owned()));
    // An endpoint answering with something that is not an event stream must not hang the
    // follower: the session has this long to start.
    let sent = match tokio::time::timeout(LIVE_TAIL_START, request.send()).await {
        Ok(sent) => sent,
        Err(_elapsed) => return LiveTailEnd::NotStarted(live_tail_silent()),
    };
    let output = match sent.or_classify("StartLiveTail", clients) {
        Ok(output) => output,
        Err(error) => return LiveTailEnd::NotStarted(error),
    };
    let mut stream = output.response_stream;
    let mut announced = false;
    let mut delivered: u64 = 0;
    loop {
        if paused.load(Ordering::Relaxed) {
            return LiveTailEnd::Paused;
        }
        let next = if announced {
            stream.recv().await
        } else {
            match tokio::time::timeout(LIVE_TAIL_START, stream.recv()).await {
                Ok(next) => next,
                Err(_elapsed) => return LiveTailEnd::NotStarted(live_tail_silent()),
            }
        };
        match next {
            Ok(Some(StartLiveTailResponseStream::SessionUpdate(update))) => {
                let events: Vec<LogEvent> = update
                    .session_results
                    .unwrap_or_default()
                    .into_iter()
                    .map(|e| {
                        delivered += 1;
                        let timestamp_ms = e.timestamp.unwrap_or_default();
                        LogEvent {
                            timestamp_ms,
                            message: e.message.unwrap_or_default(),
                            stream: e.log_stream_name.unwrap_or_default(),
                            // Live events have no id; this one is unique in the session.
                            event_id: format!("live-{timestamp_ms}-{delivered}"),
                        }
                    })
                    .collect();
                let fresh = cursor.fresh(events);
                if !fresh.is_empty() {
                    sink(LogFollowEvent::Events(fresh));
                }
            }
            Ok(Some(_start_or_unknown)) => {}
            Ok(None) => return LiveTailEnd::Ended(None),
            Err(error) => {
                let error = ServiceError::new(
                    "StartLiveTail",
                    ErrorKind::Service,
                    DisplayErrorContext(&error).to_string(),
                );
                // A stream that fails before saying anything is a StartLiveTail that
                // did not start (an endpoint answering with something else).
                return if announced {
                    LiveTailEnd::Ended(Some(error))
                } else {
                    LiveTailEnd::NotStarted(error)
                };
            }
        }
        if !announced {
            announced = true;
            sink(LogFollowEvent::Mode(FollowMode::LiveTail));
        }
    }
}

/// How long StartLiveTail has to answer and send its first frame (AWS sends SessionStart at
/// once).
const LIVE_TAIL_START: std::time::Duration = std::time::Duration::from_secs(10);

fn live_tail_silent() -> ServiceError {
    ServiceError::new(
        "StartLiveTail",
        ErrorKind::Unreachable,
        format!(
            "no live tail session started within {} s",
            LIVE_TAIL_START.as_secs()
        ),
    )
}

/// The group's ARN (StartLiveTail takes ARNs, not names), without the `:*` DescribeLogGroups
/// adds to its `arn`.
async fn log_group_arn(clients: &AwsClients, group: &str) -> Result<String, ServiceError> {
    let page = clients
        .logs
        .describe_log_groups()
        .log_group_name_prefix(group)
        .send()
        .await
        .or_classify("DescribeLogGroups", clients)?;
    page.log_groups
        .unwrap_or_default()
        .into_iter()
        .filter(|g| g.log_group_name.as_deref() == Some(group))
        .find_map(|g| {
            g.log_group_arn
                .or_else(|| g.arn.map(|a| a.trim_end_matches(":*").to_owned()))
        })
        .ok_or_else(|| {
            ServiceError::new(
                "DescribeLogGroups",
                ErrorKind::NotFound,
                format!("no ARN listed for log group {group}"),
            )
        })
}
