//! The records a followed stream keeps: at most a fixed number, the oldest dropped first and
//! counted, so a busy stream cannot exhaust memory.

use std::collections::VecDeque;

use crate::dynamodb::model::stream_record::StreamRecord;

/// How many records a followed stream keeps.
pub const MAX_STREAM_RECORDS: usize = 10_000;

/// Records in arrival order, each with an id that stays its own while it is kept.
#[derive(Debug)]
pub struct RecordBuffer {
    records: VecDeque<StreamRecord>,
    capacity: usize,
    /// The id the next record gets; also how many were received in all.
    next_id: u64,
    dropped: u64,
}

impl Default for RecordBuffer {
    fn default() -> Self {
        Self::new(MAX_STREAM_RECORDS)
    }
}

impl RecordBuffer {
    /// A buffer keeping at most `capacity` records (at least one).
    pub fn new(capacity: usize) -> Self {
        Self {
            records: VecDeque::new(),
            capacity: capacity.max(1),
            next_id: 0,
            dropped: 0,
        }
    }

    /// Keeps `record` under the next id, dropping the oldest when full.
    pub fn push(&mut self, mut record: StreamRecord) {
        record.id = self.next_id;
        self.next_id += 1;
        if self.records.len() == self.capacity {
            self.records.pop_front();
            self.dropped += 1;
        }
        self.records.push_back(record);
    }

    /// Forgets every record and the counts.
    pub fn clear(&mut self) {
        *self = Self::new(self.capacity);
    }

    /// How many records arrived since the buffer was made or cleared.
    pub fn received(&self) -> u64 {
        self.next_id
    }

    /// How many of those were dropped to stay within the capacity.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The kept records, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &StreamRecord> + ExactSizeIterator {
        self.records.iter()
    }

    /// The record with this id, while it is kept (ids increase, so this is a binary search).
    pub fn get(&self, id: u64) -> Option<&StreamRecord> {
        let index = self.records.binary_search_by_key(&id, |r| r.id).ok()?;
        self.records.get(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::model::item_edit::Item;
    use crate::dynamodb::model::stream_record::StreamEventName;

    fn record(sequence: &str) -> StreamRecord {
        StreamRecord {
            id: 999,
            event_id: String::new(),
            event_name: StreamEventName::Insert,
            aws_region: String::new(),
            created_ms: None,
            keys: Item::new(),
            new_image: None,
            old_image: None,
            sequence_number: sequence.to_owned(),
            size_bytes: None,
            view_type: None,
            shard_id: String::new(),
            keys_text: String::new(),
        }
    }

    #[test]
    fn keeps_the_newest_and_counts_the_dropped() {
        let mut buffer = RecordBuffer::new(3);
        for i in 0..10 {
            buffer.push(record(&i.to_string()));
        }
        assert_eq!(buffer.len(), 3);
        assert_eq!(buffer.received(), 10);
        assert_eq!(buffer.dropped(), 7);
        let kept: Vec<_> = buffer.iter().map(|r| r.sequence_number.as_str()).collect();
        assert_eq!(kept, ["7", "8", "9"]);
        assert_eq!(buffer.get(8).map(|r| r.sequence_number.as_str()), Some("8"));
        assert!(buffer.get(2).is_none(), "dropped ids are gone");
        assert!(buffer.get(u64::MAX).is_none());
        buffer.clear();
        assert!(buffer.is_empty());
        assert_eq!((buffer.received(), buffer.dropped()), (0, 0));
    }

    #[test]
    fn a_zero_capacity_still_keeps_the_latest() {
        let mut buffer = RecordBuffer::new(0);
        buffer.push(record("a"));
        buffer.push(record("b"));
        assert_eq!(buffer.len(), 1);
        assert_eq!(buffer.dropped(), 1);
        assert_eq!(buffer.iter().next().map(|r| r.id), Some(1));
    }

    #[test]
    fn the_default_holds_ten_thousand() {
        let mut buffer = RecordBuffer::default();
        for i in 0..10_050 {
            buffer.push(record(&i.to_string()));
        }
        assert_eq!(buffer.len(), MAX_STREAM_RECORDS);
        assert_eq!(buffer.dropped(), 50);
        assert_eq!(buffer.iter().next().map(|r| r.id), Some(50));
    }
}
