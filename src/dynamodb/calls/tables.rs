//! DynamoDB calls.

use aws_sdk_dynamodb::primitives::DateTimeFormat;
use aws_sdk_dynamodb::types::{
    KeySchemaElement, KeyType, Projection, ProjectionType, ScalarAttributeType,
};

use crate::connection::calls::AwsClients;
use crate::dynamodb::model::TableDetails;
use crate::dynamodb::model::table_details::IndexDetails;
use crate::dynamodb::model::table_details::KeyAttribute;
use crate::dynamodb::model::table_details::KeyRole;
use crate::shared::calls::error::SdkResultExt as _;
use crate::shared::calls::pagination::all_pages;
use crate::shared::model::ServiceError;
use crate::shared::model::TableSummary;

/// Every table of the connection, sorted by name, following `LastEvaluatedTableName`
/// through all pages.
pub async fn list_tables(clients: &AwsClients) -> Result<Vec<TableSummary>, ServiceError> {
    list_tables_paged(clients, None).await
}

/// [`list_tables`] with a page size, so tests can force many pages on a few tables.
pub async fn list_tables_paged(
    clients: &AwsClients,
    page_size: Option<i32>,
) -> Result<Vec<TableSummary>, ServiceError> {
    let mut names = all_pages("ListTables", |start| async move {
        let page = clients
            .dynamodb
            .list_tables()
            .set_limit(page_size)
            .set_exclusive_start_table_name(start)
            .send()
            .await
            .or_classify("ListTables", clients)?;
        Ok((
            page.table_names.unwrap_or_default(),
            page.last_evaluated_table_name,
        ))
    })
    .await?;
    // AWS answers in name order, emulators in creation order; the navigator wants names.
    names.sort();
    Ok(names
        .into_iter()
        .map(|name| TableSummary { name })
        .collect())
}

/// DescribeTable's own answer, for callers that read more than the overview shows.
pub(crate) async fn describe_raw(
    clients: &AwsClients,
    name: &str,
) -> Result<aws_sdk_dynamodb::types::TableDescription, ServiceError> {
    let output = clients
        .dynamodb
        .describe_table()
        .table_name(name)
        .send()
        .await
        .or_classify("DescribeTable", clients)?;
    output.table.ok_or_else(|| {
        ServiceError::new(
            "DescribeTable",
            crate::shared::model::ErrorKind::Service,
            "the answer had no table description",
        )
    })
}

/// DescribeTable, for the table view. Only DescribeTable: a role that may not read the TTL
/// setting (DescribeTimeToLive, read on its own by the tab) can still browse the table.
pub async fn describe_table(
    clients: &AwsClients,
    name: &str,
) -> Result<TableDetails, ServiceError> {
    let table = describe_raw(clients, name).await?;
    let attribute_types: Vec<(String, ScalarAttributeType)> = table
        .attribute_definitions()
        .iter()
        .map(|d| (d.attribute_name.clone(), d.attribute_type.clone()))
        .collect();
    let keys = |schema: &[KeySchemaElement]| -> Vec<KeyAttribute> {
        schema
            .iter()
            .map(|element| KeyAttribute {
                name: element.attribute_name.clone(),
                role: if element.key_type == KeyType::Range {
                    KeyRole::Sort
                } else {
                    KeyRole::Partition
                },
                attribute_type: attribute_types
                    .iter()
                    .find(|(n, _)| *n == element.attribute_name)
                    .map_or_else(|| "?".to_owned(), |(_, t)| t.as_str().to_owned()),
            })
            .collect()
    };
    let mut indexes: Vec<IndexDetails> = table
        .global_secondary_indexes()
        .iter()
        .map(|gsi| IndexDetails {
            name: gsi.index_name.clone().unwrap_or_default(),
            global: true,
            keys: keys(gsi.key_schema()),
            projection: projection_label(gsi.projection.as_ref()),
            status: gsi.index_status.as_ref().map(|s| s.as_str().to_owned()),
            item_count: gsi.item_count,
            read_capacity: gsi
                .provisioned_throughput
                .as_ref()
                .and_then(|t| t.read_capacity_units),
            write_capacity: gsi
                .provisioned_throughput
                .as_ref()
                .and_then(|t| t.write_capacity_units),
        })
        .collect();
    indexes.extend(
        table
            .local_secondary_indexes()
            .iter()
            .map(|lsi| IndexDetails {
                name: lsi.index_name.clone().unwrap_or_default(),
                global: false,
                keys: keys(lsi.key_schema()),
                projection: projection_label(lsi.projection.as_ref()),
                status: None,
                item_count: lsi.item_count,
                read_capacity: None,
                write_capacity: None,
            }),
    );
    let billing_mode = table
        .billing_mode_summary
        .as_ref()
        .and_then(|b| b.billing_mode.as_ref())
        .map_or_else(|| "PROVISIONED".to_owned(), |m| m.as_str().to_owned());
    let throughput = table.provisioned_throughput.as_ref();
    let stream = table
        .stream_specification
        .as_ref()
        .filter(|s| s.stream_enabled)
        .map(|s| {
            s.stream_view_type
                .as_ref()
                .map_or_else(|| "enabled".to_owned(), |v| v.as_str().to_owned())
        });
    Ok(TableDetails {
        name: table.table_name.clone().unwrap_or_else(|| name.to_owned()),
        arn: table.table_arn.clone(),
        status: table.table_status.as_ref().map(|s| s.as_str().to_owned()),
        created: table
            .creation_date_time
            .and_then(|t| t.fmt(DateTimeFormat::DateTime).ok()),
        item_count: table.item_count,
        size_bytes: table.table_size_bytes,
        billing_mode,
        read_capacity: throughput.and_then(|t| t.read_capacity_units),
        write_capacity: throughput.and_then(|t| t.write_capacity_units),
        key_schema: keys(table.key_schema()),
        indexes,
        stream,
        deletion_protection: table.deletion_protection_enabled.unwrap_or(false),
    })
}

fn projection_label(projection: Option<&Projection>) -> String {
    let Some(projection) = projection else {
        return "ALL".to_owned();
    };
    match projection.projection_type {
        Some(ProjectionType::Include) => {
            format!("INCLUDE ({})", projection.non_key_attributes().join(", "))
        }
        Some(ref kind) => kind.as_str().to_owned(),
        None => "ALL".to_owned(),
    }
}
