//! Where rows went when items were removed from a store, so a sorted, filtered grid can follow
//! its rows (and its selection) in one pass instead of rebuilding and re-sorting everything.

use std::collections::VecDeque;
use std::sync::Arc;

/// How many removals are kept for a view that has not caught up; one further behind rebuilds.
const KEPT: usize = 4;

/// The removals since the store was last cleared, newest last.
#[derive(Clone, Debug, Default)]
pub struct RemovalLog {
    version: u64,
    /// (version after the removal, the indexes removed, ascending). Keeping the removed
    /// indexes rather than a full old → new map keeps a removal's cost to its size: deleting
    /// 1,000 rows of 1,000,000 records 1,000 numbers.
    removed: VecDeque<(u64, Arc<[u32]>)>,
}

impl RemovalLog {
    /// Records one removal: the indexes removed, ascending.
    pub fn record(&mut self, removed: Arc<[u32]>) {
        self.version += 1;
        self.removed.push_back((self.version, removed));
        while self.removed.len() > KEPT {
            self.removed.pop_front();
        }
    }

    /// Counts removals; a view keeps the version it has applied.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The removals a view at version `seen` must apply, oldest first; `None` when one of them
    /// is no longer kept (the view rebuilds).
    pub fn since(&self, seen: u64) -> Option<Vec<&[u32]>> {
        if seen == self.version {
            return Some(Vec::new());
        }
        let first_kept = self.removed.front().map_or(self.version + 1, |(v, _)| *v);
        if seen + 1 < first_kept {
            return None;
        }
        Some(
            self.removed
                .iter()
                .filter(|(v, _)| *v > seen)
                .map(|(_, removed)| &**removed)
                .collect(),
        )
    }
}

/// Follows `index` through the removals: its new index, or `None` when its item was removed.
/// Each step is a binary search in that removal's indexes.
pub fn follow(index: u32, removals: &[&[u32]]) -> Option<u32> {
    removals
        .iter()
        .try_fold(index, |at, removed| match removed.binary_search(&at) {
            Ok(_) => None,
            Err(below) => Some(at - below as u32),
        })
}

/// How many of the first `count` items remain after the removals (their new count).
pub fn remaining(count: u32, removals: &[&[u32]]) -> u32 {
    removals.iter().fold(count, |at, removed| {
        at - removed.partition_point(|r| *r < at) as u32
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_follow_rows_through_removals_or_rebuild_when_too_far_behind() {
        let mut log = RemovalLog::default();
        // Items 0..4; remove 1 and 3 (0, 2 become 0, 1), then remove the new 0.
        log.record(vec![1, 3].into());
        log.record(vec![0].into());
        let removals = log.since(0).expect("kept");
        assert_eq!(follow(2, &removals), Some(0));
        assert_eq!(follow(4, &removals), Some(1));
        assert_eq!(follow(1, &removals), None);
        assert_eq!(follow(0, &removals), None);
        assert_eq!(remaining(4, &removals), 1);
        assert_eq!(remaining(2, &removals), 0);
        assert!(log.since(2).expect("current").is_empty());
        for _ in 0..KEPT {
            log.record(vec![0].into());
        }
        assert!(log.since(0).is_none(), "too far behind: rebuild");
        assert_eq!(log.since(log.version() - 1).map(|m| m.len()), Some(1));
    }
}
