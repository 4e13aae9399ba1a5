//! "Serve locally", kept by an HTTP or REST API tab: the server while it runs. The tab owns
//! it, so closing the tab (or the app) stops it.

use std::sync::Arc;

use crate::apigateway::calls::route_function::LocalRuns;
use crate::apigateway::calls::serve::{LocalServer, ServeConfig, serve};
use crate::apigateway::model::served_api::ServedApi;
use crate::connection::calls::AwsClients;
use crate::shared::bridge::backend::Backend;
use crate::shared::bridge::request::Request;
use crate::shared::model::{ErrorKind, ServiceError};

/// What "Serve locally" needs from the tab's context.
pub struct ServeContext<'a> {
    pub clients: Option<AwsClients>,
    pub local: &'a LocalRuns,
    /// A read-only connection gives locally run handlers no credentials, and refuses to
    /// invoke deployed functions (the calls layer says so per request).
    pub read_only: bool,
    pub backend: &'a Backend,
}

/// The local server of one API tab.
pub struct Serving {
    pub server: Request<LocalServer>,
}

impl Default for Serving {
    fn default() -> Self {
        Self {
            server: Request::new("Serve locally"),
        }
    }
}

impl Serving {
    /// Starts serving `api` (a snapshot of its routes) on `port` (`None`: any free port),
    /// stopping a server already running. `api` is an error when the parts are not loaded.
    pub fn start(
        &mut self,
        api: Result<ServedApi, String>,
        port: Option<u16>,
        ctx: &ServeContext<'_>,
    ) {
        self.stop();
        let ready = |why: String| {
            poll_promise::Promise::from_ready(Err(ServiceError::new(
                "Serve locally",
                ErrorKind::Other,
                why,
            )))
        };
        let api = match api {
            Ok(api) => api,
            Err(why) => return self.server.start(ready(why)),
        };
        let Some(clients) = ctx.clients.clone() else {
            return self.server.start(ready(
                "Not connected yet: wait for the connection".to_owned(),
            ));
        };
        let repaint = ctx.backend.repaint_callback();
        let config = ServeConfig {
            api,
            clients,
            local: ctx.local.clone(),
            with_credentials: !ctx.read_only,
            port,
            repaint: Arc::new(repaint),
        };
        self.server
            .start(ctx.backend.spawn_fallible("Serve locally", serve(config)));
    }

    /// Stops the server (dropping it closes its port and its connections).
    pub fn stop(&mut self) {
        self.server = Request::new("Serve locally");
    }

    /// Moves a started server into place; true when something changed.
    pub fn poll(&mut self) -> bool {
        self.server.poll()
    }

    /// Whether a server is running (or starting).
    pub fn is_on(&self) -> bool {
        self.server.is_pending() || self.server.value().is_some()
    }
}
