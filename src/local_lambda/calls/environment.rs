//! What a connection gives a local process: region, emulator endpoint and credentials.

use aws_credential_types::provider::ProvideCredentials as _;

use crate::connection::calls::AwsClients;
use crate::local_lambda::calls::runner::OPERATION;
use crate::local_lambda::model::{LocalCredentials, LocalEnvironment, connection_key};
use crate::shared::model::{ErrorKind, ServiceError};

/// The environment for a local run on `clients`' connection. With `with_credentials` false
/// the process gets none (a read-only connection, unless the user allows it for the run).
pub async fn local_environment(
    clients: &AwsClients,
    with_credentials: bool,
) -> Result<LocalEnvironment, ServiceError> {
    let credentials = if with_credentials {
        let provider = clients.credentials.as_ref().ok_or_else(|| {
            ServiceError::new(
                OPERATION,
                ErrorKind::MissingCredentials,
                "the connection has no credentials to give the local process".to_owned(),
            )
        })?;
        let resolved = provider.provide_credentials().await.map_err(|e| {
            ServiceError::new(
                OPERATION,
                ErrorKind::MissingCredentials,
                format!("the connection's credentials could not be resolved: {e}"),
            )
        })?;
        Some(LocalCredentials {
            access_key_id: resolved.access_key_id().to_owned(),
            secret_access_key: resolved.secret_access_key().to_owned(),
            session_token: resolved.session_token().map(ToOwned::to_owned),
        })
    } else {
        None
    };
    Ok(LocalEnvironment {
        connection: connection_key(&clients.spec),
        region: clients.region.clone(),
        endpoint_url: clients.spec.endpoint_url.clone(),
        credentials,
    })
}
