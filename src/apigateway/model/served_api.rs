//! An API served locally ("Serve locally"): what it routes by (its parts when serving
//! started), where each request goes, and the event its function gets, built by the same
//! builders as the route testers' and then given the path exactly as sent.
//!
//! Stages: an HTTP API is served at the root when it has a `$default` stage (or none), else
//! under its first stage, `/STAGE/...`; a REST API under each of its stages, `/STAGE/...`,
//! with that stage's variables. No route answers as API Gateway does: HTTP APIs 404
//! `{"message":"Not Found"}`, REST APIs 403 `{"message":"Missing Authentication Token"}`
//! (an unknown stage 403 `{"message":"Forbidden"}`).

use serde_json::Value;

use crate::apigateway::model::api_parts::{IntegrationSummary, LambdaTarget, RouteSummary};
use crate::apigateway::model::lambda_target::{lambda_target, with_stage_variables};
use crate::apigateway::model::rest_api::{RestResource, RestStage};
use crate::apigateway::model::route_event::{
    RestRequest, RouteContext, RouteRequest, event_v1, event_v2, rest_event,
};
use crate::apigateway::model::route_match::{Candidate, best_match, first_segment, under_stage};
use crate::dynamodb::model::attribute::base64_encode;

/// What a served API routes by.
#[derive(Clone, Debug, PartialEq)]
pub enum ServedApi {
    Http {
        api_id: String,
        routes: Vec<RouteSummary>,
        integrations: Vec<IntegrationSummary>,
        /// `$default` (served at the root) or the stage served under `/STAGE`.
        stage: String,
    },
    Rest {
        api_id: String,
        resources: Vec<RestResource>,
        stages: Vec<RestStage>,
    },
}

/// The event shape a route's function gets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventShape {
    /// HTTP API, payload format 2.0.
    V2,
    /// HTTP API, payload format 1.0.
    V1,
    /// REST API Lambda proxy.
    Rest {
        resource_id: String,
        stage_variables: Vec<(String, String)>,
    },
}

/// A request that reached a route with a Lambda integration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoutedRequest {
    /// `GET /orders/{id}`, `$default`, or a REST method and resource path.
    pub route_key: String,
    pub target: LambdaTarget,
    pub shape: EventShape,
    /// Method, template, decoded path parameters, raw query, headers and stage; no body yet.
    pub request: RouteRequest,
    /// The path after the stage, as sent.
    pub path: String,
}

/// Where a request goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Routed {
    /// No route: API Gateway's own answer.
    NoRoute {
        status: u16,
        body: &'static str,
    },
    /// A route whose integration Stratus cannot call (not a Lambda function): answered 500.
    Unservable {
        route_key: String,
        why: String,
    },
    Lambda(Box<RoutedRequest>),
}

/// What a request brings: method, path and query as sent, headers.
#[derive(Clone, Copy, Debug)]
pub struct Incoming<'a> {
    pub method: &'a str,
    pub raw_path: &'a str,
    pub raw_query: &'a str,
    pub headers: &'a [(String, String)],
}

impl ServedApi {
    /// The API's id.
    pub fn api_id(&self) -> &str {
        match self {
            Self::Http { api_id, .. } | Self::Rest { api_id, .. } => api_id,
        }
    }

    /// The paths a user reaches it at, under `base` (`http://127.0.0.1:PORT`).
    pub fn urls(&self, base: &str) -> Vec<String> {
        match self {
            Self::Http { stage, .. } if stage == "$default" || stage.is_empty() => {
                vec![format!("{base}/")]
            }
            Self::Http { stage, .. } => vec![format!("{base}/{stage}")],
            Self::Rest { stages, .. } => stages
                .iter()
                .map(|s| format!("{base}/{}", s.name))
                .collect(),
        }
    }

    /// How a function's answer is read (`1.0` requires a `statusCode`), and the status API
    /// Gateway answers when the function fails (HTTP APIs 500, REST APIs 502).
    pub fn response_format(&self, shape: &EventShape) -> (&'static str, u16) {
        match (self, shape) {
            (Self::Rest { .. }, _) | (_, EventShape::Rest { .. }) => ("1.0", 502),
            (Self::Http { .. }, EventShape::V1) => ("1.0", 500),
            (Self::Http { .. }, EventShape::V2) => ("2.0", 500),
        }
    }

    /// Where `incoming` goes.
    pub fn route(&self, incoming: Incoming<'_>) -> Routed {
        match self {
            Self::Http {
                routes,
                integrations,
                stage,
                ..
            } => route_http(routes, integrations, stage, incoming),
            Self::Rest {
                resources, stages, ..
            } => route_rest(resources, stages, incoming),
        }
    }
}

fn request_of(incoming: Incoming<'_>, template: &str, stage: &str) -> RouteRequest {
    RouteRequest {
        method: incoming.method.to_owned(),
        path_template: template.to_owned(),
        path_parameters: Vec::new(),
        query: incoming.raw_query.to_owned(),
        headers: incoming.headers.to_vec(),
        body: String::new(),
        stage: stage.to_owned(),
    }
}

fn route_http(
    routes: &[RouteSummary],
    integrations: &[IntegrationSummary],
    stage: &str,
    incoming: Incoming<'_>,
) -> Routed {
    const NOT_FOUND: Routed = Routed::NoRoute {
        status: 404,
        body: r#"{"message":"Not Found"}"#,
    };
    let Some(path) = under_stage(incoming.raw_path, stage) else {
        return NOT_FOUND;
    };
    let candidates = routes.iter().filter_map(|route| {
        let (method, template) = route.method_and_path()?;
        Some(Candidate {
            key: route,
            method,
            template,
        })
    });
    let (route, template, parameters) = match best_match(candidates, incoming.method, path) {
        Some(found) => {
            let template = found.key.method_and_path().map_or("", |(_, t)| t);
            (found.key, template, found.path_parameters)
        }
        None => match routes.iter().find(|r| r.route_key == "$default") {
            // `$default` has no template: the event carries the path as sent.
            Some(route) => (route, path, Vec::new()),
            None => return NOT_FOUND,
        },
    };
    let integration = route
        .integration_id
        .as_deref()
        .and_then(|id| integrations.iter().find(|i| i.id == id));
    let Some((integration, target)) =
        integration.and_then(|i| Some((i, i.lambda.clone().filter(|_| is_proxy(i))?)))
    else {
        let why = match integration {
            Some(i) => format!(
                "Its integration is {}: Stratus serves Lambda proxy integrations",
                i.integration_type
            ),
            None => "It has no integration".to_owned(),
        };
        return Routed::Unservable {
            route_key: route.route_key.clone(),
            why,
        };
    };
    let shape = match integration.payload_format_version.as_deref() {
        Some("1.0") => EventShape::V1,
        Some(_) | None => EventShape::V2,
    };
    let mut request = request_of(incoming, template, stage);
    request.path_parameters = parameters;
    Routed::Lambda(Box::new(RoutedRequest {
        route_key: route.route_key.clone(),
        target,
        shape,
        request,
        path: path.to_owned(),
    }))
}

fn is_proxy(integration: &IntegrationSummary) -> bool {
    integration.integration_type == "AWS_PROXY"
}

fn route_rest(resources: &[RestResource], stages: &[RestStage], incoming: Incoming<'_>) -> Routed {
    let stage = first_segment(incoming.raw_path)
        .and_then(|(name, path)| Some((stages.iter().find(|s| s.name == name)?, path)));
    let Some((stage, path)) = stage else {
        return Routed::NoRoute {
            status: 403,
            body: r#"{"message":"Forbidden"}"#,
        };
    };
    let candidates = resources.iter().flat_map(|resource| {
        resource.methods.iter().map(move |method| Candidate {
            key: (resource, method),
            method: method.http_method.as_str(),
            template: resource.path.as_str(),
        })
    });
    let Some(found) = best_match(candidates, incoming.method, path) else {
        return Routed::NoRoute {
            status: 403,
            body: r#"{"message":"Missing Authentication Token"}"#,
        };
    };
    let (resource, method) = found.key;
    let route_key = format!("{} {}", method.http_method, resource.path);
    let integration = method
        .integration
        .as_ref()
        .filter(|i| i.integration_type == "AWS_PROXY");
    // A URI whose function is a stage variable names this stage's function.
    let target = integration
        .and_then(|i| {
            i.lambda.clone().or_else(|| {
                lambda_target(&with_stage_variables(i.uri.as_deref()?, &stage.variables))
            })
        })
        .ok_or_else(|| match &method.integration {
            Some(i) if i.integration_type == "AWS_PROXY" => {
                "Its integration names no Lambda function for this stage".to_owned()
            }
            Some(i) => format!(
                "Its integration is {}: Stratus serves Lambda proxy integrations",
                i.integration_type
            ),
            None => "It has no integration".to_owned(),
        })
        .and_then(|target| target.for_stage(&stage.variables));
    let target = match target {
        Ok(target) => target,
        Err(why) => return Routed::Unservable { route_key, why },
    };
    let mut request = request_of(incoming, &resource.path, &stage.name);
    request.path_parameters = found.path_parameters;
    Routed::Lambda(Box::new(RoutedRequest {
        route_key,
        target,
        shape: EventShape::Rest {
            resource_id: resource.id.clone(),
            stage_variables: stage.variables.clone(),
        },
        request,
        path: path.to_owned(),
    }))
}

/// The event for a routed request with its body: built as the testers build it, then given
/// the path as sent. A body that is not UTF-8 goes base64 with `isBase64Encoded`.
pub fn served_event(
    routed: &RoutedRequest,
    body: &[u8],
    raw_path: &str,
    context: &RouteContext,
) -> Result<Value, String> {
    let mut request = routed.request.clone();
    let (text, binary) = match std::str::from_utf8(body) {
        Ok(text) => (text.to_owned(), false),
        Err(_) => (base64_encode(body), true),
    };
    request.body = text;
    let mut event = match &routed.shape {
        EventShape::V2 => event_v2(&request, context)?,
        EventShape::V1 => event_v1(&request, context)?,
        EventShape::Rest {
            resource_id,
            stage_variables,
        } => rest_event(
            &RestRequest {
                route: request,
                resource_id: resource_id.clone(),
                stage_variables: stage_variables.clone(),
                body_base64: binary,
            },
            context,
        )?,
    };
    match &routed.shape {
        EventShape::V2 => {
            event["rawPath"] = Value::from(raw_path);
            event["requestContext"]["http"]["path"] = Value::from(raw_path);
        }
        EventShape::V1 | EventShape::Rest { .. } => {
            event["path"] = Value::from(routed.path.as_str());
            event["requestContext"]["path"] = Value::from(raw_path);
        }
    }
    if binary {
        event["isBase64Encoded"] = Value::Bool(true);
    }
    Ok(event)
}

#[cfg(test)]
#[path = "served_api_tests.rs"]
mod tests;
