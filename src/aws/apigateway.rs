//! API Gateway v2 calls.

use aws_sdk_apigatewayv2::primitives::DateTimeFormat;

use super::AwsClients;
use super::error::classify;
use crate::model::{ApiDetails, ApiSummary, ServiceError};

/// Every HTTP and WebSocket API of the connection, following `NextToken` through all pages.
pub async fn list_apis(clients: &AwsClients) -> Result<Vec<ApiSummary>, ServiceError> {
    let mut apis = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = clients
            .apigateway
            .get_apis()
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| clients.with_profile(classify("GetApis", &e)))?;
        apis.extend(page.items.unwrap_or_default().into_iter().map(|api| {
            ApiSummary {
                id: api.api_id.unwrap_or_default(),
                name: api.name.unwrap_or_default(),
                protocol: api
                    .protocol_type
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_default(),
                endpoint: api.api_endpoint,
            }
        }));
        match page.next_token.filter(|t| !t.is_empty()) {
            Some(next) => token = Some(next),
            None => break,
        }
    }
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
        .map_err(|e| clients.with_profile(classify("GetApi", &e)))?;
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
