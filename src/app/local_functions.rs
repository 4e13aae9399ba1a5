//! Local code beyond the Test tab: local-only functions (no deployed twin), *Download code*
//! of a deployed package, and stream records sent to a function run locally. The setups are
//! the app's (`AppState.local_setups`), kept per connection in `local-functions.json`.

use poll_promise::Promise;

use crate::app::state::AppState;
use crate::app::tab::TabContent;
use crate::app::workspace::connection_key;
use crate::connection::live_connection::ConnectionId;
use crate::dynamodb::tab::{StreamCommand, TableCommand};
use crate::lambda::tab::FunctionTab;
use crate::local_lambda::model::LocalSetup;
use crate::local_lambda::model::code_package::code_folder;
use crate::local_lambda::model::local_only::{LocalCodeCommand, local_only_details, name_error};
use crate::shared::bridge::backend::Backend;
use crate::shared::model::{ResourceRef, TabId};

impl AppState {
    /// The key local setups of a connection are kept under.
    fn setups_key(&self, connection: ConnectionId) -> Option<String> {
        Some(connection_key(&self.connection(connection)?.spec))
    }

    /// The connection's local-only functions, by name.
    pub fn local_only_functions(&self, connection: ConnectionId) -> Vec<(String, LocalSetup)> {
        let Some(key) = self.setups_key(connection) else {
            return Vec::new();
        };
        self.local_setups
            .local_only(&key)
            .into_iter()
            .map(|(name, setup)| (name.to_owned(), setup.clone()))
            .collect()
    }

    /// Functions of the connection that can run locally (a code folder is attached, or they
    /// exist only locally), by name.
    pub fn functions_with_local_code(&self, connection: ConnectionId) -> Vec<String> {
        let Some(key) = self.setups_key(connection) else {
            return Vec::new();
        };
        self.local_setups
            .connections
            .get(&key)
            .into_iter()
            .flatten()
            .filter(|(_, setup)| !setup.code_dir.as_os_str().is_empty())
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// The setup of a function tab's function, if it exists only locally.
    fn local_only_setup_of_tab(&self, tab: TabId) -> Option<(String, LocalSetup)> {
        let (connection, name) = self.function_of_tab(tab)?;
        let setup = self
            .local_setups
            .get(&self.setups_key(connection)?, &name)?;
        setup.local_only.then(|| (name, setup.clone()))
    }

    /// Shows a local-only function's tab from its setup (GetFunction would answer 404).
    /// False when the tab's function is not local-only, so it is read as usual.
    pub(crate) fn show_local_only(&mut self, tab: TabId) -> bool {
        let Some((name, setup)) = self.local_only_setup_of_tab(tab) else {
            return false;
        };
        let region = self
            .tab_connection(tab)
            .and_then(|c| c.region().map(ToOwned::to_owned))
            .unwrap_or_else(|| "us-east-1".to_owned());
        if let Some(TabContent::Function(function)) = self.tab_mut(tab).map(|t| &mut t.content) {
            show_setup(function, &name, &setup, &region);
        }
        true
    }

    /// After the Local code section saved or detached: a local-only function shows its saved
    /// setup, and one detached (forgotten) closes, as *Delete local function* does.
    pub(crate) fn local_setup_changed(&mut self, tab: TabId) {
        if self.show_local_only(tab) {
            return;
        }
        let was_local_only = matches!(
            self.tab(tab).map(|t| &t.content),
            Some(TabContent::Function(function)) if function.local_only
        );
        if was_local_only {
            self.close_tab(tab);
        }
    }

    /// Defines a local-only function on a connection and opens it. Refused (quietly: the
    /// form said why first) when the name is not Lambda's or is taken.
    pub(crate) fn create_local_function(
        &mut self,
        connection: ConnectionId,
        name: String,
        setup: LocalSetup,
        backend: &Backend,
    ) {
        let Some(key) = self.setups_key(connection) else {
            return;
        };
        let deployed = self.deployed_function_names(connection);
        let deployed: Vec<&str> = deployed.iter().map(String::as_str).collect();
        if name_error(&name, &deployed, &[]).is_some() {
            return;
        }
        self.local_setups.put(
            &key,
            &name,
            LocalSetup {
                local_only: true,
                ..setup
            },
        );
        self.remember_local_setups();
        self.handle(
            crate::app::Command::Open {
                connection,
                resource: ResourceRef::Function { name },
            },
            backend,
        );
    }

    /// The names of the connection's deployed functions, as last listed.
    pub fn deployed_function_names(&self, connection: ConnectionId) -> Vec<String> {
        self.connection(connection)
            .and_then(|c| c.functions.value())
            .map(|functions| functions.iter().map(|f| f.name.clone()).collect())
            .unwrap_or_default()
    }

    /// Forgets a local-only function and closes its tab; its folder stays where it is.
    pub(crate) fn forget_local_function(&mut self, connection: ConnectionId, name: &str) {
        let Some(key) = self.setups_key(connection) else {
            return;
        };
        if !self
            .local_setups
            .get(&key, name)
            .is_some_and(|s| s.local_only)
        {
            return;
        }
        self.local_setups.remove(&key, name);
        self.remember_local_setups();
        let resource = ResourceRef::Function {
            name: name.to_owned(),
        };
        let open: Vec<TabId> = self
            .tabs
            .iter()
            .filter(|t| t.connection == connection && t.resource == resource)
            .map(|t| t.id)
            .collect();
        for tab in open {
            self.close_tab(tab);
        }
    }

    /// A function tab's *Download code* and *Forget*.
    pub(crate) fn handle_local_code(
        &mut self,
        tab: TabId,
        command: LocalCodeCommand,
        backend: &Backend,
    ) {
        let Some((connection, name)) = self.function_of_tab(tab) else {
            return;
        };
        let Some(key) = self.setups_key(connection) else {
            return;
        };
        let cache_dir = crate::app::state::local_cache_dir(self.config_dir.as_deref());
        let Some(TabContent::Function(function)) = self.tab_mut(tab).map(|t| &mut t.content) else {
            return;
        };
        match command {
            LocalCodeCommand::DownloadCode => {
                let details = function.details.value();
                let location = details
                    .and_then(|d| d.code_location.clone())
                    .unwrap_or_default();
                let sha = details.and_then(|d| d.code_sha256.clone());
                let destination = code_folder(&cache_dir, &key, &name, sha.as_deref(), &location);
                function.code_download.start(backend, location, destination);
            }
            LocalCodeCommand::CancelDownload => function.code_download.cancel(),
            LocalCodeCommand::ForgetLocalFunction => self.forget_local_function(connection, &name),
        }
    }

    /// Attaches each finished download as its function's code folder, keeping the overrides.
    pub(crate) fn attach_downloaded_code(&mut self) {
        let mut finished = Vec::new();
        for tab in &mut self.tabs {
            if let (ResourceRef::Function { name }, TabContent::Function(function)) =
                (&tab.resource, &mut tab.content)
                && let Some(folder) = function.code_download.take_finished()
            {
                finished.push((tab.connection, name.clone(), folder));
            }
        }
        if finished.is_empty() {
            return;
        }
        for (connection, name, folder) in finished {
            let Some(key) = self.setups_key(connection) else {
                continue;
            };
            let mut setup = self
                .local_setups
                .get(&key, &name)
                .cloned()
                .unwrap_or_default();
            setup.code_dir = folder;
            self.local_setups.put(&key, &name, setup);
        }
        self.remember_local_setups();
    }

    /// Sends chosen stream records to `function` run locally with its setup. A read-only
    /// connection gives the process no credentials (its own calls could write).
    pub(crate) fn send_stream_locally(
        &mut self,
        tab: TabId,
        command: TableCommand,
        backend: &Backend,
    ) {
        let TableCommand::Stream(StreamCommand::SendToLocalFunction { function, records }) =
            command
        else {
            return;
        };
        let Some(connection) = self.tab(tab).map(|t| t.connection) else {
            return;
        };
        let setup = self
            .setups_key(connection)
            .and_then(|key| self.local_setups.get(&key, &function).cloned());
        let (clients, read_only) = (self.tab_clients(tab), self.tab_read_only(tab));
        let runner = self.local_runner.clone();
        if let Some(TabContent::Table(table)) = self.tab_mut(tab).map(|t| &mut t.content) {
            table.stream.send_locally(
                backend,
                clients,
                crate::dynamodb::tab::LocalSend {
                    runner,
                    setup,
                    with_credentials: !read_only,
                    function,
                },
                &records,
            );
        }
    }
}

/// Fills a function tab from a local-only setup: configuration from the setup, no routes.
fn show_setup(function: &mut FunctionTab, name: &str, setup: &LocalSetup, region: &str) {
    function.local_only = true;
    function
        .details
        .start(Promise::from_ready(Ok(local_only_details(
            name, setup, region,
        ))));
    function.details.poll();
}
