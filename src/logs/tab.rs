//! A log group's tab state (its own tab, or the Logs section of a function tab): its streams,
//! the events searched or followed, and what its view asks of it ([`LogsCommand`]).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};

use crate::connection::calls::AwsClients;
use crate::logs::calls::{LogFollowEvent, LogSink};
use crate::logs::model::follow_mode::FollowMode;
use crate::logs::model::log_event::{EventPage, EventQuery};
use crate::logs::model::{LogEvent, LogStreamSummary};
use crate::shared::bridge::backend::Backend;
use crate::shared::bridge::request::Request;
use crate::shared::model::{ErrorKind, ServiceError, TabRequest};

/// Events kept at most; the oldest go first (a followed group can be busy).
pub const MAX_LOG_EVENTS: usize = 50_000;

/// A request from a log view.
#[derive(Clone, Debug, PartialEq)]
pub enum LogsCommand {
    /// For the shell: refresh the tab, or open a linked resource.
    Tab(TabRequest),
    RefreshStreams,
    /// Replace the events with the first page matching `query`.
    Search {
        query: EventQuery,
    },
    /// Append the next page of the last search.
    LoadMore,
    /// Follow new events matching `pattern` from `start_ms` on.
    Follow {
        pattern: String,
        start_ms: i64,
    },
    StopFollowing,
    Pause {
        paused: bool,
    },
}

/// Where a page of a search starts.
enum Continuation {
    First,
    /// Oldest first: FilterLogEvents' token.
    Token(String),
    /// Newest first: before this time.
    Before(i64),
}

/// What a log tab's calls need: the clients and the group.
pub struct LogsContext<'a> {
    pub clients: Option<AwsClients>,
    pub group: &'a str,
    pub backend: &'a Backend,
}

/// A follower running on the backend.
pub struct LogFollowJob {
    events: mpsc::Receiver<LogFollowEvent>,
    abort: tokio::task::AbortHandle,
    paused: Arc<AtomicBool>,
    /// Events the follower delivered.
    pub received: u64,
    /// Live tail or polling, as the follower last said.
    pub mode: FollowMode,
}

impl LogFollowJob {
    pub fn is_paused(&self) -> bool {
        self.paused.load(Ordering::Relaxed)
    }
}

impl Drop for LogFollowJob {
    fn drop(&mut self) {
        self.abort.abort();
    }
}

/// A log group's streams and events.
pub struct LogsTab {
    pub streams: Request<Vec<LogStreamSummary>>,
    /// The page in flight or last read.
    pub page: Request<EventPage>,
    /// Whether the page in flight replaces the events (a new search) or appends.
    page_replaces: bool,
    /// The events searched and followed, oldest first.
    pub events: Vec<LogEvent>,
    /// The last search, and its continuation when it has more pages.
    pub query: Option<EventQuery>,
    pub next_token: Option<String>,
    /// Newest first: older events remain before this time.
    pub older_before_ms: Option<i64>,
    pub follow: Option<LogFollowJob>,
    pub follow_error: Option<ServiceError>,
    /// Events dropped to stay within [`MAX_LOG_EVENTS`].
    pub dropped: u64,
    /// Bumped whenever the events change, so views recompute their grouping.
    pub generation: u64,
    /// Set by a refresh (F5): the view runs its search again, its range counted from now.
    pub search_requested: bool,
}

impl Default for LogsTab {
    fn default() -> Self {
        Self {
            streams: Request::new("DescribeLogStreams"),
            page: Request::new("FilterLogEvents"),
            page_replaces: true,
            events: Vec::new(),
            query: None,
            next_token: None,
            older_before_ms: None,
            follow: None,
            follow_error: None,
            dropped: 0,
            generation: 0,
            search_requested: false,
        }
    }
}

impl LogsTab {
    /// Moves finished calls and followed events into place; true when something changed.
    pub fn poll(&mut self) -> bool {
        let mut changed = self.streams.poll();
        if self.page.poll() {
            changed = true;
            if let Some(Ok(page)) = self.page.latest() {
                let page = page.clone();
                if self.page_replaces {
                    self.events.clear();
                    self.dropped = 0;
                }
                self.next_token = page.next_token;
                self.older_before_ms = page.older_before_ms;
                if !self.page_replaces && self.newest_first() {
                    self.prepend(page.events);
                } else {
                    self.append(page.events);
                }
            }
        }
        changed | self.drain_follower()
    }

    /// Whether the last search reads backwards from its end.
    fn newest_first(&self) -> bool {
        self.query.as_ref().is_some_and(|q| q.newest_first)
    }

    /// Whether Load more has something to read.
    pub fn has_more(&self) -> bool {
        if self.newest_first() {
            self.older_before_ms.is_some()
        } else {
            self.next_token.is_some()
        }
    }

    /// Older events read by a newest-first Load more go before those shown.
    fn prepend(&mut self, mut events: Vec<LogEvent>) {
        events.append(&mut self.events);
        self.events = events;
        if self.events.len() > MAX_LOG_EVENTS {
            let excess = self.events.len() - MAX_LOG_EVENTS;
            self.events.drain(..excess);
            self.dropped += excess as u64;
        }
        self.generation += 1;
    }

    fn append(&mut self, events: Vec<LogEvent>) {
        self.events.extend(events);
        if self.events.len() > MAX_LOG_EVENTS {
            let excess = self.events.len() - MAX_LOG_EVENTS;
            self.events.drain(..excess);
            self.dropped += excess as u64;
        }
        self.generation += 1;
    }

    fn drain_follower(&mut self) -> bool {
        let Some(job) = &mut self.follow else {
            return false;
        };
        let mut arrived = Vec::new();
        let mut failed = None;
        let mut mode_changed = false;
        loop {
            match job.events.try_recv() {
                Ok(LogFollowEvent::Events(events)) => {
                    job.received += events.len() as u64;
                    arrived.extend(events);
                }
                Ok(LogFollowEvent::Mode(mode)) => {
                    job.mode = mode;
                    mode_changed = true;
                }
                Ok(LogFollowEvent::Failed(error)) => {
                    failed = Some(error);
                    break;
                }
                Err(mpsc::TryRecvError::Empty) => break,
                Err(mpsc::TryRecvError::Disconnected) => {
                    failed = Some(ServiceError::new(
                        "FilterLogEvents",
                        ErrorKind::Other,
                        "following stopped unexpectedly",
                    ));
                    break;
                }
            }
        }
        let changed = !arrived.is_empty() || failed.is_some() || mode_changed;
        if !arrived.is_empty() {
            self.append(arrived);
        }
        if let Some(error) = failed {
            self.follow_error = Some(error);
            self.follow = None;
        }
        changed
    }

    /// Operations in flight, for the status line.
    pub fn pending_operations(&self) -> Vec<&'static str> {
        let mut pending: Vec<&'static str> = [
            self.streams.pending_operation(),
            self.page.pending_operation(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(job) = self.follow.as_ref().filter(|f| !f.is_paused()) {
            pending.push(match job.mode {
                FollowMode::TryLiveTail | FollowMode::LiveTail => "StartLiveTail",
                FollowMode::Polling { .. } => "FilterLogEvents",
            });
        }
        pending
    }

    /// Handles a log view's command; [`LogsCommand::Tab`] is the shell's.
    pub fn handle(&mut self, command: LogsCommand, ctx: &LogsContext<'_>) {
        match command {
            LogsCommand::Tab(_) => {}
            LogsCommand::StopFollowing => self.follow = None,
            LogsCommand::Pause { paused } => {
                if let Some(job) = &self.follow {
                    job.paused.store(paused, Ordering::Relaxed);
                }
            }
            command => self.handle_call(command, ctx),
        }
    }

    /// The commands that call AWS: they wait for the connection to resolve.
    fn handle_call(&mut self, command: LogsCommand, ctx: &LogsContext<'_>) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        let group = ctx.group.to_owned();
        match command {
            // Handled without the connection above.
            LogsCommand::Tab(_) | LogsCommand::StopFollowing | LogsCommand::Pause { .. } => {}
            LogsCommand::RefreshStreams => {
                self.streams.start(
                    ctx.backend
                        .spawn_fallible("DescribeLogStreams", async move {
                            crate::logs::calls::log_streams(&clients, &group).await
                        }),
                );
            }
            LogsCommand::Search { query } => {
                self.search_requested = false;
                self.query = Some(query.clone());
                self.next_token = None;
                self.older_before_ms = None;
                self.page_replaces = true;
                self.start_page(ctx, clients, query, Continuation::First);
            }
            LogsCommand::LoadMore => {
                let Some(query) = self.query.clone() else {
                    return;
                };
                let next = if query.newest_first {
                    self.older_before_ms.map(Continuation::Before)
                } else {
                    self.next_token.clone().map(Continuation::Token)
                };
                if let Some(next) = next {
                    self.page_replaces = false;
                    self.start_page(ctx, clients, query, next);
                }
            }
            LogsCommand::Follow { pattern, start_ms } => {
                self.follow = None;
                self.follow_error = None;
                let (sender, events) = mpsc::channel();
                let repaint = ctx.backend.repaint_callback();
                let sink: LogSink = Arc::new(move |event| {
                    // The receiver is gone only when following was stopped.
                    let _ignored = sender.send(event);
                    repaint();
                });
                let paused = Arc::new(AtomicBool::new(false));
                let panic_sink = sink.clone();
                let abort = ctx.backend.spawn_task_reporting(
                    crate::logs::calls::follow_events(
                        clients,
                        group,
                        pattern,
                        start_ms,
                        paused.clone(),
                        sink,
                    ),
                    move |message| {
                        panic_sink(LogFollowEvent::Failed(ServiceError::new(
                            "FilterLogEvents",
                            ErrorKind::Other,
                            format!("internal error: {message}"),
                        )));
                    },
                );
                self.follow = Some(LogFollowJob {
                    events,
                    abort,
                    paused,
                    received: 0,
                    mode: FollowMode::TryLiveTail,
                });
            }
        }
    }

    fn start_page(
        &mut self,
        ctx: &LogsContext<'_>,
        clients: AwsClients,
        query: EventQuery,
        next: Continuation,
    ) {
        let group = ctx.group.to_owned();
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        self.page
            .start(ctx.backend.spawn_fallible("FilterLogEvents", async move {
                match next {
                    Continuation::First if query.newest_first => {
                        crate::logs::calls::newest_events(&clients, &group, &query, None, now_ms)
                            .await
                    }
                    Continuation::Before(ms) => {
                        crate::logs::calls::newest_events(
                            &clients,
                            &group,
                            &query,
                            Some(ms),
                            now_ms,
                        )
                        .await
                    }
                    Continuation::First => {
                        crate::logs::calls::filter_events(&clients, &group, &query, None).await
                    }
                    Continuation::Token(token) => {
                        crate::logs::calls::filter_events(&clients, &group, &query, Some(token))
                            .await
                    }
                }
            }));
    }

    /// Lists the streams again and asks the view to run its search again (it knows the
    /// range, "last hour" counted from now).
    pub fn refresh(&mut self, ctx: &LogsContext<'_>) {
        self.handle(LogsCommand::RefreshStreams, ctx);
        self.search_requested = true;
    }
}

#[cfg(test)]
mod tests {
    use poll_promise::Promise;

    use super::*;

    fn events(from: usize, to: usize) -> Vec<LogEvent> {
        (from..to)
            .map(|i| LogEvent {
                timestamp_ms: i as i64,
                message: format!("line {i}"),
                stream: "s".to_owned(),
                event_id: i.to_string(),
            })
            .collect()
    }

    fn page(tab: &mut LogsTab, replaces: bool, events: Vec<LogEvent>, next: Option<&str>) {
        tab.page_replaces = replaces;
        tab.page.start(Promise::from_ready(Ok(EventPage {
            events,
            next_token: next.map(ToOwned::to_owned),
            older_before_ms: None,
        })));
        assert!(tab.poll());
    }

    #[test]
    fn newest_first_load_more_puts_older_events_before_and_stops_at_the_start() {
        let mut tab = LogsTab {
            query: Some(EventQuery {
                newest_first: true,
                ..EventQuery::default()
            }),
            ..LogsTab::default()
        };
        let newest = |tab: &mut LogsTab, replaces, events, older: Option<i64>| {
            tab.page_replaces = replaces;
            tab.page.start(Promise::from_ready(Ok(EventPage {
                events,
                next_token: Some("ignored when newest first".to_owned()),
                older_before_ms: older,
            })));
            assert!(tab.poll());
        };
        newest(&mut tab, true, events(10, 13), Some(10));
        assert!(tab.has_more());
        newest(&mut tab, false, events(5, 10), None);
        let order: Vec<_> = tab.events.iter().map(|e| e.timestamp_ms).collect();
        assert_eq!(
            order,
            (5..13).collect::<Vec<_>>(),
            "oldest first, none twice"
        );
        assert!(!tab.has_more(), "the range's start was reached");
    }

    #[test]
    fn searches_replace_pages_append_and_followed_events_stay_bounded() {
        let mut tab = LogsTab::default();
        page(&mut tab, true, events(0, 3), Some("t"));
        page(&mut tab, false, events(3, 5), None);
        assert_eq!(tab.events.len(), 5);
        assert_eq!(tab.next_token, None);
        page(&mut tab, true, events(10, 11), None);
        assert_eq!(tab.events.len(), 1, "a new search replaces");
        // A failed page keeps what was shown.
        tab.page.start(Promise::from_ready(Err(ServiceError::new(
            "FilterLogEvents",
            ErrorKind::Throttled,
            "slow down",
        ))));
        assert!(tab.poll());
        assert_eq!(tab.events.len(), 1);

        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let (sender, receiver) = mpsc::channel();
        tab.follow = Some(LogFollowJob {
            events: receiver,
            abort: runtime.spawn(std::future::pending::<()>()).abort_handle(),
            paused: Arc::default(),
            received: 0,
            mode: FollowMode::TryLiveTail,
        });
        sender
            .send(LogFollowEvent::Mode(FollowMode::Polling {
                reason: "live tail unavailable".to_owned(),
            }))
            .expect("send");
        assert!(tab.poll(), "a change of mode is shown");
        assert!(matches!(
            tab.follow.as_ref().map(|f| &f.mode),
            Some(FollowMode::Polling { .. })
        ));
        assert_eq!(tab.pending_operations(), ["FilterLogEvents"]);
        sender
            .send(LogFollowEvent::Events(events(100, 100 + MAX_LOG_EVENTS)))
            .expect("send");
        assert!(tab.poll());
        assert_eq!(tab.events.len(), MAX_LOG_EVENTS);
        assert_eq!(tab.dropped, 1);
        assert_eq!(
            tab.follow.as_ref().map(|f| f.received),
            Some(MAX_LOG_EVENTS as u64)
        );
        drop(sender);
        assert!(tab.poll());
        assert!(tab.follow.is_none() && tab.follow_error.is_some());
    }
}
