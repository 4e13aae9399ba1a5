//! A function's local instances (Lambda's execution environments, here child processes):
//! what each is doing, its age, invocations, memory and process id, with Stop.

use std::time::Duration;

use crate::local_lambda::model::{InstanceSnapshot, InstanceState};
use crate::shared::widgets::{StripedTable, named_button};

/// What the user asked of the instances.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstanceAction {
    Stop(u64),
    StopAll,
}

/// How often the list is drawn again while instances exist (their age and state move).
const REFRESH: Duration = Duration::from_millis(500);

/// The list, with Stop per instance and Stop all.
pub fn instances_ui(ui: &mut egui::Ui, instances: &[InstanceSnapshot]) -> Option<InstanceAction> {
    let mut action = None;
    if !instances.is_empty() {
        ui.ctx().request_repaint_after(REFRESH);
        ui.horizontal(|ui| {
            ui.label(format!(
                "{} local instance{}",
                instances.len(),
                if instances.len() == 1 { "" } else { "s" }
            ));
            if named_button(ui, "Stop all", "Stop all local instances").clicked() {
                action = Some(InstanceAction::StopAll);
            }
        });
    }
    StripedTable::new("local_instances")
        .headings(&[
            "Instance",
            "State",
            "Age",
            "Invocations",
            "Memory",
            "PID",
            "",
        ])
        .when_empty("No local instances: Invoke locally starts one, and it stays warm.")
        .rows_ui(ui, instances, |ui, instance| {
            ui.label(format!("#{}", instance.id));
            ui.label(state_label(instance.state));
            ui.label(age_label(instance.age));
            ui.label(instance.invocations.to_string());
            ui.label(
                instance
                    .memory_used_mb
                    .map_or_else(|| "—".to_owned(), |mb| format!("{mb} MB")),
            );
            ui.label(
                instance
                    .pid
                    .map_or_else(|| "—".to_owned(), |p| p.to_string()),
            );
            let name = format!("Stop instance {}", instance.id);
            if named_button(ui, "Stop", &name).clicked() {
                action = Some(InstanceAction::Stop(instance.id));
            }
        });
    action
}

/// What an instance is doing, as a word.
pub fn state_label(state: InstanceState) -> &'static str {
    match state {
        InstanceState::Starting => "starting",
        InstanceState::Busy => "running",
        InstanceState::Idle => "idle",
    }
}

/// `42 s`, `3 min 5 s`, `2 h 1 min`.
pub fn age_label(age: Duration) -> String {
    let s = age.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_as_a_person_says_them() {
        assert_eq!(age_label(Duration::from_millis(900)), "0 s");
        assert_eq!(age_label(Duration::from_secs(185)), "3 min 5 s");
        assert_eq!(age_label(Duration::from_secs(7_260)), "2 h 1 min");
        assert!(age_label(Duration::MAX).ends_with(" min"), "no overflow");
    }
}
