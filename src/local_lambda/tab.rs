//! Starting local runs and folder choices from a tab: the calls on the backend, their answers
//! in a `Request` of the tab that asked (the Test tab, a route tester).

use std::path::PathBuf;

use poll_promise::Promise;

use crate::connection::calls::AwsClients;
use crate::lambda::model::invocation::InvocationResult;
use crate::local_lambda::calls::LocalRunner;
use crate::local_lambda::calls::runner::OPERATION;
use crate::local_lambda::model::LocalSetup;
use crate::shared::bridge::backend::Backend;
use crate::shared::bridge::request::Outcome;
use crate::shared::model::{ErrorKind, ServiceError};

/// What a view asks of local runs; all but `BrowseFolder` are the app's (it holds the
/// setups and the runner).
#[derive(Clone, Debug, PartialEq)]
pub enum LocalRunCommand {
    /// Remember this (checked) setup for the function on its connection.
    SaveSetup(LocalSetup),
    /// Forget the function's setup.
    DetachSetup,
    /// Open the system's folder chooser for the code folder.
    BrowseFolder,
    /// Stop one local instance.
    StopInstance(u64),
    /// Stop every local instance of the function.
    StopInstances,
}

/// What one local run needs from the app: the runner, the function's setup, and whether the
/// process gets the connection's credentials.
#[derive(Clone)]
pub struct LocalRun {
    pub runner: LocalRunner,
    pub setup: LocalSetup,
    pub with_credentials: bool,
}

impl LocalRun {
    /// The credentials rule: a writable connection gives them; a read-only one only when the
    /// user allowed it for this run (the handler's own calls could write).
    pub fn with_credentials(read_only: bool, allowed_this_run: bool) -> bool {
        !read_only || allowed_this_run
    }
}

/// Runs `function` locally with `payload` on the backend. Without clients (the connection is
/// still resolving) it answers with an error at once, so the button never seems dead.
pub fn spawn_invoke_locally(
    backend: &Backend,
    clients: Option<AwsClients>,
    function: String,
    run: LocalRun,
    payload: Vec<u8>,
) -> Promise<Outcome<InvocationResult>> {
    let Some(clients) = clients else {
        return Promise::from_ready(Err(ServiceError::new(
            OPERATION,
            ErrorKind::Other,
            "not connected yet: wait for the connection, then retry",
        )));
    };
    backend.spawn_fallible(OPERATION, async move {
        crate::local_lambda::calls::invoke_locally(
            &clients,
            &run.runner,
            &function,
            &run.setup,
            run.with_credentials,
            payload,
        )
        .await
    })
}

/// Opens the system's folder chooser off the UI thread; `None` when the user cancelled.
pub fn spawn_pick_folder(backend: &Backend) -> Promise<Outcome<Option<PathBuf>>> {
    const PICK: &str = "Choose folder";
    if let Some(why) = no_folder_dialog() {
        return Promise::from_ready(Err(ServiceError::new(PICK, ErrorKind::Other, why)));
    }
    backend.spawn_fallible(PICK, async move {
        let chosen = rfd::AsyncFileDialog::new().pick_folder().await;
        Ok(chosen.map(|folder| folder.path().to_owned()))
    })
}

/// Why no folder dialog can open here, if known beforehand: on Linux rfd needs the desktop
/// portal (session D-Bus) or zenity, and without them answers "nothing chosen" at once.
fn no_folder_dialog() -> Option<String> {
    if !cfg!(target_os = "linux") || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        return None;
    }
    let zenity = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("zenity").is_file()));
    (!zenity).then(|| {
        "No folder dialog on this system (no desktop portal on D-Bus, no zenity): type the path."
            .to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_go_to_writable_connections_and_to_allowed_read_only_runs() {
        assert!(LocalRun::with_credentials(false, false));
        assert!(LocalRun::with_credentials(false, true));
        assert!(!LocalRun::with_credentials(true, false));
        assert!(LocalRun::with_credentials(true, true));
    }
}
