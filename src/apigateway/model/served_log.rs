//! The requests a locally served API answered, newest first and bounded, as its view lists
//! them.

use std::collections::VecDeque;
use std::time::Duration;

/// How many served requests are kept; older ones are forgotten.
pub const SERVED_LOG_LIMIT: usize = 500;

/// Who answered a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answerer {
    /// The route's function, run locally from its code folder.
    Local,
    /// The deployed function, invoked on the connection.
    Deployed,
    /// Nobody: no route, a refused request, or one that could not be run.
    Gateway,
}

impl Answerer {
    /// What the list says.
    pub fn label(self) -> &'static str {
        match self {
            Self::Local => "local",
            Self::Deployed => "deployed",
            Self::Gateway => "API Gateway",
        }
    }
}

/// One answered request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServedRequest {
    /// Counted from 1 for the server's life: the row's stable id.
    pub number: u64,
    pub epoch_ms: u64,
    pub method: String,
    /// The path and query as sent.
    pub path: String,
    /// The route reached, if any.
    pub route: Option<String>,
    pub status: u16,
    pub duration: Duration,
    pub answerer: Answerer,
    /// What went wrong, for the user: the function's error, why it could not run.
    pub error: Option<String>,
}

/// The served requests, newest first, at most [`SERVED_LOG_LIMIT`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServedLog {
    entries: VecDeque<ServedRequest>,
    served: u64,
}

impl ServedLog {
    /// Adds a request (its `number` is set here), dropping the oldest beyond the limit.
    pub fn push(&mut self, mut request: ServedRequest) {
        self.served += 1;
        request.number = self.served;
        self.entries.push_front(request);
        self.entries.truncate(SERVED_LOG_LIMIT);
    }

    /// Newest first.
    pub fn entries(&self) -> impl Iterator<Item = &ServedRequest> {
        self.entries.iter()
    }

    /// How many requests were answered since serving started (kept or not).
    pub fn served(&self) -> u64 {
        self.served
    }
}

/// `HH:MM:SS.mmm` (UTC) of a time in milliseconds since the Unix epoch.
pub fn time_of_day(epoch_ms: u64) -> String {
    let ms = epoch_ms % 1000;
    let seconds = epoch_ms / 1000 % 86_400;
    format!(
        "{:02}:{:02}:{:02}.{ms:03}",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_keeps_the_newest_and_counts_all() {
        let mut log = ServedLog::default();
        for i in 0..(SERVED_LOG_LIMIT + 20) {
            log.push(ServedRequest {
                number: 0,
                epoch_ms: i as u64,
                method: "GET".into(),
                path: format!("/{i}"),
                route: None,
                status: 404,
                duration: Duration::ZERO,
                answerer: Answerer::Gateway,
                error: None,
            });
        }
        assert_eq!(log.entries().count(), SERVED_LOG_LIMIT);
        assert_eq!(log.served(), (SERVED_LOG_LIMIT + 20) as u64);
        let newest = log.entries().next().expect("newest");
        assert_eq!(newest.number, log.served());
        assert_eq!(newest.path, format!("/{}", SERVED_LOG_LIMIT + 19));
        assert_eq!(time_of_day(1_714_557_600_123), "10:00:00.123");
        assert_eq!(time_of_day(u64::MAX), time_of_day(u64::MAX));
    }
}
