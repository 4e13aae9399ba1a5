//! A table's time-to-live setting: what DescribeTimeToLive reports ([`TtlState`]) and the
//! change a user asks for ([`TtlDraft`] → [`TtlUpdate`]).

use crate::dynamodb::model::table_spec::attribute_name_problem;

/// Where TTL stands. DynamoDB moves through the `-ing` states on its own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TtlStatus {
    Enabling,
    Enabled,
    Disabling,
    #[default]
    Disabled,
    /// A status this version does not know, kept as sent.
    Other(String),
}

impl TtlStatus {
    /// Reads the wire value; unknown values are kept rather than refused.
    pub fn from_wire(status: &str) -> Self {
        match status {
            "ENABLING" => Self::Enabling,
            "ENABLED" => Self::Enabled,
            "DISABLING" => Self::Disabling,
            "DISABLED" => Self::Disabled,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The wire value, e.g. `ENABLED`.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Enabling => "ENABLING",
            Self::Enabled => "ENABLED",
            Self::Disabling => "DISABLING",
            Self::Disabled => "DISABLED",
            Self::Other(other) => other,
        }
    }

    /// Whether items expire (or are about to).
    pub fn is_on(&self) -> bool {
        matches!(self, Self::Enabling | Self::Enabled)
    }
}

/// A table's TTL as DescribeTimeToLive reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TtlState {
    pub status: TtlStatus,
    /// The attribute holding the expiry time; absent when TTL was never set.
    pub attribute_name: Option<String>,
}

/// The TTL form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TtlDraft {
    pub enabled: bool,
    pub attribute_name: String,
}

/// A validated UpdateTimeToLive request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TtlUpdate {
    pub enabled: bool,
    pub attribute_name: String,
}

impl TtlDraft {
    /// The form prefilled from the current setting, so turning TTL off keeps its attribute.
    pub fn from_state(state: &TtlState) -> Self {
        Self {
            enabled: state.status.is_on(),
            attribute_name: state.attribute_name.clone().unwrap_or_default(),
        }
    }

    /// The request to send, or why DynamoDB would refuse it, given the current setting.
    ///
    /// Besides the name rules, this catches what UpdateTimeToLive refuses with a terse
    /// ValidationException: enabling twice, switching attribute without disabling first, and
    /// disabling with an attribute other than the current one.
    pub fn validate(&self, current: &TtlState) -> Result<TtlUpdate, String> {
        if let Some(problem) = attribute_name_problem(&self.attribute_name) {
            return Err(problem);
        }
        let name = self.attribute_name.as_str();
        let current_name = current.attribute_name.as_deref().unwrap_or_default();
        match (self.enabled, current.status.is_on()) {
            (true, true) if current_name == name => {
                return Err(format!("TTL is already on for “{name}”."));
            }
            (true, true) => {
                return Err(format!(
                    "TTL is on for “{current_name}”: turn it off before choosing another attribute."
                ));
            }
            (false, false) => return Err("TTL is already off.".to_owned()),
            (false, true) if current_name != name => {
                return Err(format!(
                    "To turn TTL off, name the attribute it is on for: “{current_name}”."
                ));
            }
            _ => {}
        }
        Ok(TtlUpdate {
            enabled: self.enabled,
            attribute_name: self.attribute_name.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(status: TtlStatus, name: Option<&str>) -> TtlState {
        TtlState {
            status,
            attribute_name: name.map(ToOwned::to_owned),
        }
    }

    fn draft(enabled: bool, name: &str) -> TtlDraft {
        TtlDraft {
            enabled,
            attribute_name: name.to_owned(),
        }
    }

    #[test]
    fn statuses_round_trip_and_unknown_ones_are_kept() {
        for wire in [
            "ENABLING",
            "ENABLED",
            "DISABLING",
            "DISABLED",
            "ARCHIVED?",
            "",
        ] {
            assert_eq!(TtlStatus::from_wire(wire).as_str(), wire);
        }
        assert!(TtlStatus::from_wire("ENABLING").is_on());
        assert!(!TtlStatus::from_wire("DISABLING").is_on());
        assert!(!TtlStatus::from_wire("enabled").is_on());
    }

    #[test]
    fn enabling_from_off_is_accepted() {
        let off = TtlState::default();
        assert_eq!(
            draft(true, "expiresAt").validate(&off),
            Ok(TtlUpdate {
                enabled: true,
                attribute_name: "expiresAt".into()
            })
        );
        // Unicode names are fine as long as they fit in 255 bytes.
        assert!(draft(true, "過期時間").validate(&off).is_ok());
    }

    #[test]
    fn bad_names_are_refused() {
        let off = TtlState::default();
        assert_eq!(
            draft(true, "").validate(&off),
            Err("Enter an attribute name.".to_owned())
        );
        let long = draft(true, &"é".repeat(128)).validate(&off);
        assert!(long.is_err_and(|m| m.contains("256")));
        assert!(draft(true, " ttl").validate(&off).is_err());
    }

    #[test]
    fn changes_dynamodb_would_refuse_are_caught() {
        let on = state(TtlStatus::Enabled, Some("expiresAt"));
        assert!(draft(true, "expiresAt").validate(&on).is_err());
        let switching = draft(true, "other").validate(&on);
        assert!(switching.is_err_and(|m| m.contains("turn it off")));
        let wrong_off = draft(false, "other").validate(&on);
        assert!(wrong_off.is_err_and(|m| m.contains("expiresAt")));
        assert!(draft(false, "expiresAt").validate(&on).is_ok());
        let off = state(TtlStatus::Disabled, Some("expiresAt"));
        assert!(draft(false, "expiresAt").validate(&off).is_err());
    }

    #[test]
    fn the_form_starts_from_the_current_setting() {
        let on = state(TtlStatus::Enabling, Some("exp"));
        assert_eq!(TtlDraft::from_state(&on), draft(true, "exp"));
        assert_eq!(TtlDraft::from_state(&TtlState::default()), draft(false, ""));
    }
}
