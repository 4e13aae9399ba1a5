//! A Lambda function's configuration, as GetFunction reports it.

/// Everything the function view shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FunctionDetails {
    pub name: String,
    pub arn: Option<String>,
    pub description: Option<String>,
    pub runtime: Option<String>,
    pub handler: Option<String>,
    pub architectures: Vec<String>,
    pub memory_mb: Option<i32>,
    pub timeout_s: Option<i32>,
    pub ephemeral_storage_mb: Option<i32>,
    pub role: Option<String>,
    pub state: Option<String>,
    pub last_update_status: Option<String>,
    pub last_modified: Option<String>,
    pub code_size_bytes: i64,
    pub code_sha256: Option<String>,
    pub layers: Vec<String>,
    pub tracing: Option<String>,
    /// Environment variables, sorted by name. Values stay hidden in the UI until revealed.
    pub environment: Vec<(String, String)>,
}
