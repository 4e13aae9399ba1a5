//! API Gateway calls: v2 (HTTP and WebSocket APIs) here, v1 (REST APIs) in [`rest`].

pub mod rest;
pub mod route_function;
pub mod serve;
pub mod serve_local;

use aws_sdk_apigatewayv2::primitives::DateTimeFormat;

use crate::apigateway::model::ApiDetails;
use crate::apigateway::model::api_parts::ApiParts;
use crate::apigateway::model::api_parts::AuthorizerSummary;
use crate::apigateway::model::api_parts::FunctionRoutes;
use crate::apigateway::model::api_parts::IntegrationSummary;
use crate::apigateway::model::api_parts::RouteLink;
use crate::apigateway::model::api_parts::RouteSummary;
use crate::apigateway::model::api_parts::StageSummary;
use crate::apigateway::model::api_parts::integration_id_from_target;
use crate::apigateway::model::api_parts::invoke_url;
use crate::apigateway::model::api_parts::lambda_target;
use crate::connection::calls::AwsClients;
use crate::shared::calls::error::{ProfileContext as _, SdkResultExt as _};
use crate::shared::calls::pagination::all_pages;
use crate::shared::model::ApiSummary;
use crate::shared::model::ServiceError;

/// Every HTTP and WebSocket API of the connection, following `NextToken` through all pages.
pub async fn list_apis(clients: &AwsClients) -> Result<Vec<ApiSummary>, ServiceError> {
    let mut apis = all_pages("GetApis", |token| async move {
        let page = clients
            .apigateway
            .get_apis()
            .set_next_token(token)
            .send()
            .await
            .or_classify("GetApis", clients)?;
        let items: Vec<_> = page
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|api| ApiSummary {
                id: api.api_id.unwrap_or_default(),
                name: api.name.unwrap_or_default(),
                protocol: api
                    .protocol_type
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_default(),
                endpoint: api.api_endpoint,
            })
            .collect();
        Ok((items, page.next_token))
    })
    .await?;
    apis.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    Ok(apis)
}

/// GetApi, for the API view.
pub async fn get_api(clients: &AwsClients, api_id: &str) -> Result<ApiDetails, ServiceError> {
    let api = clients
        .apigateway
        .get_api()
        .api_id(api_id)
        .send()
        .await
        .or_classify("GetApi", clients)?;
    let mut cors = Vec::new();
    if let Some(config) = &api.cors_configuration {
        let join = |values: &[String]| values.join(", ");
        cors.push(("Allow origins".to_owned(), join(config.allow_origins())));
        cors.push(("Allow methods".to_owned(), join(config.allow_methods())));
        cors.push(("Allow headers".to_owned(), join(config.allow_headers())));
        cors.push(("Expose headers".to_owned(), join(config.expose_headers())));
        if let Some(credentials) = config.allow_credentials {
            cors.push(("Allow credentials".to_owned(), credentials.to_string()));
        }
        if let Some(max_age) = config.max_age {
            cors.push(("Max age (s)".to_owned(), max_age.to_string()));
        }
    }
    let mut tags: Vec<(String, String)> =
        api.tags.clone().unwrap_or_default().into_iter().collect();
    tags.sort();
    Ok(ApiDetails {
        id: api.api_id.clone().unwrap_or_else(|| api_id.to_owned()),
        name: api.name.clone().unwrap_or_default(),
        protocol: api
            .protocol_type
            .as_ref()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        endpoint: api.api_endpoint.clone(),
        description: api.description.clone().filter(|d| !d.is_empty()),
        created: api
            .created_date
            .and_then(|t| t.fmt(DateTimeFormat::DateTime).ok()),
        route_selection_expression: api.route_selection_expression.clone(),
        default_endpoint_disabled: api.disable_execute_api_endpoint.unwrap_or(false),
        cors,
        tags,
    })
}

/// Routes, integrations, stages and authorizers of an API, fetched concurrently.
pub async fn get_api_parts(clients: &AwsClients, api_id: &str, endpoint: Option<&str>) -> ApiParts {
    let (routes, integrations, stages) = tokio::join!(
        get_routes(clients, api_id),
        get_integrations(clients, api_id),
        get_stages(clients, api_id, endpoint),
    );
    let referenced: Vec<String> = routes
        .as_ref()
        .map(|routes| {
            let mut ids: Vec<String> = routes
                .iter()
                .filter_map(|r| r.authorizer_id.clone())
                .collect();
            ids.sort();
            ids.dedup();
            ids
        })
        .unwrap_or_default();
    let (authorizers, authorizer_errors) = get_authorizers(clients, api_id, &referenced).await;
    ApiParts {
        routes,
        integrations,
        stages,
        authorizers,
        authorizer_errors,
    }
}

/// Every route of an API, all pages, sorted by route key.
pub async fn get_routes(
    clients: &AwsClients,
    api_id: &str,
) -> Result<Vec<RouteSummary>, ServiceError> {
    let mut routes = all_pages("GetRoutes", |token| async move {
        let page = clients
            .apigateway
            .get_routes()
            .api_id(api_id)
            .set_next_token(token)
            .send()
            .await
            .or_classify("GetRoutes", clients)?;
        let items: Vec<_> = page
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|r| RouteSummary {
                id: r.route_id.unwrap_or_default(),
                route_key: r.route_key.unwrap_or_default(),
                authorization_type: r.authorization_type.map(|a| a.as_str().to_owned()),
                authorizer_id: r.authorizer_id.filter(|a| !a.is_empty()),
                integration_id: r.target.as_deref().and_then(integration_id_from_target),
            })
            .collect();
        Ok((items, page.next_token))
    })
    .await?;
    routes.sort_by(|a, b| a.route_key.cmp(&b.route_key));
    Ok(routes)
}

/// Every integration of an API, all pages.
pub async fn get_integrations(
    clients: &AwsClients,
    api_id: &str,
) -> Result<Vec<IntegrationSummary>, ServiceError> {
    let integrations = all_pages("GetIntegrations", |token| async move {
        let page = clients
            .apigateway
            .get_integrations()
            .api_id(api_id)
            .set_next_token(token)
            .send()
            .await
            .or_classify("GetIntegrations", clients)?;
        let items: Vec<_> = page
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|i| {
                let uri = i.integration_uri.filter(|u| !u.is_empty());
                IntegrationSummary {
                    id: i.integration_id.unwrap_or_default(),
                    integration_type: i
                        .integration_type
                        .map(|t| t.as_str().to_owned())
                        .unwrap_or_default(),
                    lambda: uri.as_deref().and_then(lambda_target),
                    uri,
                    payload_format_version: i.payload_format_version,
                    timeout_ms: i.timeout_in_millis,
                }
            })
            .collect();
        Ok((items, page.next_token))
    })
    .await?;
    Ok(integrations)
}

/// Every stage of an API with the URL it serves, all pages.
pub async fn get_stages(
    clients: &AwsClients,
    api_id: &str,
    endpoint: Option<&str>,
) -> Result<Vec<StageSummary>, ServiceError> {
    let mut stages = all_pages("GetStages", |token| async move {
        let page = clients
            .apigateway
            .get_stages()
            .api_id(api_id)
            .set_next_token(token)
            .send()
            .await
            .or_classify("GetStages", clients)?;
        let items: Vec<_> = page
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|stage| {
                let name = stage.stage_name.unwrap_or_default();
                let throttle = stage.default_route_settings;
                StageSummary {
                    invoke_url: endpoint.map(|e| invoke_url(e, &name)),
                    name,
                    auto_deploy: stage.auto_deploy.unwrap_or(false),
                    throttling_burst: throttle.as_ref().and_then(|t| t.throttling_burst_limit),
                    throttling_rate: throttle.as_ref().and_then(|t| t.throttling_rate_limit),
                }
            })
            .collect();
        Ok((items, page.next_token))
    })
    .await?;
    stages.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(stages)
}

/// GetAuthorizers; where that call fails (some emulators lack it), each authorizer a route
/// refers to is fetched with GetAuthorizer. Every error is returned, none hidden.
async fn get_authorizers(
    clients: &AwsClients,
    api_id: &str,
    referenced: &[String],
) -> (Vec<AuthorizerSummary>, Vec<ServiceError>) {
    let listed = clients
        .apigateway
        .get_authorizers()
        .api_id(api_id)
        .send()
        .await;
    match listed {
        Ok(output) => {
            let authorizers = output
                .items
                .unwrap_or_default()
                .into_iter()
                .map(|a| {
                    authorizer_summary(
                        a.authorizer_id,
                        a.name,
                        a.authorizer_type.map(|t| t.as_str().to_owned()),
                        a.identity_source,
                        a.jwt_configuration.map(|j| (j.issuer, j.audience)),
                    )
                })
                .collect();
            (authorizers, Vec::new())
        }
        Err(list_error) => {
            let mut errors = vec![clients.classify("GetAuthorizers", &list_error)];
            let mut authorizers = Vec::new();
            for id in referenced {
                match clients
                    .apigateway
                    .get_authorizer()
                    .api_id(api_id)
                    .authorizer_id(id)
                    .send()
                    .await
                {
                    Ok(a) => authorizers.push(authorizer_summary(
                        a.authorizer_id,
                        a.name,
                        a.authorizer_type.map(|t| t.as_str().to_owned()),
                        a.identity_source,
                        a.jwt_configuration.map(|j| (j.issuer, j.audience)),
                    )),
                    Err(e) => errors.push(clients.classify("GetAuthorizer", &e)),
                }
            }
            // The list call failing is not worth showing when every authorizer was found.
            if errors.len() == 1 && authorizers.len() == referenced.len() {
                errors.clear();
            }
            (authorizers, errors)
        }
    }
}

fn authorizer_summary(
    id: Option<String>,
    name: Option<String>,
    authorizer_type: Option<String>,
    identity_source: Option<Vec<String>>,
    jwt: Option<(Option<String>, Option<Vec<String>>)>,
) -> AuthorizerSummary {
    let (issuer, audience) = jwt.unwrap_or_default();
    AuthorizerSummary {
        id: id.unwrap_or_default(),
        name: name.unwrap_or_default(),
        authorizer_type: authorizer_type.unwrap_or_default(),
        identity_source: identity_source.unwrap_or_default(),
        issuer,
        audience: audience.unwrap_or_default(),
    }
}

/// The routes of HTTP and WebSocket APIs and the methods of REST APIs that call
/// `function_name`, searched side by side: one kind failing leaves the other's links.
pub async fn function_routes(clients: &AwsClients, function_name: &str) -> FunctionRoutes {
    let (v2, rest) = tokio::join!(
        routes_calling(clients, function_name),
        rest::rest_methods_calling(clients, function_name),
    );
    let mut routes = FunctionRoutes::default();
    for found in [v2, rest] {
        match found {
            Ok(links) => routes.links.extend(links),
            Err(error) => routes.errors.push(error),
        }
    }
    routes
}

/// Every route of every HTTP and WebSocket API whose integration calls `function_name`.
pub async fn routes_calling(
    clients: &AwsClients,
    function_name: &str,
) -> Result<Vec<RouteLink>, ServiceError> {
    let apis = list_apis(clients).await?;
    let mut links = Vec::new();
    for api in apis {
        let (routes, integrations, stages) = tokio::join!(
            get_routes(clients, &api.id),
            get_integrations(clients, &api.id),
            get_stages(clients, &api.id, None),
        );
        let (routes, integrations) = (routes?, integrations?);
        // Stages only decorate a link: their error stays with it rather than hiding the route.
        let stage_names: Result<Vec<String>, ServiceError> =
            stages.map(|s| s.into_iter().map(|s| s.name).collect());
        for route in routes {
            let Some(integration) = integrations
                .iter()
                .find(|i| Some(&i.id) == route.integration_id.as_ref())
            else {
                continue;
            };
            let Some(target) = &integration.lambda else {
                continue;
            };
            if target.function_name == function_name {
                links.push(RouteLink {
                    api_id: api.id.clone(),
                    api_name: api.name.clone(),
                    protocol: api.protocol.clone(),
                    route_key: route.route_key.clone(),
                    stages: stage_names.clone(),
                    qualifier: target.qualifier.clone(),
                    rest_method: None,
                });
            }
        }
    }
    Ok(links)
}
