//! Local runs for a served API: the function's configuration and the connection's
//! environment are read once a minute per function, not on every request (each read is a
//! GetFunction and a credentials lookup, which would cost more than the run itself).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::connection::calls::AwsClients;
use crate::lambda::model::invocation::InvocationResult;
use crate::local_lambda::calls::{LocalRunner, local_environment, resolve_function};
use crate::local_lambda::model::{LocalEnvironment, LocalFunction, LocalSetup};
use crate::shared::model::ServiceError;

/// How long a resolved configuration is used before it is read again.
const FRESH_FOR: Duration = Duration::from_secs(60);

/// The served API's resolved functions, by name.
#[derive(Default)]
pub struct ResolvedFunctions {
    cache: tokio::sync::Mutex<HashMap<String, (Instant, LocalFunction, LocalEnvironment)>>,
}

impl ResolvedFunctions {
    /// Runs `name` locally with `setup`, as `invoke_locally` does, from the cache when fresh.
    pub async fn invoke(
        &self,
        clients: &AwsClients,
        runner: &LocalRunner,
        (name, setup): (&str, &LocalSetup),
        with_credentials: bool,
        payload: Vec<u8>,
    ) -> Result<InvocationResult, ServiceError> {
        let cached = self
            .cache
            .lock()
            .await
            .get(name)
            .filter(|(at, _, _)| at.elapsed() < FRESH_FOR)
            .map(|(_, function, environment)| (function.clone(), environment.clone()));
        let (function, environment) = match cached {
            Some(found) => found,
            None => {
                let function = resolve_function(clients, name, setup).await?;
                let environment = local_environment(clients, with_credentials).await?;
                self.cache.lock().await.insert(
                    name.to_owned(),
                    (Instant::now(), function.clone(), environment.clone()),
                );
                (function, environment)
            }
        };
        let invocation = runner.invoke(&function, &environment, payload).await?;
        Ok(invocation.into_result())
    }
}
