//! Test events saved per function. The app keeps them as JSON in the user's config directory
//! (see `app::json_file`); this type only holds and changes them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The file the app keeps saved events in.
pub const FILE_NAME: &str = "test-events.json";

/// A named payload saved for one function.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedEvent {
    pub name: String,
    pub payload: String,
}

/// Every function's saved events, by function name, each list sorted by event name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedEvents {
    functions: BTreeMap<String, Vec<SavedEvent>>,
}

impl SavedEvents {
    pub fn for_function(&self, function: &str) -> &[SavedEvent] {
        self.functions.get(function).map_or(&[], Vec::as_slice)
    }

    /// Saves `payload` under `name`, replacing an event of that name.
    pub fn put(&mut self, function: &str, name: &str, payload: &str) -> Result<(), String> {
        let name = check_name(name)?;
        let events = self.functions.entry(function.to_owned()).or_default();
        match events.iter_mut().find(|e| e.name == name) {
            Some(event) => event.payload = payload.to_owned(),
            None => {
                events.push(SavedEvent {
                    name,
                    payload: payload.to_owned(),
                });
                events.sort_by(|a, b| a.name.cmp(&b.name));
            }
        }
        Ok(())
    }

    pub fn rename(&mut self, function: &str, from: &str, to: &str) -> Result<(), String> {
        let to = check_name(to)?;
        let events = self
            .functions
            .get_mut(function)
            .ok_or_else(|| format!("No saved event {from:?}"))?;
        if from != to && events.iter().any(|e| e.name == to) {
            return Err(format!("An event named {to:?} already exists"));
        }
        let event = events
            .iter_mut()
            .find(|e| e.name == from)
            .ok_or_else(|| format!("No saved event {from:?}"))?;
        event.name = to;
        events.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(())
    }

    pub fn delete(&mut self, function: &str, name: &str) {
        if let Some(events) = self.functions.get_mut(function) {
            events.retain(|e| e.name != name);
            if events.is_empty() {
                self.functions.remove(function);
            }
        }
    }
}

fn check_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Give the event a name".to_owned());
    }
    if name.chars().count() > 100 {
        return Err("Event names are at most 100 characters".to_owned());
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_created_renamed_deleted_and_survive_a_reload() {
        let mut events = SavedEvents::default();
        events
            .put("orders-get", "by id", r#"{"id": 42}"#)
            .expect("put");
        events.put("orders-get", "another", "{}").expect("put");
        events
            .put("orders-get", "by id", r#"{"id": 43}"#)
            .expect("replace");
        assert_eq!(
            events.put("orders-get", "  ", "{}"),
            Err("Give the event a name".to_owned())
        );
        let names: Vec<&str> = events
            .for_function("orders-get")
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(names, ["another", "by id"]);
        assert!(
            events.rename("orders-get", "another", "by id").is_err(),
            "names stay unique"
        );
        events
            .rename("orders-get", "another", "Ünïcode ☂")
            .expect("rename");
        let text = serde_json::to_string(&events).expect("serialize");
        let reloaded: SavedEvents = serde_json::from_str(&text).expect("deserialize");
        assert_eq!(reloaded, events);
        assert_eq!(
            reloaded.for_function("orders-get")[0].payload,
            r#"{"id": 43}"#
        );
        let mut reloaded = reloaded;
        reloaded.delete("orders-get", "by id");
        reloaded.delete("orders-get", "Ünïcode ☂");
        assert!(reloaded.for_function("orders-get").is_empty());
        assert!(reloaded.for_function("other").is_empty());
    }
}
