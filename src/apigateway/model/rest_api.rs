//! A REST API (API Gateway v1): its settings, resources and methods, stages, deployments,
//! authorizers and request validators, as the REST API view shows them.

use crate::apigateway::model::lambda_target::LambdaTarget;
use crate::shared::model::ServiceError;

/// What GetRestApi says: the Settings section.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestApiDetails {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// RFC 3339, UTC.
    pub created: Option<String>,
    pub version: Option<String>,
    /// `EDGE`, `REGIONAL` or `PRIVATE`.
    pub endpoint_types: Vec<String>,
    pub vpc_endpoint_ids: Vec<String>,
    pub binary_media_types: Vec<String>,
    /// `HEADER` or `AUTHORIZER`: where API keys are read from.
    pub api_key_source: Option<String>,
    pub minimum_compression_size: Option<i32>,
    pub default_endpoint_disabled: bool,
    /// Sorted by key.
    pub tags: Vec<(String, String)>,
}

/// A request parameter a method declares: `method.request.querystring.page` → querystring `page`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RequestParameter {
    /// `path`, `querystring`, `header`, or what the key said when it is of another shape.
    pub location: String,
    pub name: String,
    pub required: bool,
}

impl RequestParameter {
    /// Reads a key of a method's `requestParameters` map.
    pub fn from_key(key: &str, required: bool) -> Self {
        let rest = key.strip_prefix("method.request.").unwrap_or(key);
        let (location, name) = match rest.split_once('.') {
            Some((location, name)) if !location.is_empty() && !name.is_empty() => {
                (location.to_owned(), name.to_owned())
            }
            _ => (String::new(), key.to_owned()),
        };
        Self {
            location,
            name,
            required,
        }
    }
}

/// What a method calls.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestIntegration {
    /// `AWS_PROXY`, `AWS`, `HTTP`, `HTTP_PROXY` or `MOCK`.
    pub integration_type: String,
    /// The method API Gateway uses to call the back end (`POST` for Lambda).
    pub http_method: Option<String>,
    pub uri: Option<String>,
    /// The function, when the URI names one.
    pub lambda: Option<LambdaTarget>,
    /// `None` when the default (29 s) applies.
    pub timeout_ms: Option<i32>,
    /// `INTERNET` or `VPC_LINK`.
    pub connection_type: Option<String>,
}

/// A method of a resource: `GET`, `POST`, `ANY`, ...
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestMethod {
    pub http_method: String,
    /// `NONE`, `AWS_IAM`, `CUSTOM` or `COGNITO_USER_POOLS`.
    pub authorization_type: Option<String>,
    pub authorizer_id: Option<String>,
    pub authorization_scopes: Vec<String>,
    pub api_key_required: bool,
    /// Sorted by location, then name.
    pub request_parameters: Vec<RequestParameter>,
    pub request_validator_id: Option<String>,
    pub operation_name: Option<String>,
    pub integration: Option<RestIntegration>,
}

/// A resource: one node of the path tree, with its methods.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestResource {
    pub id: String,
    pub parent_id: Option<String>,
    /// The full template: `/items/{itemId}`.
    pub path: String,
    /// The last segment: `{itemId}`; `None` for the root.
    pub path_part: Option<String>,
    /// Sorted by HTTP method.
    pub methods: Vec<RestMethod>,
}

impl RestResource {
    /// The method with this HTTP method, if the resource has it.
    pub fn method(&self, http_method: &str) -> Option<&RestMethod> {
        self.methods.iter().find(|m| m.http_method == http_method)
    }
}

/// A stage: a deployment published under a name, with its variables and settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RestStage {
    pub name: String,
    pub deployment_id: Option<String>,
    pub description: Option<String>,
    pub invoke_url: String,
    /// Sorted by name.
    pub variables: Vec<(String, String)>,
    /// The stage-wide method settings (`*/*`), when set.
    pub throttling_burst: Option<i32>,
    pub throttling_rate: Option<f64>,
    pub cache_cluster_enabled: bool,
    /// `0.5`, `1.6`, ... (GB).
    pub cache_cluster_size: Option<String>,
    /// Whether methods cache responses, and for how long, from the `*/*` settings.
    pub caching_ttl_s: Option<i32>,
    pub tracing_enabled: bool,
    pub created: Option<String>,
    pub last_updated: Option<String>,
}

/// A deployment: a snapshot of the API that stages point at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestDeployment {
    pub id: String,
    pub description: Option<String>,
    /// RFC 3339, UTC.
    pub created: Option<String>,
}

/// An authorizer: `TOKEN` or `REQUEST` (a Lambda function), or `COGNITO_USER_POOLS`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestAuthorizer {
    pub id: String,
    pub name: String,
    pub authorizer_type: String,
    /// `method.request.header.Authorization`, or several, comma-separated, for REQUEST.
    pub identity_source: Option<String>,
    pub identity_validation_expression: Option<String>,
    /// User pool ARNs of a COGNITO_USER_POOLS authorizer.
    pub provider_arns: Vec<String>,
    pub authorizer_uri: Option<String>,
    /// The function of a Lambda authorizer.
    pub lambda: Option<LambdaTarget>,
    pub result_ttl_s: Option<i32>,
}

/// A request validator a method can name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestValidator {
    pub id: String,
    pub name: String,
    pub validate_body: bool,
    pub validate_parameters: bool,
}

impl RequestValidator {
    /// What it checks, in a few words.
    pub fn checks(&self) -> &'static str {
        match (self.validate_body, self.validate_parameters) {
            (true, true) => "body and parameters",
            (true, false) => "body",
            (false, true) => "parameters",
            (false, false) => "nothing",
        }
    }
}

/// The parts of a REST API, each from its own call so one failing does not hide the others.
#[derive(Clone, Debug, PartialEq)]
pub struct RestApiParts {
    /// Sorted by path.
    pub resources: Result<Vec<RestResource>, ServiceError>,
    /// Sorted by name.
    pub stages: Result<Vec<RestStage>, ServiceError>,
    /// Newest first.
    pub deployments: Result<Vec<RestDeployment>, ServiceError>,
    pub authorizers: Result<Vec<RestAuthorizer>, ServiceError>,
    pub validators: Result<Vec<RequestValidator>, ServiceError>,
}

impl Default for RestApiParts {
    fn default() -> Self {
        Self {
            resources: Ok(Vec::new()),
            stages: Ok(Vec::new()),
            deployments: Ok(Vec::new()),
            authorizers: Ok(Vec::new()),
            validators: Ok(Vec::new()),
        }
    }
}

impl RestApiParts {
    pub fn resource(&self, id: &str) -> Option<&RestResource> {
        self.resources.as_ref().ok()?.iter().find(|r| r.id == id)
    }

    /// A method by its resource's id and its HTTP method: how a selection names it.
    pub fn method(
        &self,
        resource_id: &str,
        http_method: &str,
    ) -> Option<(&RestResource, &RestMethod)> {
        let resource = self.resource(resource_id)?;
        Some((resource, resource.method(http_method)?))
    }

    pub fn authorizer(&self, id: Option<&str>) -> Option<&RestAuthorizer> {
        let id = id?;
        self.authorizers.as_ref().ok()?.iter().find(|a| a.id == id)
    }

    pub fn validator(&self, id: Option<&str>) -> Option<&RequestValidator> {
        let id = id?;
        self.validators.as_ref().ok()?.iter().find(|v| v.id == id)
    }

    pub fn deployment(&self, id: Option<&str>) -> Option<&RestDeployment> {
        let id = id?;
        self.deployments.as_ref().ok()?.iter().find(|d| d.id == id)
    }
}

/// The base URL a REST API is served at, without a stage. AWS serves
/// `https://{id}.execute-api.{region}.amazonaws.com`; behind an endpoint override (an
/// emulator), the path form LocalStack documents, which needs no wildcard DNS:
/// `{endpoint}/restapis/{id}`.
pub fn rest_api_base_url(api_id: &str, region: &str, endpoint_override: Option<&str>) -> String {
    match endpoint_override.map(|e| e.trim_end_matches('/')) {
        Some(endpoint) if !endpoint.is_empty() => format!("{endpoint}/restapis/{api_id}"),
        _ => format!("https://{api_id}.execute-api.{region}.amazonaws.com"),
    }
}

/// The URL a stage of a REST API is invoked at: the base URL and the stage (behind an
/// endpoint override, with LocalStack's `/_user_request_` marker after it).
pub fn rest_invoke_url(
    api_id: &str,
    region: &str,
    endpoint_override: Option<&str>,
    stage: &str,
) -> String {
    let base = rest_api_base_url(api_id, region, endpoint_override);
    match endpoint_override.filter(|e| !e.trim_end_matches('/').is_empty()) {
        Some(_) => format!("{base}/{stage}/_user_request_"),
        None => format!("{base}/{stage}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_parameters_are_read_from_their_keys() {
        let p = RequestParameter::from_key("method.request.querystring.page", true);
        assert_eq!(
            (p.location.as_str(), p.name.as_str(), p.required),
            ("querystring", "page", true)
        );
        let header = RequestParameter::from_key("method.request.header.X-Trace.Id", false);
        assert_eq!(
            (header.location.as_str(), header.name.as_str()),
            ("header", "X-Trace.Id")
        );
        for odd in ["", "method.request.", "page", "method.request.path"] {
            let p = RequestParameter::from_key(odd, false);
            assert_eq!((p.location.as_str(), p.name.as_str()), ("", odd), "{odd:?}");
        }
    }

    #[test]
    fn invoke_urls_for_aws_and_an_endpoint_override() {
        assert_eq!(
            rest_invoke_url("a1b2", "eu-west-1", None, "prod"),
            "https://a1b2.execute-api.eu-west-1.amazonaws.com/prod"
        );
        assert_eq!(
            rest_invoke_url("a1b2", "us-east-1", Some("http://localhost:4566/"), "dev"),
            "http://localhost:4566/restapis/a1b2/dev/_user_request_"
        );
        assert_eq!(
            rest_invoke_url("a1b2", "us-east-1", Some(""), "dev"),
            "https://a1b2.execute-api.us-east-1.amazonaws.com/dev"
        );
    }
}
