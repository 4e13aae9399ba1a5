//! Deleting many items, each only if it is still what was loaded.
//!
//! BatchWriteItem takes no conditions, so it would delete an item someone changed after it
//! was loaded. Instead every item gets its own conditional DeleteItem (a chunk's deletes run
//! side by side); an item changed meanwhile is kept and reported with what changed.

use tokio::task::JoinSet;

use crate::connection::calls::AwsClients;
use crate::dynamodb::calls::writes::delete_item;
use crate::dynamodb::calls::writes::get_item;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::item_edit::key_of;
use crate::dynamodb::model::item_edit::same_value;
use crate::dynamodb::model::item_update::delete_condition;
use crate::dynamodb::model::table_details::KeyAttribute;
use crate::shared::model::ErrorKind;
use crate::shared::model::ServiceError;

/// Deletes sent side by side, and how often progress is reported.
const CHUNK: usize = 25;

/// What a multi-item delete did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BatchDeleteReport {
    pub deleted: usize,
    /// The full images of the items deleted (ALL_OLD), for the history and for Revert, in
    /// the order the items were given.
    pub deleted_images: Vec<Item>,
    /// Where each deleted image's item was in the list given, so callers find its row
    /// without matching keys.
    pub deleted_positions: Vec<usize>,
    /// Keys that were not deleted, with the reason (changed meanwhile, an error, stopped).
    pub failed: Vec<(Item, String)>,
}

/// Why an item was kept: what changed since it was loaded, as far as the loaded copy shows.
fn changed_reason(loaded: &Item, stored: Option<&Item>) -> String {
    let Some(stored) = stored else {
        return "already deleted by someone else".to_owned();
    };
    let changed: Vec<&str> = loaded
        .iter()
        .filter(|(name, value)| !stored.get(*name).is_some_and(|now| same_value(value, now)))
        .map(|(name, _)| name.as_str())
        .collect();
    if changed.is_empty() {
        "kept: it changed since it was loaded".to_owned()
    } else {
        format!("kept: changed since it was loaded ({})", changed.join(", "))
    }
}

/// One item's conditional delete: `Ok(image)` when deleted, `Err(reason)` when kept; a
/// `ServiceError` that is not a conflict stops the whole delete.
async fn delete_one(
    clients: AwsClients,
    table: String,
    (position, loaded): (usize, Item),
    key_schema: Vec<KeyAttribute>,
) -> (usize, Item, Result<Result<Item, String>, ServiceError>) {
    let key = key_of(&loaded, &key_schema);
    let condition = delete_condition(&loaded, &key_schema);
    let outcome = match delete_item(&clients, &table, &key, &condition).await {
        Ok(image) => Ok(Ok(image.unwrap_or_else(|| loaded.clone()))),
        Err(e) if e.kind == ErrorKind::Conflict => match get_item(&clients, &table, &key).await {
            Ok(stored) => Ok(Err(changed_reason(&loaded, stored.as_ref()))),
            Err(_) => Ok(Err("kept: it changed since it was loaded".to_owned())),
        },
        Err(e) => Err(e),
    };
    (position, key, outcome)
}

/// Deletes the items whose loaded images are given, each only if still as loaded, reporting
/// progress (done, total) after each chunk. Stops before the next chunk when the connection
/// turns read-only or a delete fails for another reason than a changed item; what was
/// deleted until then is in the report, the rest is listed as not deleted.
pub async fn batch_delete(
    clients: &AwsClients,
    table: &str,
    items: Vec<Item>,
    key_schema: &[KeyAttribute],
    progress: impl Fn(usize, usize) + Send,
) -> Result<BatchDeleteReport, ServiceError> {
    clients.ensure_writable("DeleteItem")?;
    let total = items.len();
    let mut report = BatchDeleteReport::default();
    let mut stop: Option<String> = None;
    let mut deleted: Vec<(usize, Item)> = Vec::new();
    for (number, chunk) in items.chunks(CHUNK).enumerate() {
        if stop.is_none()
            && let Err(e) = clients.ensure_writable("DeleteItem")
        {
            stop = Some(e.message);
        }
        if let Some(reason) = &stop {
            report.failed.extend(
                chunk
                    .iter()
                    .map(|item| (key_of(item, key_schema), format!("not deleted: {reason}"))),
            );
            continue;
        }
        let mut tasks = JoinSet::new();
        for (offset, item) in chunk.iter().enumerate() {
            tasks.spawn(delete_one(
                clients.clone(),
                table.to_owned(),
                (number * CHUNK + offset, item.clone()),
                key_schema.to_vec(),
            ));
        }
        while let Some(joined) = tasks.join_next().await {
            let (position, key, outcome) = match joined {
                Ok(done) => done,
                Err(e) => {
                    stop.get_or_insert_with(|| format!("a delete task failed: {e}"));
                    continue;
                }
            };
            match outcome {
                Ok(Ok(image)) => {
                    report.deleted += 1;
                    deleted.push((position, image));
                }
                Ok(Err(reason)) => report.failed.push((key, reason)),
                Err(error) => {
                    report
                        .failed
                        .push((key, format!("{}: {}", error.headline(), error.message)));
                    stop.get_or_insert_with(|| format!("DeleteItem failed ({})", error.message));
                }
            }
        }
        progress(report.deleted + report.failed.len(), total);
    }
    // Answers arrive in completion order; the report keeps the order the items were given.
    deleted.sort_by_key(|(position, _)| *position);
    (report.deleted_positions, report.deleted_images) = deleted.into_iter().unzip();
    Ok(report)
}
