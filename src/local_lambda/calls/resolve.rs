//! The function a local run starts: GetFunction's configuration under the user's setup.

use crate::connection::calls::AwsClients;
use crate::local_lambda::calls::runner::OPERATION;
use crate::local_lambda::model::LocalFunction;
use crate::local_lambda::model::local_setup::LocalSetup;
use crate::shared::model::{ErrorKind, ServiceError};

/// Reads the deployed configuration (unless the setup is local-only) and applies the setup.
/// A function GetFunction cannot read is refused with its error: a local run never guesses
/// the configuration of a deployed function.
pub async fn resolve_function(
    clients: &AwsClients,
    name: &str,
    setup: &LocalSetup,
) -> Result<LocalFunction, ServiceError> {
    let deployed = if setup.local_only {
        None
    } else {
        Some(crate::lambda::calls::get_function(clients, name).await?)
    };
    setup
        .resolve(name, deployed.as_ref(), &clients.region)
        .map_err(|why| ServiceError::new(OPERATION, ErrorKind::Other, why))
}
