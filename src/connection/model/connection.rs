//! What the user connects to: a profile or an endpoint, a region, and whether writes are allowed.

use serde::{Deserialize, Serialize};

/// Region used when neither the user, the environment nor the profile names one.
///
/// The AWS CLI refuses to run without a region; a desktop tool that opens on an emulator should
/// not, so we fall back to the region every local emulator defaults to and show it in the bar.
pub const FALLBACK_REGION: &str = "us-east-1";

/// Access keys given directly rather than found by the default credential chain.
///
/// Used for local emulators and tests. Never logged: `Debug` hides the secret.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaticCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl std::fmt::Debug for StaticCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaticCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .finish()
    }
}

/// Everything needed to build the SDK clients of one connection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectionSpec {
    /// A named profile from `~/.aws/config` or `~/.aws/credentials`; `None` uses the default chain.
    pub profile: Option<String>,
    /// `None` lets aws-config resolve it (environment, then profile), else [`FALLBACK_REGION`].
    pub region: Option<String>,
    /// Sends every service to this URL instead of AWS (LocalStack, DynamoDB Local, moto).
    pub endpoint_url: Option<String>,
    /// Keys that bypass the credential chain (emulators, tests).
    pub static_credentials: Option<StaticCredentials>,
    /// Refuse every write, in the UI and in the SDK layer.
    pub read_only: bool,
    /// How many times the SDK tries a request; `None` keeps the SDK's standard retry policy.
    pub max_attempts: Option<u32>,
}

impl ConnectionSpec {
    /// A short human label: the endpoint when overridden, else the profile.
    pub fn target_label(&self) -> String {
        match (&self.endpoint_url, &self.profile) {
            (Some(url), _) => url.clone(),
            (None, Some(profile)) => format!("profile {profile}"),
            (None, None) => "default credentials".to_owned(),
        }
    }
}

/// A connection as what Stratus remembers tells them apart (per-table memory, local runs):
/// its profile, region and endpoint. The same name on two connections stays two things.
pub fn connection_key(spec: &ConnectionSpec) -> String {
    format!(
        "{}|{}|{}",
        spec.profile.as_deref().unwrap_or(""),
        spec.region.as_deref().unwrap_or(""),
        spec.endpoint_url.as_deref().unwrap_or("")
    )
}

/// Endpoint overrides the connection bar offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointPreset {
    /// Real AWS: no override.
    Aws,
    LocalStack,
    DynamoDbLocal,
    /// moto's server on its default port.
    Moto,
    Custom,
}

impl EndpointPreset {
    pub const ALL: [Self; 5] = [
        Self::Aws,
        Self::LocalStack,
        Self::DynamoDbLocal,
        Self::Moto,
        Self::Custom,
    ];

    /// The presets of local emulators, offered when a connection has no credentials.
    pub const LOCAL: [Self; 3] = [Self::LocalStack, Self::DynamoDbLocal, Self::Moto];

    /// The URL this preset fills in, if it has a fixed one.
    pub fn url(&self) -> Option<&'static str> {
        match self {
            Self::LocalStack => Some("http://localhost:4566"),
            Self::DynamoDbLocal => Some("http://localhost:8000"),
            Self::Moto => Some("http://localhost:5000"),
            Self::Aws | Self::Custom => None,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Aws => "AWS",
            Self::LocalStack => "LocalStack (localhost:4566)",
            Self::DynamoDbLocal => "DynamoDB Local (localhost:8000)",
            Self::Moto => "moto (localhost:5000)",
            Self::Custom => "Custom URL",
        }
    }

    /// Which preset an endpoint URL corresponds to.
    pub fn for_url(url: Option<&str>) -> Self {
        match url {
            None => Self::Aws,
            Some(url) => Self::ALL
                .into_iter()
                .find(|preset| preset.url() == Some(url))
                .unwrap_or(Self::Custom),
        }
    }
}

/// Whether an endpoint URL names this machine (an emulator): `localhost`, `127.x`, `[::1]`.
pub fn is_loopback_endpoint(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || host
            .parse::<core::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Checks an endpoint URL typed by the user before we hand it to the SDK.
pub fn validate_endpoint_url(text: &str) -> Result<String, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("Enter an endpoint URL, e.g. http://localhost:4566".to_owned());
    }
    let Some((scheme, rest)) = trimmed.split_once("://") else {
        return Err("The URL must start with http:// or https://".to_owned());
    };
    if scheme != "http" && scheme != "https" {
        return Err(format!("Unsupported scheme {scheme:?}: use http or https"));
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err("The URL needs a host, e.g. http://localhost:4566".to_owned());
    }
    if let Some((_, port)) = host.rsplit_once(':')
        && !host.ends_with(']')
        && port.parse::<u16>().is_err()
    {
        return Err(format!("{port:?} is not a port number"));
    }
    Ok(trimmed.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_round_trip_through_their_urls() {
        for preset in EndpointPreset::ALL {
            if let Some(url) = preset.url() {
                assert_eq!(EndpointPreset::for_url(Some(url)), preset);
            }
        }
        assert_eq!(EndpointPreset::for_url(None), EndpointPreset::Aws);
        assert_eq!(
            EndpointPreset::for_url(Some("http://127.0.0.1:9")),
            EndpointPreset::Custom
        );
    }

    #[test]
    fn endpoint_validation_accepts_usual_urls() {
        assert_eq!(
            validate_endpoint_url(" http://localhost:4566/ ").as_deref(),
            Ok("http://localhost:4566")
        );
        assert!(validate_endpoint_url("https://dynamodb.eu-west-1.amazonaws.com").is_ok());
        assert!(validate_endpoint_url("http://[::1]:8000").is_ok());
    }

    #[test]
    fn endpoint_validation_rejects_hostile_input() {
        for bad in [
            "",
            "localhost:4566",
            "ftp://x",
            "http://",
            "http://host:99999",
            "http://host:port",
            "http://a b",
            "\u{1F600}://x",
        ] {
            assert!(validate_endpoint_url(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn loopback_endpoints_are_recognised() {
        for local in [
            "http://localhost:4566",
            "http://LOCALHOST",
            "http://127.0.0.1:8000/",
            "http://127.1.2.3",
            "http://[::1]:8000",
            "http://x@localhost:5000",
            "http://s3.localhost:4566",
        ] {
            assert!(is_loopback_endpoint(local), "{local}");
        }
        for remote in [
            "https://dynamodb.eu-west-1.amazonaws.com",
            "http://localhost.evil.com",
            "http://10.0.0.1:8000",
            "localhost:4566",
            "",
            "http://",
            "http://[::2]",
            "http://127.0.0.1.nip.io",
        ] {
            assert!(!is_loopback_endpoint(remote), "{remote}");
        }
    }

    #[test]
    fn secrets_never_appear_in_debug_output() {
        let spec = ConnectionSpec {
            static_credentials: Some(StaticCredentials {
                access_key_id: "AKIDEXAMPLE".into(),
                secret_access_key: "wJalrXUtnFEMI/K7MDENG".into(),
            }),
            ..Default::default()
        };
        let shown = format!("{spec:?}");
        assert!(!shown.contains("wJalrXUtnFEMI"));
        assert!(shown.contains("<redacted>"));
    }

    #[test]
    fn target_label_prefers_the_endpoint() {
        let mut spec = ConnectionSpec {
            profile: Some("prod".into()),
            ..Default::default()
        };
        assert_eq!(spec.target_label(), "profile prod");
        spec.endpoint_url = Some("http://localhost:8000".into());
        assert_eq!(spec.target_label(), "http://localhost:8000");
    }
}
