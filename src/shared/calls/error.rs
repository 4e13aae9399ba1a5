//! Turns SDK errors into [`ServiceError`]s a user can read.

use std::error::Error as StdError;

use aws_sdk_dynamodb::config::http::HttpResponse;
use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use crate::shared::model::ErrorKind;

use crate::shared::model::ServiceError;

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
    // moto's DescribeTimeToLive drops the suffix.
    ("resourcenotfound", ErrorKind::NotFound),
    ("notfoundexception", ErrorKind::NotFound),
];

/// Classifies any SDK error of any of our three services.
pub fn classify<E>(operation: &str, error: &SdkError<E, HttpResponse>) -> ServiceError
where
    E: ProvideErrorMetadata + StdError + 'static,
{
    let chain = DisplayErrorContext(error).to_string();
    let (kind, message) = match error {
        SdkError::ServiceError(context) => {
            let service_error = context.err();
            let raw = context.raw();
            // When the SDK could not parse the error body (some emulators answer JSON
            // protocols in XML), read the code and message from the body ourselves.
            let from_body = || error_from_body(raw.body().bytes().unwrap_or_default());
            let (code, message) = match (service_error.code(), service_error.message()) {
                (Some(code), message) => (code.to_owned(), message.map(ToOwned::to_owned)),
                (None, Some(message)) => (String::new(), Some(message.to_owned())),
                (None, None) => from_body(),
            };
            let code = code.as_str();
            let message = message.unwrap_or_else(|| match code {
                "" => format!("HTTP {}", raw.status().as_u16()),
                code => code.to_owned(),
            });
            let kind = match kind_for_code(code) {
                ErrorKind::Service => kind_for_status(raw.status().as_u16()),
                kind => kind,
            };
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

/// The connection a call went through, as its errors need it: the profile a credentials hint
/// should name.
pub trait ProfileContext {
    /// The profile in use, if one was chosen.
    fn profile(&self) -> Option<&str>;

    /// An SDK error from `operation`, classified and naming this connection's profile.
    fn classify<E>(&self, operation: &str, error: &SdkError<E, HttpResponse>) -> ServiceError
    where
        E: ProvideErrorMetadata + StdError + 'static,
    {
        let mut error = classify(operation, error);
        error.profile = self.profile().map(ToOwned::to_owned);
        error
    }
}

/// Reads an SDK call's error for the user where the call is made, in one step.
pub trait SdkResultExt<T> {
    /// The value, or the error classified for `operation` and naming `connection`'s profile.
    fn or_classify(
        self,
        operation: &str,
        connection: &impl ProfileContext,
    ) -> Result<T, ServiceError>;
}

impl<T, E> SdkResultExt<T> for Result<T, SdkError<E, HttpResponse>>
where
    E: ProvideErrorMetadata + StdError + 'static,
{
    fn or_classify(
        self,
        operation: &str,
        connection: &impl ProfileContext,
    ) -> Result<T, ServiceError> {
        self.map_err(|error| connection.classify(operation, &error))
    }
}

/// What an HTTP status says when the error code does not.
fn kind_for_status(status: u16) -> ErrorKind {
    match status {
        401 => ErrorKind::InvalidCredentials,
        403 => ErrorKind::AccessDenied,
        404 => ErrorKind::NotFound,
        429 => ErrorKind::Throttled,
        _ => ErrorKind::Service,
    }
}

/// Longest message we keep from an error body, so a huge body cannot flood the UI.
const MAX_MESSAGE_CHARS: usize = 500;

/// Code and message of an error body in any AWS protocol: JSON (`__type`/`code`,
/// `message`/`Message`) or XML (`<Code>`, `<Message>`). Empty strings when absent.
fn error_from_body(body: &[u8]) -> (String, Option<String>) {
    let text = String::from_utf8_lossy(body);
    let (code, message) = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(map)) => {
            let field = |names: &[&str]| {
                names
                    .iter()
                    .find_map(|n| map.get(*n).and_then(|v| v.as_str()).map(ToOwned::to_owned))
            };
            (
                field(&["__type", "code", "Code"]).unwrap_or_default(),
                field(&["message", "Message"]),
            )
        }
        _ => (
            xml_element(&text, "Code").unwrap_or_default(),
            xml_element(&text, "Message"),
        ),
    };
    // JSON error types may carry a namespace: `com.amazon.coral.service#ResourceNotFoundException`.
    let code = code.rsplit('#').next().unwrap_or_default().to_owned();
    let message = message.map(|m| m.chars().take(MAX_MESSAGE_CHARS).collect());
    (code, message)
}

/// The text of the first `<name>…</name>` element.
fn xml_element(text: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find(&close)? + start;
    Some(text[start..end].trim().to_owned())
}

pub(crate) fn kind_for_code(code: &str) -> ErrorKind {
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
        assert_eq!(kind_for_code("ResourceNotFound"), ErrorKind::NotFound);
        assert_eq!(kind_for_code("ValidationException"), ErrorKind::Service);
        assert_eq!(kind_for_code(""), ErrorKind::Service);
    }

    #[test]
    fn error_bodies_are_read_in_every_protocol() {
        assert_eq!(
            error_from_body(
                br#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"gone"}"#
            ),
            ("ResourceNotFoundException".to_owned(), Some("gone".to_owned()))
        );
        assert_eq!(
            error_from_body(
                b"<ErrorResponse><Errors><Error><Code>AccessDenied</Code>\
                  <Message>not authorized</Message></Error></Errors></ErrorResponse>"
            ),
            ("AccessDenied".to_owned(), Some("not authorized".to_owned()))
        );
        assert_eq!(
            error_from_body(br#"{"Message":"Rate exceeded"}"#),
            (String::new(), Some("Rate exceeded".to_owned()))
        );
    }

    #[test]
    fn hostile_error_bodies_do_not_panic() {
        for body in [
            &b""[..],
            b"\xff\xfe\x00garbage",
            b"<Code>",
            b"</Code><Code>",
            b"[1,2,3]",
            b"{\"message\": 42}",
            "<Message>\u{1F4A5} ünïcödé</Message>".as_bytes(),
        ] {
            let _ = error_from_body(body);
        }
        let huge = format!(r#"{{"message":"{}"}}"#, "x".repeat(1_000_000));
        let (_, message) = error_from_body(huge.as_bytes());
        assert_eq!(message.map(|m| m.len()), Some(MAX_MESSAGE_CHARS));
    }

    #[test]
    fn statuses_fill_in_for_unknown_codes() {
        assert_eq!(kind_for_status(403), ErrorKind::AccessDenied);
        assert_eq!(kind_for_status(429), ErrorKind::Throttled);
        assert_eq!(kind_for_status(500), ErrorKind::Service);
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
