//! Writing items, always conditionally: a write fails rather than overwrite someone else's
//! change. Every function refuses to run on a read-only connection.

use aws_sdk_dynamodb::types::{Delete, DeleteRequest, Put, TransactWriteItem, WriteRequest};

use super::AwsClients;
use super::attribute_conversion::{item_from_sdk, to_sdk};
use super::dynamodb_items::throttle_backoff;
use super::error::classify;
use crate::model::item_edit::{
    Condition, Item, SaveOutcome, SaveRequest, WriteRecord, absent_condition, bumped_version,
    key_changed, key_of, unchanged_condition,
};
use crate::model::{ErrorKind, ServiceError};

/// BatchWriteItem takes at most 25 requests.
pub(crate) const BATCH_SIZE: usize = 25;
/// Attempts for unprocessed items before they are reported as failed.
const BATCH_ATTEMPTS: u32 = 8;

fn sdk_map(
    item: &Item,
) -> std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue> {
    item.iter().map(|(k, v)| (k.clone(), to_sdk(v))).collect()
}

fn names(condition: &Condition) -> Option<std::collections::HashMap<String, String>> {
    (!condition.names.is_empty()).then(|| condition.names.iter().cloned().collect())
}

fn values(
    condition: &Condition,
) -> Option<std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>> {
    (!condition.values.is_empty()).then(|| {
        condition
            .values
            .iter()
            .map(|(k, v)| (k.clone(), to_sdk(v)))
            .collect()
    })
}

fn expression(condition: &Condition) -> Option<String> {
    (!condition.expression.is_empty()).then(|| condition.expression.clone())
}

/// A failed condition means someone else changed the item: a conflict, not an error.
fn conflict_or(operation: &str, error: ServiceError) -> ServiceError {
    let failed_condition = error.message.contains("ConditionalCheckFailed");
    if failed_condition {
        ServiceError::new(
            operation,
            ErrorKind::Conflict,
            "the item changed since it was loaded",
        )
    } else {
        error
    }
}

/// The item as stored now (strongly consistent), or `None` when it does not exist.
pub async fn get_item(
    clients: &AwsClients,
    table: &str,
    key: &Item,
) -> Result<Option<Item>, ServiceError> {
    let output = clients
        .dynamodb
        .get_item()
        .table_name(table)
        .set_key(Some(sdk_map(key)))
        .consistent_read(true)
        .send()
        .await
        .map_err(|e| clients.with_profile(classify("GetItem", &e)))?;
    output
        .item
        .map(|item| {
            item_from_sdk(item)
                .map(|raw| raw.into_iter().collect())
                .map_err(|e| ServiceError::new("GetItem", ErrorKind::Service, e))
        })
        .transpose()
}

/// PutItem under a condition.
pub async fn put_item(
    clients: &AwsClients,
    table: &str,
    item: &Item,
    condition: &Condition,
) -> Result<(), ServiceError> {
    clients.ensure_writable("PutItem")?;
    clients
        .dynamodb
        .put_item()
        .table_name(table)
        .set_item(Some(sdk_map(item)))
        .set_condition_expression(expression(condition))
        .set_expression_attribute_names(names(condition))
        .set_expression_attribute_values(values(condition))
        .send()
        .await
        .map_err(|e| conflict_or("PutItem", clients.with_profile(classify("PutItem", &e))))?;
    Ok(())
}

/// DeleteItem under a condition.
pub async fn delete_item(
    clients: &AwsClients,
    table: &str,
    key: &Item,
    condition: &Condition,
) -> Result<(), ServiceError> {
    clients.ensure_writable("DeleteItem")?;
    clients
        .dynamodb
        .delete_item()
        .table_name(table)
        .set_key(Some(sdk_map(key)))
        .set_condition_expression(expression(condition))
        .set_expression_attribute_names(names(condition))
        .set_expression_attribute_values(values(condition))
        .send()
        .await
        .map_err(|e| {
            conflict_or(
                "DeleteItem",
                clients.with_profile(classify("DeleteItem", &e)),
            )
        })?;
    Ok(())
}

/// Moves an item to a new key in one transaction: the new item is put only if absent, the old
/// one deleted only if unchanged. Either both happen or neither.
pub async fn move_item(
    clients: &AwsClients,
    table: &str,
    new_item: &Item,
    new_absent: &Condition,
    old_key: &Item,
    old_unchanged: &Condition,
) -> Result<(), ServiceError> {
    clients.ensure_writable("TransactWriteItems")?;
    let build_error = |e: aws_sdk_dynamodb::error::BuildError| {
        ServiceError::new("TransactWriteItems", ErrorKind::Other, e.to_string())
    };
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(sdk_map(new_item)))
        .set_condition_expression(expression(new_absent))
        .set_expression_attribute_names(names(new_absent))
        .set_expression_attribute_values(values(new_absent))
        .build()
        .map_err(build_error)?;
    let delete = Delete::builder()
        .table_name(table)
        .set_key(Some(sdk_map(old_key)))
        .set_condition_expression(expression(old_unchanged))
        .set_expression_attribute_names(names(old_unchanged))
        .set_expression_attribute_values(values(old_unchanged))
        .build()
        .map_err(build_error)?;
    clients
        .dynamodb
        .transact_write_items()
        .transact_items(TransactWriteItem::builder().put(put).build())
        .transact_items(TransactWriteItem::builder().delete(delete).build())
        .send()
        .await
        .map_err(|e| {
            conflict_or(
                "TransactWriteItems",
                clients.with_profile(classify("TransactWriteItems", &e)),
            )
        })?;
    Ok(())
}

/// What a batch delete did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BatchDeleteReport {
    pub deleted: usize,
    /// Keys that could not be deleted, with the reason.
    pub failed: Vec<(Item, String)>,
}

/// What one BatchWriteItem of up to 25 requests came to after its retries.
pub(crate) enum BatchWrite {
    /// Processed, but for these requests, still unprocessed after the last attempt.
    Done { unprocessed: Vec<WriteRequest> },
    /// The call failed with an error retrying does not fix (or throttling outlasted every
    /// attempt); these requests were not written.
    Failed {
        error: ServiceError,
        pending: Vec<WriteRequest>,
    },
}

/// Sends one batch, resending unprocessed requests and throttled calls with backoff, as
/// DynamoDB asks. Shared by batch deletes and imports.
pub(crate) async fn batch_write(
    clients: &AwsClients,
    table: &str,
    mut pending: Vec<WriteRequest>,
) -> BatchWrite {
    let mut attempt = 0;
    loop {
        let result = clients
            .dynamodb
            .batch_write_item()
            .request_items(table, pending.clone())
            .send()
            .await;
        match result {
            Ok(output) => {
                pending = output
                    .unprocessed_items
                    .and_then(|mut u| u.remove(table))
                    .unwrap_or_default();
            }
            Err(e) => {
                let error = clients.with_profile(classify("BatchWriteItem", &e));
                if error.kind != ErrorKind::Throttled || attempt + 1 >= BATCH_ATTEMPTS {
                    return BatchWrite::Failed { error, pending };
                }
            }
        }
        if pending.is_empty() {
            return BatchWrite::Done {
                unprocessed: pending,
            };
        }
        attempt += 1;
        if attempt >= BATCH_ATTEMPTS {
            return BatchWrite::Done {
                unprocessed: pending,
            };
        }
        tokio::time::sleep(throttle_backoff(attempt)).await;
    }
}

/// Deletes many items in batches of 25, retrying unprocessed ones with backoff, reporting
/// progress (done, total) after each batch.
pub async fn batch_delete(
    clients: &AwsClients,
    table: &str,
    keys: Vec<Item>,
    progress: impl Fn(usize, usize) + Send,
) -> Result<BatchDeleteReport, ServiceError> {
    clients.ensure_writable("BatchWriteItem")?;
    let total = keys.len();
    let mut report = BatchDeleteReport::default();
    for chunk in keys.chunks(BATCH_SIZE) {
        let requests: Vec<WriteRequest> = chunk
            .iter()
            .map(|key| {
                DeleteRequest::builder()
                    .set_key(Some(sdk_map(key)))
                    .build()
                    .map(|d| WriteRequest::builder().delete_request(d).build())
                    .map_err(|e| {
                        ServiceError::new("BatchWriteItem", ErrorKind::Other, e.to_string())
                    })
            })
            .collect::<Result<_, _>>()?;
        let (left, reason) = match batch_write(clients, table, requests).await {
            BatchWrite::Done { unprocessed } => {
                (unprocessed, "still unprocessed after retries".to_owned())
            }
            BatchWrite::Failed { error, pending } => (pending, error.message),
        };
        report.deleted += chunk.len() - left.len();
        report.failed.extend(
            left.into_iter()
                .map(|request| (request_key(request), reason.clone())),
        );
        progress(report.deleted + report.failed.len(), total);
    }
    Ok(report)
}

/// The key a delete request was for, to report it.
fn request_key(request: WriteRequest) -> Item {
    request
        .delete_request
        .map(|d| {
            d.key
                .into_iter()
                .filter_map(|(k, v)| {
                    super::attribute_conversion::from_sdk(v)
                        .ok()
                        .map(|v| (k, v))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Saves an edited or new item so that nothing is clobbered: a new item only if its key is
/// free, an edit only if the stored item is still what was loaded, a key change as one
/// transaction. A failed condition comes back as a conflict with the stored item.
pub async fn save_item(
    clients: &AwsClients,
    request: &SaveRequest,
) -> Result<SaveOutcome, ServiceError> {
    let keys = &request.key_schema;
    let table = &request.table;
    let mut edited = request.edited.clone();
    let Some(loaded) = &request.loaded else {
        return match put_item(clients, table, &edited, &absent_condition(keys, "n")).await {
            Ok(()) => Ok(SaveOutcome::Saved {
                before: None,
                after: edited,
                moved_from: None,
            }),
            Err(e) if e.kind == ErrorKind::Conflict => Ok(SaveOutcome::Conflict {
                stored: get_item(clients, table, &key_of(&edited, keys)).await?,
            }),
            Err(e) => Err(e),
        };
    };
    if let Some((name, next)) = bumped_version(loaded, request.version_attribute.as_deref()) {
        edited.insert(name, next);
    }
    let unchanged = unchanged_condition(loaded, request.version_attribute.as_deref(), "o");
    let moved = key_changed(loaded, &edited, keys);
    let old_key = key_of(loaded, keys);
    let written = if moved {
        move_item(
            clients,
            table,
            &edited,
            &absent_condition(keys, "n"),
            &old_key,
            &unchanged,
        )
        .await
    } else {
        put_item(clients, table, &edited, &unchanged).await
    };
    match written {
        Ok(()) => Ok(SaveOutcome::Saved {
            before: Some(loaded.clone()),
            after: edited,
            moved_from: moved.then_some(old_key),
        }),
        Err(e) if e.kind == ErrorKind::Conflict => Ok(SaveOutcome::Conflict {
            stored: get_item(clients, table, &old_key).await?,
        }),
        Err(e) => Err(e),
    }
}

/// Undoes one write, itself conditionally: only if the item is still what that write left.
pub async fn revert(
    clients: &AwsClients,
    table: &str,
    record: &WriteRecord,
    key_schema: &[crate::model::table_details::KeyAttribute],
) -> Result<SaveOutcome, ServiceError> {
    match (&record.before, &record.after) {
        (Some(before), Some(after)) => {
            save_item(
                clients,
                &SaveRequest {
                    table: table.to_owned(),
                    loaded: Some(after.clone()),
                    edited: before.clone(),
                    key_schema: key_schema.to_vec(),
                    version_attribute: None,
                },
            )
            .await
        }
        // The write created the item: delete it if unchanged.
        (None, Some(after)) => {
            let condition = unchanged_condition(after, None, "o");
            match delete_item(clients, table, &record.key, &condition).await {
                Ok(()) => Ok(SaveOutcome::Saved {
                    before: Some(after.clone()),
                    after: Item::new(),
                    moved_from: None,
                }),
                Err(e) if e.kind == ErrorKind::Conflict => Ok(SaveOutcome::Conflict {
                    stored: get_item(clients, table, &record.key).await?,
                }),
                Err(e) => Err(e),
            }
        }
        // The write deleted the item: put it back if its key is still free.
        (Some(before), None) => {
            save_item(
                clients,
                &SaveRequest {
                    table: table.to_owned(),
                    loaded: None,
                    edited: before.clone(),
                    key_schema: key_schema.to_vec(),
                    version_attribute: None,
                },
            )
            .await
        }
        (None, None) => Err(ServiceError::new(
            "Revert",
            ErrorKind::Other,
            "nothing to revert",
        )),
    }
}
