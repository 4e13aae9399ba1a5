//! The route testers' shared expectations: what every REST and WebSocket event's request
//! context says about the demo APIs, and a REST method whose alias a stage variable picks.

use serde_json::{Value, json};

use crate::support::ui::Opened;

/// What every REST event's request context says about the demo REST API's `dev` stage.
pub fn assert_rest_context(event: &Value, resource: &str, method: &str, path: &str) {
    let context = &event["requestContext"];
    assert_eq!(context["resourcePath"], resource);
    assert_eq!(context["httpMethod"], method);
    assert_eq!(context["path"], format!("/dev{path}"));
    assert_eq!(context["stage"], "dev");
    assert_eq!(context["accountId"], "123456789012");
    assert_eq!(context["protocol"], "HTTP/1.1");
    assert_eq!(context["identity"]["sourceIp"], "127.0.0.1");
    assert!(context["identity"]["userAgent"].is_string());
    assert!(context["apiId"].as_str().is_some_and(|id| !id.is_empty()));
    assert!(
        context["resourceId"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
    );
    assert!(
        context["requestId"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
    );
    assert_eq!(
        context["extendedRequestId"].as_str().map(str::len),
        Some(16)
    );
    assert!(context["requestTimeEpoch"].as_u64().is_some());
    assert!(
        context["requestTime"]
            .as_str()
            .is_some_and(|t| t.ends_with(" +0000"))
    );
    let domain = context["domainName"].as_str().expect("domainName");
    assert!(
        domain.ends_with(".execute-api.us-east-1.amazonaws.com"),
        "{domain}"
    );
    assert_eq!(
        context["domainPrefix"].as_str(),
        domain.split('.').next(),
        "the prefix is the domain's first label"
    );
    assert_eq!(
        event["stageVariables"],
        json!({"table": "Orders", "alias": "live"})
    );
}

/// What every WebSocket event's request context says, whatever its route: the API, its
/// domain, the stage `live`, ids shaped like API Gateway's, the time and the caller.
pub fn assert_websocket_context(event: &Value, route_key: &str, event_type: &str) {
    let context = &event["requestContext"];
    assert_eq!(context["routeKey"], route_key);
    assert_eq!(context["eventType"], event_type);
    assert_eq!(context["stage"], "live");
    assert_eq!(context["messageDirection"], "IN");
    assert_eq!(context["identity"]["sourceIp"], "127.0.0.1");
    let api_id = context["apiId"].as_str().expect("apiId");
    assert!(!api_id.is_empty());
    assert_eq!(
        context["domainName"].as_str(),
        Some(format!("{api_id}.execute-api.us-east-1.amazonaws.com").as_str())
    );
    for id in ["extendedRequestId", "requestId", "connectionId"] {
        assert!(
            context[id].as_str().is_some_and(|v| !v.is_empty()),
            "{id}: {context}"
        );
    }
    assert_eq!(
        context["extendedRequestId"].as_str().map(str::len),
        Some(16)
    );
    let at = context["connectedAt"].as_u64().expect("connectedAt");
    assert!(context["requestTimeEpoch"].as_u64() >= Some(at));
    assert!(
        context["requestTime"]
            .as_str()
            .is_some_and(|t| t.ends_with(" +0000"))
    );
}

/// Adds to the demo REST API `PUT /orders/{id}`, whose integration calls orders-get at the
/// alias named by the stage variable `alias`, and a stage `test` that has no variables.
pub fn add_stage_variable_method(opened: &Opened) {
    let rest = &opened.clients.apigateway_rest;
    opened.runtime.block_on(async {
        let apis = rest.get_rest_apis().send().await.expect("GetRestApis");
        let id = apis
            .items()
            .iter()
            .find(|a| a.name() == Some("orders-rest"))
            .and_then(|a| a.id())
            .expect("orders-rest")
            .to_owned();
        let resources = rest
            .get_resources()
            .rest_api_id(&id)
            .send()
            .await
            .expect("GetResources");
        let resource = resources
            .items()
            .iter()
            .find(|r| r.path() == Some("/orders/{id}"))
            .and_then(|r| r.id())
            .expect("/orders/{id}")
            .to_owned();
        rest.put_method()
            .rest_api_id(&id)
            .resource_id(&resource)
            .http_method("PUT")
            .authorization_type("NONE")
            .send()
            .await
            .expect("PutMethod");
        let function =
            "arn:aws:lambda:us-east-1:123456789012:function:orders-get:${stageVariables.alias}";
        rest.put_integration()
            .rest_api_id(&id)
            .resource_id(&resource)
            .http_method("PUT")
            .r#type(aws_sdk_apigateway::types::IntegrationType::AwsProxy)
            .integration_http_method("POST")
            .uri(format!(
                "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function}/invocations"
            ))
            .send()
            .await
            .expect("PutIntegration");
        let deployments = rest
            .get_deployments()
            .rest_api_id(&id)
            .send()
            .await
            .expect("GetDeployments");
        let deployment = deployments
            .items()
            .first()
            .and_then(|d| d.id())
            .expect("a deployment")
            .to_owned();
        rest.create_stage()
            .rest_api_id(&id)
            .stage_name("test")
            .deployment_id(deployment)
            .send()
            .await
            .expect("CreateStage");
    });
}
