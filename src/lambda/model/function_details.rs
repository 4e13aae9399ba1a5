//! A Lambda function's configuration, as GetFunction reports it, with the parts read by other
//! calls (versions, aliases, event source mappings), each its own result: a role may lack the
//! permission for any of them and still see the rest.

use crate::shared::model::ServiceError;

/// Everything the function view shows.
#[derive(Clone, Debug, PartialEq)]
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
    /// VPC id with its subnets and security groups, when attached to a VPC.
    pub vpc: Option<String>,
    /// Tags sorted by key; GetFunction leaves them out (with an error) without lambda:ListTags.
    pub tags: Result<Vec<(String, String)>, ServiceError>,
    /// Published versions, oldest first (`$LATEST` excluded).
    pub versions: Result<Vec<FunctionVersion>, ServiceError>,
    pub aliases: Result<Vec<FunctionAlias>, ServiceError>,
    pub event_source_mappings: Result<Vec<EventSourceMapping>, ServiceError>,
    /// The log group its logging configuration names, when it names one.
    pub log_group: Option<String>,
    /// GetFunction's `Code.Location`: a presigned URL of the deployment package (real AWS),
    /// from which *Download code* fetches it.
    pub code_location: Option<String>,
}

impl Default for FunctionDetails {
    fn default() -> Self {
        Self {
            name: String::new(),
            arn: None,
            description: None,
            runtime: None,
            handler: None,
            architectures: Vec::new(),
            memory_mb: None,
            timeout_s: None,
            ephemeral_storage_mb: None,
            role: None,
            state: None,
            last_update_status: None,
            last_modified: None,
            code_size_bytes: 0,
            code_sha256: None,
            layers: Vec::new(),
            tracing: None,
            environment: Vec::new(),
            vpc: None,
            tags: Ok(Vec::new()),
            versions: Ok(Vec::new()),
            aliases: Ok(Vec::new()),
            event_source_mappings: Ok(Vec::new()),
            log_group: None,
            code_location: None,
        }
    }
}

impl FunctionDetails {
    /// Where the function logs: its configured group, else Lambda's default.
    pub fn log_group_or_default(&self, function: &str) -> String {
        self.log_group
            .clone()
            .unwrap_or_else(|| format!("/aws/lambda/{function}"))
    }

    /// What the qualifier picker offers: `$LATEST`, then versions, then aliases.
    pub fn qualifiers(&self) -> Vec<String> {
        let mut qualifiers = vec!["$LATEST".to_owned()];
        if let Ok(versions) = &self.versions {
            qualifiers.extend(versions.iter().map(|v| v.version.clone()));
        }
        if let Ok(aliases) = &self.aliases {
            qualifiers.extend(aliases.iter().map(|a| a.name.clone()));
        }
        qualifiers
    }
}

/// A published version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionVersion {
    pub version: String,
    pub description: Option<String>,
    pub last_modified: Option<String>,
}

/// An alias, with the extra versions it routes a share of traffic to.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionAlias {
    pub name: String,
    pub version: String,
    pub description: Option<String>,
    /// (version, weight 0..1) for weighted aliases.
    pub routing: Vec<(String, f64)>,
}

/// A source (queue, stream) that invokes the function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventSourceMapping {
    pub uuid: String,
    pub source_arn: Option<String>,
    pub state: Option<String>,
    pub batch_size: Option<i32>,
}
