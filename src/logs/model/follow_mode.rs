//! How a log follower reads new events: a StartLiveTail session where the endpoint offers
//! one, else polling FilterLogEvents. Pure, so the choice and its fallback are unit-tested.

use std::time::Duration;

use crate::shared::model::{ErrorKind, ServiceError};

/// A live session shorter than this that ends on its own is not retried: the endpoint keeps
/// closing it, so polling is steadier.
pub const SHORTEST_LIVE_SESSION: Duration = Duration::from_secs(10);

/// How new events are read, as the follow bar tells the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FollowMode {
    /// StartLiveTail is asked for (the next session, or the first).
    TryLiveTail,
    /// A live tail session delivers events as they are written.
    LiveTail,
    /// FilterLogEvents is polled with backoff; `reason` says why live tail is not used.
    Polling { reason: String },
}

/// What to do after StartLiveTail failed or a session ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AfterLiveTail {
    /// Keep the mode and start another live session (after a catch-up poll).
    Retry,
    /// Poll from now on.
    Poll(FollowMode),
    /// Stop following: polling would fail the same way.
    Stop(ServiceError),
}

impl FollowMode {
    /// StartLiveTail could not start. An endpoint without it (an emulator answering with an
    /// unknown operation or a 404, a custom endpoint whose `streaming-` host does not resolve),
    /// a role allowed FilterLogEvents only, or the session quota reached: poll instead. Only
    /// missing or rejected credentials stop, as a poll would fail alike.
    pub fn start_failed(&mut self, error: ServiceError) -> AfterLiveTail {
        match error.kind {
            ErrorKind::MissingCredentials | ErrorKind::InvalidCredentials => {
                AfterLiveTail::Stop(error)
            }
            ErrorKind::Unreachable
            | ErrorKind::AccessDenied
            | ErrorKind::Throttled
            | ErrorKind::NotFound
            | ErrorKind::ReadOnly
            | ErrorKind::Conflict
            | ErrorKind::Service
            | ErrorKind::Other => self.poll(format!("live tail unavailable: {error}")),
        }
    }

    /// A live session ended after `lasted` (AWS closes them after three hours), with the
    /// stream's error if it failed. Long sessions are started again; short ones mean polling.
    pub fn session_ended(
        &mut self,
        lasted: Duration,
        error: Option<ServiceError>,
    ) -> AfterLiveTail {
        if lasted >= SHORTEST_LIVE_SESSION {
            *self = Self::TryLiveTail;
            return AfterLiveTail::Retry;
        }
        let reason = match error {
            Some(error) => format!("live tail kept closing: {error}"),
            None => "live tail kept closing".to_owned(),
        };
        self.poll(reason)
    }

    fn poll(&mut self, reason: String) -> AfterLiveTail {
        *self = Self::Polling { reason };
        AfterLiveTail::Poll(self.clone())
    }

    /// Whether the next read is a live session.
    pub fn wants_live_tail(&self) -> bool {
        match self {
            Self::TryLiveTail | Self::LiveTail => true,
            Self::Polling { .. } => false,
        }
    }

    /// One line for the follow bar.
    pub fn describe(&self) -> String {
        match self {
            Self::TryLiveTail => "Starting live tail…".to_owned(),
            Self::LiveTail => "Live tail (StartLiveTail)".to_owned(),
            Self::Polling { reason } => {
                format!("Polling FilterLogEvents every 1–8 s ({reason})")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(kind: ErrorKind, message: &str) -> ServiceError {
        ServiceError::new("StartLiveTail", kind, message)
    }

    #[test]
    fn an_endpoint_without_live_tail_falls_back_to_polling() {
        for kind in [
            ErrorKind::Unreachable,
            ErrorKind::Service,
            ErrorKind::Other,
            ErrorKind::AccessDenied,
            ErrorKind::Throttled,
            ErrorKind::NotFound,
        ] {
            let mut mode = FollowMode::TryLiveTail;
            assert!(mode.wants_live_tail());
            let next = mode.start_failed(error(kind, "UnknownOperationException"));
            assert!(matches!(next, AfterLiveTail::Poll(_)), "{kind:?}");
            assert!(!mode.wants_live_tail(), "{kind:?} polls for good");
            assert!(
                mode.describe().contains("UnknownOperationException"),
                "the reason is shown: {}",
                mode.describe()
            );
        }
    }

    #[test]
    fn credentials_failures_stop_rather_than_poll() {
        for kind in [ErrorKind::MissingCredentials, ErrorKind::InvalidCredentials] {
            let mut mode = FollowMode::TryLiveTail;
            let next = mode.start_failed(error(kind, "expired"));
            assert_eq!(next, AfterLiveTail::Stop(error(kind, "expired")));
        }
    }

    #[test]
    fn long_sessions_restart_and_short_ones_fall_back() {
        let mut mode = FollowMode::LiveTail;
        assert_eq!(
            mode.session_ended(Duration::from_secs(3 * 3600), None),
            AfterLiveTail::Retry
        );
        assert_eq!(mode, FollowMode::TryLiveTail);
        mode = FollowMode::LiveTail;
        let next = mode.session_ended(
            Duration::from_millis(5),
            Some(error(ErrorKind::Service, "SessionStreamingException")),
        );
        assert!(matches!(next, AfterLiveTail::Poll(_)));
        assert!(mode.describe().contains("SessionStreamingException"));
        assert!(!mode.wants_live_tail());
    }
}
