//! Lambda invocations: the function tab's test form and the route tester's "Invoke function",
//! which builds the event API Gateway would send.

use crate::apigateway::model::api_parts::LambdaTarget;
use crate::apigateway::model::api_parts::account_of_function_arn;
use crate::apigateway::model::route_event::RouteContext;
use crate::apigateway::model::route_event::event_v1;
use crate::apigateway::model::route_event::event_v2;
use crate::apigateway::model::route_event::parse_proxy_response;
use crate::app::command::RouteTest;
use crate::app::state::AppState;
use crate::app::tab::InvocationInput;
use crate::app::tab::RouteInvocation;
use crate::app::tab::TabContent;
use crate::connection::calls::AwsClients;
use crate::lambda::model::invocation::InvocationType;
use crate::shared::bridge::backend::Backend;
use crate::shared::model::ErrorKind;
use crate::shared::model::ResourceRef;
use crate::shared::model::ServiceError;
use crate::shared::model::TabId;

impl AppState {
    pub(crate) fn invoke(&mut self, index: TabId, input: InvocationInput, backend: &Backend) {
        let Some(clients) = self.tab_clients(index) else {
            return;
        };
        let Some(tab) = self.tab_mut(index) else {
            return;
        };
        let (ResourceRef::Function { name }, TabContent::Function(function)) =
            (&tab.resource, &mut tab.content)
        else {
            return;
        };
        let name = name.clone();
        let sent = input.clone();
        function.in_flight = Some(input);
        function
            .invocation
            .start(backend.spawn_fallible("Invoke", async move {
                crate::lambda::calls::invoke(
                    &clients,
                    &name,
                    sent.qualifier.as_deref(),
                    sent.invocation_type,
                    sent.payload.as_bytes(),
                )
                .await
            }));
    }

    /// Builds the event for a route test, invokes the function, and reads the proxy response.
    pub(crate) fn test_route_invoke(&mut self, index: TabId, test: RouteTest, backend: &Backend) {
        let Some(clients) = self.tab_clients(index) else {
            return;
        };
        let Some(tab) = self.tab_mut(index) else {
            return;
        };
        let (ResourceRef::Api { id, .. }, TabContent::Api(api)) = (&tab.resource, &mut tab.content)
        else {
            return;
        };
        // A function in another region is never reached through this connection's endpoint.
        if let Some(why) = test.target.elsewhere(&clients.region, None) {
            api.route_invocation
                .start(poll_promise::Promise::from_ready(Err(ServiceError::new(
                    "Invoke",
                    ErrorKind::Other,
                    why,
                ))));
            return;
        }
        let domain_name = api
            .details
            .value()
            .and_then(|d| d.endpoint.as_deref())
            .map(|e| {
                e.trim_start_matches("https://")
                    .trim_start_matches("http://")
            })
            .map(|e| e.split('/').next().unwrap_or(e).to_owned())
            .unwrap_or_else(|| format!("{id}.execute-api.{}.amazonaws.com", clients.region));
        let epoch_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        let context = RouteContext {
            api_id: id.clone(),
            account_id: test
                .target
                .account_id
                .clone()
                .unwrap_or_else(|| "123456789012".to_owned()),
            domain_name,
            route_key: test.route_key.clone(),
            request_id: format!("stratus-{epoch_ms:x}"),
            epoch_ms,
            source_ip: "127.0.0.1".to_owned(),
        };
        let event = if test.payload_format_version == "1.0" {
            event_v1(&test.request, &context)
        } else {
            event_v2(&test.request, &context)
        };
        let event = match event {
            Ok(event) => event,
            Err(message) => {
                api.route_invocation
                    .start(poll_promise::Promise::from_ready(Err(ServiceError::new(
                        "Build event",
                        ErrorKind::Other,
                        message,
                    ))));
                return;
            }
        };
        let event_text = serde_json::to_string_pretty(&event).unwrap_or_default();
        api.route_invocation
            .start(backend.spawn_fallible("Invoke", async move {
                let target = &test.target;
                let account = connection_account(&clients, target).await;
                if let Some(why) = target.elsewhere(&clients.region, account.as_deref()) {
                    return Err(ServiceError::new("Invoke", ErrorKind::Other, why));
                }
                // By ARN, so Lambda resolves the integration's own function.
                let function = target
                    .function_arn
                    .as_deref()
                    .unwrap_or(&target.function_name);
                let result = crate::lambda::calls::invoke(
                    &clients,
                    function,
                    target.qualifier.as_deref(),
                    InvocationType::RequestResponse,
                    event_text.as_bytes(),
                )
                .await?;
                let response = parse_proxy_response(&result.payload, &test.payload_format_version);
                Ok(RouteInvocation {
                    event: event_text,
                    result,
                    response,
                })
            }));
    }
}

/// This connection's account, read from the ARN of its own function of the target's name,
/// when the integration names an account to compare it with. `None` when unknown (no such
/// function here, or GetFunction denied): then the invocation goes by the full ARN.
async fn connection_account(clients: &AwsClients, target: &LambdaTarget) -> Option<String> {
    target.account_id.as_ref()?;
    let function = crate::lambda::calls::get_function(clients, &target.function_name)
        .await
        .ok()?;
    account_of_function_arn(function.arn.as_deref()?).map(ToOwned::to_owned)
}
