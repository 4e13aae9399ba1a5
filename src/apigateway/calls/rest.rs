//! API Gateway v1 calls: REST APIs, their resources and methods, stages, deployments,
//! authorizers and request validators.

use aws_sdk_apigateway::primitives::DateTime;
use aws_sdk_apigateway::primitives::DateTimeFormat;
use aws_sdk_apigateway::types;

use crate::apigateway::model::api_parts::{REST_PROTOCOL, RouteLink};
use crate::apigateway::model::lambda_target::lambda_target;
use crate::apigateway::model::rest_api::{
    RequestParameter, RequestValidator, RestApiDetails, RestApiParts, RestAuthorizer,
    RestDeployment, RestIntegration, RestMethod, RestResource, RestStage, rest_api_base_url,
    rest_invoke_url,
};
use crate::connection::calls::AwsClients;
use crate::shared::calls::error::SdkResultExt as _;
use crate::shared::calls::pagination::all_pages;
use crate::shared::model::ApiSummary;
use crate::shared::model::ServiceError;

/// The largest page the v1 list calls allow.
const PAGE_LIMIT: i32 = 500;

/// Every REST API of the connection, following `position` through all pages.
pub async fn list_rest_apis(clients: &AwsClients) -> Result<Vec<ApiSummary>, ServiceError> {
    let mut apis = all_pages("GetRestApis", |position| async move {
        let page = clients
            .apigateway_rest
            .get_rest_apis()
            .set_position(position)
            .limit(PAGE_LIMIT)
            .send()
            .await
            .or_classify("GetRestApis", clients)?;
        let items: Vec<_> = page
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|api| {
                let id = api.id.unwrap_or_default();
                ApiSummary {
                    endpoint: Some(base_url(clients, &id)),
                    name: api.name.unwrap_or_default(),
                    protocol: REST_PROTOCOL.to_owned(),
                    id,
                }
            })
            .collect();
        Ok((items, page.position))
    })
    .await?;
    apis.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    Ok(apis)
}

fn base_url(clients: &AwsClients, api_id: &str) -> String {
    rest_api_base_url(
        api_id,
        &clients.region,
        clients.spec.endpoint_url.as_deref(),
    )
}

fn date(time: Option<DateTime>) -> Option<String> {
    time.and_then(|t| t.fmt(DateTimeFormat::DateTime).ok())
}

fn sorted_pairs(map: Option<std::collections::HashMap<String, String>>) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = map.unwrap_or_default().into_iter().collect();
    pairs.sort();
    pairs
}

/// GetRestApi, for the Settings section (its tags come with it).
pub async fn get_rest_api(
    clients: &AwsClients,
    api_id: &str,
) -> Result<RestApiDetails, ServiceError> {
    let api = clients
        .apigateway_rest
        .get_rest_api()
        .rest_api_id(api_id)
        .send()
        .await
        .or_classify("GetRestApi", clients)?;
    let (endpoint_types, vpc_endpoint_ids) = api
        .endpoint_configuration
        .map(|e| {
            (
                e.types.unwrap_or_default(),
                e.vpc_endpoint_ids.unwrap_or_default(),
            )
        })
        .unwrap_or_default();
    Ok(RestApiDetails {
        id: api.id.unwrap_or_else(|| api_id.to_owned()),
        name: api.name.unwrap_or_default(),
        description: api.description.filter(|d| !d.is_empty()),
        created: date(api.created_date),
        version: api.version.filter(|v| !v.is_empty()),
        endpoint_types: endpoint_types
            .iter()
            .map(|t| t.as_str().to_owned())
            .collect(),
        vpc_endpoint_ids,
        binary_media_types: api.binary_media_types.unwrap_or_default(),
        api_key_source: api.api_key_source.map(|s| s.as_str().to_owned()),
        minimum_compression_size: api.minimum_compression_size,
        default_endpoint_disabled: api.disable_execute_api_endpoint,
        tags: sorted_pairs(api.tags),
    })
}

/// Resources (with their methods), stages, deployments, authorizers and validators of a
/// REST API, fetched concurrently; each keeps its own error.
pub async fn get_rest_api_parts(clients: &AwsClients, api_id: &str) -> RestApiParts {
    let (resources, stages, deployments, authorizers, validators) = tokio::join!(
        get_resources(clients, api_id),
        get_rest_stages(clients, api_id),
        get_deployments(clients, api_id),
        get_rest_authorizers(clients, api_id),
        get_request_validators(clients, api_id),
    );
    RestApiParts {
        resources,
        stages,
        deployments,
        authorizers,
        validators,
    }
}

/// Every resource with its methods and their integrations (`embed=methods`), all pages,
/// sorted by path. A method named without its body (a service that ignores `embed`) is read
/// with GetMethod, so no method is shown as lacking an integration it has.
pub async fn get_resources(
    clients: &AwsClients,
    api_id: &str,
) -> Result<Vec<RestResource>, ServiceError> {
    let mut raw = all_pages("GetResources", |position| async move {
        let page = clients
            .apigateway_rest
            .get_resources()
            .rest_api_id(api_id)
            .embed("methods")
            .set_position(position)
            .limit(PAGE_LIMIT)
            .send()
            .await
            .or_classify("GetResources", clients)?;
        Ok((page.items.unwrap_or_default(), page.position))
    })
    .await?;
    for resource in &mut raw {
        let Some(resource_id) = resource.id.clone() else {
            continue;
        };
        for (http_method, body) in resource.resource_methods.iter_mut().flatten() {
            if is_bare(body) {
                *body = get_method(clients, api_id, &resource_id, http_method).await?;
            }
        }
    }
    let mut resources: Vec<RestResource> = raw.into_iter().map(resource).collect();
    resources.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.id.cmp(&b.id)));
    Ok(resources)
}

/// A method listed as `"GET": {}`: what GetResources answers without `embed`.
fn is_bare(method: &types::Method) -> bool {
    method.http_method.is_none()
        && method.authorization_type.is_none()
        && method.method_integration.is_none()
}

/// GetMethod, as the method body GetResources embeds.
async fn get_method(
    clients: &AwsClients,
    api_id: &str,
    resource_id: &str,
    http_method: &str,
) -> Result<types::Method, ServiceError> {
    let found = clients
        .apigateway_rest
        .get_method()
        .rest_api_id(api_id)
        .resource_id(resource_id)
        .http_method(http_method)
        .send()
        .await
        .or_classify("GetMethod", clients)?;
    Ok(types::Method::builder()
        .set_http_method(found.http_method)
        .set_authorization_type(found.authorization_type)
        .set_authorizer_id(found.authorizer_id)
        .set_api_key_required(found.api_key_required)
        .set_request_validator_id(found.request_validator_id)
        .set_operation_name(found.operation_name)
        .set_request_parameters(found.request_parameters)
        .set_authorization_scopes(found.authorization_scopes)
        .set_method_integration(found.method_integration)
        .build())
}

fn resource(resource: types::Resource) -> RestResource {
    let mut methods: Vec<RestMethod> = resource
        .resource_methods
        .unwrap_or_default()
        .into_iter()
        .map(|(key, m)| method(key, m))
        .collect();
    methods.sort_by(|a, b| a.http_method.cmp(&b.http_method));
    RestResource {
        id: resource.id.unwrap_or_default(),
        parent_id: resource.parent_id.filter(|p| !p.is_empty()),
        path: resource.path.unwrap_or_default(),
        path_part: resource.path_part,
        methods,
    }
}

fn method(key: String, method: types::Method) -> RestMethod {
    let mut request_parameters: Vec<RequestParameter> = method
        .request_parameters
        .unwrap_or_default()
        .into_iter()
        .map(|(key, required)| RequestParameter::from_key(&key, required))
        .collect();
    request_parameters.sort();
    RestMethod {
        // The map's key is the method; the embedded body repeats it (or, in some answers, not).
        http_method: method.http_method.filter(|m| !m.is_empty()).unwrap_or(key),
        authorization_type: method.authorization_type,
        authorizer_id: method.authorizer_id.filter(|a| !a.is_empty()),
        authorization_scopes: method.authorization_scopes.unwrap_or_default(),
        api_key_required: method.api_key_required.unwrap_or(false),
        request_parameters,
        request_validator_id: method.request_validator_id.filter(|v| !v.is_empty()),
        operation_name: method.operation_name.filter(|o| !o.is_empty()),
        integration: method.method_integration.map(integration),
    }
}

fn integration(integration: types::Integration) -> RestIntegration {
    let uri = integration.uri.filter(|u| !u.is_empty());
    RestIntegration {
        integration_type: integration
            .r#type
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default(),
        http_method: integration.http_method.filter(|m| !m.is_empty()),
        lambda: uri.as_deref().and_then(lambda_target),
        uri,
        // Absent reads as 0: the default (29 s) applies.
        timeout_ms: Some(integration.timeout_in_millis).filter(|t| *t > 0),
        connection_type: integration.connection_type.map(|c| c.as_str().to_owned()),
    }
}

/// Every stage of a REST API with its invoke URL, sorted by name. (GetStages has no pages.)
pub async fn get_rest_stages(
    clients: &AwsClients,
    api_id: &str,
) -> Result<Vec<RestStage>, ServiceError> {
    let output = clients
        .apigateway_rest
        .get_stages()
        .rest_api_id(api_id)
        .send()
        .await
        .or_classify("GetStages", clients)?;
    let endpoint = clients.spec.endpoint_url.as_deref();
    let mut stages: Vec<RestStage> = output
        .item
        .unwrap_or_default()
        .into_iter()
        .map(|stage| {
            let name = stage.stage_name.unwrap_or_default();
            // `*/*` holds the stage-wide settings; per-method ones are overrides.
            let defaults = stage
                .method_settings
                .as_ref()
                .and_then(|settings| settings.get("*/*"));
            RestStage {
                invoke_url: rest_invoke_url(api_id, &clients.region, endpoint, &name),
                name,
                deployment_id: stage.deployment_id.filter(|d| !d.is_empty()),
                description: stage.description.filter(|d| !d.is_empty()),
                variables: sorted_pairs(stage.variables),
                throttling_burst: defaults.map(|d| d.throttling_burst_limit),
                throttling_rate: defaults.map(|d| d.throttling_rate_limit),
                cache_cluster_enabled: stage.cache_cluster_enabled,
                cache_cluster_size: stage.cache_cluster_size.map(|s| s.as_str().to_owned()),
                caching_ttl_s: defaults
                    .filter(|d| d.caching_enabled)
                    .map(|d| d.cache_ttl_in_seconds),
                tracing_enabled: stage.tracing_enabled,
                created: date(stage.created_date),
                last_updated: date(stage.last_updated_date),
            }
        })
        .collect();
    stages.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(stages)
}

/// Every deployment, all pages, newest first.
pub async fn get_deployments(
    clients: &AwsClients,
    api_id: &str,
) -> Result<Vec<RestDeployment>, ServiceError> {
    let mut deployments = all_pages("GetDeployments", |position| async move {
        let page = clients
            .apigateway_rest
            .get_deployments()
            .rest_api_id(api_id)
            .set_position(position)
            .limit(PAGE_LIMIT)
            .send()
            .await
            .or_classify("GetDeployments", clients)?;
        let items: Vec<_> = page
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|d| RestDeployment {
                id: d.id.unwrap_or_default(),
                description: d.description.filter(|s| !s.is_empty()),
                created: date(d.created_date),
            })
            .collect();
        Ok((items, page.position))
    })
    .await?;
    // RFC 3339 in UTC sorts as text.
    deployments.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.id.cmp(&b.id)));
    Ok(deployments)
}

/// Every authorizer, all pages, sorted by name.
pub async fn get_rest_authorizers(
    clients: &AwsClients,
    api_id: &str,
) -> Result<Vec<RestAuthorizer>, ServiceError> {
    let mut authorizers = all_pages("GetAuthorizers", |position| async move {
        let page = clients
            .apigateway_rest
            .get_authorizers()
            .rest_api_id(api_id)
            .set_position(position)
            .limit(PAGE_LIMIT)
            .send()
            .await
            .or_classify("GetAuthorizers", clients)?;
        let items: Vec<_> = page
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|a| {
                let uri = a.authorizer_uri.filter(|u| !u.is_empty());
                RestAuthorizer {
                    id: a.id.unwrap_or_default(),
                    name: a.name.unwrap_or_default(),
                    authorizer_type: a.r#type.map(|t| t.as_str().to_owned()).unwrap_or_default(),
                    identity_source: a.identity_source.filter(|s| !s.is_empty()),
                    identity_validation_expression: a
                        .identity_validation_expression
                        .filter(|s| !s.is_empty()),
                    provider_arns: a.provider_arns.unwrap_or_default(),
                    lambda: uri.as_deref().and_then(lambda_target),
                    authorizer_uri: uri,
                    result_ttl_s: a.authorizer_result_ttl_in_seconds,
                }
            })
            .collect();
        Ok((items, page.position))
    })
    .await?;
    authorizers.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    Ok(authorizers)
}

/// Every request validator, all pages.
pub async fn get_request_validators(
    clients: &AwsClients,
    api_id: &str,
) -> Result<Vec<RequestValidator>, ServiceError> {
    all_pages("GetRequestValidators", |position| async move {
        let page = clients
            .apigateway_rest
            .get_request_validators()
            .rest_api_id(api_id)
            .set_position(position)
            .limit(PAGE_LIMIT)
            .send()
            .await
            .or_classify("GetRequestValidators", clients)?;
        let items: Vec<_> = page
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|v| RequestValidator {
                id: v.id.unwrap_or_default(),
                name: v.name.unwrap_or_default(),
                validate_body: v.validate_request_body,
                validate_parameters: v.validate_request_parameters,
            })
            .collect();
        Ok((items, page.position))
    })
    .await
}

/// Every method of every REST API whose integration calls `function_name`, as route links
/// (`GET /orders/{id}`) that open the REST API.
pub async fn rest_methods_calling(
    clients: &AwsClients,
    function_name: &str,
) -> Result<Vec<RouteLink>, ServiceError> {
    let apis = list_rest_apis(clients).await?;
    let mut links = Vec::new();
    for api in apis {
        let (resources, stages) = tokio::join!(
            get_resources(clients, &api.id),
            get_rest_stages(clients, &api.id)
        );
        // Stages only decorate a link: their error stays with it rather than hiding the method.
        let stage_names: Result<Vec<String>, ServiceError> =
            stages.map(|s| s.into_iter().map(|s| s.name).collect());
        for resource in resources? {
            for method in &resource.methods {
                let Some(target) = method.integration.as_ref().and_then(|i| i.lambda.as_ref())
                else {
                    continue;
                };
                if target.function_name == function_name {
                    links.push(RouteLink {
                        api_id: api.id.clone(),
                        api_name: api.name.clone(),
                        protocol: REST_PROTOCOL.to_owned(),
                        route_key: format!("{} {}", method.http_method, resource.path),
                        stages: stage_names.clone(),
                        qualifier: target.qualifier.clone(),
                        rest_method: Some((resource.id.clone(), method.http_method.clone())),
                    });
                }
            }
        }
    }
    Ok(links)
}
