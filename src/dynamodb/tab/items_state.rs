//! The items of a table tab: what is loaded, what produced it, and the load in flight.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::dynamodb::calls::items::EventSink;

use crate::dynamodb::calls::items::LoadEvent;

use crate::dynamodb::calls::items::PartiqlPage;
use crate::dynamodb::model::AttrValue;
use crate::dynamodb::model::ItemStore;
use crate::dynamodb::model::RawItem;
use crate::dynamodb::model::expression::ItemsRequest;
use crate::shared::calls::pagination::Followed;
use crate::shared::model::ErrorKind;
use crate::shared::model::ServiceError;

/// Events are applied each frame until this many items were added, so a burst of pages never
/// stalls a frame: a 1 MB page (about 5,000 small items) is one frame's share, and so are fifty
/// pages of the default 100 items. At 60 frames a second that is 300,000 items a second, more
/// than DynamoDB Local serves here; a count of pages instead (four a frame) held 100-item
/// pages to 24,000 items a second, so a million took 40 s to show after they had arrived.
const MAX_ITEMS_PER_FRAME: u64 = 5_000;

/// And at most this many events (throttle notices carry no items).
const MAX_EVENTS_PER_FRAME: usize = 256;

/// What filled the grid, so "load more" can continue it.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemsSource {
    Request(ItemsRequest),
    Partiql {
        statement: String,
        parameters: Vec<AttrValue>,
    },
}

/// Where the next page starts, when there is one.
#[derive(Clone, Debug, PartialEq)]
pub enum Continuation {
    Key(RawItem),
    Token(String),
}

/// Counters of the current or last load, for the progress line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadProgress {
    pub pages: u64,
    pub scanned: i64,
    pub returned: u64,
    pub capacity_units: f64,
    pub throttled: u32,
    pub segments: u32,
    pub elapsed: Duration,
    pub cancelled: bool,
}

/// A load in flight.
pub struct LoadJob {
    pub operation: &'static str,
    pub(crate) events: mpsc::Receiver<LoadEvent>,
    pub(crate) abort: tokio::task::AbortHandle,
    pub(crate) started: Instant,
}

/// What a load task's panic becomes: a `Failed` event naming the operation, through the
/// load's own sink, so the grid shows it like any other failed load.
pub(crate) fn report_panic(sink: EventSink, operation: &'static str) -> impl FnOnce(String) {
    move |message| {
        sink(LoadEvent::Failed(ServiceError::new(
            operation,
            ErrorKind::Other,
            format!("internal error: {message}"),
        )));
    }
}

/// The grid's data for one table tab.
pub struct ItemsState {
    pub store: ItemStore,
    /// Changes whenever the store is replaced, so views reset sorting and selection.
    pub generation: u64,
    pub source: Option<ItemsSource>,
    pub next: Option<Continuation>,
    /// Every continuation handed out for the current source, so a "load more" never
    /// requests a page twice (a server repeating A, B, A would otherwise loop forever).
    followed: Followed,
    pub job: Option<LoadJob>,
    pub partiql: Option<poll_promise::Promise<Result<PartiqlPage, ServiceError>>>,
    pub progress: LoadProgress,
    pub error: Option<ServiceError>,
    /// Set when events remain queued after a frame's share was applied.
    pub wants_more_frames: bool,
}

impl ItemsState {
    pub fn new(key_names: &[&str]) -> Self {
        Self {
            store: ItemStore::with_keys(key_names),
            generation: 0,
            source: None,
            next: None,
            followed: Followed::default(),
            job: None,
            partiql: None,
            progress: LoadProgress::default(),
            error: None,
            wants_more_frames: false,
        }
    }

    pub fn is_loading(&self) -> bool {
        self.job.is_some() || self.partiql.is_some()
    }

    /// The operation in flight, for the status line.
    pub fn pending_operation(&self) -> Option<&'static str> {
        if self.partiql.is_some() {
            return Some("ExecuteStatement");
        }
        self.job.as_ref().map(|j| j.operation)
    }

    /// Empties the grid for a new result set.
    pub fn replace(&mut self, source: ItemsSource) {
        self.cancel();
        self.store.clear();
        self.generation += 1;
        self.source = Some(source);
        self.next = None;
        self.followed.clear();
        self.progress = LoadProgress::default();
        self.error = None;
    }

    /// Stops the load in flight; what was loaded stays.
    pub fn cancel(&mut self) {
        if let Some(job) = self.job.take() {
            job.abort.abort();
            self.progress.elapsed = job.started.elapsed();
            self.progress.cancelled = true;
        }
        self.partiql = None;
    }

    /// Applies events that arrived; true when anything changed.
    pub fn poll(&mut self) -> bool {
        self.wants_more_frames = false;
        let mut changed = self.poll_partiql();
        let Some(job) = &self.job else {
            return changed;
        };
        let operation = job.operation;
        let mut finished = false;
        let returned_before = self.progress.returned;
        for _ in 0..MAX_EVENTS_PER_FRAME {
            if self.progress.returned - returned_before >= MAX_ITEMS_PER_FRAME {
                break;
            }
            let event = match job.events.try_recv() {
                Ok(event) => event,
                Err(mpsc::TryRecvError::Empty) => break,
                Err(mpsc::TryRecvError::Disconnected) => {
                    // The task ended without `Finished` or `Failed`: it panicked.
                    self.error = Some(ServiceError::new(
                        operation,
                        ErrorKind::Other,
                        "internal error: the load stopped without finishing",
                    ));
                    changed = true;
                    finished = true;
                    break;
                }
            };
            changed = true;
            match event {
                LoadEvent::Page { page, .. } => {
                    self.progress.pages += 1;
                    self.progress.scanned += page.scanned;
                    self.progress.returned += page.items.len() as u64;
                    self.progress.capacity_units += page.consumed_capacity;
                    self.store.extend(page.items);
                }
                LoadEvent::Throttled { .. } => self.progress.throttled += 1,
                LoadEvent::Finished { next } => {
                    self.next = None;
                    if let Some(key) = next {
                        match self.followed.key(operation, &key) {
                            Ok(()) => self.next = Some(Continuation::Key(key)),
                            Err(error) => self.error = Some(error),
                        }
                    }
                    finished = true;
                }
                LoadEvent::Failed(error) => {
                    self.error = Some(error);
                    finished = true;
                }
            }
            if finished {
                break;
            }
        }
        if let Some(job) = &self.job {
            self.progress.elapsed = job.started.elapsed();
        }
        if finished {
            self.job = None;
        } else if changed {
            // More may be queued than one frame applies; come back for it.
            self.wants_more_frames = true;
        }
        changed
    }

    fn poll_partiql(&mut self) -> bool {
        let Some(promise) = self.partiql.take() else {
            return false;
        };
        match promise.try_take() {
            Ok(Ok(page)) => {
                self.progress.pages += 1;
                self.progress.returned += page.items.len() as u64;
                self.progress.capacity_units += page.consumed_capacity;
                self.store.extend(page.items);
                self.next = None;
                if let Some(token) = page.next_token {
                    match self.followed.token("ExecuteStatement", &token) {
                        Ok(()) => self.next = Some(Continuation::Token(token)),
                        Err(error) => self.error = Some(error),
                    }
                }
                true
            }
            Ok(Err(error)) => {
                self.error = Some(error);
                true
            }
            Err(promise) => {
                self.partiql = Some(promise);
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(pk: &str) -> RawItem {
        vec![("pk".into(), AttrValue::s(pk))]
    }

    /// Runs one "load more" whose page hands back `next`, as the load task would report it.
    fn load_more(items: &mut ItemsState, runtime: &tokio::runtime::Runtime, next: &str) {
        let (sender, events) = mpsc::channel();
        let abort = runtime.spawn(async {}).abort_handle();
        items.job = Some(LoadJob {
            operation: "Scan",
            events,
            abort,
            started: Instant::now(),
        });
        sender
            .send(LoadEvent::Finished {
                next: Some(key(next)),
            })
            .expect("send");
        assert!(items.poll());
    }

    #[test]
    fn load_more_stops_at_a_key_it_already_followed() {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let mut items = ItemsState::new(&["pk"]);
        items.replace(ItemsSource::Partiql {
            statement: String::new(),
            parameters: Vec::new(),
        });
        load_more(&mut items, &runtime, "A");
        assert_eq!(items.next, Some(Continuation::Key(key("A"))));
        load_more(&mut items, &runtime, "B");
        assert_eq!(items.next, Some(Continuation::Key(key("B"))));
        assert!(items.error.is_none());
        load_more(&mut items, &runtime, "A");
        assert_eq!(items.next, None, "no way to request A a second time");
        let error = items.error.clone().expect("a visible message");
        assert_eq!(error.operation, "Scan");
        assert!(error.message.contains("already sent"), "{error}");
        // A new result set starts with nothing followed.
        items.replace(ItemsSource::Partiql {
            statement: String::new(),
            parameters: Vec::new(),
        });
        load_more(&mut items, &runtime, "A");
        assert_eq!(items.next, Some(Continuation::Key(key("A"))));
        assert!(items.error.is_none());
    }

    #[test]
    fn a_load_that_ends_without_finishing_is_an_error() {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let mut items = ItemsState::new(&["pk"]);
        let (sender, events) = mpsc::channel::<LoadEvent>();
        items.job = Some(LoadJob {
            operation: "Query",
            events,
            abort: runtime.spawn(async {}).abort_handle(),
            started: Instant::now(),
        });
        drop(sender);
        assert!(items.poll());
        assert!(!items.is_loading());
        let error = items.error.expect("an error");
        assert_eq!(error.operation, "Query");
        assert!(error.message.starts_with("internal error"), "{error}");
    }

    #[test]
    fn partiql_stops_at_a_token_it_already_followed() {
        let mut items = ItemsState::new(&["pk"]);
        let mut page = |token: &str| {
            items.partiql = Some(poll_promise::Promise::from_ready(Ok(PartiqlPage {
                items: vec![key(token)],
                next_token: Some(token.to_owned()),
                consumed_capacity: 0.0,
            })));
            assert!(items.poll());
            (items.next.clone(), items.error.clone())
        };
        assert_eq!(page("t1"), (Some(Continuation::Token("t1".into())), None));
        assert_eq!(page("t2"), (Some(Continuation::Token("t2".into())), None));
        let (next, error) = page("t1");
        assert_eq!(next, None);
        assert_eq!(error.expect("a message").operation, "ExecuteStatement");
    }
}
