//! A table's DynamoDB stream: reading its settings and shards, turning it on or off, following
//! its records as they arrive, and the Lambda functions that consume it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::{StreamSpecification, StreamViewType as SdkViewType};
use aws_sdk_dynamodbstreams::operation::get_records::GetRecordsError;
use aws_sdk_dynamodbstreams::types::{AttributeValue, Record, ShardIteratorType};

use crate::connection::calls::AwsClients;
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::stream_details::{
    ShardInfo, ShardStart, StreamInfo, StreamStart, StreamViewType, shards_to_resume,
};
use crate::dynamodb::model::stream_record::{StreamEventName, StreamRecord};
use crate::shared::calls::error::SdkResultExt as _;
use crate::shared::calls::pagination::all_pages;
use crate::shared::model::{ErrorKind, ServiceError};

/// How long an idle follower waits before asking its shards again. Under the 2 s a user
/// waits for a write to show, and within AWS's 5 GetRecords calls a second per shard.
const IDLE_PAUSE: Duration = Duration::from_millis(200);
/// How often the shard list is read again to find new (child) shards.
const SHARD_REFRESH: Duration = Duration::from_secs(10);
/// GetRecords returns at most this many records a call.
const RECORDS_PER_CALL: i32 = 1000;

/// What a follower reports as it reads.
#[derive(Debug)]
pub enum FollowEvent {
    /// Records read from one shard, in order.
    Records(Vec<StreamRecord>),
    /// How many shards are being read right now.
    Reading { shards: usize },
    /// The follower stopped on an error.
    Failed(ServiceError),
}

/// Where a follower sends what it reads (and wakes the UI).
pub type FollowSink = Arc<dyn Fn(FollowEvent) + Send + Sync>;

/// The table's stream setting and, when it has one, the latest stream's status and shards.
pub async fn stream_info(clients: &AwsClients, table: &str) -> Result<StreamInfo, ServiceError> {
    let table = super::tables::describe_raw(clients, table).await?;
    let spec = table.stream_specification.as_ref();
    let mut info = StreamInfo {
        enabled: spec.is_some_and(|s| s.stream_enabled),
        view_type: spec
            .and_then(|s| s.stream_view_type.as_ref())
            .map(|v| v.as_str().to_owned()),
        arn: table.latest_stream_arn.clone(),
        status: None,
        shards: Vec::new(),
    };
    if let Some(arn) = &info.arn {
        match describe_stream(clients, arn).await {
            Ok((status, shards)) => {
                info.status = status;
                info.shards = shards;
            }
            // A stream turned off stays readable for 24 hours on AWS, but some endpoints
            // forget it at once: then there is simply nothing more to show.
            Err(error) if !info.enabled => {
                tracing::debug!(%error, "the disabled stream is gone");
            }
            Err(error) => return Err(error),
        }
    }
    Ok(info)
}

/// DescribeStream, all pages of shards.
async fn describe_stream(
    clients: &AwsClients,
    arn: &str,
) -> Result<(Option<String>, Vec<ShardInfo>), ServiceError> {
    let status = std::sync::Mutex::new(None);
    let shards = all_pages("DescribeStream", |start| {
        let status = &status;
        async move {
            let output = clients
                .dynamodb_streams
                .describe_stream()
                .stream_arn(arn)
                .set_exclusive_start_shard_id(start)
                .send()
                .await
                .or_classify("DescribeStream", clients)?;
            let Some(description) = output.stream_description else {
                return Ok((Vec::new(), None));
            };
            if let Ok(mut slot) = status.lock() {
                *slot = description
                    .stream_status
                    .as_ref()
                    .map(|s| s.as_str().to_owned());
            }
            let shards = description
                .shards
                .unwrap_or_default()
                .into_iter()
                .map(|s| {
                    let range = s.sequence_number_range;
                    ShardInfo {
                        shard_id: s.shard_id.unwrap_or_default(),
                        parent_shard_id: s.parent_shard_id,
                        starting_sequence: range
                            .as_ref()
                            .and_then(|r| r.starting_sequence_number.clone()),
                        ending_sequence: range.and_then(|r| r.ending_sequence_number),
                    }
                })
                .collect();
            Ok((shards, description.last_evaluated_shard_id))
        }
    })
    .await?;
    let status = status.into_inner().ok().flatten();
    Ok((status, shards))
}

/// Turns the table's stream on with `view` or, with `None`, off (UpdateTable). A write:
/// refused on a read-only connection.
pub async fn set_stream(
    clients: &AwsClients,
    table: &str,
    view: Option<StreamViewType>,
) -> Result<(), ServiceError> {
    const OPERATION: &str = "UpdateTable";
    clients.ensure_writable(OPERATION)?;
    let mut spec = StreamSpecification::builder().stream_enabled(view.is_some());
    if let Some(view) = view {
        spec = spec.stream_view_type(SdkViewType::from(view.as_str()));
    }
    let spec = spec
        .build()
        .map_err(|e| ServiceError::new(OPERATION, ErrorKind::Other, e.to_string()))?;
    clients
        .dynamodb
        .update_table()
        .table_name(table)
        .stream_specification(spec)
        .send()
        .await
        .or_classify(OPERATION, clients)?;
    Ok(())
}

/// One shard being read.
struct ShardReader {
    shard_id: String,
    iterator: Option<String>,
    /// The last record read, to resume after an iterator expires (15 minutes on AWS).
    last_sequence: Option<String>,
    start: ShardIteratorType,
    /// The shard is closed and every record of it was read.
    done: bool,
}

impl ShardReader {
    fn new(shard_id: String, start: ShardIteratorType) -> Self {
        Self {
            shard_id,
            iterator: None,
            last_sequence: None,
            start,
            done: false,
        }
    }
}

/// Reads every shard of the stream from `start` until aborted, sending records as they come.
/// Closed shards are read to their end, then their children from their beginning, so nothing
/// is missed when DynamoDB splits shards. While `paused` is set nothing is read.
pub async fn follow(
    clients: AwsClients,
    arn: String,
    start: StreamStart,
    resume: HashMap<String, String>,
    paused: Arc<AtomicBool>,
    sink: FollowSink,
) {
    if let Err(error) = follow_until_error(&clients, &arn, start, &resume, &paused, &sink).await {
        sink(FollowEvent::Failed(error));
    }
}

async fn follow_until_error(
    clients: &AwsClients,
    arn: &str,
    start: StreamStart,
    resume: &HashMap<String, String>,
    paused: &AtomicBool,
    sink: &FollowSink,
) -> Result<(), ServiceError> {
    let (_, shards) = describe_stream(clients, arn).await?;
    let mut known: HashSet<String> = shards.iter().map(|s| s.shard_id.clone()).collect();
    let iterator_type = |start| match start {
        StreamStart::Latest => ShardIteratorType::Latest,
        StreamStart::TrimHorizon => ShardIteratorType::TrimHorizon,
    };
    let mut readers = Vec::new();
    for (shard, from) in shards_to_resume(&shards, start, resume) {
        let mut reader = match from {
            ShardStart::From(start) => {
                ShardReader::new(shard.shard_id.clone(), iterator_type(start))
            }
            ShardStart::After(sequence) => {
                let mut reader =
                    ShardReader::new(shard.shard_id.clone(), ShardIteratorType::TrimHorizon);
                reader.last_sequence = Some(sequence);
                reader
            }
        };
        // Taken now, so LATEST means "from when following started".
        reader.iterator = shard_iterator(clients, arn, &reader).await?;
        readers.push(reader);
    }
    let mut shards_read_at = Instant::now();
    sink(FollowEvent::Reading {
        shards: readers.len(),
    });
    loop {
        if paused.load(Ordering::Relaxed) {
            tokio::time::sleep(IDLE_PAUSE).await;
            continue;
        }
        let mut full_page = false;
        for reader in &mut readers {
            full_page |= read_shard(clients, arn, reader, sink).await?;
        }
        let before = readers.len();
        readers.retain(|r| !r.done);
        let finished = readers.len() < before;
        if finished || shards_read_at.elapsed() >= SHARD_REFRESH {
            // New shards (children of closed ones, or of a re-enabled stream) start at their
            // beginning so none of their records is missed.
            let (_, shards) = describe_stream(clients, arn).await?;
            for shard in shards {
                if known.insert(shard.shard_id.clone()) {
                    readers.push(ShardReader::new(
                        shard.shard_id,
                        ShardIteratorType::TrimHorizon,
                    ));
                }
            }
            shards_read_at = Instant::now();
            sink(FollowEvent::Reading {
                shards: readers.len(),
            });
        }
        if !full_page {
            tokio::time::sleep(IDLE_PAUSE).await;
        }
    }
}

/// One GetRecords on a shard (getting its iterator first when needed); true when the page was
/// full, so the caller reads again at once. A shard whose iterator ends is closed and drained.
async fn read_shard(
    clients: &AwsClients,
    arn: &str,
    reader: &mut ShardReader,
    sink: &FollowSink,
) -> Result<bool, ServiceError> {
    let iterator = match reader.iterator.take() {
        Some(iterator) => iterator,
        None => match shard_iterator(clients, arn, reader).await? {
            Some(iterator) => iterator,
            None => {
                reader.done = true;
                return Ok(false);
            }
        },
    };
    let output = match clients
        .dynamodb_streams
        .get_records()
        .shard_iterator(iterator)
        .limit(RECORDS_PER_CALL)
        .send()
        .await
    {
        Ok(output) => output,
        Err(error)
            if matches!(
                error.as_service_error(),
                Some(GetRecordsError::ExpiredIteratorException(_))
            ) =>
        {
            // Resume after the last record read (or where the shard was started).
            reader.iterator = shard_iterator(clients, arn, reader).await?;
            return Ok(true);
        }
        Err(error) => return Err(error).or_classify("GetRecords", clients),
    };
    reader.done = output.next_shard_iterator.is_none();
    reader.iterator = output.next_shard_iterator;
    let records = output.records.unwrap_or_default();
    let full = records.len() >= RECORDS_PER_CALL as usize;
    if records.is_empty() {
        return Ok(false);
    }
    let mut converted = Vec::with_capacity(records.len());
    for record in records {
        let record = record_from_sdk(record, &reader.shard_id)
            .map_err(|e| ServiceError::new("GetRecords", ErrorKind::Service, e))?;
        reader.last_sequence = Some(record.sequence_number.clone());
        converted.push(record);
    }
    sink(FollowEvent::Records(converted));
    Ok(full)
}

/// GetShardIterator for a reader: after its last record, else where it was started.
async fn shard_iterator(
    clients: &AwsClients,
    arn: &str,
    reader: &ShardReader,
) -> Result<Option<String>, ServiceError> {
    let request = clients
        .dynamodb_streams
        .get_shard_iterator()
        .stream_arn(arn)
        .shard_id(&reader.shard_id);
    let request = match &reader.last_sequence {
        Some(sequence) => request
            .shard_iterator_type(ShardIteratorType::AfterSequenceNumber)
            .sequence_number(sequence),
        None => request.shard_iterator_type(reader.start.clone()),
    };
    let output = request
        .send()
        .await
        .or_classify("GetShardIterator", clients)?;
    Ok(output.shard_iterator)
}

/// A stream record as ours, values exact. Fails on what this SDK does not know rather than
/// showing something that is not what was written.
pub fn record_from_sdk(record: Record, shard_id: &str) -> Result<StreamRecord, String> {
    let event_name = record
        .event_name
        .as_ref()
        .and_then(|e| StreamEventName::from_wire(e.as_str()))
        .ok_or_else(|| format!("a record with event name {:?}", record.event_name))?;
    let Some(data) = record.dynamodb else {
        return Err("a record without its dynamodb part".to_owned());
    };
    let keys = item_from_stream(data.keys.unwrap_or_default())?;
    let image = |image: Option<std::collections::HashMap<String, AttributeValue>>| {
        image.map(item_from_stream).transpose()
    };
    Ok(StreamRecord {
        id: 0,
        event_id: record.event_id.unwrap_or_default(),
        event_name,
        aws_region: record.aws_region.unwrap_or_default(),
        created_ms: data
            .approximate_creation_date_time
            .and_then(|t| t.to_millis().ok()),
        keys_text: StreamRecord::keys_line(&keys),
        keys,
        new_image: image(data.new_image)?,
        old_image: image(data.old_image)?,
        sequence_number: data.sequence_number.unwrap_or_default(),
        size_bytes: data.size_bytes,
        view_type: data.stream_view_type.map(|v| v.as_str().to_owned()),
        shard_id: shard_id.to_owned(),
    })
}

fn item_from_stream(
    item: std::collections::HashMap<String, AttributeValue>,
) -> Result<Item, String> {
    item.into_iter()
        .map(|(name, value)| match value_from_stream(value) {
            Ok(value) => Ok((name, value)),
            Err(e) => Err(format!("attribute {name:?}: {e}")),
        })
        .collect()
}

super::attribute_conversion::attribute_value_from! {
    /// A stream value as ours: every digit of a number, every byte of binary, sets as sets.
    pub fn value_from_stream(AttributeValue)
}

/// A Lambda event source mapping reading the stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamMapping {
    pub uuid: String,
    /// The function's name, read from its ARN.
    pub function: String,
    pub state: Option<String>,
    pub batch_size: Option<i32>,
    pub starting_position: Option<String>,
}

/// The functions that consume the stream: ListEventSourceMappings by the stream's ARN.
pub async fn stream_mappings(
    clients: &AwsClients,
    arn: &str,
) -> Result<Vec<StreamMapping>, ServiceError> {
    all_pages("ListEventSourceMappings", |marker| async move {
        let page = clients
            .lambda
            .list_event_source_mappings()
            .event_source_arn(arn)
            .set_marker(marker)
            .send()
            .await
            .or_classify("ListEventSourceMappings", clients)?;
        let items = page
            .event_source_mappings
            .unwrap_or_default()
            .into_iter()
            .map(|m| StreamMapping {
                uuid: m.uuid.unwrap_or_default(),
                function: m
                    .function_arn
                    .as_deref()
                    .map(function_name_of)
                    .unwrap_or_default(),
                state: m.state,
                batch_size: m.batch_size,
                starting_position: m.starting_position.map(|p| p.as_str().to_owned()),
            })
            .collect();
        Ok((items, page.next_marker))
    })
    .await
}

/// `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]` → `NAME`.
fn function_name_of(arn: &str) -> String {
    let mut parts = arn.split(':');
    match parts.position(|p| p == "function") {
        Some(_) => parts.next().unwrap_or(arn).to_owned(),
        None => arn.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::model::AttrValue;
    use aws_sdk_dynamodbstreams::primitives::Blob;

    #[test]
    fn stream_values_convert_exactly() {
        let big = "-0.0000000000000000000000000000000000001234";
        let value = AttributeValue::L(vec![
            AttributeValue::N(big.to_owned()),
            AttributeValue::B(Blob::new(vec![0, 159, 255])),
            AttributeValue::Ns(vec![
                "1".to_owned(),
                "12345678901234567890123456789012345678".to_owned(),
            ]),
            AttributeValue::Bs(vec![Blob::new(vec![1])]),
            AttributeValue::Ss(vec!["ü".to_owned()]),
            AttributeValue::M(
                [
                    ("z".to_owned(), AttributeValue::Null(true)),
                    ("a".to_owned(), AttributeValue::Bool(false)),
                ]
                .into(),
            ),
        ]);
        let converted = value_from_stream(value).expect("converts");
        let AttrValue::L(items) = converted else {
            panic!("a list");
        };
        assert_eq!(items[0], AttrValue::N(big.into()));
        assert_eq!(items[1], AttrValue::B(vec![0, 159, 255].into()));
        assert_eq!(
            items[2],
            AttrValue::Ns(vec!["1".into(), "12345678901234567890123456789012345678".into()].into())
        );
        assert_eq!(items[3], AttrValue::Bs(vec![vec![1u8].into()].into()));
        let AttrValue::M(entries) = &items[5] else {
            panic!("a map");
        };
        assert_eq!(&*entries[0].0, "a", "map entries sorted");
    }

    #[test]
    fn records_without_their_parts_are_refused() {
        let bare = Record::builder().build();
        assert!(record_from_sdk(bare, "s").is_err());
        let no_data = Record::builder()
            .event_name(aws_sdk_dynamodbstreams::types::OperationType::Insert)
            .build();
        assert!(record_from_sdk(no_data, "s").is_err());
    }

    #[test]
    fn function_names_come_from_arns() {
        assert_eq!(
            function_name_of("arn:aws:lambda:us-east-1:1:function:echo"),
            "echo"
        );
        assert_eq!(
            function_name_of("arn:aws:lambda:us-east-1:1:function:echo:live"),
            "echo"
        );
        assert_eq!(function_name_of("echo"), "echo");
        assert_eq!(function_name_of(""), "");
    }
}
