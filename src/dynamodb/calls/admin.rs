//! Creating and deleting tables, and switching their TTL. DynamoDB creates and deletes
//! tables in the background; these functions wait until the change is done, so the caller
//! refreshes the table list once and finds it right. Every write refuses to run on a
//! read-only connection.

use std::time::Duration;

use aws_sdk_dynamodb::error::BuildError;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, IndexStatus, KeySchemaElement, KeyType,
    LocalSecondaryIndex, ProjectionType, ProvisionedThroughput, ScalarAttributeType,
    TableDescription, TableStatus, TimeToLiveSpecification,
};
use tokio::time::Instant;

use crate::connection::calls::AwsClients;
use crate::dynamodb::calls::tables::describe_raw;
use crate::dynamodb::calls::tables::describe_table;
use crate::dynamodb::model::TableDetails;
use crate::dynamodb::model::TtlState;
use crate::dynamodb::model::TtlStatus;
use crate::dynamodb::model::table_spec::Billing;
use crate::dynamodb::model::table_spec::Capacity;
use crate::dynamodb::model::table_spec::KeyScalarType;
use crate::dynamodb::model::table_spec::KeySpec;
use crate::dynamodb::model::table_spec::Projection;
use crate::dynamodb::model::table_spec::TableSpec;
use crate::shared::calls::error::SdkResultExt as _;
use crate::shared::calls::polling::PollSchedule;
use crate::shared::calls::polling::poll_until;
use crate::shared::model::ErrorKind;
use crate::shared::model::ServiceError;

/// Right after CreateTable, AWS may briefly answer DescribeTable with ResourceNotFound
/// (it is eventually consistent); for this long that means "not there yet".
const CREATE_NOT_FOUND_GRACE: Duration = Duration::from_secs(10);

/// Sends CreateTable, waits until the table and all its global indexes are ACTIVE, and
/// returns the table as DescribeTable then reports it.
pub async fn create_table(
    clients: &AwsClients,
    spec: &TableSpec,
) -> Result<TableDetails, ServiceError> {
    const OPERATION: &str = "CreateTable";
    clients.ensure_writable(OPERATION)?;
    let built = |e: BuildError| {
        ServiceError::new(
            OPERATION,
            ErrorKind::Other,
            format!("could not build the request: {e}"),
        )
    };
    let mut request = clients
        .dynamodb
        .create_table()
        .table_name(&spec.name)
        .set_key_schema(Some(
            key_schema(&spec.partition_key, spec.sort_key.as_ref()).map_err(built)?,
        ));
    for key in spec.attribute_definitions() {
        request = request.attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name(key.name)
                .attribute_type(scalar_type(key.scalar_type))
                .build()
                .map_err(built)?,
        );
    }
    request = match spec.billing {
        Billing::OnDemand => request.billing_mode(BillingMode::PayPerRequest),
        Billing::Provisioned(capacity) => request
            .billing_mode(BillingMode::Provisioned)
            .provisioned_throughput(throughput(capacity).map_err(built)?),
    };
    for index in &spec.global_indexes {
        let mut gsi = GlobalSecondaryIndex::builder()
            .index_name(&index.name)
            .set_key_schema(Some(
                key_schema(&index.partition_key, index.sort_key.as_ref()).map_err(built)?,
            ))
            .projection(projection(&index.projection));
        if let Some(capacity) = index.capacity {
            gsi = gsi.provisioned_throughput(throughput(capacity).map_err(built)?);
        }
        request = request.global_secondary_indexes(gsi.build().map_err(built)?);
    }
    for index in &spec.local_indexes {
        let lsi = LocalSecondaryIndex::builder()
            .index_name(&index.name)
            .set_key_schema(Some(
                key_schema(&spec.partition_key, Some(&index.sort_key)).map_err(built)?,
            ))
            .projection(projection(&index.projection))
            .build()
            .map_err(built)?;
        request = request.local_secondary_indexes(lsi);
    }
    request.send().await.or_classify(OPERATION, clients)?;

    let started = Instant::now();
    let schedule = PollSchedule::TABLE_CHANGES;
    poll_until(
        &schedule,
        || async {
            match describe_raw(clients, &spec.name).await {
                Ok(table) => ready(&table),
                Err(e) if e.kind == ErrorKind::NotFound => {
                    if started.elapsed() < CREATE_NOT_FOUND_GRACE {
                        Ok(None)
                    } else {
                        Err(ServiceError::new(
                            OPERATION,
                            ErrorKind::NotFound,
                            format!("“{}” disappeared while it was being created", spec.name),
                        ))
                    }
                }
                Err(e) => Err(e),
            }
        },
        || still_busy(OPERATION, &spec.name, "ACTIVE", schedule.timeout),
    )
    .await?;
    describe_table(clients, &spec.name).await
}

/// Sends DeleteTable and waits until DescribeTable no longer finds the table.
pub async fn delete_table(clients: &AwsClients, name: &str) -> Result<(), ServiceError> {
    const OPERATION: &str = "DeleteTable";
    clients.ensure_writable(OPERATION)?;
    clients
        .dynamodb
        .delete_table()
        .table_name(name)
        .send()
        .await
        .or_classify(OPERATION, clients)?;
    let schedule = PollSchedule::TABLE_CHANGES;
    poll_until(
        &schedule,
        || async {
            match describe_raw(clients, name).await {
                Ok(_) => Ok(None),
                Err(e) if e.kind == ErrorKind::NotFound => Ok(Some(())),
                Err(e) => Err(e),
            }
        },
        || still_busy(OPERATION, name, "gone", schedule.timeout),
    )
    .await
}

/// The table's TTL setting.
pub async fn describe_ttl(clients: &AwsClients, name: &str) -> Result<TtlState, ServiceError> {
    let output = clients
        .dynamodb
        .describe_time_to_live()
        .table_name(name)
        .send()
        .await
        .or_classify("DescribeTimeToLive", clients)?;
    let Some(description) = output.time_to_live_description else {
        return Ok(TtlState::default());
    };
    Ok(TtlState {
        status: description
            .time_to_live_status
            .map_or(TtlStatus::Disabled, |s| TtlStatus::from_wire(s.as_str())),
        attribute_name: description.attribute_name.filter(|n| !n.is_empty()),
    })
}

/// Turns TTL on or off for `attribute` (DynamoDB wants the current attribute to turn it off),
/// then reads the setting back, which may still say ENABLING or DISABLING.
pub async fn update_ttl(
    clients: &AwsClients,
    name: &str,
    enabled: bool,
    attribute: &str,
) -> Result<TtlState, ServiceError> {
    const OPERATION: &str = "UpdateTimeToLive";
    clients.ensure_writable(OPERATION)?;
    let specification = TimeToLiveSpecification::builder()
        .enabled(enabled)
        .attribute_name(attribute)
        .build()
        .map_err(|e| ServiceError::new(OPERATION, ErrorKind::Other, e.to_string()))?;
    clients
        .dynamodb
        .update_time_to_live()
        .table_name(name)
        .time_to_live_specification(specification)
        .send()
        .await
        .or_classify(OPERATION, clients)?;
    describe_ttl(clients, name).await
}

/// `Some` once the table and every global index are ACTIVE; an error if the table went
/// somewhere it will not come back from by itself.
fn ready(table: &TableDescription) -> Result<Option<()>, ServiceError> {
    match &table.table_status {
        Some(TableStatus::Active) => {}
        None | Some(TableStatus::Creating | TableStatus::Updating) => return Ok(None),
        Some(other) => {
            return Err(ServiceError::new(
                "CreateTable",
                ErrorKind::Service,
                format!(
                    "“{}” became {} instead of ACTIVE",
                    table.table_name().unwrap_or_default(),
                    other.as_str()
                ),
            ));
        }
    }
    // Emulators may leave the status out; an index without one is taken as ready.
    let indexes_ready = table
        .global_secondary_indexes()
        .iter()
        .all(|gsi| matches!(gsi.index_status, None | Some(IndexStatus::Active)));
    Ok(indexes_ready.then_some(()))
}

fn still_busy(operation: &str, name: &str, goal: &str, timeout: Duration) -> ServiceError {
    ServiceError::new(
        operation,
        ErrorKind::Other,
        format!(
            "“{name}” was not {goal} after {} s of waiting; AWS may still finish: refresh the \
             table list later",
            timeout.as_secs()
        ),
    )
}

fn key_schema(
    partition: &KeySpec,
    sort: Option<&KeySpec>,
) -> Result<Vec<KeySchemaElement>, BuildError> {
    let sort = sort.map(|k| (k, KeyType::Range));
    std::iter::once((partition, KeyType::Hash))
        .chain(sort)
        .map(|(key, key_type)| {
            KeySchemaElement::builder()
                .attribute_name(&key.name)
                .key_type(key_type)
                .build()
        })
        .collect()
}

fn scalar_type(scalar_type: KeyScalarType) -> ScalarAttributeType {
    match scalar_type {
        KeyScalarType::S => ScalarAttributeType::S,
        KeyScalarType::N => ScalarAttributeType::N,
        KeyScalarType::B => ScalarAttributeType::B,
    }
}

fn throughput(capacity: Capacity) -> Result<ProvisionedThroughput, BuildError> {
    ProvisionedThroughput::builder()
        .read_capacity_units(capacity.read_units)
        .write_capacity_units(capacity.write_units)
        .build()
}

fn projection(projection: &Projection) -> aws_sdk_dynamodb::types::Projection {
    let builder = aws_sdk_dynamodb::types::Projection::builder();
    match projection {
        Projection::All => builder.projection_type(ProjectionType::All),
        Projection::KeysOnly => builder.projection_type(ProjectionType::KeysOnly),
        Projection::Include(attributes) => builder
            .projection_type(ProjectionType::Include)
            .set_non_key_attributes(Some(attributes.clone())),
    }
    .build()
}
