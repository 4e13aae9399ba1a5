//! Small JSON files in the config directory, read forgivingly and written atomically.

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Reads `dir/name`; a missing, unreadable or malformed file gives the default, so a damaged
/// file never stops the app from starting.
pub fn load<T: DeserializeOwned + Default>(dir: &Path, name: &str) -> T {
    std::fs::read_to_string(dir.join(name))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Writes `dir/name` through a temporary file and a rename, so a crash never leaves half a file.
pub fn save<T: Serialize>(dir: &Path, name: &str, value: &T) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    write_text(dir, name, &text)
}

/// [`save`] for text already serialised (the background writer's half).
pub fn write_text(dir: &Path, name: &str, text: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let temp = dir.join(format!("{name}.tmp"));
    std::fs::write(&temp, text)?;
    std::fs::rename(temp, dir.join(name))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn files_round_trip_and_damage_gives_defaults() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing: BTreeMap<String, u32> = load(dir.path(), "a.json");
        assert!(missing.is_empty());
        let value = BTreeMap::from([("ü".to_owned(), 7_u32)]);
        save(&dir.path().join("nested"), "a.json", &value).expect("save");
        assert_eq!(
            load::<BTreeMap<String, u32>>(&dir.path().join("nested"), "a.json"),
            value
        );
        std::fs::write(dir.path().join("b.json"), "{broken").expect("write");
        assert!(load::<BTreeMap<String, u32>>(dir.path(), "b.json").is_empty());
    }
}
