//! The Lambda proxy integration event of a REST API (API Gateway v1), as API Gateway builds
//! it: the resource template beside the path, single- and multi-value headers and query
//! parameters, path parameters as they appear in the URL, stage variables, and a request
//! context naming the resource, stage and caller.

use serde_json::{Map, Value, json};

use crate::apigateway::model::route_event::event::{
    RouteContext, RouteRequest, request_time, user_agent,
};
use crate::apigateway::model::route_event::multi_value::{
    aws_style_id, merged_header_pairs, multi_value_maps, or_null, seed_of, trace_id,
    with_default_headers,
};
use crate::apigateway::model::route_event::url::{
    fill_path, path_parameter_names, percent_encode, query_pairs,
};
use crate::dynamodb::model::attribute::base64_decode;

/// The stage the console's "Test" uses; the event names it when no stage is chosen.
pub const TEST_INVOKE_STAGE: &str = "test-invoke-stage";

/// A request on a REST API method, as the REST tester's form describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestRequest {
    /// The method (ANY resolved to a real one), the resource's path template
    /// (`/items/{itemId}`), parameter values as typed, query, headers, body and stage.
    pub route: RouteRequest,
    /// The resource's id, which the event's request context names.
    pub resource_id: String,
    /// The stage's variables, sorted by name.
    pub stage_variables: Vec<(String, String)>,
    /// The body is base64 text of binary content, sent with `isBase64Encoded: true`.
    pub body_base64: bool,
}

/// The REST API Lambda proxy event for `request`. Path parameters are given as they appear in
/// the URL (REST APIs do not decode them, unlike HTTP APIs); query parameters are decoded;
/// a repeated header or query name keeps its last value in the single-value map and every
/// value in the multi-value one; `null` stands for none.
pub fn rest_event(request: &RestRequest, context: &RouteContext) -> Result<Value, String> {
    let route = &request.route;
    let method = route.method.trim().to_ascii_uppercase();
    if method.is_empty() || method == "ANY" {
        return Err("Choose the method to send (ANY matches any of them)".to_owned());
    }
    let path = fill_path(route)?;
    if request.body_base64 {
        base64_decode(route.body.trim())
            .map_err(|e| format!("The body is not valid base64: {e}"))?;
    }
    let stage = match route.stage.trim() {
        "" => TEST_INVOKE_STAGE,
        stage => stage,
    };
    let trace = trace_id(seed_of(&context.request_id), context.epoch_ms);
    let header_pairs = with_default_headers(
        merged_header_pairs(&route.headers),
        &[
            ("Host", context.domain_name.as_str()),
            ("X-Amzn-Trace-Id", trace.as_str()),
            ("X-Forwarded-For", context.source_ip.as_str()),
            ("X-Forwarded-Port", "443"),
            ("X-Forwarded-Proto", "https"),
        ],
    );
    let (headers, multi_headers) = multi_value_maps(header_pairs);
    let (query, multi_query) = multi_value_maps(query_pairs(&route.query));
    let path_parameters: Map<String, Value> = path_parameter_names(&route.path_template)
        .into_iter()
        .filter_map(|(name, greedy)| {
            let (_, value) = route.path_parameters.iter().find(|(n, _)| *n == name)?;
            Some((name, Value::String(percent_encode(value, greedy))))
        })
        .collect();
    let stage_variables: Map<String, Value> = request
        .stage_variables
        .iter()
        .map(|(name, value)| (name.clone(), Value::String(value.clone())))
        .collect();
    let body = match (route.body.is_empty(), request.body_base64) {
        (true, _) => Value::Null,
        (false, true) => Value::String(route.body.trim().to_owned()),
        (false, false) => Value::String(route.body.clone()),
    };
    Ok(json!({
        "resource": route.path_template,
        "path": path,
        "httpMethod": method,
        "headers": or_null(headers),
        "multiValueHeaders": or_null(multi_headers),
        "queryStringParameters": or_null(query),
        "multiValueQueryStringParameters": or_null(multi_query),
        "pathParameters": or_null(path_parameters),
        "stageVariables": or_null(stage_variables),
        "requestContext": {
            "resourceId": request.resource_id,
            "resourcePath": route.path_template,
            "httpMethod": method,
            "extendedRequestId": aws_style_id(seed_of(&context.request_id)),
            "requestTime": request_time(context.epoch_ms),
            "path": format!("/{stage}{path}"),
            "accountId": context.account_id,
            "protocol": "HTTP/1.1",
            "stage": stage,
            "domainPrefix": context.domain_name.split('.').next().unwrap_or_default(),
            "requestTimeEpoch": context.epoch_ms,
            "requestId": context.request_id,
            "identity": {
                "cognitoIdentityPoolId": null,
                "accountId": null,
                "cognitoIdentityId": null,
                "caller": null,
                "sourceIp": context.source_ip,
                "principalOrgId": null,
                "accessKey": null,
                "cognitoAuthenticationType": null,
                "cognitoAuthenticationProvider": null,
                "userArn": null,
                "userAgent": user_agent(route),
                "user": null,
            },
            "domainName": context.domain_name,
            "apiId": context.api_id,
        },
        "body": body,
        "isBase64Encoded": request.body_base64 && !route.body.is_empty(),
    }))
}

#[cfg(test)]
#[path = "rest_event_tests.rs"]
mod tests;
