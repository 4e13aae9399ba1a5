//! What was opened lately, on which connection: the welcome lists it (after a restart too,
//! even once its tab is closed or its connection removed), and each entry opens again.

use serde::{Deserialize, Serialize};

use crate::app::state::AppState;
use crate::app::workspace::SavedConnection;
use crate::app::workspace::connection_key;
use crate::connection::live_connection::ConnectionId;
use crate::shared::bridge::backend::Backend;
use crate::shared::model::ResourceRef;

/// How many resources the welcome remembers.
pub const MAX_RECENT: usize = 10;

/// A resource opened lately and the connection it was opened on (never its keys).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentResource {
    pub connection: SavedConnection,
    pub resource: ResourceRef,
}

impl RecentResource {
    fn same(&self, other: &Self) -> bool {
        self.resource == other.resource
            && connection_key(&self.connection.spec()) == connection_key(&other.connection.spec())
    }
}

/// Puts `entry` first, without duplicates, keeping at most [`MAX_RECENT`].
pub fn remember(recent: &mut Vec<RecentResource>, entry: RecentResource) {
    recent.retain(|known| !known.same(&entry));
    recent.insert(0, entry);
    recent.truncate(MAX_RECENT);
}

impl AppState {
    /// Notes that `resource` of `connection` was opened.
    pub(crate) fn note_recent(&mut self, connection: ConnectionId, resource: &ResourceRef) {
        let Some(live) = self.connection(connection) else {
            return;
        };
        let entry = RecentResource {
            connection: SavedConnection::from_spec(&live.spec, live.colour),
            resource: resource.clone(),
        };
        remember(&mut self.recent, entry);
    }

    /// The connection that points where `recent` was opened, added again when it was removed
    /// since (its tab then loads once it resolves).
    pub(crate) fn connection_for_recent(
        &mut self,
        recent: &RecentResource,
        backend: &Backend,
    ) -> ConnectionId {
        let key = connection_key(&recent.connection.spec());
        let existing = self
            .connections
            .iter()
            .find(|c| connection_key(&c.spec) == key)
            .map(|c| c.id);
        existing.unwrap_or_else(|| {
            self.add_connection(
                recent.connection.spec(),
                Some(recent.connection.colour),
                backend,
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connection::model::{ConnectionColour, ConnectionSpec};

    fn entry(endpoint: &str, table: &str) -> RecentResource {
        let spec = ConnectionSpec {
            endpoint_url: Some(endpoint.to_owned()),
            ..Default::default()
        };
        RecentResource {
            connection: SavedConnection::from_spec(&spec, ConnectionColour::nth(0)),
            resource: ResourceRef::Table {
                name: table.to_owned(),
            },
        }
    }

    #[test]
    fn newest_first_without_duplicates_and_bounded() {
        let mut recent = Vec::new();
        for n in 0..15 {
            remember(&mut recent, entry("http://localhost:1", &format!("t{n}")));
        }
        assert_eq!(recent.len(), MAX_RECENT);
        assert_eq!(recent[0], entry("http://localhost:1", "t14"));
        remember(&mut recent, entry("http://localhost:1", "t10"));
        assert_eq!(recent[0], entry("http://localhost:1", "t10"));
        assert_eq!(recent.len(), MAX_RECENT);
        // The same table on another connection is another entry.
        remember(&mut recent, entry("http://localhost:2", "t10"));
        assert_eq!(recent.len(), MAX_RECENT);
        assert_eq!(recent[1], entry("http://localhost:1", "t10"));
    }

    #[test]
    fn a_colour_change_does_not_duplicate() {
        let mut recent = vec![entry("http://localhost:1", "a")];
        let mut recoloured = entry("http://localhost:1", "a");
        recoloured.connection.colour = ConnectionColour::nth(3);
        remember(&mut recent, recoloured.clone());
        assert_eq!(recent, vec![recoloured]);
    }
}
