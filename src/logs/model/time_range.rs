//! The time range of a log search: the last 5 minutes, hour or day, or typed UTC times.

use super::log_event::days_from_civil;

/// Which events a search covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeRange {
    Last5Minutes,
    LastHour,
    Last24Hours,
    /// From and to as typed (`YYYY-MM-DD HH:MM[:SS]`, UTC).
    Custom,
}

impl TimeRange {
    pub const ALL: [Self; 4] = [
        Self::Last5Minutes,
        Self::LastHour,
        Self::Last24Hours,
        Self::Custom,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Last5Minutes => "Last 5 minutes",
            Self::LastHour => "Last hour",
            Self::Last24Hours => "Last 24 hours",
            Self::Custom => "Custom (UTC)",
        }
    }

    /// Start and end in milliseconds (`None`: up to now), or why the typed times are wrong.
    pub fn bounds(self, now_ms: i64, from: &str, to: &str) -> Result<(i64, Option<i64>), String> {
        let minutes = |m: i64| Ok((now_ms - m * 60_000, None));
        match self {
            Self::Last5Minutes => minutes(5),
            Self::LastHour => minutes(60),
            Self::Last24Hours => minutes(24 * 60),
            Self::Custom => {
                let start = parse_utc(from).map_err(|e| format!("From: {e}"))?;
                let end = if to.trim().is_empty() {
                    None
                } else {
                    Some(parse_utc(to).map_err(|e| format!("To: {e}"))?)
                };
                if end.is_some_and(|end| end < start) {
                    return Err("To is before From".to_owned());
                }
                Ok((start, end))
            }
        }
    }
}

/// Reads `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS` (a `T` may replace the
/// space, a trailing `Z` is allowed) as UTC milliseconds since the epoch.
pub fn parse_utc(text: &str) -> Result<i64, String> {
    let text = text.trim().trim_end_matches(['Z', 'z']);
    let wrong = || format!("{text:?} is not a time like 2024-05-01 10:00 (UTC)");
    let (date, time) = match text.split_once([' ', 'T']) {
        Some((date, time)) => (date, time.trim()),
        None => (text, ""),
    };
    let number = |s: &str| -> Result<i64, String> {
        if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(wrong());
        }
        s.parse::<i64>().map_err(|_| wrong())
    };
    let mut parts = date.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(wrong());
    };
    let (year, month, day) = (number(y)?, number(m)?, number(d)?);
    if y.len() != 4 || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(wrong());
    }
    let days = days_from_civil(year, month as u32, day as u32);
    if super::log_event::civil_from_days(days) != (year, month as u32, day as u32) {
        return Err(format!("{date} is not a date"));
    }
    let mut clock = [0i64; 3];
    if !time.is_empty() {
        let fields: Vec<&str> = time.split(':').collect();
        if !(2..=3).contains(&fields.len()) {
            return Err(wrong());
        }
        for (slot, field) in clock.iter_mut().zip(&fields) {
            *slot = number(field)?;
        }
        if clock[0] > 23 || clock[1] > 59 || clock[2] > 59 {
            return Err(wrong());
        }
    }
    Ok(((days * 24 + clock[0]) * 60 + clock[1]) * 60_000 + clock[2] * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_end_now_or_at_the_typed_time() {
        let now = 1_714_557_600_000;
        assert_eq!(
            TimeRange::Last5Minutes.bounds(now, "", ""),
            Ok((now - 300_000, None))
        );
        assert_eq!(
            TimeRange::Last24Hours.bounds(now, "x", "y"),
            Ok((now - 86_400_000, None))
        );
        assert_eq!(
            TimeRange::Custom.bounds(now, "2024-05-01 10:00", "2024-05-01T10:00:30Z"),
            Ok((now, Some(now + 30_000)))
        );
        assert_eq!(
            TimeRange::Custom.bounds(now, "2024-05-01", ""),
            Ok((now - 36_000_000, None))
        );
        assert!(
            TimeRange::Custom
                .bounds(now, "2024-05-02", "2024-05-01")
                .is_err()
        );
        assert!(
            TimeRange::Custom
                .bounds(now, "", "")
                .is_err_and(|e| e.starts_with("From:"))
        );
    }

    #[test]
    fn odd_times_are_refused_not_guessed() {
        for bad in [
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "24-05-01",
            "2024-05-01 24:00",
            "2024-05-01 10",
            "2024-05-01 10:00:00:00",
            "2024-05-01 10:60",
            "2024-05-01 +1:00",
            "２０２４-05-01",
            "2024-05-01-01",
            "99999-01-01",
            "",
        ] {
            assert!(parse_utc(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse_utc("2024-02-29 23:59:59"), Ok(1_709_251_199_000));
        assert_eq!(parse_utc("1970-01-01"), Ok(0));
    }
}
