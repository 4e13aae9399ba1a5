//! Routes, integrations, stages and authorizers of an API Gateway v2 API.

use crate::shared::model::ServiceError;

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

/// A Lambda function an integration calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LambdaTarget {
    pub function_name: String,
    pub account_id: Option<String>,
    /// A version or alias when the ARN names one.
    pub qualifier: Option<String>,
    pub region: Option<String>,
    /// The unqualified function ARN, when the integration names the region and account:
    /// what the route tester invokes, so Lambda resolves that account's function.
    pub function_arn: Option<String>,
}

impl LambdaTarget {
    /// Why a connection in `region` (and `account`, when known) must not invoke this target:
    /// the integration calls a function elsewhere, and a same-named one here is another
    /// function. `None` when the target is here, or nothing says otherwise.
    pub fn elsewhere(&self, region: &str, account: Option<&str>) -> Option<String> {
        let other_region = self.region.as_deref().filter(|r| *r != region);
        let other_account = self
            .account_id
            .as_deref()
            .filter(|a| account.is_some_and(|here| here != *a));
        if other_region.is_none() && other_account.is_none() {
            return None;
        }
        let there = match (self.region.as_deref(), self.account_id.as_deref()) {
            (Some(r), Some(a)) => format!("region {r}, account {a}"),
            (Some(r), None) => format!("region {r}"),
            (None, Some(a)) => format!("account {a}"),
            (None, None) => "another place".to_owned(),
        };
        let here = match (other_region, account) {
            (Some(_), Some(a)) => format!("region {region}, account {a}"),
            (Some(_), None) => format!("region {region}"),
            (None, Some(a)) => format!("account {a}"),
            (None, None) => format!("region {region}"),
        };
        Some(format!(
            "The integration calls {} in {there}; this connection is {here}. Connect to that \
             {} to test this route: a function of the same name here is another function.",
            self.function_name,
            if other_region.is_some() {
                "region"
            } else {
                "account"
            },
        ))
    }
}

/// The account in a Lambda function ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`).
pub fn account_of_function_arn(arn: &str) -> Option<&str> {
    let parts: Vec<&str> = arn.split(':').collect();
    (parts.len() >= 7 && parts[0] == "arn" && parts[2] == "lambda")
        .then(|| parts[4])
        .filter(|a| !a.is_empty())
}

/// Reads the function from an integration URI: either a Lambda ARN
/// (`arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`) or the API Gateway invocation
/// form (`arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/<lambda arn>/invocations`).
pub fn lambda_target(uri: &str) -> Option<LambdaTarget> {
    let arn = match uri.find("/functions/") {
        Some(at) => uri[at + "/functions/".len()..].trim_end_matches("/invocations"),
        None => uri,
    };
    let parts: Vec<&str> = arn.split(':').collect();
    if parts.len() < 7 || parts[0] != "arn" || parts[2] != "lambda" || parts[5] != "function" {
        return None;
    }
    let function_name = parts[6].to_owned();
    if function_name.is_empty() {
        return None;
    }
    let function_arn = (!parts[3].is_empty() && !parts[4].is_empty()).then(|| parts[..7].join(":"));
    Some(LambdaTarget {
        function_name,
        function_arn,
        account_id: Some(parts[4].to_owned()).filter(|a| !a.is_empty()),
        qualifier: parts
            .get(7)
            .filter(|q| !q.is_empty())
            .map(|q| (*q).to_owned()),
        region: Some(parts[3].to_owned()).filter(|r| !r.is_empty()),
    })
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
    pub route_key: String,
    /// The API's stage names; an error when GetStages may not be read, so the link still shows.
    pub stages: Result<Vec<String>, ServiceError>,
    pub qualifier: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambda_targets_parse_from_both_uri_forms() {
        let plain = lambda_target("arn:aws:lambda:us-east-1:123456789012:function:orders-get")
            .expect("plain ARN");
        assert_eq!(plain.function_name, "orders-get");
        assert_eq!(plain.qualifier, None);
        assert_eq!(plain.region.as_deref(), Some("us-east-1"));
        let invocation = lambda_target(
            "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders-get:live/invocations",
        )
        .expect("invocation ARN");
        assert_eq!(invocation.function_name, "orders-get");
        assert_eq!(invocation.qualifier.as_deref(), Some("live"));
        for bad in [
            "",
            "https://example.com/orders",
            "arn:aws:sqs:us-east-1:1:queue",
            "arn:aws:lambda:us-east-1:1:function:",
            "arn:aws:lambda:us-east-1:1:layer:x:1",
        ] {
            assert!(lambda_target(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn a_target_elsewhere_is_named_and_never_taken_for_a_local_function() {
        let target = |uri: &str| lambda_target(uri).expect("a Lambda ARN");
        let here = target("arn:aws:lambda:us-east-1:123456789012:function:orders-get:live");
        assert_eq!(
            here.function_arn.as_deref(),
            Some("arn:aws:lambda:us-east-1:123456789012:function:orders-get")
        );
        assert_eq!(here.elsewhere("us-east-1", Some("123456789012")), None);
        assert_eq!(here.elsewhere("us-east-1", None), None, "account unknown");

        let other_region = target("arn:aws:lambda:eu-west-1:123456789012:function:orders-get");
        let why = other_region
            .elsewhere("us-east-1", None)
            .expect("another region");
        assert!(
            why.contains("orders-get in region eu-west-1, account 123456789012"),
            "{why}"
        );
        assert!(why.contains("this connection is region us-east-1"), "{why}");
        assert!(
            other_region
                .elsewhere("us-east-1", Some("123456789012"))
                .is_some()
        );
        assert_eq!(
            other_region.elsewhere("eu-west-1", Some("123456789012")),
            None
        );

        let other_account = target(
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111111111111:function:orders-get/invocations",
        );
        assert_eq!(
            other_account.elsewhere("us-east-1", None),
            None,
            "account unknown"
        );
        let why = other_account
            .elsewhere("us-east-1", Some("123456789012"))
            .expect("another account");
        assert!(why.contains("account 111111111111"), "{why}");
        assert!(
            why.contains("this connection is account 123456789012"),
            "{why}"
        );
        assert!(why.contains("Connect to that account"), "{why}");

        // An ARN without region or account names no place: nothing to compare, no full ARN.
        let vague = target("arn:aws:lambda:::function:orders-get");
        assert_eq!(vague.function_arn, None);
        assert_eq!(vague.elsewhere("us-east-1", Some("123456789012")), None);

        assert_eq!(
            account_of_function_arn("arn:aws:lambda:us-east-1:123456789012:function:f:1"),
            Some("123456789012")
        );
        for bad in [
            "",
            "orders-get",
            "arn:aws:lambda:us-east-1::function:f",
            "arn:aws:s3:::b",
        ] {
            assert_eq!(account_of_function_arn(bad), None, "{bad:?}");
        }
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
