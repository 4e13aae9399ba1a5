//! A table tab's stream: its settings and consumers, turning it on or off, following its
//! records into a bounded buffer, and sending chosen records to a function as Lambda would.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};

use poll_promise::Promise;

use super::table_tab::TableContext;
use crate::connection::calls::AwsClients;
use crate::dynamodb::calls::stream::{FollowEvent, FollowSink, StreamMapping};
use crate::dynamodb::model::stream_buffer::RecordBuffer;
use crate::dynamodb::model::stream_details::{StreamInfo, StreamStart, StreamViewType};
use crate::dynamodb::model::stream_event::lambda_event;
use crate::lambda::model::invocation::{InvocationResult, InvocationType};
use crate::shared::bridge::request::Request;
use crate::shared::model::{ErrorKind, ServiceError};

/// The stream's settings and shards, with the functions that consume it (which may be
/// denied on their own).
#[derive(Clone, Debug, PartialEq)]
pub struct StreamOverview {
    pub info: StreamInfo,
    /// `Ok(empty)` when the table has no stream.
    pub mappings: Result<Vec<StreamMapping>, ServiceError>,
}

/// A follower running on the backend.
pub struct FollowJob {
    events: mpsc::Receiver<FollowEvent>,
    abort: tokio::task::AbortHandle,
    paused: Arc<AtomicBool>,
    pub start: StreamStart,
    /// The stream followed (records sent to a function name it).
    pub arn: String,
    /// How many shards are read, once the follower says.
    pub shards: Option<usize>,
}

impl FollowJob {
    pub fn is_paused(&self) -> bool {
        self.paused.load(Ordering::Relaxed)
    }
}

impl Drop for FollowJob {
    fn drop(&mut self) {
        self.abort.abort();
    }
}

/// What a table tab's stream view asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum StreamCommand {
    /// Read the stream's settings, shards and consumers again.
    Refresh,
    /// Turn the stream on with a view type, or off (`None`).
    SetStream {
        view: Option<StreamViewType>,
    },
    /// Start following from `start` (stopping any follower first).
    Follow {
        start: StreamStart,
    },
    /// Follow again after a failure: each shard after its last record read, the shards not
    /// read yet from `start`.
    Resume {
        start: StreamStart,
    },
    StopFollowing,
    Pause {
        paused: bool,
    },
    /// Forget the kept records and their counts.
    ClearRecords,
    /// Invoke `function` with the stream event for the kept records of these ids.
    SendToFunction {
        function: String,
        records: Vec<u64>,
    },
    /// The same, to `function` run locally with its local setup (the app's, which handles it).
    SendToLocalFunction {
        function: String,
        records: Vec<u64>,
    },
}

/// The stream part of a table tab.
pub struct StreamTab {
    pub overview: Request<StreamOverview>,
    /// UpdateTable turning the stream on or off, then the settings read again.
    pub update: Request<StreamOverview>,
    pub follow: Option<FollowJob>,
    /// Why following stopped, when it failed.
    pub follow_error: Option<ServiceError>,
    pub records: RecordBuffer,
    /// Bumped whenever the kept records change, so views recompute what they derive.
    pub generation: u64,
    pub send: Request<InvocationResult>,
    /// The function and record count of the last send.
    pub sent: Option<(String, usize)>,
    /// The stream last followed and the last record read of each of its shards, so a failed
    /// follow resumes after them (kept apart from `records`, which drops and clears).
    last_read: Option<(String, HashMap<String, String>)>,
}

impl Default for StreamTab {
    fn default() -> Self {
        Self {
            overview: Request::new("DescribeStream"),
            update: Request::new("UpdateTable"),
            follow: None,
            follow_error: None,
            records: RecordBuffer::default(),
            generation: 0,
            send: Request::new("Invoke"),
            sent: None,
            last_read: None,
        }
    }
}

impl StreamTab {
    /// Moves finished calls and followed records into place; true when something changed.
    pub fn poll(&mut self) -> bool {
        let mut changed = self.overview.poll();
        if self.update.poll() {
            changed = true;
            if let Some(Ok(overview)) = self.update.latest() {
                self.overview
                    .start(Promise::from_ready(Ok(overview.clone())));
                self.overview.poll();
            }
        }
        changed |= self.send.poll();
        changed | self.drain_follower()
    }

    fn drain_follower(&mut self) -> bool {
        let Some(job) = &mut self.follow else {
            return false;
        };
        let mut changed = false;
        let mut failed = None;
        loop {
            match job.events.try_recv() {
                Ok(FollowEvent::Records(records)) => {
                    let read = self
                        .last_read
                        .get_or_insert_with(|| (job.arn.clone(), HashMap::new()));
                    for record in records {
                        read.1
                            .insert(record.shard_id.clone(), record.sequence_number.clone());
                        self.records.push(record);
                    }
                    self.generation += 1;
                    changed = true;
                }
                Ok(FollowEvent::Reading { shards }) => {
                    job.shards = Some(shards);
                    changed = true;
                }
                Ok(FollowEvent::Failed(error)) => {
                    failed = Some(error);
                    break;
                }
                Err(mpsc::TryRecvError::Empty) => break,
                Err(mpsc::TryRecvError::Disconnected) => {
                    failed = Some(ServiceError::new(
                        "GetRecords",
                        ErrorKind::Other,
                        "following stopped unexpectedly",
                    ));
                    break;
                }
            }
        }
        if let Some(error) = failed {
            self.follow_error = Some(error);
            self.follow = None;
            changed = true;
        }
        changed
    }

    /// Operations in flight, for the status line.
    pub fn pending_operations(&self) -> Vec<&'static str> {
        let mut pending: Vec<&'static str> = [
            self.overview.pending_operation(),
            self.update.pending_operation(),
            self.send.pending_operation(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if self.follow.as_ref().is_some_and(|f| !f.is_paused()) {
            pending.push("GetRecords");
        }
        pending
    }

    /// Handles the stream view's command.
    pub fn handle(&mut self, command: StreamCommand, ctx: &TableContext<'_>) {
        match command {
            StreamCommand::StopFollowing => self.follow = None,
            StreamCommand::Pause { paused } => {
                if let Some(job) = &self.follow {
                    job.paused.store(paused, Ordering::Relaxed);
                }
            }
            StreamCommand::ClearRecords => {
                self.records.clear();
                self.generation += 1;
            }
            command => self.handle_call(command, ctx),
        }
    }

    /// The commands that call AWS: they wait for the connection to resolve.
    fn handle_call(&mut self, command: StreamCommand, ctx: &TableContext<'_>) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        let table = ctx.table.to_owned();
        match command {
            StreamCommand::Refresh => {
                self.overview
                    .start(ctx.backend.spawn_fallible("DescribeStream", async move {
                        overview(&clients, &table).await
                    }));
            }
            StreamCommand::SetStream { view } => {
                self.update
                    .start(ctx.backend.spawn_fallible("UpdateTable", async move {
                        crate::dynamodb::calls::stream::set_stream(&clients, &table, view).await?;
                        overview(&clients, &table).await
                    }));
            }
            StreamCommand::Follow { start } => {
                self.last_read = None;
                self.start_following(ctx, clients, start, None);
            }
            StreamCommand::Resume { start } => {
                let resume = self.last_read.clone();
                self.start_following(ctx, clients, start, resume);
            }
            // Handled without the connection above.
            StreamCommand::StopFollowing
            | StreamCommand::Pause { .. }
            | StreamCommand::ClearRecords => {}
            StreamCommand::SendToFunction { function, records } => {
                self.send_to_function(ctx, clients, function, &records);
            }
            // The app sends it with the runner and the function's setup (`send_locally`).
            StreamCommand::SendToLocalFunction { .. } => {}
        }
    }

    /// The stream records are read from: the followed one, else the table's latest.
    pub fn stream_arn(&self) -> Option<&str> {
        self.follow
            .as_ref()
            .map(|f| f.arn.as_str())
            .or_else(|| self.overview.value().and_then(|o| o.info.arn.as_deref()))
    }

    fn start_following(
        &mut self,
        ctx: &TableContext<'_>,
        clients: AwsClients,
        start: StreamStart,
        resume: Option<(String, HashMap<String, String>)>,
    ) {
        self.follow = None;
        self.follow_error = None;
        let Some(arn) = self
            .overview
            .value()
            .filter(|o| o.info.enabled)
            .and_then(|o| o.info.arn.clone())
        else {
            self.follow_error = Some(ServiceError::new(
                "GetRecords",
                ErrorKind::Other,
                "the table's stream is off: turn it on first",
            ));
            return;
        };
        // Records read from another stream (turned off and on since) do not resume this one.
        let resume = resume
            .filter(|(read_arn, _)| *read_arn == arn)
            .map(|(_, read)| read)
            .unwrap_or_default();
        let (sender, events) = mpsc::channel();
        let repaint = ctx.backend.repaint_callback();
        let sink: FollowSink = Arc::new(move |event| {
            // The receiver is gone only when following was stopped.
            let _ignored = sender.send(event);
            repaint();
        });
        let paused = Arc::new(AtomicBool::new(false));
        let panic_sink = sink.clone();
        let abort = ctx.backend.spawn_task_reporting(
            crate::dynamodb::calls::stream::follow(
                clients,
                arn.clone(),
                start,
                resume.clone(),
                paused.clone(),
                sink,
            ),
            move |message| {
                panic_sink(FollowEvent::Failed(ServiceError::new(
                    "GetRecords",
                    ErrorKind::Other,
                    format!("internal error: {message}"),
                )));
            },
        );
        // Kept for the next resume until this follower reads more.
        self.last_read = Some((arn.clone(), resume.clone()));
        self.follow = Some(FollowJob {
            events,
            abort,
            paused,
            start,
            arn,
            shards: None,
        });
    }

    /// The stream event of the kept records `ids` (a send's payload) and how many they are;
    /// `None` when none of them is kept or the stream is not known.
    pub(super) fn event_of(&self, ids: &[u64]) -> Option<(String, usize)> {
        let records: Vec<_> = ids.iter().filter_map(|id| self.records.get(*id)).collect();
        let arn = self.stream_arn()?;
        if records.is_empty() {
            return None;
        }
        Some((lambda_event(&records, arn), records.len()))
    }

    fn send_to_function(
        &mut self,
        ctx: &TableContext<'_>,
        clients: AwsClients,
        function: String,
        ids: &[u64],
    ) {
        let Some((payload, count)) = self.event_of(ids) else {
            return;
        };
        self.sent = Some((function.clone(), count));
        self.send
            .start(ctx.backend.spawn_fallible("Invoke", async move {
                crate::lambda::calls::invoke(
                    &clients,
                    &function,
                    None,
                    InvocationType::RequestResponse,
                    payload.as_bytes(),
                )
                .await
            }));
    }
}

/// The stream's settings and shards, then its consumers (whose failure stays their own).
async fn overview(clients: &AwsClients, table: &str) -> Result<StreamOverview, ServiceError> {
    let info = crate::dynamodb::calls::stream::stream_info(clients, table).await?;
    let mappings = match &info.arn {
        Some(arn) => crate::dynamodb::calls::stream::stream_mappings(clients, arn).await,
        None => Ok(Vec::new()),
    };
    Ok(StreamOverview { info, mappings })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::model::item_edit::Item;
    use crate::dynamodb::model::stream_record::{StreamEventName, StreamRecord};

    fn record(i: usize) -> StreamRecord {
        StreamRecord {
            id: 0,
            event_id: i.to_string(),
            event_name: StreamEventName::Insert,
            aws_region: String::new(),
            created_ms: None,
            keys: Item::new(),
            new_image: None,
            old_image: None,
            sequence_number: i.to_string(),
            size_bytes: None,
            view_type: None,
            shard_id: String::new(),
            keys_text: String::new(),
        }
    }

    /// A stream tab following a fake follower: the returned sender plays the follower.
    fn following(runtime: &tokio::runtime::Runtime) -> (StreamTab, mpsc::Sender<FollowEvent>) {
        let (sender, events) = mpsc::channel();
        let abort = runtime.spawn(std::future::pending::<()>()).abort_handle();
        let tab = StreamTab {
            follow: Some(FollowJob {
                events,
                abort,
                paused: Arc::default(),
                start: StreamStart::Latest,
                arn: "arn".to_owned(),
                shards: None,
            }),
            ..StreamTab::default()
        };
        (tab, sender)
    }

    #[test]
    fn followed_records_are_kept_bounded_and_a_failure_stops_following() {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let (mut tab, sender) = following(&runtime);
        assert!(!tab.poll(), "nothing yet");
        sender
            .send(FollowEvent::Reading { shards: 2 })
            .expect("send");
        sender
            .send(FollowEvent::Records((0..6_000).map(record).collect()))
            .expect("send");
        sender
            .send(FollowEvent::Records((6_000..10_007).map(record).collect()))
            .expect("send");
        assert!(tab.poll());
        assert_eq!(tab.follow.as_ref().and_then(|f| f.shards), Some(2));
        assert_eq!(tab.records.len(), 10_000);
        assert_eq!(tab.records.dropped(), 7);
        assert_eq!(tab.records.received(), 10_007);
        assert_eq!(tab.generation, 2);
        assert_eq!(tab.stream_arn(), Some("arn"));
        assert!(tab.pending_operations().contains(&"GetRecords"));
        sender
            .send(FollowEvent::Failed(ServiceError::new(
                "GetRecords",
                ErrorKind::Throttled,
                "slow down",
            )))
            .expect("send");
        assert!(tab.poll());
        assert!(tab.follow.is_none(), "following stopped");
        assert_eq!(
            tab.follow_error.as_ref().map(|e| e.kind),
            Some(ErrorKind::Throttled)
        );
        assert_eq!(tab.records.len(), 10_000, "the records stay");
    }

    #[test]
    fn a_failed_follow_remembers_the_last_record_of_each_shard_past_clearing() {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let (mut tab, sender) = following(&runtime);
        let on = |shard: &str, i| StreamRecord {
            shard_id: shard.to_owned(),
            ..record(i)
        };
        sender
            .send(FollowEvent::Records(vec![
                on("a", 1),
                on("b", 2),
                on("a", 3),
            ]))
            .expect("send");
        assert!(tab.poll());
        tab.records.clear();
        sender
            .send(FollowEvent::Failed(ServiceError::new(
                "GetRecords",
                ErrorKind::Other,
                "expired",
            )))
            .expect("send");
        assert!(tab.poll());
        let read = tab.last_read.as_ref().expect("the last records read");
        assert_eq!(read.0, "arn");
        assert_eq!(read.1.get("a").map(String::as_str), Some("3"));
        assert_eq!(read.1.get("b").map(String::as_str), Some("2"));
    }

    #[test]
    fn a_follower_that_vanishes_is_an_error_not_a_silent_stop() {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let (mut tab, sender) = following(&runtime);
        drop(sender);
        assert!(tab.poll());
        assert!(tab.follow.is_none());
        assert!(
            tab.follow_error
                .as_ref()
                .is_some_and(|e| e.message.contains("stopped unexpectedly"))
        );
    }
}
