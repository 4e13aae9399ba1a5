//! A background request whose last result stays visible while a refresh is under way.

use poll_promise::Promise;

use crate::shared::model::ServiceError;

/// What a request yields: the value or a readable error.
pub type Outcome<T> = Result<T, ServiceError>;

/// Holds the last value, the last error and the request in flight, if any.
///
/// Modelled on rerun's `RequestedObject`, with one difference: a completed value is kept while
/// the next request runs, so a refresh never blanks the screen.
pub struct Request<T: Send + 'static> {
    /// The AWS operation, shown in the status line while pending.
    operation: &'static str,
    value: Option<T>,
    error: Option<ServiceError>,
    pending: Option<Promise<Outcome<T>>>,
    /// When the call in flight started, for the log.
    started: Option<std::time::Instant>,
}

impl<T: Send + 'static> Request<T> {
    pub fn new(operation: &'static str) -> Self {
        Self {
            operation,
            value: None,
            error: None,
            pending: None,
            started: None,
        }
    }

    /// Starts tracking a new call; a call still in flight is forgotten (its answer is dropped).
    pub fn start(&mut self, promise: Promise<Outcome<T>>) {
        tracing::debug!(operation = self.operation, "started");
        self.pending = Some(promise);
        self.started = Some(std::time::Instant::now());
    }

    /// [`Self::start`] under another operation's name, for one slot two operations share
    /// (Invoke and Invoke locally): the status line and the pending label say which runs.
    pub fn start_as(&mut self, operation: &'static str, promise: Promise<Outcome<T>>) {
        self.operation = operation;
        self.start(promise);
    }

    fn elapsed_ms(&self) -> u128 {
        self.started.map_or(0, |s| s.elapsed().as_millis())
    }

    /// Moves a finished call's outcome into place. Returns true when something changed.
    pub fn poll(&mut self) -> bool {
        let Some(promise) = self.pending.take() else {
            return false;
        };
        match promise.try_take() {
            Ok(Ok(value)) => {
                tracing::info!(operation = self.operation, ms = self.elapsed_ms(), "done");
                self.value = Some(value);
                self.error = None;
                true
            }
            Ok(Err(error)) => {
                tracing::warn!(
                    operation = self.operation,
                    ms = self.elapsed_ms(),
                    error = %error,
                    "failed"
                );
                self.error = Some(error);
                true
            }
            Err(promise) => {
                self.pending = Some(promise);
                false
            }
        }
    }

    /// Forgets everything, e.g. when the connection changes and old results would mislead.
    pub fn reset(&mut self) {
        *self = Self::new(self.operation);
    }

    pub fn operation(&self) -> &'static str {
        self.operation
    }

    pub fn value(&self) -> Option<&T> {
        self.value.as_ref()
    }

    pub fn value_mut(&mut self) -> Option<&mut T> {
        self.value.as_mut()
    }

    /// The last finished call's outcome: its error if it failed (even when an older value is
    /// still kept for display), else its value. Writes apply only this, so a failed write is
    /// never taken for the previous one's success.
    pub fn latest(&self) -> Option<Result<&T, &ServiceError>> {
        match (&self.error, &self.value) {
            (Some(error), _) => Some(Err(error)),
            (None, Some(value)) => Some(Ok(value)),
            (None, None) => None,
        }
    }

    /// The error of the last finished call, if it failed.
    pub fn error(&self) -> Option<&ServiceError> {
        self.error.as_ref()
    }

    /// The operation while a call is in flight, for the status line.
    pub fn pending_operation(&self) -> Option<&'static str> {
        self.is_pending().then_some(self.operation)
    }

    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Never requested: neither a value, an error nor a call in flight.
    pub fn is_idle(&self) -> bool {
        self.value.is_none() && self.error.is_none() && self.pending.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::model::ErrorKind;

    #[test]
    fn previous_value_survives_a_pending_refresh_and_a_failure() {
        let mut request: Request<u32> = Request::new("ListTables");
        assert!(request.is_idle());
        request.start(Promise::from_ready(Ok(1)));
        assert!(request.poll());
        assert_eq!(request.value(), Some(&1));

        let (sender, promise) = Promise::new();
        request.start(promise);
        assert!(!request.poll());
        assert!(request.is_pending());
        assert_eq!(request.value(), Some(&1), "old value stays during refresh");

        sender.send(Err(ServiceError::new(
            "ListTables",
            ErrorKind::Unreachable,
            "refused",
        )));
        assert!(request.poll());
        assert_eq!(request.value(), Some(&1), "old value stays after a failure");
        assert_eq!(
            request.error().map(|e| e.kind),
            Some(ErrorKind::Unreachable)
        );

        request.start(Promise::from_ready(Ok(2)));
        request.poll();
        assert_eq!(request.value(), Some(&2));
        assert!(request.error().is_none(), "success clears the error");
    }

    #[test]
    fn a_shared_slot_names_the_operation_in_flight() {
        let mut request: Request<u32> = Request::new("Invoke");
        let (_sender, promise) = Promise::new();
        request.start_as("Invoke locally", promise);
        assert_eq!(request.pending_operation(), Some("Invoke locally"));
        request.start_as("Invoke", Promise::from_ready(Ok(1)));
        assert_eq!(request.pending_operation(), Some("Invoke"));
        request.poll();
        assert_eq!(request.pending_operation(), None);
    }

    #[test]
    fn a_superseded_call_is_dropped() {
        let mut request: Request<u32> = Request::new("GetApis");
        let (old_sender, old) = Promise::new();
        request.start(old);
        request.start(Promise::from_ready(Ok(7)));
        old_sender.send(Ok(99));
        request.poll();
        assert_eq!(request.value(), Some(&7));
    }
}
