//! Invoking a route's function, for the route testers and served APIs alike: the deployed
//! one by its integration's ARN (never a same-named one elsewhere), or the same function run
//! locally from its code folder.

use std::collections::BTreeMap;

use crate::apigateway::model::api_parts::{LambdaTarget, account_of_function_arn};
use crate::connection::calls::AwsClients;
use crate::lambda::model::invocation::{InvocationResult, InvocationType};
use crate::local_lambda::calls::LocalRunner;
use crate::local_lambda::model::LocalSetup;
use crate::shared::model::{ErrorKind, ServiceError};

/// What local runs need from the app: its runner and the connection's local setups by
/// function name.
#[derive(Clone)]
pub struct LocalRuns {
    pub runner: LocalRunner,
    pub setups: BTreeMap<String, LocalSetup>,
}

/// Where one invocation runs.
#[derive(Clone)]
pub enum RunAt {
    /// The deployed function (refused on a read-only connection).
    Deployed,
    /// Locally, from the function's setup; `with_credentials` false gives the process none.
    Local {
        runner: LocalRunner,
        setup: LocalSetup,
        with_credentials: bool,
    },
}

/// Invokes the route's function where `run` says, with `payload`.
pub async fn invoke_route_function(
    clients: &AwsClients,
    target: &LambdaTarget,
    run: &RunAt,
    payload: Vec<u8>,
) -> Result<InvocationResult, ServiceError> {
    match run {
        RunAt::Deployed => {
            // A local run is this connection's setup of the name; only Lambda could reach
            // another account's function of the same name.
            let account = connection_account(clients, target).await;
            if let Some(why) = target.elsewhere(&clients.region, account.as_deref()) {
                return Err(ServiceError::new("Invoke", ErrorKind::Other, why));
            }
            // By ARN, so Lambda resolves the integration's own function.
            let function = target
                .function_arn
                .as_deref()
                .unwrap_or(&target.function_name);
            crate::lambda::calls::invoke(
                clients,
                function,
                target.qualifier.as_deref(),
                InvocationType::RequestResponse,
                &payload,
            )
            .await
        }
        RunAt::Local {
            runner,
            setup,
            with_credentials,
        } => {
            crate::local_lambda::calls::invoke_locally(
                clients,
                runner,
                &target.function_name,
                setup,
                *with_credentials,
                payload,
            )
            .await
        }
    }
}

/// Milliseconds since the Unix epoch, now: the events' `requestTimeEpoch`.
pub fn now_epoch_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
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
