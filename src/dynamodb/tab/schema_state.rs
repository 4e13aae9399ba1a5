//! A table tab's Schema section: inference from the loaded items or from a sample scan (its
//! own items, never the grid's), on the backend and off the async threads (it is CPU work);
//! accepting a schema for the editor; choosing a file and saving an export to it.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::table_tab::{TableContext, TableTab};
use crate::dynamodb::calls::export_file::file_error;
use crate::dynamodb::calls::schema_sample::sample_scan;
use crate::dynamodb::model::ItemStore;
use crate::dynamodb::model::schema::{AcceptedSchema, Discriminator, StoreSchema, infer_store};
use crate::dynamodb::model::table_memory::TableMemory;
use crate::shared::bridge::request::Request;
use crate::shared::model::{ErrorKind, ServiceError};

/// What the schema was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaSource {
    /// The items the grid had loaded.
    Loaded,
    /// A sample scan of up to this many items.
    Sample { limit: usize },
}

/// A finished inference.
pub struct SchemaResult {
    pub source: SchemaSource,
    /// The items it was read from, kept to group them again by another discriminator.
    pub store: Arc<ItemStore>,
    pub schema: StoreSchema,
    /// How long inference took (not the scan).
    pub elapsed: Duration,
    /// The sample scan was cancelled: the schema covers the items read until then.
    pub cancelled: bool,
}

/// What the Schema view asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum SchemaCommand {
    /// Read the schema of the loaded items, grouped by `discriminator` if any.
    InferLoaded {
        discriminator: Option<Discriminator>,
    },
    /// Scan up to `limit` items and read their schema.
    Sample {
        limit: usize,
        discriminator: Option<Discriminator>,
    },
    CancelSample,
    /// Group the items of the last result by another discriminator (or none).
    Regroup {
        discriminator: Option<Discriminator>,
    },
    /// Remember `schema` as the table's: the item editor warns against it.
    Accept {
        schema: AcceptedSchema,
    },
    /// Forget the table's accepted schema.
    Forget,
    /// Ask the system for a file to save an export to.
    PickFile {
        suggested: String,
    },
    /// Write an export's text to `path`.
    Save {
        path: PathBuf,
        text: String,
    },
}

/// The Schema section's state.
pub struct SchemaTab {
    pub inference: Request<SchemaResult>,
    /// Bumped when a new result arrives, so views can drop what they derived from the last.
    pub generation: u64,
    /// Items read by the running sample scan, and the most it reads.
    pub sampled: Arc<AtomicUsize>,
    pub sample_limit: Option<usize>,
    cancel: Arc<AtomicBool>,
    pub picked: Request<Option<PathBuf>>,
    pub saved: Request<PathBuf>,
}

impl Default for SchemaTab {
    fn default() -> Self {
        Self {
            inference: Request::new("Infer schema"),
            generation: 0,
            sampled: Arc::default(),
            sample_limit: None,
            cancel: Arc::default(),
            picked: Request::new("Choose file"),
            saved: Request::new("Save schema"),
        }
    }
}

impl SchemaTab {
    pub fn poll(&mut self) -> bool {
        let previous = self.inference.value().map(|r| r.store.clone());
        let changed = self.inference.poll();
        if changed {
            self.generation += 1;
        }
        // A replaced result's items are freed off the UI thread when nothing else holds them
        // (the grid reloaded since): freeing 100,000 items would be a pause of its own.
        if let Some(store) = previous
            && Arc::strong_count(&store) == 1
        {
            std::thread::spawn(move || drop(store));
        }
        changed | self.picked.poll() | self.saved.poll()
    }

    pub fn pending_operations(&self) -> Vec<&'static str> {
        [
            self.inference.pending_operation(),
            self.picked.pending_operation(),
            self.saved.pending_operation(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Whether a sample scan is running (its progress shows, with Cancel).
    pub fn is_sampling(&self) -> bool {
        self.inference.is_pending() && self.sample_limit.is_some()
    }
}

/// Reads the schema of `store` on a blocking thread: inference is CPU work.
async fn infer_blocking(
    store: Arc<ItemStore>,
    keys: Vec<String>,
    discriminator: Option<Discriminator>,
) -> Result<(StoreSchema, Duration), ServiceError> {
    tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let schema = infer_store(&store, &keys, discriminator.as_ref());
        (schema, started.elapsed())
    })
    .await
    .map_err(|e| ServiceError::new("Infer schema", ErrorKind::Other, e.to_string()))
}

impl TableTab {
    /// Handles the Schema section's commands; `memory` keeps the accepted schema.
    pub(super) fn handle_schema(
        &mut self,
        ctx: &TableContext<'_>,
        command: SchemaCommand,
        memory: &mut TableMemory,
    ) {
        match command {
            SchemaCommand::InferLoaded { discriminator } => {
                // A snapshot sharing the items (a pointer each, no values copied): the grid
                // stays live, and edits replace its items, never the snapshot's.
                let store = Arc::new(self.items.store.clone());
                self.start_inference(ctx, SchemaSource::Loaded, store, discriminator, false);
            }
            SchemaCommand::Sample {
                limit,
                discriminator,
            } => self.start_sample(ctx, limit, discriminator),
            SchemaCommand::CancelSample => self.schema.cancel.store(true, Ordering::Relaxed),
            SchemaCommand::Regroup { discriminator } => {
                let Some(last) = self.schema.inference.value() else {
                    return;
                };
                let (source, store, cancelled) = (last.source, last.store.clone(), last.cancelled);
                self.start_inference(ctx, source, store, discriminator, cancelled);
            }
            SchemaCommand::Accept { schema } => memory.schema = Some(schema),
            SchemaCommand::Forget => memory.schema = None,
            SchemaCommand::PickFile { suggested } => self.pick_schema_file(ctx, suggested),
            SchemaCommand::Save { path, text } => {
                self.schema
                    .saved
                    .start(ctx.backend.spawn_fallible("Save schema", async move {
                        tokio::task::spawn_blocking(move || {
                            std::fs::write(&path, text).map_err(|e| file_error(&path, &e))?;
                            Ok(path)
                        })
                        .await
                        .map_err(|e| {
                            ServiceError::new("Save schema", ErrorKind::Other, e.to_string())
                        })?
                    }));
            }
        }
    }

    fn key_names(&self) -> Vec<String> {
        self.details
            .value()
            .map(|d| d.key_names().into_iter().map(ToOwned::to_owned).collect())
            .unwrap_or_default()
    }

    fn start_inference(
        &mut self,
        ctx: &TableContext<'_>,
        source: SchemaSource,
        store: Arc<ItemStore>,
        discriminator: Option<Discriminator>,
        cancelled: bool,
    ) {
        let keys = self.key_names();
        self.schema.sample_limit = None;
        self.schema
            .inference
            .start(ctx.backend.spawn_fallible("Infer schema", async move {
                let (schema, elapsed) = infer_blocking(store.clone(), keys, discriminator).await?;
                Ok(SchemaResult {
                    source,
                    store,
                    schema,
                    elapsed,
                    cancelled,
                })
            }));
    }

    fn start_sample(
        &mut self,
        ctx: &TableContext<'_>,
        limit: usize,
        discriminator: Option<Discriminator>,
    ) {
        let Some(clients) = ctx.clients.clone() else {
            return;
        };
        let keys = self.key_names();
        let table = ctx.table.to_owned();
        let state = &mut self.schema;
        // A fresh flag: a cancel meant for an earlier sample does not stop this one.
        state.cancel = Arc::default();
        state.sampled = Arc::default();
        state.sample_limit = Some(limit);
        let (read, cancel) = (state.sampled.clone(), state.cancel.clone());
        let repaint = ctx.backend.repaint_callback();
        state
            .inference
            .start(ctx.backend.spawn_fallible("Scan", async move {
                let sample = sample_scan(&clients, &table, limit, &read, &cancel, repaint).await?;
                let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
                let mut store = ItemStore::with_keys(&key_refs);
                store.extend(sample.items);
                let store = Arc::new(store);
                let (schema, elapsed) = infer_blocking(store.clone(), keys, discriminator).await?;
                Ok(SchemaResult {
                    source: SchemaSource::Sample { limit },
                    store,
                    schema,
                    elapsed,
                    cancelled: sample.cancelled,
                })
            }));
    }

    /// Opens the system's save dialog off the UI thread; its answer fills the path field.
    fn pick_schema_file(&mut self, ctx: &TableContext<'_>, suggested: String) {
        if let Some(why) = super::transfer_calls::no_file_dialog() {
            self.schema
                .picked
                .start(poll_promise::Promise::from_ready(Err(ServiceError::new(
                    "Choose file",
                    ErrorKind::Other,
                    why,
                ))));
            return;
        }
        self.schema
            .picked
            .start(ctx.backend.spawn_fallible("Choose file", async move {
                let chosen = rfd::AsyncFileDialog::new()
                    .set_file_name(suggested)
                    .save_file()
                    .await;
                Ok(chosen.map(|file| file.path().to_owned()))
            }));
    }
}
