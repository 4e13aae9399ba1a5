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
    /// (version after the removal, old index → new index or [`super::item_store::REMOVED`]).
    maps: VecDeque<(u64, Arc<[u32]>)>,
}

impl RemovalLog {
    /// Records one removal's map.
    pub fn record(&mut self, map: Vec<u32>) {
        self.version += 1;
        self.maps.push_back((self.version, map.into()));
        while self.maps.len() > KEPT {
            self.maps.pop_front();
        }
    }

    /// Counts removals; a view keeps the version it has applied.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The maps a view at version `seen` must apply, oldest first; `None` when one of them is
    /// no longer kept (the view rebuilds).
    pub fn since(&self, seen: u64) -> Option<Vec<&[u32]>> {
        if seen == self.version {
            return Some(Vec::new());
        }
        let first_kept = self.maps.front().map_or(self.version + 1, |(v, _)| *v);
        if seen + 1 < first_kept {
            return None;
        }
        Some(
            self.maps
                .iter()
                .filter(|(v, _)| *v > seen)
                .map(|(_, map)| &**map)
                .collect(),
        )
    }
}

/// Follows `index` through `maps`: its new index, or `None` when its item was removed.
pub fn follow(index: u32, maps: &[&[u32]]) -> Option<u32> {
    maps.iter().try_fold(index, |at, map| {
        map.get(at as usize)
            .copied()
            .filter(|to| *to != crate::dynamodb::model::item_store::REMOVED)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::model::item_store::REMOVED;

    #[test]
    fn views_follow_rows_through_removals_or_rebuild_when_too_far_behind() {
        let mut log = RemovalLog::default();
        log.record(vec![0, REMOVED, 1, 2]);
        log.record(vec![REMOVED, 0, 1]);
        let maps = log.since(0).expect("kept");
        assert_eq!(follow(2, &maps), Some(0));
        assert_eq!(follow(3, &maps), Some(1));
        assert_eq!(follow(1, &maps), None);
        assert_eq!(follow(0, &maps), None);
        assert_eq!(follow(9, &maps), None, "an index past the map is gone");
        assert!(log.since(2).expect("current").is_empty());
        for _ in 0..KEPT {
            log.record(vec![0]);
        }
        assert!(log.since(0).is_none(), "too far behind: rebuild");
        assert_eq!(log.since(log.version() - 1).map(|m| m.len()), Some(1));
    }
}
