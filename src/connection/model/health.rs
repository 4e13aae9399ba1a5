//! Whether a connection works, decided once per connection from its identity check and its
//! first list calls, and what to tell the user when it does not.
//!
//! A missing or expired credential, or an endpoint that does not answer, fails every call the
//! same way; it belongs to the connection, not to each list. An error specific to one service
//! (access denied to Lambda only) stays in that service's section.

use crate::connection::model::regions::KNOWN_REGIONS;
use crate::shared::model::{ErrorKind, ServiceError};

/// Who a connection is, as STS GetCallerIdentity says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identity {
    pub account: String,
    pub arn: String,
}

/// Whether an error is the connection's rather than one call's: credentials missing, rejected
/// or expired, or nothing answering at the endpoint (a wrong region looks like that too).
pub fn is_connection_error(kind: ErrorKind) -> bool {
    match kind {
        ErrorKind::MissingCredentials | ErrorKind::InvalidCredentials | ErrorKind::Unreachable => {
            true
        }
        ErrorKind::AccessDenied
        | ErrorKind::Throttled
        | ErrorKind::NotFound
        | ErrorKind::ReadOnly
        | ErrorKind::Conflict
        | ErrorKind::Service
        | ErrorKind::Other => false,
    }
}

/// Whether an error could only come from a service that answered and took the credentials:
/// AWS checks the signature before it denies, throttles or finds nothing, so such a failure
/// proves the connection as much as a success does.
fn proves_an_answer(kind: ErrorKind) -> bool {
    match kind {
        ErrorKind::AccessDenied
        | ErrorKind::Throttled
        | ErrorKind::NotFound
        | ErrorKind::Conflict => true,
        // Refused before sending, or not known to come from the service.
        ErrorKind::ReadOnly
        | ErrorKind::Service
        | ErrorKind::Other
        | ErrorKind::MissingCredentials
        | ErrorKind::InvalidCredentials
        | ErrorKind::Unreachable => false,
    }
}

/// Where a call stands, without its value: what [`classify`] needs of each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallState<'a> {
    /// Not finished (or never started).
    Pending,
    Succeeded,
    Failed(&'a ServiceError),
}

/// A connection's state as the status line, the navigator and the welcome tell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Health<'a> {
    /// Resolving the configuration, or waiting for the first answer.
    Connecting,
    /// Something answered with these credentials; the identity when STS told it (emulators
    /// other than moto do not implement STS).
    Connected(Option<&'a Identity>),
    /// Every call would fail this way; the lists stay quiet and this is said once.
    NotConnected(&'a ServiceError),
}

impl Health<'_> {
    pub fn is_connected(&self) -> bool {
        matches!(self, Health::Connected(_))
    }
}

/// Decides a connection's health. Any answer (a success, or a denial: see
/// [`proves_an_answer`]) proves the credentials and the endpoint work;
/// the identity check (which needs no permission) names who is connected. Failing that, a
/// connection-kind error from the identity check or a list means not connected. When STS is
/// not implemented (emulators other than moto) and every list failed otherwise, the endpoint
/// still answered: connected. Errors of other kinds never make a connection fail.
pub fn classify<'a>(
    resolved: bool,
    identity: Option<Result<&'a Identity, &'a ServiceError>>,
    lists: &[CallState<'a>],
) -> Health<'a> {
    if !resolved {
        return Health::Connecting;
    }
    if let Some(Ok(identity)) = identity {
        return Health::Connected(Some(identity));
    }
    let answered = |state: &CallState<'_>| match state {
        CallState::Succeeded => true,
        CallState::Failed(error) => proves_an_answer(error.kind),
        CallState::Pending => false,
    };
    if lists.iter().any(answered) {
        return Health::Connected(None);
    }
    let identity_error = identity.and_then(Result::err);
    if let Some(error) = identity_error.filter(|e| is_connection_error(e.kind)) {
        return Health::NotConnected(error);
    }
    if let Some(error) = lists.iter().find_map(|state| match state {
        CallState::Failed(error) if is_connection_error(error.kind) => Some(*error),
        CallState::Failed(_) | CallState::Pending | CallState::Succeeded => None,
    }) {
        return Health::NotConnected(error);
    }
    let all_failed = !lists.is_empty() && lists.iter().all(|s| matches!(s, CallState::Failed(_)));
    if identity_error.is_some() && all_failed {
        Health::Connected(None)
    } else {
        Health::Connecting
    }
}

/// A few words on why a connection does not work, for the status line.
pub fn reason(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::MissingCredentials => "no AWS credentials found",
        ErrorKind::InvalidCredentials => "credentials rejected or expired",
        ErrorKind::Unreachable => "endpoint unreachable",
        ErrorKind::AccessDenied
        | ErrorKind::Throttled
        | ErrorKind::NotFound
        | ErrorKind::ReadOnly
        | ErrorKind::Conflict
        | ErrorKind::Service
        | ErrorKind::Other => "error",
    }
}

/// What the user can do about a connection that does not work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advice {
    /// One line: "Not connected: no AWS credentials found".
    pub headline: String,
    /// What we understood, in a sentence.
    pub explanation: String,
    /// The exact shell command that fixes it, to copy.
    pub command: Option<String>,
    /// Offer the profiles found in the AWS config files.
    pub offer_profiles: bool,
    /// Offer the local emulator presets.
    pub offer_local_endpoints: bool,
}

/// Advice for a connection-kind `error` of a connection with this `profile`, `endpoint_url`
/// and `region`.
pub fn advice(
    error: &ServiceError,
    profile: Option<&str>,
    endpoint_url: Option<&str>,
    region: &str,
) -> Advice {
    let profile_flag = profile
        .map(|p| format!(" --profile {}", shell_word(p)))
        .unwrap_or_default();
    let sso = error.message.to_lowercase().contains("sso");
    match error.kind {
        ErrorKind::MissingCredentials => Advice {
            headline: "Not connected: no AWS credentials found".to_owned(),
            explanation: match profile {
                Some(p) => format!("The profile {p} has no usable credentials."),
                None => "No keys in the environment, no default profile in ~/.aws, no SSO \
                         session. Pick a profile, set up keys, or use a local emulator \
                         (they accept any keys)."
                    .to_owned(),
            },
            command: Some(format!("aws configure{profile_flag}")),
            offer_profiles: true,
            offer_local_endpoints: true,
        },
        ErrorKind::InvalidCredentials => Advice {
            headline: if sso {
                "Not connected: the SSO session has expired or was never started".to_owned()
            } else {
                "Not connected: credentials rejected or expired".to_owned()
            },
            explanation: if sso {
                "Sign in again, then retry.".to_owned()
            } else {
                "AWS refused these keys: they are wrong, deactivated or expired. Set new ones \
                 or pick another profile."
                    .to_owned()
            },
            command: Some(if sso {
                format!("aws sso login{profile_flag}")
            } else {
                format!("aws configure{profile_flag}")
            }),
            offer_profiles: true,
            offer_local_endpoints: false,
        },
        ErrorKind::Unreachable
        | ErrorKind::AccessDenied
        | ErrorKind::Throttled
        | ErrorKind::NotFound
        | ErrorKind::ReadOnly
        | ErrorKind::Conflict
        | ErrorKind::Service
        | ErrorKind::Other => match endpoint_url {
            Some(url) => Advice {
                headline: format!("Not connected: nothing answers at {url}"),
                explanation: "Start the emulator (scripts/demo starts moto with demo data), \
                              check the URL, or pick another endpoint."
                    .to_owned(),
                command: None,
                offer_profiles: false,
                offer_local_endpoints: true,
            },
            None => Advice {
                headline: format!("Not connected: AWS in {region} cannot be reached"),
                explanation: if KNOWN_REGIONS.contains(&region) {
                    format!(
                        "Check the network or proxy, and that {region} is open to this account."
                    )
                } else {
                    format!(
                        "{region} is not a region AWS lists (a typo?): pick one in the region \
                         menu above, or check the network."
                    )
                },
                command: None,
                offer_profiles: false,
                offer_local_endpoints: false,
            },
        },
    }
}

/// `text` as one shell word: as is when plainly safe, else single-quoted, so a copied command
/// never runs more than it says.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '@' | '+'));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(kind: ErrorKind, message: &str) -> ServiceError {
        ServiceError::new("GetCallerIdentity", kind, message)
    }

    #[test]
    fn the_identity_check_judges_when_it_answers() {
        let me = Identity {
            account: "123456789012".into(),
            arn: "arn:aws:iam::123456789012:user/me".into(),
        };
        let denied = error(ErrorKind::AccessDenied, "no lambda");
        let lists = [CallState::Failed(&denied), CallState::Pending];
        assert_eq!(
            classify(true, Some(Ok(&me)), &lists),
            Health::Connected(Some(&me))
        );
        let missing = error(ErrorKind::MissingCredentials, "none");
        assert_eq!(
            classify(true, Some(Err(&missing)), &[CallState::Pending]),
            Health::NotConnected(&missing)
        );
        // STS blocked by a firewall while DynamoDB answers: the answer wins.
        let blocked = error(ErrorKind::Unreachable, "timed out");
        assert_eq!(
            classify(true, Some(Err(&blocked)), &[CallState::Succeeded]),
            Health::Connected(None)
        );
        // STS out of reach (a VPC without its endpoint) while Lambda denies: the denial is an
        // answer, so it shows in Lambda's section instead of a connection-wide failure.
        assert_eq!(
            classify(
                true,
                Some(Err(&blocked)),
                &[CallState::Failed(&denied), CallState::Failed(&blocked)]
            ),
            Health::Connected(None)
        );
        let read_only = error(ErrorKind::ReadOnly, "refused before sending");
        assert_eq!(
            classify(
                true,
                Some(Err(&blocked)),
                &[CallState::Failed(&read_only), CallState::Pending]
            ),
            Health::NotConnected(&blocked),
            "a refusal that never left the machine proves nothing"
        );
        assert_eq!(
            classify(false, Some(Ok(&me)), &[]),
            Health::Connecting,
            "unresolved clients are connecting whatever stale results say"
        );
    }

    #[test]
    fn without_sts_the_lists_decide() {
        let not_implemented = error(ErrorKind::Service, "UnknownOperationException");
        let other = error(ErrorKind::Service, "not here");
        let refused = error(ErrorKind::Unreachable, "Connection refused");
        let sts = Some(Err(&not_implemented));
        assert_eq!(
            classify(true, sts, &[CallState::Pending, CallState::Pending]),
            Health::Connecting
        );
        assert_eq!(
            classify(
                true,
                sts,
                &[CallState::Succeeded, CallState::Failed(&other)]
            ),
            Health::Connected(None)
        );
        assert_eq!(
            classify(
                true,
                sts,
                &[CallState::Failed(&other), CallState::Failed(&other)]
            ),
            Health::Connected(None)
        );
        assert_eq!(
            classify(
                true,
                None,
                &[CallState::Failed(&other), CallState::Failed(&other)]
            ),
            Health::Connecting,
            "the identity check may still say more"
        );
        assert_eq!(
            classify(
                true,
                None,
                &[CallState::Pending, CallState::Failed(&refused)]
            ),
            Health::NotConnected(&refused)
        );
        assert_eq!(classify(true, sts, &[]), Health::Connecting);
    }

    #[test]
    fn only_credential_and_endpoint_kinds_belong_to_the_connection() {
        assert!(is_connection_error(ErrorKind::MissingCredentials));
        assert!(is_connection_error(ErrorKind::InvalidCredentials));
        assert!(is_connection_error(ErrorKind::Unreachable));
        assert!(!is_connection_error(ErrorKind::AccessDenied));
        assert!(!is_connection_error(ErrorKind::Throttled));
        assert!(!is_connection_error(ErrorKind::Service));
    }

    #[test]
    fn advice_names_the_exact_command() {
        let missing = error(ErrorKind::MissingCredentials, "no credentials");
        let none = advice(&missing, None, None, "us-east-1");
        assert_eq!(none.command.as_deref(), Some("aws configure"));
        assert!(none.offer_profiles && none.offer_local_endpoints);
        let dev = advice(&missing, Some("dev"), None, "us-east-1");
        assert_eq!(dev.command.as_deref(), Some("aws configure --profile dev"));

        let sso = error(ErrorKind::InvalidCredentials, "the SSO session has expired");
        let corp = advice(&sso, Some("corp"), None, "eu-west-1");
        assert_eq!(
            corp.command.as_deref(),
            Some("aws sso login --profile corp")
        );
        assert!(corp.headline.contains("SSO"));

        let expired = error(ErrorKind::InvalidCredentials, "ExpiredToken: token expired");
        let keys = advice(&expired, None, None, "eu-west-1");
        assert_eq!(keys.command.as_deref(), Some("aws configure"));
    }

    #[test]
    fn unreachable_advice_depends_on_the_endpoint() {
        let refused = error(ErrorKind::Unreachable, "Connection refused");
        let local = advice(&refused, None, Some("http://localhost:4566"), "us-east-1");
        assert_eq!(
            local.headline,
            "Not connected: nothing answers at http://localhost:4566"
        );
        assert!(local.offer_local_endpoints && local.command.is_none());
        let typo = advice(&refused, None, None, "eu-wst-1");
        assert!(typo.headline.contains("eu-wst-1"), "{}", typo.headline);
        assert!(
            typo.explanation.contains("not a region AWS lists"),
            "{}",
            typo.explanation
        );
        let known = advice(&refused, None, None, "eu-west-1");
        assert!(
            known.explanation.contains("network"),
            "{}",
            known.explanation
        );
        assert!(!known.explanation.contains("typo"));
    }

    #[test]
    fn hostile_messages_and_profiles_do_not_break_advice() {
        let odd = error(ErrorKind::InvalidCredentials, "\u{0}ẞSO\u{202e}");
        let advice = advice(&odd, Some("a b';rm -rf /"), None, "");
        assert_eq!(
            advice.command.as_deref(),
            Some("aws configure --profile 'a b'\\'';rm -rf /'")
        );
    }
}
