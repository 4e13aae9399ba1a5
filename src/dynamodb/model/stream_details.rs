//! A table's stream as DescribeTable and DescribeStream report it: on or off, its view type,
//! its ARN and its shards with their sequence ranges.

/// What a stream record holds of the item, as UpdateTable's StreamSpecification names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StreamViewType {
    KeysOnly,
    NewImage,
    OldImage,
    NewAndOldImages,
}

impl StreamViewType {
    pub const ALL: [Self; 4] = [
        Self::NewAndOldImages,
        Self::NewImage,
        Self::OldImage,
        Self::KeysOnly,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::KeysOnly => "KEYS_ONLY",
            Self::NewImage => "NEW_IMAGE",
            Self::OldImage => "OLD_IMAGE",
            Self::NewAndOldImages => "NEW_AND_OLD_IMAGES",
        }
    }

    pub fn from_wire(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == text)
    }

    /// What a user picks from.
    pub fn label(self) -> &'static str {
        match self {
            Self::KeysOnly => "Keys only",
            Self::NewImage => "New image",
            Self::OldImage => "Old image",
            Self::NewAndOldImages => "New and old images",
        }
    }
}

/// One shard of a stream.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShardInfo {
    pub shard_id: String,
    pub parent_shard_id: Option<String>,
    pub starting_sequence: Option<String>,
    /// Set once the shard is closed; an open shard still receives records.
    pub ending_sequence: Option<String>,
}

impl ShardInfo {
    pub fn is_open(&self) -> bool {
        self.ending_sequence.is_none()
    }
}

/// A table's stream: whether it is on, and the latest stream's description.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamInfo {
    /// From the table's StreamSpecification.
    pub enabled: bool,
    /// The table's view type while the stream is on.
    pub view_type: Option<String>,
    /// The latest stream (it stays readable for 24 hours after the stream is turned off).
    pub arn: Option<String>,
    /// `ENABLING`, `ENABLED`, `DISABLING` or `DISABLED`, from DescribeStream.
    pub status: Option<String>,
    pub shards: Vec<ShardInfo>,
}

/// Where following a stream starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StreamStart {
    /// Only what is written from now on.
    Latest,
    /// Everything the stream still holds (up to 24 hours), then what comes.
    TrimHorizon,
}

impl StreamStart {
    pub const ALL: [Self; 2] = [Self::Latest, Self::TrimHorizon];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Latest => "LATEST",
            Self::TrimHorizon => "TRIM_HORIZON",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Latest => "New records (LATEST)",
            Self::TrimHorizon => "All kept records (TRIM_HORIZON)",
        }
    }
}

/// The shards to start reading when following begins: with LATEST the open shards; with
/// TRIM_HORIZON every shard, parents before their children so records come in order.
pub fn shards_to_start(shards: &[ShardInfo], start: StreamStart) -> Vec<&ShardInfo> {
    match start {
        StreamStart::Latest => shards.iter().filter(|s| s.is_open()).collect(),
        StreamStart::TrimHorizon => {
            let mut ordered: Vec<&ShardInfo> = Vec::with_capacity(shards.len());
            let mut remaining: Vec<&ShardInfo> = shards.iter().collect();
            // Shards whose parent is not listed (expired) count as roots. Bounded: each pass
            // places at least one shard, or places the rest as they are (a cycle).
            while !remaining.is_empty() {
                let before = remaining.len();
                remaining.retain(|s| {
                    let waits = s.parent_shard_id.as_ref().is_some_and(|p| {
                        shards.iter().any(|x| &x.shard_id == p)
                            && !ordered.iter().any(|o| &o.shard_id == p)
                    });
                    if !waits {
                        ordered.push(s);
                    }
                    waits
                });
                if remaining.len() == before {
                    ordered.append(&mut remaining);
                }
            }
            ordered
        }
    }
}

/// Where one shard's reading starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShardStart {
    /// After this sequence number: the last record read before following failed.
    After(String),
    From(StreamStart),
}

/// The shards to read when following resumes after a failure, given the last record read of
/// each shard (`read`): those resume after it, their children (split while following was
/// down) from their beginning, and the shards `start` names that were not read yet from
/// `start`. With nothing read this is [`shards_to_start`]. Parents come before children.
pub fn shards_to_resume<'a>(
    shards: &'a [ShardInfo],
    start: StreamStart,
    read: &std::collections::HashMap<String, String>,
) -> Vec<(&'a ShardInfo, ShardStart)> {
    let started: Vec<&str> = shards_to_start(shards, start)
        .iter()
        .map(|s| s.shard_id.as_str())
        .collect();
    let mut lineage: Vec<&str> = Vec::new();
    let mut plan = Vec::new();
    for shard in shards_to_start(shards, StreamStart::TrimHorizon) {
        let id = shard.shard_id.as_str();
        let from_lineage = shard
            .parent_shard_id
            .as_deref()
            .is_some_and(|p| lineage.contains(&p));
        if let Some(sequence) = read.get(id) {
            lineage.push(id);
            plan.push((shard, ShardStart::After(sequence.clone())));
        } else if from_lineage {
            lineage.push(id);
            plan.push((shard, ShardStart::From(StreamStart::TrimHorizon)));
        } else if started.contains(&id) {
            plan.push((shard, ShardStart::From(start)));
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shard(id: &str, parent: Option<&str>, open: bool) -> ShardInfo {
        ShardInfo {
            shard_id: id.to_owned(),
            parent_shard_id: parent.map(ToOwned::to_owned),
            starting_sequence: Some("1".to_owned()),
            ending_sequence: (!open).then(|| "9".to_owned()),
        }
    }

    #[test]
    fn latest_reads_open_shards_and_trim_horizon_parents_first() {
        let shards = vec![
            shard("child", Some("parent"), true),
            shard("orphan", Some("expired"), true),
            shard("parent", None, false),
        ];
        let ids = |v: Vec<&ShardInfo>| v.iter().map(|s| s.shard_id.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(shards_to_start(&shards, StreamStart::Latest)),
            ["child", "orphan"]
        );
        assert_eq!(
            ids(shards_to_start(&shards, StreamStart::TrimHorizon)),
            ["orphan", "parent", "child"]
        );
    }

    #[test]
    fn a_failed_follow_resumes_after_the_last_record_of_each_shard() {
        let shards = vec![
            shard("child", Some("parent"), true),
            shard("orphan", Some("expired"), true),
            shard("parent", None, false),
            shard("old", None, false),
        ];
        let plan = |read: &[(&str, &str)], start| {
            let read = read
                .iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect();
            shards_to_resume(&shards, start, &read)
                .into_iter()
                .map(|(s, from)| (s.shard_id.clone(), from))
                .collect::<Vec<_>>()
        };
        let after = |s: &str| ShardStart::After(s.to_owned());
        let from = ShardStart::From;
        // Nothing read yet: as when following starts.
        assert_eq!(
            plan(&[], StreamStart::Latest),
            [
                ("orphan".to_owned(), from(StreamStart::Latest)),
                ("child".to_owned(), from(StreamStart::Latest))
            ]
        );
        // The parent was read, then split while following was down: the rest of the parent,
        // then its child from its beginning; the unread open shard from LATEST.
        assert_eq!(
            plan(&[("parent", "42")], StreamStart::Latest),
            [
                ("orphan".to_owned(), from(StreamStart::Latest)),
                ("parent".to_owned(), after("42")),
                ("child".to_owned(), from(StreamStart::TrimHorizon))
            ]
        );
        assert_eq!(
            plan(&[("child", "7"), ("orphan", "8")], StreamStart::TrimHorizon),
            [
                ("orphan".to_owned(), after("8")),
                ("parent".to_owned(), from(StreamStart::TrimHorizon)),
                ("old".to_owned(), from(StreamStart::TrimHorizon)),
                ("child".to_owned(), after("7"))
            ]
        );
        // A shard no longer listed is skipped, not an error.
        assert_eq!(plan(&[("gone", "1")], StreamStart::Latest).len(), 2);
    }

    #[test]
    fn a_parent_cycle_does_not_hang() {
        let shards = vec![shard("a", Some("b"), true), shard("b", Some("a"), true)];
        assert_eq!(shards_to_start(&shards, StreamStart::TrimHorizon).len(), 2);
        assert!(shards_to_start(&[], StreamStart::TrimHorizon).is_empty());
    }

    #[test]
    fn view_types_read_from_the_wire() {
        for view in StreamViewType::ALL {
            assert_eq!(StreamViewType::from_wire(view.as_str()), Some(view));
        }
        assert_eq!(StreamViewType::from_wire("NEW"), None);
    }
}
