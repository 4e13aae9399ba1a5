//! One local run from start to finish, as the Test tab, the route testers and served APIs ask
//! for it: resolve the function, give it the connection's environment, run it.

use crate::connection::calls::AwsClients;
use crate::lambda::model::invocation::InvocationResult;
use crate::local_lambda::calls::runner::LocalRunner;
use crate::local_lambda::calls::{local_environment, resolve_function};
use crate::local_lambda::model::LocalSetup;
use crate::shared::model::ServiceError;

/// Runs `name` locally with `setup` on `clients`' connection. `with_credentials` false gives
/// the process no credentials (a read-only connection, unless the user allowed it this run).
pub async fn invoke_locally(
    clients: &AwsClients,
    runner: &LocalRunner,
    name: &str,
    setup: &LocalSetup,
    with_credentials: bool,
    payload: Vec<u8>,
) -> Result<InvocationResult, ServiceError> {
    let function = resolve_function(clients, name, setup).await?;
    let environment = local_environment(clients, with_credentials).await?;
    let invocation = runner.invoke(&function, &environment, payload).await?;
    Ok(invocation.into_result())
}
