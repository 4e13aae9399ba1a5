//! Writing items, always conditionally: a write fails rather than overwrite someone else's
//! change. Every function refuses to run on a read-only connection.

use aws_sdk_dynamodb::types::{Delete, Put, ReturnValue, TransactWriteItem, WriteRequest};

use crate::connection::calls::AwsClients;
use crate::dynamodb::calls::attribute_conversion::item_from_sdk;
use crate::dynamodb::calls::attribute_conversion::to_sdk;
use crate::dynamodb::calls::items::throttle_backoff;
use crate::dynamodb::model::item_edit::ChangeKind;
use crate::dynamodb::model::item_edit::Condition;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::item_edit::SaveOutcome;
use crate::dynamodb::model::item_edit::SaveRequest;
use crate::dynamodb::model::item_edit::WriteRecord;
use crate::dynamodb::model::item_edit::absent_condition;
use crate::dynamodb::model::item_edit::diff;
use crate::dynamodb::model::item_edit::key_changed;
use crate::dynamodb::model::item_edit::key_of;
use crate::dynamodb::model::item_edit::same_value;
use crate::dynamodb::model::item_update::UpdatePlan;
use crate::dynamodb::model::item_update::apply_changes;
use crate::dynamodb::model::item_update::equals_condition;
use crate::dynamodb::model::item_update::next_version;
use crate::shared::calls::error::{ProfileContext as _, SdkResultExt as _};
use crate::shared::model::ErrorKind;
use crate::shared::model::ServiceError;

/// BatchWriteItem takes at most 25 requests.
pub(crate) const BATCH_SIZE: usize = 25;
/// Attempts for unprocessed items before they are reported as failed.
const BATCH_ATTEMPTS: u32 = 8;

pub(crate) fn sdk_map(
    item: &Item,
) -> std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue> {
    item.iter().map(|(k, v)| (k.clone(), to_sdk(v))).collect()
}

pub(crate) fn names(condition: &Condition) -> Option<std::collections::HashMap<String, String>> {
    (!condition.names.is_empty()).then(|| condition.names.iter().cloned().collect())
}

pub(crate) fn values(
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

pub(crate) fn expression(condition: &Condition) -> Option<String> {
    (!condition.expression.is_empty()).then(|| condition.expression.clone())
}

/// A failed condition means someone else changed the item: a conflict, not an error.
pub(crate) fn conflict_or(operation: &str, error: ServiceError) -> ServiceError {
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
        .or_classify("GetItem", clients)?;
    output
        .item
        .map(|item| {
            item_from_sdk(item)
                .map(|raw| raw.into_iter().map(|(k, v)| (k.into_string(), v)).collect())
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
        .map_err(|e| conflict_or("PutItem", clients.classify("PutItem", &e)))?;
    Ok(())
}

/// DeleteItem under a condition; the full image it removed comes back (ALL_OLD).
pub async fn delete_item(
    clients: &AwsClients,
    table: &str,
    key: &Item,
    condition: &Condition,
) -> Result<Option<Item>, ServiceError> {
    clients.ensure_writable("DeleteItem")?;
    let output = clients
        .dynamodb
        .delete_item()
        .table_name(table)
        .set_key(Some(sdk_map(key)))
        .set_condition_expression(expression(condition))
        .set_expression_attribute_names(names(condition))
        .set_expression_attribute_values(values(condition))
        .return_values(ReturnValue::AllOld)
        .send()
        .await
        .map_err(|e| conflict_or("DeleteItem", clients.classify("DeleteItem", &e)))?;
    old_image("DeleteItem", output.attributes)
}

/// An ALL_OLD answer as an item.
fn old_image(
    operation: &str,
    attributes: Option<std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>>,
) -> Result<Option<Item>, ServiceError> {
    attributes
        .filter(|a| !a.is_empty())
        .map(|a| {
            item_from_sdk(a)
                .map(|raw| raw.into_iter().map(|(k, v)| (k.into_string(), v)).collect())
                .map_err(|e| ServiceError::new(operation, ErrorKind::Service, e))
        })
        .transpose()
}

/// UpdateItem with a plan's expressions; the full image before the update comes back
/// (ALL_OLD), so the history can put it back exactly.
pub async fn update_item(
    clients: &AwsClients,
    table: &str,
    key: &Item,
    plan: &UpdatePlan,
) -> Result<Option<Item>, ServiceError> {
    clients.ensure_writable("UpdateItem")?;
    let values = (!plan.values.is_empty()).then(|| {
        plan.values
            .iter()
            .map(|(k, v)| (k.clone(), to_sdk(v)))
            .collect()
    });
    let output = clients
        .dynamodb
        .update_item()
        .table_name(table)
        .set_key(Some(sdk_map(key)))
        .update_expression(&plan.update)
        .set_condition_expression((!plan.condition.is_empty()).then(|| plan.condition.clone()))
        .set_expression_attribute_names(
            (!plan.names.is_empty()).then(|| plan.names.iter().cloned().collect()),
        )
        .set_expression_attribute_values(values)
        .return_values(ReturnValue::AllOld)
        .send()
        .await
        .map_err(|e| conflict_or("UpdateItem", clients.classify("UpdateItem", &e)))?;
    old_image("UpdateItem", output.attributes)
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
                clients.classify("TransactWriteItems", &e),
            )
        })?;
    Ok(())
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
        let sent = pending.len();
        let result = clients
            .dynamodb
            .batch_write_item()
            .request_items(table, pending.clone())
            .send()
            .await;
        match result {
            Ok(output) => {
                let unprocessed = output
                    .unprocessed_items
                    .and_then(|mut u| u.remove(table))
                    .unwrap_or_default();
                // A well-formed answer returns a subset of what was sent; anything else
                // cannot be matched to rows, so nothing of this batch is counted as written.
                if unprocessed.len() > sent {
                    let error = ServiceError::new(
                        "BatchWriteItem",
                        ErrorKind::Service,
                        format!(
                            "the answer listed {} unprocessed requests for a batch of {sent}: \
                             whether this batch was written is unknown (read the table back)",
                            unprocessed.len()
                        ),
                    );
                    return BatchWrite::Failed { error, pending };
                }
                pending = unprocessed;
            }
            Err(e) => {
                let error = clients.classify("BatchWriteItem", &e);
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

/// Saves an edited or new item so that nothing is clobbered and nothing unseen is lost:
/// - a new item is put only if its key is free;
/// - an edit is an UpdateItem of the difference, conditional on what the user saw of every
///   attribute it touches (and the version attribute, when the table has one);
/// - a key change reads the full stored item, checks it against what the user saw, and moves
///   it (with the changes) in one transaction.
///
/// A failed condition comes back as a conflict with the stored item.
pub async fn save_item(
    clients: &AwsClients,
    request: &SaveRequest,
) -> Result<SaveOutcome, ServiceError> {
    let keys = &request.key_schema;
    let table = &request.table;
    let version = request.version_attribute.as_deref();
    let Some(loaded) = &request.loaded else {
        let mut edited = request.edited.clone();
        if let Some(version) = version
            && !edited.contains_key(version)
        {
            edited.insert(
                version.to_owned(),
                crate::dynamodb::model::AttrValue::N("1".into()),
            );
        }
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
    let old_key = key_of(loaded, keys);
    if key_changed(loaded, &request.edited, keys) {
        return move_saved(clients, request, loaded, &old_key).await;
    }
    let plan =
        crate::dynamodb::model::item_update::update_plan(loaded, &request.edited, keys, version)
            .map_err(|e| ServiceError::new("UpdateItem", ErrorKind::Other, e.0))?;
    if plan.update.is_empty() {
        return Err(ServiceError::new(
            "UpdateItem",
            ErrorKind::Other,
            "nothing changed",
        ));
    }
    match update_item(clients, table, &old_key, &plan).await {
        Ok(old) => {
            // The condition required the item to exist, so ALL_OLD is its full image.
            let before = old.unwrap_or_else(|| loaded.clone());
            let mut after = apply_changes(&before, loaded, &request.edited);
            if let Some(version) = version {
                let next = next_version(version, before.get(version))
                    .map_err(|e| ServiceError::new("UpdateItem", ErrorKind::Other, e.0))?;
                after.insert(version.to_owned(), next);
            }
            Ok(SaveOutcome::Saved {
                before: Some(before),
                after,
                moved_from: None,
            })
        }
        Err(e) if e.kind == ErrorKind::Conflict => Ok(SaveOutcome::Conflict {
            stored: get_item(clients, table, &old_key).await?,
        }),
        Err(e) => Err(e),
    }
}

/// Whether `stored` still holds what the user saw of every attribute the edit touches (and of
/// the version attribute).
fn still_as_seen(stored: &Item, loaded: &Item, edited: &Item, version: Option<&str>) -> bool {
    let touched_as_seen = diff(loaded, edited).iter().all(|change| {
        let seen = match change.kind {
            ChangeKind::Added => None,
            ChangeKind::Changed | ChangeKind::Removed => change.before.as_ref(),
        };
        match (seen, stored.get(&change.name)) {
            (Some(a), Some(b)) => same_value(a, b),
            (a, b) => a.is_none() && b.is_none(),
        }
    });
    let version_as_seen = version
        .and_then(|v| loaded.get(v).map(|seen| (v, seen)))
        .is_none_or(|(v, seen)| stored.get(v).is_some_and(|now| same_value(seen, now)));
    touched_as_seen && version_as_seen
}

/// A key change: the full stored item (not the loaded copy, which may be a projection) with
/// the user's changes goes to the new key only if that key is free, and the old item is
/// deleted only if it is still exactly what was just read.
async fn move_saved(
    clients: &AwsClients,
    request: &SaveRequest,
    loaded: &Item,
    old_key: &Item,
) -> Result<SaveOutcome, ServiceError> {
    let (table, keys) = (&request.table, &request.key_schema);
    let version = request.version_attribute.as_deref();
    clients.ensure_writable("TransactWriteItems")?;
    let Some(stored) = get_item(clients, table, old_key).await? else {
        return Ok(SaveOutcome::Conflict { stored: None });
    };
    if !still_as_seen(&stored, loaded, &request.edited, version) {
        return Ok(SaveOutcome::Conflict {
            stored: Some(stored),
        });
    }
    let mut moved = apply_changes(&stored, loaded, &request.edited);
    if let Some(version) = version {
        let next = next_version(version, stored.get(version))
            .map_err(|e| ServiceError::new("TransactWriteItems", ErrorKind::Other, e.0))?;
        moved.insert(version.to_owned(), next);
    }
    let unchanged = equals_condition(&stored, "o");
    match move_item(
        clients,
        table,
        &moved,
        &absent_condition(keys, "n"),
        old_key,
        &unchanged,
    )
    .await
    {
        Ok(()) => Ok(SaveOutcome::Saved {
            before: Some(stored),
            after: moved,
            moved_from: Some(old_key.clone()),
        }),
        Err(e) if e.kind == ErrorKind::Conflict => Ok(SaveOutcome::Conflict {
            stored: get_item(clients, table, old_key).await?,
        }),
        Err(e) => Err(e),
    }
}

/// Exactly equal as DynamoDB sees it: the same attributes, each the same value.
fn same_item(a: &Item, b: &Item) -> bool {
    diff(a, b).is_empty()
}

/// Undoes one write by putting back the full previous image, only if the item is still
/// exactly what that write left (read first, since a condition cannot notice an attribute
/// someone added; then the write itself is conditional on every attribute read).
pub async fn revert(
    clients: &AwsClients,
    table: &str,
    record: &WriteRecord,
    key_schema: &[crate::dynamodb::model::table_details::KeyAttribute],
) -> Result<SaveOutcome, ServiceError> {
    clients.ensure_writable("Revert")?;
    let stored = get_item(clients, table, &record.key).await?;
    let left_as_written = match (&record.after, &stored) {
        (Some(after), Some(stored)) => same_item(after, stored),
        (None, None) => true,
        (Some(_), None) | (None, Some(_)) => false,
    };
    if !left_as_written {
        return Ok(SaveOutcome::Conflict { stored });
    }
    let outcome = match (&record.before, &stored) {
        // An edit (or a move): the previous image goes back where it was.
        (Some(before), Some(stored)) => {
            let unchanged = equals_condition(stored, "o");
            let written = if key_of(before, key_schema) == record.key {
                put_item(clients, table, before, &unchanged).await
            } else {
                move_item(
                    clients,
                    table,
                    before,
                    &absent_condition(key_schema, "n"),
                    &record.key,
                    &unchanged,
                )
                .await
            };
            written.map(|()| SaveOutcome::Saved {
                before: Some(stored.clone()),
                after: before.clone(),
                moved_from: (key_of(before, key_schema) != record.key).then(|| record.key.clone()),
            })
        }
        // The write created the item: delete it.
        (None, Some(stored)) => {
            let unchanged = equals_condition(stored, "o");
            delete_item(clients, table, &record.key, &unchanged)
                .await
                .map(|_| SaveOutcome::Saved {
                    before: Some(stored.clone()),
                    after: Item::new(),
                    moved_from: None,
                })
        }
        // The write deleted the item: put it back if its key is still free.
        (Some(before), None) => {
            put_item(clients, table, before, &absent_condition(key_schema, "n"))
                .await
                .map(|()| SaveOutcome::Saved {
                    before: None,
                    after: before.clone(),
                    moved_from: None,
                })
        }
        (None, None) => Err(ServiceError::new(
            "Revert",
            ErrorKind::Other,
            "nothing to revert",
        )),
    };
    match outcome {
        Err(e) if e.kind == ErrorKind::Conflict => Ok(SaveOutcome::Conflict {
            stored: get_item(clients, table, &record.key).await?,
        }),
        other => other,
    }
}
