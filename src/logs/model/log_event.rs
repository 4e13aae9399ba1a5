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
}

/// One page of events, oldest first as FilterLogEvents returns them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventPage {
    pub events: Vec<LogEvent>,
    pub next_token: Option<String>,
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
