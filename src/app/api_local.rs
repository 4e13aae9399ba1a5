//! What API tabs need of local runs: the app's runner and the tab's connection's local
//! setups, for the route testers' "Invoke locally" and "Serve locally".

use std::collections::BTreeMap;

use crate::apigateway::calls::route_function::LocalRuns;
use crate::app::state::AppState;
use crate::local_lambda::model::LocalSetup;
use crate::shared::model::TabId;

impl AppState {
    /// The local setups of a tab's connection, by function name.
    pub fn tab_local_setups(&self, tab: TabId) -> Option<&BTreeMap<String, LocalSetup>> {
        let spec = &self.tab_connection(tab)?.spec;
        self.local_setups
            .connections
            .get(&crate::app::workspace::connection_key(spec))
    }

    /// The runner and a copy of the tab's connection's setups, for a tab's calls.
    pub(crate) fn tab_local_runs(&self, tab: TabId) -> LocalRuns {
        LocalRuns {
            runner: self.local_runner.clone(),
            setups: self.tab_local_setups(tab).cloned().unwrap_or_default(),
        }
    }
}
