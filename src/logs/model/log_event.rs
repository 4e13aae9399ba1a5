//! Log groups, streams and events as CloudWatch Logs describes them.

/// A log group as DescribeLogGroups lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogGroupSummary {
    pub name: String,
    pub stored_bytes: Option<i64>,
    pub retention_days: Option<i32>,
}

/// A log stream with the time of its last event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogStreamSummary {
    pub name: String,
    /// Milliseconds since the epoch.
    pub last_event_ms: Option<i64>,
    pub first_event_ms: Option<i64>,
}

/// One log event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogEvent {
    /// When the event happened, milliseconds since the epoch.
    pub timestamp_ms: i64,
    pub message: String,
    pub stream: String,
    /// CloudWatch's id for the event: stable, so followed pages are deduplicated by it.
    pub event_id: String,
}

/// What a search asks FilterLogEvents for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventQuery {
    pub start_ms: i64,
    /// `None`: up to now.
    pub end_ms: Option<i64>,
    /// A CloudWatch filter pattern; blank matches every event.
    pub pattern: String,
    /// Read from the end of the range backwards, so the first page holds the newest events
    /// and Load more goes further back (FilterLogEvents itself reads oldest first).
    pub newest_first: bool,
}

/// One page of events, oldest first as FilterLogEvents returns them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventPage {
    pub events: Vec<LogEvent>,
    /// Oldest first: FilterLogEvents' continuation.
    pub next_token: Option<String>,
    /// Newest first: the older events are those before this time, while the range goes on.
    pub older_before_ms: Option<i64>,
}

/// The window a newest-first search reads next: up to `span_ms` back from `before_ms`
/// (exclusive), never before the range's start; `None` once the range is read.
pub fn window_before(range_start_ms: i64, before_ms: i64, span_ms: i64) -> Option<(i64, i64)> {
    let end = before_ms.checked_sub(1)?;
    if end < range_start_ms {
        return None;
    }
    let start = end
        .saturating_sub(span_ms.max(1).saturating_sub(1))
        .max(range_start_ms);
    Some((start, end))
}

/// `YYYY-MM-DD HH:MM:SS.mmm` (UTC) of a time in milliseconds since the epoch.
pub fn format_utc(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let day_ms = ms.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{:03}",
        day_ms / 3_600_000,
        day_ms % 3_600_000 / 60_000,
        day_ms % 60_000 / 1000,
        day_ms % 1000
    )
}

/// The date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The day count since 1970-01-01 of a date (the inverse of [`civil_from_days`]).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_windows_walk_back_to_the_range_start() {
        assert_eq!(window_before(0, 1_000, 100), Some((900, 999)));
        assert_eq!(window_before(950, 1_000, 100), Some((950, 999)));
        assert_eq!(window_before(1_000, 1_000, 100), None, "read to the start");
        assert_eq!(window_before(0, 1, 100), Some((0, 0)));
        // Hostile numbers neither panic nor read outside the range.
        assert_eq!(window_before(i64::MIN, i64::MIN, 5), None);
        assert_eq!(
            window_before(i64::MIN, i64::MAX, i64::MAX),
            Some((0, i64::MAX - 1))
        );
        assert_eq!(
            window_before(5, 10, 0),
            Some((9, 9)),
            "an empty span reads 1 ms"
        );
        assert_eq!(window_before(5, 10, -7), Some((9, 9)));
    }

    #[test]
    fn utc_times_format_and_dates_round_trip() {
        assert_eq!(format_utc(0), "1970-01-01 00:00:00.000");
        assert_eq!(format_utc(1_714_557_600_123), "2024-05-01 10:00:00.123");
        assert_eq!(format_utc(-1), "1969-12-31 23:59:59.999");
        assert_eq!(format_utc(951_782_400_000), "2000-02-29 00:00:00.000");
        for days in [-800_000, -1, 0, 59, 11_016, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
