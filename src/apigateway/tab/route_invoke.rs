//! "Invoke function" and "Invoke locally", shared by the testers of HTTP, REST and WebSocket
//! routes: build the event API Gateway would send, invoke the integration's own function with
//! it (never a same-named one elsewhere), deployed or run locally from its code folder, and
//! read its answer as API Gateway would.

use serde_json::Value;

use crate::apigateway::calls::route_function::{
    LocalRuns, RunAt, invoke_route_function, now_epoch_ms,
};
use crate::apigateway::model::api_parts::LambdaTarget;
use crate::apigateway::model::route_event::{
    ProxyResponse, RouteContext, failed_function_response, parse_proxy_response,
};
use crate::connection::calls::AwsClients;
use crate::lambda::model::invocation::InvocationResult;
use crate::shared::bridge::backend::Backend;
use crate::shared::bridge::request::Request;
use crate::shared::model::{ErrorKind, ServiceError};

/// What a tester's "Invoke function" sent and got back.
#[derive(Clone, Debug)]
pub struct RouteInvocation {
    /// The event, pretty-printed, exactly as sent.
    pub event: String,
    pub result: InvocationResult,
    pub response: ProxyResponse,
}

/// Where the event says the request came in, before the request id and time are known.
#[derive(Clone, Debug)]
pub struct RouteOrigin {
    pub api_id: String,
    /// The host the API serves, when known (else the standard execute-api host).
    pub endpoint: Option<String>,
    pub route_key: String,
    /// How the answer is read: `1.0` requires a `statusCode`, `2.0` takes any JSON.
    pub response_format: &'static str,
    /// What API Gateway answers when the function fails: 502 for REST APIs, 500 for HTTP APIs.
    pub function_error_status: u16,
}

/// The host of an endpoint URL (`wss://x.example/live` → `x.example`), or API Gateway's
/// standard host for the API in `region` when there is none.
pub fn domain_name(endpoint: Option<&str>, api_id: &str, region: &str) -> String {
    endpoint
        .map(|e| e.split_once("://").map_or(e, |(_, rest)| rest))
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .filter(|host| !host.is_empty())
        .map_or_else(
            || format!("{api_id}.execute-api.{region}.amazonaws.com"),
            ToOwned::to_owned,
        )
}

fn failed(slot: &mut Request<RouteInvocation>, operation: &str, message: String) {
    slot.start(poll_promise::Promise::from_ready(Err(ServiceError::new(
        operation,
        ErrorKind::Other,
        message,
    ))));
}

/// Where a tester's invocation runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InvokeWhere {
    /// The deployed function ("Invoke function").
    #[default]
    Deployed,
    /// The function run locally from its code folder ("Invoke locally"); without
    /// credentials the process gets none of the connection's.
    Locally { with_credentials: bool },
}

/// Where `target` runs for `place`: locally only when its code folder is attached.
pub fn run_at(
    place: InvokeWhere,
    target: &LambdaTarget,
    local: &LocalRuns,
) -> Result<RunAt, String> {
    match place {
        InvokeWhere::Deployed => Ok(RunAt::Deployed),
        InvokeWhere::Locally { with_credentials } => {
            let name = &target.function_name;
            let setup = local
                .setups
                .get(name)
                .ok_or_else(|| local_setup_missing(name))?;
            Ok(RunAt::Local {
                runner: local.runner.clone(),
                setup: setup.clone(),
                with_credentials,
            })
        }
    }
}

/// Why a function cannot run locally yet, and where to fix it.
pub fn local_setup_missing(function: &str) -> String {
    format!("Attach {function}'s code folder in its Test tab to run it locally")
}

/// Builds the event with `build` and invokes `target` with it into `slot`, where `run` says.
/// A target in another region or account is refused with why; so is an event that cannot be
/// built. True when the invocation was sent on its way.
pub fn start_route_invocation(
    slot: &mut Request<RouteInvocation>,
    clients: Option<AwsClients>,
    backend: &Backend,
    (target, run): (LambdaTarget, Result<RunAt, String>),
    origin: RouteOrigin,
    build: impl FnOnce(&RouteContext) -> Result<Value, String>,
) -> bool {
    let Some(clients) = clients else {
        return false;
    };
    let run = match run {
        Ok(run) => run,
        Err(why) => {
            failed(slot, OPERATION_LOCAL, why);
            return false;
        }
    };
    // A function in another region is never reached through this connection's endpoint.
    if let Some(why) = target.elsewhere(&clients.region, None) {
        failed(slot, "Invoke", why);
        return false;
    }
    let epoch_ms = now_epoch_ms();
    let context = RouteContext {
        domain_name: domain_name(origin.endpoint.as_deref(), &origin.api_id, &clients.region),
        api_id: origin.api_id,
        account_id: target
            .account_id
            .clone()
            .unwrap_or_else(|| "123456789012".to_owned()),
        route_key: origin.route_key,
        request_id: format!("stratus-{epoch_ms:x}"),
        epoch_ms,
        source_ip: "127.0.0.1".to_owned(),
    };
    let event = match build(&context) {
        Ok(event) => event,
        Err(message) => {
            failed(slot, "Build event", message);
            return false;
        }
    };
    let event_text = serde_json::to_string_pretty(&event).unwrap_or_default();
    let (format, error_status) = (origin.response_format, origin.function_error_status);
    let operation = match run {
        RunAt::Deployed => "Invoke",
        RunAt::Local { .. } => OPERATION_LOCAL,
    };
    slot.start_as(
        operation,
        backend.spawn_fallible(operation, async move {
            let payload = event_text.as_bytes().to_vec();
            let result = invoke_route_function(&clients, &target, &run, payload).await?;
            // A failed function's payload is its error, never a proxy response.
            let response = match &result.function_error {
                Some(error) => failed_function_response(error, error_status),
                None => parse_proxy_response(&result.payload, format),
            };
            Ok(RouteInvocation {
                event: event_text,
                result,
                response,
            })
        }),
    );
    true
}

/// What local runs report under.
const OPERATION_LOCAL: &str = "Invoke locally";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_domain_is_the_endpoint_host_or_the_standard_one() {
        let standard = "a1.execute-api.eu-west-1.amazonaws.com";
        for (endpoint, expected) in [
            (Some("https://x.example"), "x.example"),
            (Some("wss://x.example/live?a=1"), "x.example"),
            (
                Some("http://127.0.0.1:5000/restapis/a1/prod"),
                "127.0.0.1:5000",
            ),
            (Some("x.example/path"), "x.example"),
            (Some(""), standard),
            (Some("https://"), standard),
            (None, standard),
        ] {
            assert_eq!(
                domain_name(endpoint, "a1", "eu-west-1"),
                expected,
                "{endpoint:?}"
            );
        }
    }
}
