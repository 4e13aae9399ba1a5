//! Every function's local setup, remembered per connection and function in the config folder.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::local_lambda::model::local_setup::LocalSetup;

/// The file in the config folder.
pub const FILE_NAME: &str = "local-functions.json";

/// Local setups by connection key (the workspace's `connection_key`) and function name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LocalSetups {
    /// `connection key` → function name → setup.
    pub connections: BTreeMap<String, BTreeMap<String, LocalSetup>>,
}

impl LocalSetups {
    pub fn get(&self, connection: &str, function: &str) -> Option<&LocalSetup> {
        self.connections.get(connection)?.get(function)
    }

    /// Sets (or replaces) a function's setup.
    pub fn put(&mut self, connection: &str, function: &str, setup: LocalSetup) {
        self.connections
            .entry(connection.to_owned())
            .or_default()
            .insert(function.to_owned(), setup);
    }

    /// Forgets a function's setup.
    pub fn remove(&mut self, connection: &str, function: &str) {
        if let Some(functions) = self.connections.get_mut(connection) {
            functions.remove(function);
            if functions.is_empty() {
                self.connections.remove(connection);
            }
        }
    }

    /// The functions of a connection that exist only locally, by name.
    pub fn local_only(&self, connection: &str) -> Vec<(&str, &LocalSetup)> {
        self.connections
            .get(connection)
            .into_iter()
            .flatten()
            .filter(|(_, setup)| setup.local_only)
            .map(|(name, setup)| (name.as_str(), setup))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setups_are_kept_per_connection_and_function() {
        let mut setups = LocalSetups::default();
        setups.put("moto", "f", LocalSetup::with_code_dir("/a".into()));
        let mut only = LocalSetup::with_code_dir("/b".into());
        only.local_only = true;
        setups.put("moto", "g", only);
        assert!(setups.get("aws", "f").is_none());
        assert_eq!(
            setups.get("moto", "f").map(|s| s.code_dir.clone()),
            Some("/a".into())
        );
        assert_eq!(setups.local_only("moto").len(), 1);
        let text = serde_json::to_string(&setups).expect("serializes");
        let back: LocalSetups = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, setups);
        setups.remove("moto", "f");
        setups.remove("moto", "g");
        assert!(setups.connections.is_empty());
        // A hand-edited or older file never stops the app.
        let odd: LocalSetups =
            serde_json::from_str(r#"{"connections":{"x":{"f":{}}},"new":1}"#).expect("lenient");
        assert!(odd.get("x", "f").is_some());
    }
}
