//! A function tab's local runs: its code folder setup (remembered per connection and function
//! in `local-functions.json`), Invoke locally, and its instances. The setups and the runner
//! are the app's; the tab keeps the result and the history.

use crate::app::state::AppState;
use crate::app::tab::TabContent;
use crate::lambda::tab::{FunctionContext, FunctionTab, InvocationInput};
use crate::local_lambda::model::LocalSetup;
use crate::local_lambda::tab::{LocalRun, LocalRunCommand};
use crate::local_lambda::ui::LocalFunctionView;
use crate::shared::bridge::backend::Backend;
use crate::shared::model::{ResourceRef, TabId};

impl AppState {
    /// The connection key and function name a function tab's setup is kept under.
    fn local_setup_key(&self, tab: TabId) -> Option<(String, String)> {
        let (connection, name) = self.function_of_tab(tab)?;
        let spec = &self.connection(connection)?.spec;
        Some((crate::app::workspace::connection_key(spec), name))
    }

    /// The remembered setup of a function tab's function.
    pub fn local_setup_of_tab(&self, tab: TabId) -> Option<&LocalSetup> {
        let (key, name) = self.local_setup_key(tab)?;
        self.local_setups.get(&key, &name)
    }

    /// The connection (as local runs key it) and function name of a function tab.
    fn local_function_of_tab(&self, tab: TabId) -> Option<(String, String)> {
        let (connection, name) = self.function_of_tab(tab)?;
        let spec = &self.connection(connection)?.spec;
        Some((crate::local_lambda::model::connection_key(spec), name))
    }

    /// What the function view shows of local runs: the setup and this function's instances
    /// (on this tab's connection: another connection's function of that name is another one).
    pub fn local_function_view(&self, tab: TabId) -> LocalFunctionView<'_> {
        let mut instances: Vec<_> = match self.local_function_of_tab(tab) {
            Some((connection, name)) => self
                .local_runner
                .instances()
                .into_iter()
                .filter(|i| i.is_of(&connection, &name))
                .collect(),
            None => Vec::new(),
        };
        // Ids grow with each start: oldest first, whatever order the runner keeps.
        instances.sort_by_key(|i| i.id);
        LocalFunctionView {
            setup: self.local_setup_of_tab(tab),
            instances,
            save_error: self.local_setups_error.as_deref(),
        }
    }

    /// Handles the Local code section's and the instance list's commands.
    pub(crate) fn handle_local_run(&mut self, tab: TabId, cmd: LocalRunCommand, backend: &Backend) {
        match cmd {
            LocalRunCommand::SaveSetup(setup) => {
                if let Some((key, name)) = self.local_setup_key(tab) {
                    self.local_setups.put(&key, &name, setup);
                    self.remember_local_setups();
                }
            }
            LocalRunCommand::DetachSetup => {
                if let Some((key, name)) = self.local_setup_key(tab) {
                    self.local_setups.remove(&key, &name);
                    self.remember_local_setups();
                }
            }
            LocalRunCommand::BrowseFolder => {
                if let Some(TabContent::Function(function)) =
                    self.tab_mut(tab).map(|t| &mut t.content)
                {
                    function
                        .folder_pick
                        .start(crate::local_lambda::tab::spawn_pick_folder(backend));
                }
            }
            LocalRunCommand::StopInstance(id) => self.local_runner.stop(id),
            LocalRunCommand::StopInstances => {
                let Some((connection, name)) = self.local_function_of_tab(tab) else {
                    return;
                };
                for instance in self.local_runner.instances() {
                    if instance.is_of(&connection, &name) {
                        self.local_runner.stop(instance.id);
                    }
                }
            }
        }
    }

    /// Runs a function tab's function locally with its remembered setup. On a read-only
    /// connection the process gets the connection's credentials only when the user allowed it
    /// for this run.
    pub(crate) fn invoke_locally(
        &mut self,
        tab: TabId,
        input: InvocationInput,
        allow_credentials: bool,
        backend: &Backend,
    ) {
        let setup = self.local_setup_of_tab(tab).cloned().unwrap_or_default();
        let run = LocalRun {
            runner: self.local_runner.clone(),
            setup,
            with_credentials: LocalRun::with_credentials(
                self.tab_read_only(tab),
                allow_credentials,
            ),
        };
        self.with_function_tab(tab, backend, |function, ctx| {
            function.invoke_locally(ctx, input, run);
        });
    }

    /// Runs `f` on the function tab `tab` with its context; nothing when `tab` is gone or not
    /// a function's.
    pub(crate) fn with_function_tab(
        &mut self,
        tab: TabId,
        backend: &Backend,
        f: impl FnOnce(&mut FunctionTab, &FunctionContext<'_>),
    ) {
        let clients = self.tab_clients(tab);
        let Some(found) = self.tab_mut(tab) else {
            return;
        };
        if let (ResourceRef::Function { name }, TabContent::Function(function)) =
            (&found.resource, &mut found.content)
        {
            let ctx = FunctionContext {
                clients,
                function: name,
                backend,
            };
            f(function, &ctx);
        }
    }

    /// Writes the local setups off the UI thread; a refusal to queue is shown at once, a failed
    /// write when the writer reports it.
    pub(crate) fn remember_local_setups(&mut self) {
        let Some(dir) = &self.config_dir else {
            return;
        };
        let file = crate::local_lambda::model::local_setups::FILE_NAME;
        self.local_setups_error = self
            .file_writer
            .save(dir, file, &self.local_setups)
            .err()
            .map(|e| format!("Could not save the local setups: {e}"));
    }
}
