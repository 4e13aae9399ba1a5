//! Waiting for an asynchronous AWS change (a table being created or deleted) by asking again
//! with a growing pause, so emulators, which finish at once, answer within a poll or two.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::shared::model::ServiceError;

/// How often to ask, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollSchedule {
    pub first_delay: Duration,
    /// Pauses double up to this.
    pub max_delay: Duration,
    /// Give up after this long in all.
    pub timeout: Duration,
}

impl PollSchedule {
    /// Table creation and deletion: minutes on AWS for large tables with many indexes.
    pub const TABLE_CHANGES: Self = Self {
        first_delay: Duration::from_millis(250),
        max_delay: Duration::from_secs(2),
        timeout: Duration::from_secs(5 * 60),
    };

    /// The pause after `delay`: doubled, at most `max_delay`.
    fn next_delay(&self, delay: Duration) -> Duration {
        delay.saturating_mul(2).min(self.max_delay)
    }
}

/// Calls `check` until it returns `Some`, pausing between calls as `schedule` says. An error
/// from `check` ends the wait at once; running out of time returns `timed_out()`.
pub async fn poll_until<T, F, Fut>(
    schedule: &PollSchedule,
    mut check: F,
    timed_out: impl FnOnce() -> ServiceError,
) -> Result<T, ServiceError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>, ServiceError>>,
{
    let deadline = Instant::now() + schedule.timeout;
    let mut delay = schedule.first_delay;
    loop {
        if let Some(done) = check().await? {
            return Ok(done);
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(timed_out());
        }
        tokio::time::sleep(delay.min(deadline - now)).await;
        delay = schedule.next_delay(delay);
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::shared::model::ErrorKind;

    const QUICK: PollSchedule = PollSchedule {
        first_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(4),
        timeout: Duration::from_millis(200),
    };

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime")
    }

    fn timed_out() -> ServiceError {
        ServiceError::new("Wait", ErrorKind::Other, "timed out")
    }

    #[test]
    fn pauses_double_up_to_the_maximum() {
        let schedule = PollSchedule::TABLE_CHANGES;
        let mut delay = schedule.first_delay;
        let mut delays = Vec::new();
        for _ in 0..6 {
            delays.push(delay.as_millis());
            delay = schedule.next_delay(delay);
        }
        assert_eq!(delays, [250, 500, 1000, 2000, 2000, 2000]);
    }

    #[test]
    fn returns_as_soon_as_the_check_passes() {
        let calls = Cell::new(0);
        let result = runtime().block_on(poll_until(
            &QUICK,
            || {
                calls.set(calls.get() + 1);
                let n = calls.get();
                async move { Ok((n == 3).then_some(n)) }
            },
            timed_out,
        ));
        assert_eq!(result, Ok(3));
    }

    #[test]
    fn an_error_ends_the_wait() {
        let failure = ServiceError::new("DescribeTable", ErrorKind::AccessDenied, "no");
        let result: Result<(), _> = runtime().block_on(poll_until(
            &QUICK,
            || {
                let failure = failure.clone();
                async move { Err(failure) }
            },
            timed_out,
        ));
        assert_eq!(result, Err(failure));
    }

    #[test]
    fn gives_up_after_the_timeout() {
        let result: Result<(), _> =
            runtime().block_on(poll_until(&QUICK, || async { Ok(None) }, timed_out));
        assert_eq!(result, Err(timed_out()));
    }
}
