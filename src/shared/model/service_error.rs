//! A failed AWS call, reduced to what a user needs to read and act on.

/// Why a call failed, as far as the user can do something about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// No credentials could be found for this connection.
    MissingCredentials,
    /// Credentials were found but are expired or invalid (including an expired SSO session).
    InvalidCredentials,
    /// The endpoint could not be reached (refused, DNS, timeout).
    Unreachable,
    /// The caller is not allowed to do this.
    AccessDenied,
    /// AWS asked us to slow down.
    Throttled,
    /// The resource does not exist (any more).
    NotFound,
    /// The connection is read-only and the call would write.
    ReadOnly,
    /// A conditional write found the item changed since it was loaded.
    Conflict,
    /// Anything else the service answered.
    Service,
    /// Anything else.
    Other,
}

/// A failed call: which operation, what kind of failure, and the service's own words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{operation} failed: {message}")]
pub struct ServiceError {
    /// The AWS operation, e.g. `ListTables`.
    pub operation: String,
    pub kind: ErrorKind,
    /// The service's message or the transport error, on one line.
    pub message: String,
    /// The profile in use, so a credentials hint can name the exact command to run.
    pub profile: Option<String>,
}

impl ServiceError {
    pub fn new(operation: impl Into<String>, kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            operation: operation.into(),
            kind,
            message: message.into(),
            profile: None,
        }
    }

    /// A headline a user reads first.
    pub fn headline(&self) -> String {
        let what = match self.kind {
            ErrorKind::MissingCredentials => "no AWS credentials found",
            ErrorKind::InvalidCredentials => "credentials rejected or expired",
            ErrorKind::Unreachable => "endpoint unreachable",
            ErrorKind::AccessDenied => "access denied",
            ErrorKind::Throttled => "throttled by AWS",
            ErrorKind::NotFound => "not found",
            ErrorKind::ReadOnly => "blocked: this connection is read-only",
            ErrorKind::Conflict => "conflict: the item changed since it was loaded",
            ErrorKind::Service | ErrorKind::Other => "error",
        };
        format!("{} failed: {what}", self.operation)
    }

    /// A shell command that fixes the problem, when there is one (e.g. `aws sso login`).
    pub fn fix_command(&self) -> Option<String> {
        if self.kind != ErrorKind::InvalidCredentials {
            return None;
        }
        let profile_flag = self
            .profile
            .as_deref()
            .map(|p| format!(" --profile {p}"))
            .unwrap_or_default();
        Some(format!("aws sso login{profile_flag}"))
    }

    /// What the user can do about it, when we know.
    pub fn hint(&self) -> Option<String> {
        let profile_flag = self
            .profile
            .as_deref()
            .map(|p| format!(" --profile {p}"))
            .unwrap_or_default();
        match self.kind {
            ErrorKind::MissingCredentials => Some(
                "Pick a profile in the connection bar, run `aws configure`, or set \
                 AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Local emulators accept any keys."
                    .to_owned(),
            ),
            ErrorKind::InvalidCredentials if self.message.to_lowercase().contains("sso") => {
                Some(format!("Sign in again: aws sso login{profile_flag}"))
            }
            ErrorKind::InvalidCredentials => Some(format!(
                "Refresh the credentials of this profile (for SSO: aws sso login{profile_flag})."
            )),
            ErrorKind::Unreachable => Some(
                "Check the endpoint URL and that the service (or emulator) is running.".to_owned(),
            ),
            ErrorKind::AccessDenied => {
                Some("The identity in use lacks the IAM permission for this call.".to_owned())
            }
            ErrorKind::Throttled => Some("Wait a moment and retry.".to_owned()),
            ErrorKind::ReadOnly => Some(
                "Writes are disabled for this connection; clear read-only in the connection bar."
                    .to_owned(),
            ),
            ErrorKind::Conflict => Some(
                "Nothing was overwritten. Reload to see the stored item, or overwrite it explicitly."
                    .to_owned(),
            ),
            ErrorKind::NotFound | ErrorKind::Service | ErrorKind::Other => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_names_the_operation() {
        let err = ServiceError::new("ListTables", ErrorKind::Unreachable, "connection refused");
        assert_eq!(err.headline(), "ListTables failed: endpoint unreachable");
        assert_eq!(err.to_string(), "ListTables failed: connection refused");
    }

    #[test]
    fn sso_hint_names_the_profile() {
        let mut err = ServiceError::new(
            "ListFunctions",
            ErrorKind::InvalidCredentials,
            "the SSO session has expired",
        );
        err.profile = Some("dev".into());
        assert_eq!(
            err.hint().as_deref(),
            Some("Sign in again: aws sso login --profile dev")
        );
        assert_eq!(
            err.fix_command().as_deref(),
            Some("aws sso login --profile dev")
        );
        let unreachable = ServiceError::new("GetApis", ErrorKind::Unreachable, "refused");
        assert_eq!(unreachable.fix_command(), None);
    }
}
