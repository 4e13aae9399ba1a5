//! A function as it runs locally: its code folder and the configuration Lambda would give it.

use std::path::PathBuf;

/// How the function's code is started.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LocalRuntimeKind {
    /// `python3.x`: Stratus's Python bootstrap imports `module.function`.
    Python,
    /// `nodejs*`: Stratus's Node bootstrap requires `module.function` (async or callback).
    Node,
    /// `provided`, `provided.al2`, `provided.al2023`: the folder's `bootstrap` runs as it is.
    Provided,
}

impl LocalRuntimeKind {
    /// The kind of a Lambda runtime identifier, or `None` for one Stratus cannot run locally
    /// (Java, .NET, Ruby).
    pub fn of_runtime(runtime: &str) -> Option<Self> {
        if runtime.starts_with("python") {
            Some(Self::Python)
        } else if runtime.starts_with("nodejs") {
            Some(Self::Node)
        } else if runtime == "provided" || runtime.starts_with("provided.") {
            Some(Self::Provided)
        } else {
            None
        }
    }
}

/// Everything needed to start an instance of a function locally.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LocalFunction {
    /// The function's name (`AWS_LAMBDA_FUNCTION_NAME`).
    pub name: String,
    /// `LAMBDA_TASK_ROOT`: the folder holding the handler's code.
    pub code_dir: PathBuf,
    /// Lambda's runtime identifier, e.g. `python3.12`, `nodejs20.x`, `provided.al2023`.
    pub runtime: String,
    /// `_HANDLER`: `module.function` for Python and Node; free text for `provided`.
    pub handler: String,
    /// The interpreter to run (a virtualenv's `python`, a Node version's `node`); `None` takes
    /// `python3` / `node` from `PATH`. Unused for `provided`.
    pub interpreter: Option<PathBuf>,
    pub timeout_s: u32,
    pub memory_mb: u32,
    /// The function's own environment variables, sorted by name.
    pub environment: Vec<(String, String)>,
    /// `Lambda-Runtime-Invoked-Function-Arn`.
    pub arn: String,
    /// `AWS_LAMBDA_FUNCTION_VERSION`, `$LATEST` unless a version was chosen.
    pub version: String,
    /// `AWS_LAMBDA_LOG_GROUP_NAME`.
    pub log_group: String,
}

/// Credentials handed to the local process, so its own SDK calls act as the connection does.
/// Its `Debug` never prints the secret parts.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct LocalCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

impl std::fmt::Debug for LocalCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// What the connection gives the process: region, endpoint, and credentials unless withheld.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LocalEnvironment {
    /// Which connection the run is for ([`connection_key`]): instances are reused, counted,
    /// replaced and listed per connection, never across two that share a function name.
    pub connection: String,
    pub region: String,
    /// The emulator's endpoint, as `AWS_ENDPOINT_URL`, on an emulator connection.
    pub endpoint_url: Option<String>,
    /// `None` gives the process no credentials (a read-only connection, unless allowed).
    pub credentials: Option<LocalCredentials>,
}

/// A connection as local runs tell connections apart: its profile, region and endpoint.
pub use crate::connection::model::connection::connection_key;
