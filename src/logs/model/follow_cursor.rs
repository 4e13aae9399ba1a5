//! Following a log group by polling: where the next poll starts, which events were already
//! shown, and how long to wait before asking again.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Duration;

use super::log_event::LogEvent;

/// Events can be ingested a little after their timestamp: each poll looks back this far and
/// drops what it already showed.
pub const LOOK_BACK_MS: i64 = 30_000;

/// The first and the longest pause between polls.
pub const MIN_POLL: Duration = Duration::from_secs(1);
pub const MAX_POLL: Duration = Duration::from_secs(8);

/// What a follower has seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowCursor {
    /// The newest event timestamp seen, or where following started.
    newest_ms: i64,
    /// Where following started: older events were shown before (or never asked for).
    floor_ms: i64,
    /// The events seen within the look-back window (by [`fingerprint`]), with their
    /// timestamps. Not by event id: live tail events have none, and a follower switching
    /// from live tail to polling must not show the same line twice.
    seen: HashMap<u64, i64>,
    pause: Duration,
}

impl FollowCursor {
    /// A cursor showing events from `start_ms` on (none older, however late they arrive).
    pub fn new(start_ms: i64) -> Self {
        Self {
            newest_ms: start_ms,
            floor_ms: start_ms,
            seen: HashMap::new(),
            pause: MIN_POLL,
        }
    }

    /// Where the next poll starts.
    pub fn query_from(&self) -> i64 {
        self.newest_ms.saturating_sub(LOOK_BACK_MS)
    }

    /// Keeps the events not seen before, in order, and remembers them.
    pub fn fresh(&mut self, events: Vec<LogEvent>) -> Vec<LogEvent> {
        let mut fresh = Vec::new();
        // The same line written twice in the same millisecond is two events: count repeats.
        let mut repeats: HashMap<u64, u32> = HashMap::new();
        for event in events {
            let base = fingerprint(&event, 0);
            let repeat = repeats.entry(base).or_default();
            let key = fingerprint(&event, *repeat);
            *repeat += 1;
            if event.timestamp_ms < self.floor_ms || self.seen.contains_key(&key) {
                continue;
            }
            self.newest_ms = self.newest_ms.max(event.timestamp_ms);
            self.seen.insert(key, event.timestamp_ms);
            fresh.push(event);
        }
        let from = self.query_from();
        self.seen.retain(|_, ms| *ms >= from);
        fresh
    }

    /// The pause before the next poll: short again after events, doubling while idle.
    pub fn next_pause(&mut self, got_events: bool) -> Duration {
        self.pause = if got_events {
            MIN_POLL
        } else {
            (self.pause * 2).min(MAX_POLL)
        };
        self.pause
    }
}

/// What identifies an event across polls and live tail: its stream, time and text, and
/// which repeat of that line it is within one batch.
fn fingerprint(event: &LogEvent, repeat: u32) -> u64 {
    let mut hasher = DefaultHasher::new();
    (&event.stream, event.timestamp_ms, &event.message, repeat).hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, ms: i64) -> LogEvent {
        LogEvent {
            timestamp_ms: ms,
            message: id.to_owned(),
            stream: "s".to_owned(),
            event_id: id.to_owned(),
        }
    }

    #[test]
    fn overlapping_polls_show_each_event_once() {
        let mut cursor = FollowCursor::new(99_000);
        assert!(
            cursor.fresh(vec![event("before", 98_999)]).is_empty(),
            "shown already"
        );
        assert_eq!(cursor.query_from(), 69_000);
        let first = cursor.fresh(vec![event("a", 100_500), event("b", 101_000)]);
        assert_eq!(first.len(), 2);
        // The next poll looks back and sees both again, plus a late one older than b.
        let second = cursor.fresh(vec![
            event("a", 100_500),
            event("late", 99_000),
            event("b", 101_000),
            event("c", 102_000),
        ]);
        let ids: Vec<_> = second.iter().map(|e| e.event_id.as_str()).collect();
        assert_eq!(ids, ["late", "c"]);
        assert_eq!(cursor.query_from(), 72_000);
        assert!(cursor.fresh(Vec::new()).is_empty());
        // Hostile timestamps neither panic nor move the cursor backwards.
        cursor.fresh(vec![event("min", i64::MIN)]);
        assert_eq!(cursor.query_from(), 72_000);
        let mut far = FollowCursor::new(i64::MIN);
        assert_eq!(far.query_from(), i64::MIN);
        assert_eq!(far.fresh(vec![event("max", i64::MAX)]).len(), 1);
        assert_eq!(far.query_from(), i64::MAX - LOOK_BACK_MS);
    }

    #[test]
    fn live_events_without_ids_are_not_shown_again_by_a_poll() {
        let mut cursor = FollowCursor::new(0);
        let mut live = event("x", 5_000);
        live.event_id = String::new();
        let mut twice = live.clone();
        twice.event_id = String::new();
        assert_eq!(
            cursor.fresh(vec![live, twice]).len(),
            2,
            "a line written twice"
        );
        // The poll after the live session ends reads the same two lines with their ids.
        let polled = cursor.fresh(vec![
            event("x", 5_000),
            event("x", 5_000),
            event("y", 5_001),
        ]);
        let ids: Vec<_> = polled.iter().map(|e| e.event_id.as_str()).collect();
        assert_eq!(ids, ["y"]);
    }

    #[test]
    fn idle_polls_back_off_and_events_reset_the_pause() {
        let mut cursor = FollowCursor::new(0);
        let pauses: Vec<_> = (0..5).map(|_| cursor.next_pause(false)).collect();
        assert_eq!(
            pauses,
            [2, 4, 8, 8, 8].map(Duration::from_secs),
            "doubling up to the longest pause"
        );
        assert_eq!(cursor.next_pause(true), MIN_POLL);
    }
}
