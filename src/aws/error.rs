//! Turns SDK errors into [`ServiceError`]s a user can read.

use std::error::Error as StdError;
use std::fmt::Debug;

use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use crate::model::{ErrorKind, ServiceError};

/// Service error codes, lower-cased, mapped to what they mean for the user.
const CODE_KINDS: &[(&str, ErrorKind)] = &[
    ("unrecognizedclientexception", ErrorKind::InvalidCredentials),
    ("invalidclienttokenid", ErrorKind::InvalidCredentials),
    ("invalidsignatureexception", ErrorKind::InvalidCredentials),
    ("signaturedoesnotmatch", ErrorKind::InvalidCredentials),
    ("expiredtokenexception", ErrorKind::InvalidCredentials),
    ("expiredtoken", ErrorKind::InvalidCredentials),
    ("accessdeniedexception", ErrorKind::AccessDenied),
    ("accessdenied", ErrorKind::AccessDenied),
    ("forbiddenexception", ErrorKind::AccessDenied),
    ("unauthorizedoperation", ErrorKind::AccessDenied),
    ("throttlingexception", ErrorKind::Throttled),
    ("throttling", ErrorKind::Throttled),
    ("toomanyrequestsexception", ErrorKind::Throttled),
    (
        "provisionedthroughputexceededexception",
        ErrorKind::Throttled,
    ),
    ("requestlimitexceeded", ErrorKind::Throttled),
    ("resourcenotfoundexception", ErrorKind::NotFound),
    ("notfoundexception", ErrorKind::NotFound),
];

/// Classifies any SDK error of any of our three services.
pub fn classify<E, R>(operation: &str, error: &SdkError<E, R>) -> ServiceError
where
    E: ProvideErrorMetadata + StdError + 'static,
    R: Debug + 'static,
{
    let chain = DisplayErrorContext(error).to_string();
    let (kind, message) = match error {
        SdkError::ServiceError(context) => {
            let service_error = context.err();
            let code = service_error.code().unwrap_or_default();
            let message = service_error
                .message()
                .map_or_else(|| code.to_owned(), ToOwned::to_owned);
            let kind = kind_for_code(code);
            let message = if code.is_empty() || message == code {
                message
            } else {
                format!("{code}: {message}")
            };
            (kind, message)
        }
        SdkError::TimeoutError(_) => (ErrorKind::Unreachable, "the request timed out".to_owned()),
        SdkError::DispatchFailure(failure) if credentials_problem(&chain).is_none() => {
            let kind = if failure.is_io() || failure.is_timeout() {
                ErrorKind::Unreachable
            } else {
                ErrorKind::Other
            };
            (kind, innermost_message(error))
        }
        _ => (
            credentials_problem(&chain).unwrap_or(ErrorKind::Other),
            innermost_message(error),
        ),
    };
    ServiceError::new(operation, kind, message)
}

fn kind_for_code(code: &str) -> ErrorKind {
    let code = code.to_ascii_lowercase();
    CODE_KINDS
        .iter()
        .find(|(known, _)| *known == code)
        .map_or(ErrorKind::Service, |(_, kind)| *kind)
}

/// Credential failures surface as construction or dispatch failures; their text tells which.
fn credentials_problem(chain: &str) -> Option<ErrorKind> {
    let chain = chain.to_lowercase();
    let about_credentials =
        chain.contains("credential") || chain.contains("sso") || chain.contains("token");
    if !about_credentials {
        return None;
    }
    if chain.contains("expired") || chain.contains("invalid") || chain.contains("sso") {
        Some(ErrorKind::InvalidCredentials)
    } else {
        Some(ErrorKind::MissingCredentials)
    }
}

/// The most specific message of an error chain, e.g. "Connection refused (os error 111)".
/// Outer layers of SDK errors say little ("dispatch failure"); the innermost says why.
fn innermost_message(error: &(dyn StdError + 'static)) -> String {
    let mut messages = vec![error.to_string()];
    let mut current = error.source();
    while let Some(source) = current {
        messages.push(source.to_string());
        current = source.source();
    }
    let useful: Vec<&String> = messages
        .iter()
        .filter(|m| !m.is_empty() && !m.ends_with("failure") && m.as_str() != "io error")
        .collect();
    useful
        .last()
        .or(messages.last().as_ref())
        .map_or_else(String::new, |m| (*m).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_case_insensitively() {
        assert_eq!(
            kind_for_code("AccessDeniedException"),
            ErrorKind::AccessDenied
        );
        assert_eq!(
            kind_for_code("ProvisionedThroughputExceededException"),
            ErrorKind::Throttled
        );
        assert_eq!(
            kind_for_code("UnrecognizedClientException"),
            ErrorKind::InvalidCredentials
        );
        assert_eq!(kind_for_code("ValidationException"), ErrorKind::Service);
        assert_eq!(kind_for_code(""), ErrorKind::Service);
    }

    #[test]
    fn credential_chains_are_recognised() {
        assert_eq!(
            credentials_problem("dispatch failure: no credentials in the property bag"),
            Some(ErrorKind::MissingCredentials)
        );
        assert_eq!(
            credentials_problem("failed to load credentials: the SSO session has expired"),
            Some(ErrorKind::InvalidCredentials)
        );
        assert_eq!(
            credentials_problem("Connection refused (os error 111)"),
            None
        );
    }
}
