//! The items of a table tab: what is loaded, what produced it, and the load in flight.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::aws::dynamodb_items::{LoadEvent, PartiqlPage};
use crate::model::expression::ItemsRequest;
use crate::model::{AttrValue, ItemStore, RawItem, ServiceError};

/// At most this many events are applied per frame, so a burst of pages never stalls a frame.
/// A page holds at most 1 MB (about 5,000 small items, ~1 ms to apply); four a frame at 60
/// frames a second is far more than any table serves.
const MAX_EVENTS_PER_FRAME: usize = 4;

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

/// The grid's data for one table tab.
pub struct ItemsState {
    pub store: ItemStore,
    /// Changes whenever the store is replaced, so views reset sorting and selection.
    pub generation: u64,
    pub source: Option<ItemsSource>,
    pub next: Option<Continuation>,
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
        let mut finished = false;
        for _ in 0..MAX_EVENTS_PER_FRAME {
            let event = match job.events.try_recv() {
                Ok(event) => event,
                Err(mpsc::TryRecvError::Empty) => break,
                Err(mpsc::TryRecvError::Disconnected) => {
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
                    self.next = next.map(Continuation::Key);
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
                self.next = page.next_token.map(Continuation::Token);
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
