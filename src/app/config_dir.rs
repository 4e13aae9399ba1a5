//! Settings remembered between runs, in the user's config directory. Never secrets.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub(crate) const SETTINGS_FILE: &str = "settings.json";
/// How many custom endpoints the connection bar remembers.
const MAX_RECENT_ENDPOINTS: usize = 8;

/// The platform's config directory for Stratus (`~/.config/stratus` on Linux).
pub fn default_config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("dev", "stratus", "stratus").map(|d| d.config_dir().to_owned())
}

/// Small user settings. Unknown or missing fields fall back to defaults, so an old or hand-edited
/// file never stops the app from starting.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Custom endpoint URLs used recently, newest first.
    pub recent_endpoints: Vec<String>,
}

impl Settings {
    /// Reads the settings; a missing or unreadable file gives defaults.
    pub fn load(dir: &Path) -> Self {
        crate::app::json_file::load(dir, SETTINGS_FILE)
    }

    /// Writes the settings atomically.
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        crate::app::json_file::save(dir, SETTINGS_FILE, self)
    }

    /// Puts `url` first in the recent endpoints, without duplicates.
    pub fn remember_endpoint(&mut self, url: &str) {
        self.recent_endpoints.retain(|known| known != url);
        self.recent_endpoints.insert(0, url.to_owned());
        self.recent_endpoints.truncate(MAX_RECENT_ENDPOINTS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_tolerate_garbage() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(Settings::load(dir.path()), Settings::default());
        let mut settings = Settings::default();
        for port in 0..10 {
            settings.remember_endpoint(&format!("http://localhost:{port}"));
        }
        settings.remember_endpoint("http://localhost:5");
        assert_eq!(settings.recent_endpoints.len(), MAX_RECENT_ENDPOINTS);
        assert_eq!(settings.recent_endpoints[0], "http://localhost:5");
        settings.save(dir.path()).expect("save");
        assert_eq!(Settings::load(dir.path()), settings);

        std::fs::write(dir.path().join(SETTINGS_FILE), "{not json").expect("write");
        assert_eq!(Settings::load(dir.path()), Settings::default());
        std::fs::write(dir.path().join(SETTINGS_FILE), r#"{"recent_endpoints": 5}"#)
            .expect("write");
        assert_eq!(Settings::load(dir.path()), Settings::default());
    }
}
