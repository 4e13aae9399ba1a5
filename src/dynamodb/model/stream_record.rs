//! A DynamoDB stream record as Stratus keeps it: what happened, the keys and both images
//! exactly, and the attribute-level difference a MODIFY made.

use crate::dynamodb::model::attribute_json::{JsonStyle, item_to_json};
use crate::dynamodb::model::item_edit::{AttributeChange, Item, diff};

/// What a stream record says happened to its item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StreamEventName {
    Insert,
    Modify,
    Remove,
}

impl StreamEventName {
    pub const ALL: [Self; 3] = [Self::Insert, Self::Modify, Self::Remove];

    /// The name as the stream and Lambda's event write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Insert => "INSERT",
            Self::Modify => "MODIFY",
            Self::Remove => "REMOVE",
        }
    }

    pub fn from_wire(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == text)
    }
}

/// One stream record, with the buffer's id for it.
#[derive(Clone, Debug, PartialEq)]
pub struct StreamRecord {
    /// Given by [`super::stream_buffer::RecordBuffer`] as records arrive; stable while kept.
    pub id: u64,
    pub event_id: String,
    pub event_name: StreamEventName,
    pub aws_region: String,
    /// When DynamoDB wrote the record, milliseconds since the epoch.
    pub created_ms: Option<i64>,
    pub keys: Item,
    pub new_image: Option<Item>,
    pub old_image: Option<Item>,
    pub sequence_number: String,
    pub size_bytes: Option<i64>,
    /// `KEYS_ONLY`, `NEW_IMAGE`, `OLD_IMAGE` or `NEW_AND_OLD_IMAGES`.
    pub view_type: Option<String>,
    pub shard_id: String,
    /// The keys as compact JSON, for the list and the key filter (computed once).
    pub keys_text: String,
}

impl StreamRecord {
    /// The keys as one line of compact JSON.
    pub fn keys_line(keys: &Item) -> String {
        item_to_json(
            keys.iter().map(|(k, v)| (k.as_str(), v)),
            JsonStyle::Plain,
            false,
        )
    }

    /// What the write changed, attribute by attribute: for a MODIFY the difference of the old
    /// and new images, for an INSERT every attribute added, for a REMOVE every one removed.
    /// Empty when the stream's view type carries no images.
    pub fn changes(&self) -> Vec<AttributeChange> {
        let empty = Item::new();
        diff(
            self.old_image.as_ref().unwrap_or(&empty),
            self.new_image.as_ref().unwrap_or(&empty),
        )
    }

    /// The time of day the record was written, `HH:MM:SS.mmm` UTC.
    pub fn time_text(&self) -> String {
        self.created_ms.map_or_else(|| "—".to_owned(), time_of_day)
    }
}

/// `HH:MM:SS.mmm` (UTC) of a time in milliseconds since the epoch.
pub fn time_of_day(ms: i64) -> String {
    let day_ms = ms.rem_euclid(86_400_000);
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        day_ms / 3_600_000,
        day_ms % 3_600_000 / 60_000,
        day_ms % 60_000 / 1000,
        day_ms % 1000
    )
}

/// Which records the list shows: by event name and by a part of the keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordFilter {
    pub insert: bool,
    pub modify: bool,
    pub remove: bool,
    /// Case-insensitive text the keys' JSON must contain; blank matches every record.
    pub key: String,
}

impl Default for RecordFilter {
    fn default() -> Self {
        Self {
            insert: true,
            modify: true,
            remove: true,
            key: String::new(),
        }
    }
}

impl RecordFilter {
    pub fn shows(&self, event: StreamEventName) -> bool {
        match event {
            StreamEventName::Insert => self.insert,
            StreamEventName::Modify => self.modify,
            StreamEventName::Remove => self.remove,
        }
    }

    pub fn matches(&self, record: &StreamRecord) -> bool {
        if !self.shows(record.event_name) {
            return false;
        }
        let key = self.key.trim();
        key.is_empty()
            || record
                .keys_text
                .to_lowercase()
                .contains(&key.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::model::AttrValue;
    use crate::dynamodb::model::item_edit::ChangeKind;

    fn record(event: StreamEventName, old: Option<Item>, new: Option<Item>) -> StreamRecord {
        let keys: Item = [("pk".to_owned(), AttrValue::s("Ünï#1"))].into();
        StreamRecord {
            id: 0,
            event_id: "e".to_owned(),
            event_name: event,
            aws_region: "us-east-1".to_owned(),
            created_ms: Some(1_714_557_600_123),
            keys_text: StreamRecord::keys_line(&keys),
            keys,
            new_image: new,
            old_image: old,
            sequence_number: "1".to_owned(),
            size_bytes: Some(10),
            view_type: Some("NEW_AND_OLD_IMAGES".to_owned()),
            shard_id: "s".to_owned(),
        }
    }

    fn item(pairs: &[(&str, AttrValue)]) -> Item {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    #[test]
    fn a_modify_diffs_by_attribute_exactly() {
        let big = "12345678901234567890123456789012345678";
        let old = item(&[
            ("pk", AttrValue::s("Ünï#1")),
            ("n", AttrValue::N(big.into())),
            ("same", AttrValue::Ns(vec!["1".into(), "2".into()].into())),
            ("gone", AttrValue::B(vec![0, 255].into())),
            ("float", AttrValue::N("1.0".into())),
        ]);
        let new = item(&[
            ("pk", AttrValue::s("Ünï#1")),
            (
                "n",
                AttrValue::N("12345678901234567890123456789012345679".into()),
            ),
            ("same", AttrValue::Ns(vec!["2".into(), "1".into()].into())),
            ("new", AttrValue::Ss(vec!["a".into()].into())),
            ("float", AttrValue::N("1".into())),
        ]);
        let changes = record(StreamEventName::Modify, Some(old), Some(new)).changes();
        let summary: Vec<_> = changes.iter().map(|c| (c.name.as_str(), &c.kind)).collect();
        assert_eq!(
            summary,
            vec![
                ("gone", &ChangeKind::Removed),
                ("n", &ChangeKind::Changed),
                ("new", &ChangeKind::Added),
            ],
            "set order and 1.0 vs 1 are not changes; 38 digits are compared exactly"
        );
        assert_eq!(
            changes[1].before,
            Some(AttrValue::N(big.into())),
            "both sides kept"
        );
    }

    #[test]
    fn records_without_images_have_no_changes() {
        assert!(
            record(StreamEventName::Remove, None, None)
                .changes()
                .is_empty()
        );
        let insert = record(
            StreamEventName::Insert,
            None,
            Some(item(&[("a", AttrValue::Null)])),
        );
        assert_eq!(insert.changes()[0].kind, ChangeKind::Added);
    }

    #[test]
    fn filters_by_event_and_key_text() {
        let r = record(StreamEventName::Modify, None, None);
        assert_eq!(r.keys_text, r#"{"pk": "Ünï#1"}"#);
        let mut filter = RecordFilter::default();
        assert!(filter.matches(&r));
        filter.key = " üNÏ ".to_owned();
        assert!(filter.matches(&r));
        filter.key = "#2".to_owned();
        assert!(!filter.matches(&r));
        filter.key.clear();
        filter.modify = false;
        assert!(!filter.matches(&r));
        assert_eq!(
            StreamEventName::from_wire("MODIFY"),
            Some(StreamEventName::Modify)
        );
        assert_eq!(StreamEventName::from_wire("modify"), None);
        assert_eq!(StreamEventName::from_wire(""), None);
    }

    #[test]
    fn times_read_as_utc_time_of_day() {
        assert_eq!(time_of_day(1_714_557_600_123), "10:00:00.123");
        assert_eq!(time_of_day(-1), "23:59:59.999");
        assert_eq!(time_of_day(i64::MAX).len(), 12);
        assert_eq!(
            record(StreamEventName::Insert, None, None).time_text(),
            "10:00:00.123"
        );
    }
}
