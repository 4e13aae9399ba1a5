//! Sending chosen stream records to a function run locally (issue #15's runner): the same
//! event as the deployed send, into the same result, through `invoke_locally`.

use poll_promise::Promise;

use super::stream_state::StreamTab;
use crate::connection::calls::AwsClients;
use crate::local_lambda::calls::LocalRunner;
use crate::local_lambda::calls::runner::OPERATION;
use crate::local_lambda::model::LocalSetup;
use crate::shared::bridge::backend::Backend;
use crate::shared::model::{ErrorKind, ServiceError};

/// Added to the function's name in `sent`, so the result says where it ran.
const LOCALLY: &str = " (run locally)";

/// What a local send needs from the app: the runner, the function's setup (if any) and
/// whether the process gets the connection's credentials.
pub struct LocalSend {
    pub runner: LocalRunner,
    pub setup: Option<LocalSetup>,
    pub with_credentials: bool,
    pub function: String,
}

impl StreamTab {
    /// Whether the last send ran the function locally.
    pub fn sent_locally(&self) -> bool {
        self.sent
            .as_ref()
            .is_some_and(|(function, _)| function.ends_with(LOCALLY))
    }

    /// Runs `send.function` locally with the stream event of the kept records `ids`; the
    /// answer lands where the deployed send's does.
    pub fn send_locally(
        &mut self,
        backend: &Backend,
        clients: Option<AwsClients>,
        send: LocalSend,
        ids: &[u64],
    ) {
        let Some((payload, count)) = self.event_of(ids) else {
            return;
        };
        self.sent = Some((format!("{}{LOCALLY}", send.function), count));
        let refused = |why: String| {
            Promise::from_ready(Err(ServiceError::new(OPERATION, ErrorKind::Other, why)))
        };
        let promise = match (clients, send.setup) {
            (None, _) => refused("not connected yet: wait for the connection, then retry".into()),
            (Some(_), None) => refused(format!(
                "Attach {}'s code folder (in its function view) to run it locally",
                send.function
            )),
            (Some(clients), Some(setup)) => {
                let LocalSend {
                    runner,
                    with_credentials,
                    function,
                    ..
                } = send;
                backend.spawn_fallible(OPERATION, async move {
                    crate::local_lambda::calls::invoke_locally(
                        &clients,
                        &runner,
                        &function,
                        &setup,
                        with_credentials,
                        payload.into_bytes(),
                    )
                    .await
                })
            }
        };
        self.send.start(promise);
    }
}
