//! The app's logic step: handles commands and moves finished calls into state.

use super::backend::Backend;
use super::command::Command;
use super::state::AppState;
use super::tab::{Tab, TabContent};
use crate::aws::{self, AwsClients};
use crate::model::{ConnectionSpec, EndpointPreset, ResourceRef};

impl AppState {
    /// Starts resolving `spec` into clients; everything reloads once it resolves.
    pub fn connect(&mut self, spec: ConnectionSpec, backend: &Backend) {
        if let Some(url) = &spec.endpoint_url
            && EndpointPreset::for_url(Some(url)) == EndpointPreset::Custom
        {
            self.settings.remember_endpoint(url);
            if let Some(dir) = &self.config_dir {
                // Losing the recent-endpoints list is harmless; the connection goes on.
                let _ignored = self.settings.save(dir);
            }
        }
        self.connection = spec.clone();
        self.clients = None;
        self.tables.reset();
        self.functions.reset();
        self.apis.reset();
        for tab in &mut self.tabs {
            *tab = Tab::new(tab.resource.clone());
        }
        self.connecting = Some(backend.spawn(AwsClients::connect(spec)));
    }

    /// Handles one command from the UI.
    pub fn handle(&mut self, command: Command, backend: &Backend) {
        match command {
            Command::Connect(spec) => self.connect(spec, backend),
            Command::ReloadProfiles => self
                .profiles
                .start(backend.spawn(async { Ok(aws::profiles::load_profile_names().await) })),
            Command::RefreshTables => self.refresh_tables(backend),
            Command::RefreshFunctions => self.refresh_functions(backend),
            Command::RefreshApis => self.refresh_apis(backend),
            Command::Open(resource) => self.open(resource, backend),
            Command::RefreshTab(index) => self.refresh_tab(index, backend),
            Command::SelectTab(index) => {
                if index < self.tabs.len() {
                    self.active_tab = Some(index);
                }
            }
            Command::CloseTab(index) => self.close_tab(index),
            Command::RevealEnvironment { function, revealed } => {
                if revealed {
                    self.revealed_environments.insert(function);
                } else {
                    self.revealed_environments.remove(&function);
                }
            }
        }
    }

    /// Moves finished calls into state; true when anything changed.
    pub fn poll(&mut self, backend: &Backend) -> bool {
        let mut changed = false;
        if let Some(promise) = self.connecting.take() {
            match promise.try_take() {
                Ok(clients) => {
                    self.clients = Some(clients);
                    self.reload_everything(backend);
                    changed = true;
                }
                Err(promise) => self.connecting = Some(promise),
            }
        }
        changed |= self.profiles.poll();
        changed |= self.tables.poll();
        changed |= self.functions.poll();
        changed |= self.apis.poll();
        for tab in &mut self.tabs {
            changed |= tab.poll();
        }
        changed
    }

    fn reload_everything(&mut self, backend: &Backend) {
        self.refresh_tables(backend);
        self.refresh_functions(backend);
        self.refresh_apis(backend);
        for index in 0..self.tabs.len() {
            self.refresh_tab(index, backend);
        }
    }

    fn refresh_tables(&mut self, backend: &Backend) {
        let Some(clients) = self.clients.clone() else {
            return;
        };
        self.tables
            .start(backend.spawn(async move { aws::dynamodb::list_tables(&clients).await }));
    }

    fn refresh_functions(&mut self, backend: &Backend) {
        let Some(clients) = self.clients.clone() else {
            return;
        };
        self.functions
            .start(backend.spawn(async move { aws::lambda::list_functions(&clients).await }));
    }

    fn refresh_apis(&mut self, backend: &Backend) {
        let Some(clients) = self.clients.clone() else {
            return;
        };
        self.apis
            .start(backend.spawn(async move { aws::apigateway::list_apis(&clients).await }));
    }

    fn open(&mut self, resource: ResourceRef, backend: &Backend) {
        if let Some(index) = self.tabs.iter().position(|t| t.resource == resource) {
            self.active_tab = Some(index);
            return;
        }
        self.tabs.push(Tab::new(resource));
        let index = self.tabs.len() - 1;
        self.active_tab = Some(index);
        self.refresh_tab(index, backend);
    }

    fn refresh_tab(&mut self, index: usize, backend: &Backend) {
        let Some(clients) = self.clients.clone() else {
            return;
        };
        let Some(tab) = self.tabs.get_mut(index) else {
            return;
        };
        match (&tab.resource, &mut tab.content) {
            (ResourceRef::Table { name }, TabContent::Table(request)) => {
                let name = name.clone();
                request
                    .start(backend.spawn(async move {
                        aws::dynamodb::describe_table(&clients, &name).await
                    }));
            }
            (ResourceRef::Function { name }, TabContent::Function(request)) => {
                let name = name.clone();
                request.start(
                    backend.spawn(async move { aws::lambda::get_function(&clients, &name).await }),
                );
            }
            (ResourceRef::Api { id, .. }, TabContent::Api(request)) => {
                let id = id.clone();
                request.start(
                    backend.spawn(async move { aws::apigateway::get_api(&clients, &id).await }),
                );
            }
            // `Tab::new` pairs each resource with its content; other pairs cannot occur.
            _ => {}
        }
    }

    fn close_tab(&mut self, index: usize) {
        if index >= self.tabs.len() {
            return;
        }
        self.tabs.remove(index);
        self.active_tab = match self.active_tab {
            _ if self.tabs.is_empty() => None,
            Some(active) if active > index => Some(active - 1),
            Some(active) if active == index => Some(index.min(self.tabs.len() - 1)),
            other => other,
        };
    }
}
