//! Builds the service clients of one connection from a [`ConnectionSpec`].

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_dynamodb::config::{Credentials, Region};

use crate::dynamodb::calls::fast_pages::FastPagesClient;

use crate::connection::model::ConnectionSpec;
use crate::connection::model::connection::FALLBACK_REGION;
use crate::connection::model::connection::is_loopback_endpoint;
use crate::dynamodb::calls::fast_pages::PageStash;
use crate::shared::calls::error::ProfileContext;
use crate::shared::model::ErrorKind;
use crate::shared::model::ServiceError;

/// How long to wait for a TCP connection. Short, so an unreachable endpoint fails in seconds
/// instead of leaving spinners turning.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Upper bound for one attempt of one call; scans of large pages stay well below it.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(60);

/// The HTTPS client the SDK would choose by itself (proxy settings included), taken from its
/// public default plugin, so the fast page reader can wrap it.
fn default_http_client() -> Option<aws_smithy_runtime_api::client::http::SharedHttpClient> {
    use aws_smithy_runtime_api::client::runtime_components::RuntimeComponentsBuilder;
    use aws_smithy_runtime_api::client::runtime_plugin::RuntimePlugin as _;
    let plugin = aws_smithy_runtime::client::defaults::default_http_client_plugin_v2(
        BehaviorVersion::latest(),
    )?;
    let components = plugin.runtime_components(&RuntimeComponentsBuilder::new("stratus"));
    components.http_client()
}

/// Keys for an emulator on this machine when the default chain finds none: emulators accept
/// any keys, so a first run with no AWS set-up can still open LocalStack, DynamoDB Local or
/// moto. Keys the chain does find (a profile, the environment) are used as before, since
/// DynamoDB Local keeps a database per access key.
fn with_emulator_fallback(sdk_config: aws_config::SdkConfig) -> aws_config::SdkConfig {
    use aws_config::meta::credentials::CredentialsProviderChain;
    use aws_sdk_dynamodb::config::SharedCredentialsProvider;
    let emulator_keys = Credentials::new("test", "test", None, None, "stratus-emulator");
    let provider = match sdk_config.credentials_provider() {
        Some(chain) => SharedCredentialsProvider::new(
            CredentialsProviderChain::first_try("default", chain)
                .or_else("emulator", emulator_keys),
        ),
        None => SharedCredentialsProvider::new(emulator_keys),
    };
    sdk_config
        .to_builder()
        .credentials_provider(provider)
        .build()
}

/// The SDK clients of one connection, cheap to clone (each client is an `Arc` inside).
#[derive(Clone, Debug)]
pub struct AwsClients {
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub lambda: aws_sdk_lambda::Client,
    /// API Gateway v2: HTTP and WebSocket APIs.
    pub apigateway: aws_sdk_apigatewayv2::Client,
    /// API Gateway v1: REST APIs.
    pub apigateway_rest: aws_sdk_apigateway::Client,
    /// Who the connection is (GetCallerIdentity), for the status line.
    pub sts: aws_sdk_sts::Client,
    /// CloudWatch Logs: functions' log groups.
    pub logs: aws_sdk_cloudwatchlogs::Client,
    /// DynamoDB Streams: a table's stream records.
    pub dynamodb_streams: aws_sdk_dynamodbstreams::Client,
    /// The region actually in use after resolution.
    pub region: String,
    /// Scan and Query pages the DynamoDB client's connector read (see `fast_pages`).
    pub pages: PageStash,
    pub spec: ConnectionSpec,
    /// The connection's credentials provider, to hand resolved keys to a local run's process.
    pub credentials: Option<aws_credential_types::provider::SharedCredentialsProvider>,
    /// Set when the app replaces or drops these clients (read-only switch, reconnect,
    /// removal). Shared by every clone, so a running import or batch delete holding an old
    /// clone stops before its next write.
    /// Holds why, once revoked.
    writes_revoked: Arc<OnceLock<&'static str>>,
}

impl AwsClients {
    /// Resolves configuration the way the AWS CLI does (environment, profile, SSO,
    /// credential_process, assume-role), then applies the spec's overrides.
    pub async fn connect(spec: ConnectionSpec) -> Self {
        let mut timeouts = TimeoutConfig::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .operation_attempt_timeout(ATTEMPT_TIMEOUT);
        if spec.max_attempts == Some(1) {
            // One attempt is how tests ask to fail fast; keep the whole call bounded too.
            timeouts = timeouts.operation_timeout(ATTEMPT_TIMEOUT);
        }
        let retry = match spec.max_attempts {
            Some(attempts) => RetryConfig::standard().with_max_attempts(attempts.max(1)),
            None => RetryConfig::standard(),
        };
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .retry_config(retry)
            .timeout_config(timeouts.build());
        if let Some(profile) = &spec.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = &spec.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(url) = &spec.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        if let Some(keys) = &spec.static_credentials {
            loader = loader.credentials_provider(Credentials::new(
                keys.access_key_id.clone(),
                keys.secret_access_key.clone(),
                None,
                None,
                "stratus-static",
            ));
        }
        let mut sdk_config = loader.load().await;
        if spec.static_credentials.is_none()
            && spec
                .endpoint_url
                .as_deref()
                .is_some_and(is_loopback_endpoint)
        {
            sdk_config = with_emulator_fallback(sdk_config);
        }
        if sdk_config.region().is_none() {
            sdk_config = sdk_config
                .to_builder()
                .region(Region::new(FALLBACK_REGION))
                .build();
        }
        let region = sdk_config
            .region()
            .map_or_else(|| FALLBACK_REGION.to_owned(), ToString::to_string);
        let pages = PageStash::default();
        let dynamodb = match sdk_config.http_client().or_else(default_http_client) {
            Some(inner) => aws_sdk_dynamodb::Client::from_conf(
                aws_sdk_dynamodb::config::Builder::from(&sdk_config)
                    .http_client(FastPagesClient::new(inner, pages.clone()))
                    .build(),
            ),
            None => aws_sdk_dynamodb::Client::new(&sdk_config),
        };
        Self {
            dynamodb,
            pages,
            lambda: aws_sdk_lambda::Client::new(&sdk_config),
            apigateway: aws_sdk_apigatewayv2::Client::new(&sdk_config),
            apigateway_rest: aws_sdk_apigateway::Client::new(&sdk_config),
            sts: aws_sdk_sts::Client::new(&sdk_config),
            logs: aws_sdk_cloudwatchlogs::Client::new(&sdk_config),
            dynamodb_streams: aws_sdk_dynamodbstreams::Client::new(&sdk_config),
            region,
            spec,
            credentials: sdk_config.credentials_provider(),
            writes_revoked: Arc::default(),
        }
    }

    /// The read-only guard every write goes through, so the SDK layer refuses writes even if
    /// a UI control forgot to. Long writes (imports, batch deletes) call it before each batch,
    /// so a revocation stops them between batches.
    pub fn ensure_writable(&self, operation: &str) -> Result<(), ServiceError> {
        let message = if self.spec.read_only {
            "the connection is read-only"
        } else if let Some(why) = self.writes_revoked.get() {
            *why
        } else {
            return Ok(());
        };
        Err(ServiceError::new(operation, ErrorKind::ReadOnly, message))
    }

    /// Refuses every later write through these clients and all their clones, saying `why`
    /// (the first reason given is kept). The app calls it when it stops using them, so work
    /// still running on them cannot go on writing.
    pub fn revoke_writes(&self, why: &'static str) {
        let _first_reason_kept = self.writes_revoked.set(why);
    }

    /// Attaches this connection's profile to an error so its hint can name it.
    pub fn with_profile(&self, mut error: ServiceError) -> ServiceError {
        error.profile.clone_from(&self.spec.profile);
        error
    }
}

impl ProfileContext for AwsClients {
    fn profile(&self) -> Option<&str> {
        self.spec.profile.as_deref()
    }
}
