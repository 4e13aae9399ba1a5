//! Routes, integrations, stages and authorizers of an API Gateway v2 API.

use crate::shared::model::{ResourceRef, ServiceError};

// Where the Lambda target parsing lived before REST APIs shared it; paths stay the same.
pub use crate::apigateway::model::lambda_target::{
    LambdaTarget, account_of_function_arn, lambda_target,
};

/// A route: `GET /orders/{id}`, `$default`, or a WebSocket key such as `$connect`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RouteSummary {
    pub id: String,
    pub route_key: String,
    pub authorization_type: Option<String>,
    pub authorizer_id: Option<String>,
    /// The integration id from a target of the form `integrations/<id>`.
    pub integration_id: Option<String>,
}

impl RouteSummary {
    /// Method and path of an HTTP route key; `None` for `$default` and WebSocket keys.
    pub fn method_and_path(&self) -> Option<(&str, &str)> {
        let (method, path) = self.route_key.split_once(' ')?;
        path.starts_with('/').then_some((method, path))
    }
}

/// The route's target as API Gateway stores it: `integrations/abc123`.
pub fn integration_id_from_target(target: &str) -> Option<String> {
    target
        .strip_prefix("integrations/")
        .filter(|id| !id.is_empty())
        .map(ToOwned::to_owned)
}

/// An integration: what a route calls.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IntegrationSummary {
    pub id: String,
    /// `AWS_PROXY`, `HTTP_PROXY`, `MOCK`, ...
    pub integration_type: String,
    pub uri: Option<String>,
    pub lambda: Option<LambdaTarget>,
    /// `1.0` or `2.0`; HTTP APIs default to 2.0 for Lambda.
    pub payload_format_version: Option<String>,
    pub timeout_ms: Option<i32>,
}

/// A stage and the URL it is served at.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StageSummary {
    pub name: String,
    pub auto_deploy: bool,
    pub invoke_url: Option<String>,
    pub throttling_burst: Option<i32>,
    pub throttling_rate: Option<f64>,
}

/// The URL a stage serves: `$default` at the endpoint itself, others under their name.
pub fn invoke_url(endpoint: &str, stage: &str) -> String {
    let endpoint = endpoint.trim_end_matches('/');
    if stage == "$default" {
        format!("{endpoint}/")
    } else {
        format!("{endpoint}/{stage}")
    }
}

/// An authorizer: JWT, Lambda (REQUEST) ...
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthorizerSummary {
    pub id: String,
    pub name: String,
    pub authorizer_type: String,
    pub identity_source: Vec<String>,
    pub issuer: Option<String>,
    pub audience: Vec<String>,
}

/// Routes, integrations, stages and authorizers, each loaded on its own so one failing call
/// (moto has no GetAuthorizers, say) does not hide the others.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiParts {
    pub routes: Result<Vec<RouteSummary>, ServiceError>,
    pub integrations: Result<Vec<IntegrationSummary>, ServiceError>,
    pub stages: Result<Vec<StageSummary>, ServiceError>,
    /// Authorizers found, and errors for any that could not be read.
    pub authorizers: Vec<AuthorizerSummary>,
    pub authorizer_errors: Vec<ServiceError>,
}

impl Default for ApiParts {
    fn default() -> Self {
        Self {
            routes: Ok(Vec::new()),
            integrations: Ok(Vec::new()),
            stages: Ok(Vec::new()),
            authorizers: Vec::new(),
            authorizer_errors: Vec::new(),
        }
    }
}

impl ApiParts {
    pub fn integration(&self, id: Option<&str>) -> Option<&IntegrationSummary> {
        let id = id?;
        self.integrations.as_ref().ok()?.iter().find(|i| i.id == id)
    }

    pub fn authorizer(&self, id: Option<&str>) -> Option<&AuthorizerSummary> {
        let id = id?;
        self.authorizers.iter().find(|a| a.id == id)
    }
}

/// A route somewhere that calls a given function, for the function view's cross-links.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteLink {
    pub api_id: String,
    pub api_name: String,
    /// `HTTP`, `WEBSOCKET`, or `REST` (whose links open the REST API view).
    pub protocol: String,
    /// `GET /orders/{id}`, `$connect`; for REST, the method and the resource path.
    pub route_key: String,
    /// The API's stage names; an error when GetStages may not be read, so the link still shows.
    pub stages: Result<Vec<String>, ServiceError>,
    pub qualifier: Option<String>,
    /// A REST method's resource id and HTTP method, so the link can open the API on it.
    pub rest_method: Option<(String, String)>,
}

impl RouteLink {
    /// The tab the link opens: the REST API view or the HTTP / WebSocket one.
    pub fn api(&self) -> ResourceRef {
        let (id, name) = (self.api_id.clone(), self.api_name.clone());
        if self.protocol == REST_PROTOCOL {
            ResourceRef::RestApi { id, name }
        } else {
            ResourceRef::Api { id, name }
        }
    }
}

/// How [`crate::shared::model::ApiSummary`] and [`RouteLink`] mark a REST API.
pub const REST_PROTOCOL: &str = crate::shared::model::ApiSummary::REST;

/// The routes of every kind that call a function, and what could not be searched: a role
/// may read HTTP APIs and not REST ones, and the links it can find still show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FunctionRoutes {
    pub links: Vec<RouteLink>,
    pub errors: Vec<ServiceError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_links_and_api_summaries_open_the_view_of_their_protocol() {
        let link = |protocol: &str| RouteLink {
            api_id: "a1".into(),
            api_name: "orders".into(),
            protocol: protocol.into(),
            route_key: "GET /orders".into(),
            stages: Ok(Vec::new()),
            qualifier: None,
            rest_method: None,
        };
        let rest = ResourceRef::RestApi {
            id: "a1".into(),
            name: "orders".into(),
        };
        let v2 = ResourceRef::Api {
            id: "a1".into(),
            name: "orders".into(),
        };
        assert_eq!(link(REST_PROTOCOL).api(), rest);
        for protocol in ["HTTP", "WEBSOCKET", "", "rest"] {
            assert_eq!(link(protocol).api(), v2, "{protocol:?}");
        }
        let summary = |protocol: &str| crate::shared::model::ApiSummary {
            id: "a1".into(),
            name: "orders".into(),
            protocol: protocol.into(),
            endpoint: None,
        };
        assert_eq!(summary("REST").resource(), rest);
        assert_eq!(summary("HTTP").resource(), v2);
    }

    #[test]
    fn routes_targets_and_urls() {
        let route = RouteSummary {
            route_key: "GET /orders/{id}".into(),
            ..Default::default()
        };
        assert_eq!(route.method_and_path(), Some(("GET", "/orders/{id}")));
        let default = RouteSummary {
            route_key: "$default".into(),
            ..Default::default()
        };
        assert_eq!(default.method_and_path(), None);
        assert_eq!(
            integration_id_from_target("integrations/abc").as_deref(),
            Some("abc")
        );
        assert_eq!(integration_id_from_target("integrations/"), None);
        assert_eq!(
            invoke_url("https://x.execute-api.us-east-1.amazonaws.com/", "prod"),
            "https://x.execute-api.us-east-1.amazonaws.com/prod"
        );
        assert_eq!(
            invoke_url("https://x.example", "$default"),
            "https://x.example/"
        );
    }
}
