//! The command palette (Ctrl+K): fuzzy search over every table, function and API, and over
//! commands. Also the keyboard shortcuts and their help panel.

use egui::{Key, Modifiers, RichText};

use crate::app::AppState;
use crate::app::Command;
use crate::connection::model::ConnectionSpec;
use crate::shared::model::fuzzy::fuzzy_score;
use crate::shared::model::{ApiSummary, ResourceRef};
use crate::shared::widgets::StripedTable;
use crate::shared::widgets::dialog_window;
use crate::shared::widgets::empty_note_ui;
use crate::shared::widgets::error_ui;
use crate::shared::widgets::request_shortcut;
use crate::shared::widgets::set_accessible_name;

/// Entries shown at most.
const MAX_SHOWN: usize = 12;

/// The palette's state, and whether the shortcuts help is open.
#[derive(Default)]
pub struct CommandPalette {
    pub open: bool,
    pub query: String,
    selected: usize,
    just_opened: bool,
    pub help_open: bool,
}

/// What choosing an entry does.
#[derive(Clone)]
enum Action {
    Send(Box<Command>),
    ToggleTheme,
    ShowHelp,
    /// Presses a shortcut for the open tab, so the palette and the keyboard do the same.
    Press(Key),
}

struct Entry {
    label: String,
    action: Action,
}

impl CommandPalette {
    /// Opens the palette with an empty search.
    pub fn show(&mut self) {
        self.open = true;
        self.just_opened = true;
        self.query.clear();
        self.selected = 0;
    }
}

/// The keyboard shortcuts, for the help panel.
pub const SHORTCUTS: &[(&str, &str)] = &[
    (
        "Ctrl+K",
        "Command palette: open any table, function or API, run a command",
    ),
    (
        "F5",
        "Refresh the open tab (or every list when no tab is open)",
    ),
    ("Ctrl+W", "Close the open tab"),
    ("Ctrl+N", "New item in the open table"),
    ("Ctrl+Enter", "Run the query or scan · invoke the function"),
    (
        "Ctrl+S",
        "In the item editor: review the changes, then save",
    ),
    (
        "Ctrl+F",
        "Focus the grid's filter (or the navigator's table filter)",
    ),
    ("Enter / Esc", "Save / cancel a cell edited in place"),
    ("F1", "This list"),
];

/// Whether the connections' log groups are still being listed, or why they are not.
fn log_groups_status_ui(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let several = state.connections.len() > 1;
    for connection in &state.connections {
        let of = if several {
            format!(" of {}", connection.short_label())
        } else {
            String::new()
        };
        if connection.log_groups.is_pending() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("Listing the log groups{of}…"));
            });
        } else if let Some(error) = connection.log_groups.error() {
            ui.label(format!("The log groups{of} are not listed:"));
            error_ui(
                ui,
                error,
                Command::RefreshLogGroups(connection.id),
                commands,
            );
        }
    }
}

fn entries(state: &AppState) -> Vec<Entry> {
    let mut entries = Vec::new();
    let several = state.connections.len() > 1;
    for connection in &state.connections {
        // With several connections each entry says which one it opens in.
        let suffix = if several {
            format!(" · {}", connection.short_label())
        } else {
            String::new()
        };
        let open = |resource: ResourceRef| {
            Action::Send(Box::new(Command::Open {
                connection: connection.id,
                resource,
            }))
        };
        for table in connection.tables.value().into_iter().flatten() {
            entries.push(Entry {
                label: format!("Table · {}{suffix}", table.name),
                action: open(ResourceRef::Table {
                    name: table.name.clone(),
                }),
            });
        }
        for function in connection.functions.value().into_iter().flatten() {
            entries.push(Entry {
                label: format!("Function · {}{suffix}", function.name),
                action: open(ResourceRef::Function {
                    name: function.name.clone(),
                }),
            });
        }
        for (name, _) in state.local_only_functions(connection.id) {
            entries.push(Entry {
                label: format!("Function · {name} (local){suffix}"),
                action: open(ResourceRef::Function { name }),
            });
        }
        for group in connection.log_groups.value().into_iter().flatten() {
            entries.push(Entry {
                label: format!("Log group · {}{suffix}", group.name),
                action: open(ResourceRef::LogGroup {
                    name: group.name.clone(),
                }),
            });
        }
        for api in connection.all_apis().into_iter().flatten() {
            let kind = if api.protocol == ApiSummary::REST {
                "REST API"
            } else {
                "API"
            };
            entries.push(Entry {
                label: format!("{kind} · {}{suffix}", api.name),
                action: open(api.resource()),
            });
        }
    }
    if let Some(current) = state.current() {
        let (spec, id) = (&current.spec, current.id);
        let send = |command: Command| Action::Send(Box::new(command));
        let commands = [
            ("Refresh tables", send(Command::RefreshTables(id))),
            ("Refresh functions", send(Command::RefreshFunctions(id))),
            ("Refresh APIs", send(Command::RefreshApis(id))),
            (
                "Reconnect",
                send(Command::Reconnect {
                    connection: id,
                    spec: spec.clone(),
                }),
            ),
            (
                if spec.read_only {
                    "Allow writes (turn read-only off)"
                } else {
                    "Make this connection read-only"
                },
                send(Command::Reconnect {
                    connection: id,
                    spec: ConnectionSpec {
                        read_only: !spec.read_only,
                        ..spec.clone()
                    },
                }),
            ),
            (
                "Add connection",
                send(Command::AddConnection(ConnectionSpec::default())),
            ),
            ("New item in the open table", Action::Press(Key::N)),
            (
                "Run the query · invoke the function (open tab)",
                Action::Press(Key::Enter),
            ),
            ("Switch theme (dark / light)", Action::ToggleTheme),
            ("Keyboard shortcuts", Action::ShowHelp),
        ];
        entries.extend(commands.into_iter().map(|(label, action)| Entry {
            label: format!("Command · {label}"),
            action,
        }));
    }
    entries
}

/// Global shortcuts; call once per frame before drawing.
pub fn shortcuts(
    ctx: &egui::Context,
    state: &AppState,
    palette: &mut CommandPalette,
    commands: &mut Vec<Command>,
) {
    if ctx.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::K)) {
        palette.show();
    }
    if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F1)) {
        palette.help_open = !palette.help_open;
    }
    if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F5)) {
        match state.active_tab {
            Some(tab) => commands.push(Command::RefreshTab(tab)),
            None => {
                for connection in &state.connections {
                    commands.extend([
                        Command::RefreshTables(connection.id),
                        Command::RefreshFunctions(connection.id),
                        Command::RefreshApis(connection.id),
                    ]);
                    if !connection.log_groups.is_idle() {
                        commands.push(Command::RefreshLogGroups(connection.id));
                    }
                }
            }
        }
    }
    if ctx.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::W))
        && let Some(tab) = state.active_tab
    {
        commands.push(Command::CloseTab(tab));
    }
}

fn toggle_theme(ctx: &egui::Context) {
    let next = if ctx.global_style().visuals.dark_mode {
        egui::Theme::Light
    } else {
        egui::Theme::Dark
    };
    ctx.set_theme(next);
}

/// The palette and the help panel, when open.
pub fn palette_ui(
    ctx: &egui::Context,
    state: &AppState,
    palette: &mut CommandPalette,
    commands: &mut Vec<Command>,
) {
    if palette.help_open {
        let mut open = true;
        dialog_window(ctx, "Keyboard shortcuts", "keyboard_shortcuts")
            .open(&mut open)
            .show(ctx, |ui| {
                StripedTable::new("shortcuts").columns(2).show(ui, |ui| {
                    for (keys, what) in SHORTCUTS {
                        ui.label(RichText::new(*keys).monospace().strong());
                        ui.label(*what);
                        ui.end_row();
                    }
                });
            });
        palette.help_open = open;
    }
    if !palette.open {
        return;
    }
    // Log groups are listed the first time the palette shows on a resolved connection (a
    // connection still resolving when it opened is listed once it resolves).
    for connection in &state.connections {
        if connection.clients.is_some() && connection.log_groups.is_idle() {
            commands.push(Command::RefreshLogGroups(connection.id));
        }
    }
    let all = entries(state);
    let mut ranked: Vec<(i32, &Entry)> = all
        .iter()
        .filter_map(|e| fuzzy_score(&palette.query, &e.label).map(|s| (s, e)))
        .collect();
    ranked.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    ranked.truncate(MAX_SHOWN);
    palette.selected = palette.selected.min(ranked.len().saturating_sub(1));
    let (down, up, enter, escape) = ctx.input_mut(|i| {
        (
            i.consume_key(Modifiers::NONE, Key::ArrowDown),
            i.consume_key(Modifiers::NONE, Key::ArrowUp),
            i.key_pressed(Key::Enter),
            i.consume_key(Modifiers::NONE, Key::Escape),
        )
    });
    if down {
        palette.selected = (palette.selected + 1).min(ranked.len().saturating_sub(1));
    }
    if up {
        palette.selected = palette.selected.saturating_sub(1);
    }
    let mut chosen: Option<Action> = None;
    let modal = egui::Modal::new(egui::Id::unique("command_palette")).show(ctx, |ui| {
        ui.set_width(480.0);
        let field = ui.add(
            egui::TextEdit::singleline(&mut palette.query)
                .hint_text("Open a table, function or API, or run a command…")
                .desired_width(f32::INFINITY),
        );
        set_accessible_name(ui, &field, "Command palette search");
        if palette.just_opened {
            field.request_focus();
            palette.just_opened = false;
        }
        if field.changed() {
            palette.selected = 0;
        }
        ui.separator();
        if ranked.is_empty() {
            empty_note_ui(ui, "Nothing matches.");
        }
        for (i, (_, entry)) in ranked.iter().enumerate() {
            let response = ui.selectable_label(i == palette.selected, &entry.label);
            if response.clicked() {
                chosen = Some(entry.action.clone());
            }
        }
        // Below the results: a line that appears and goes must not move them under the pointer.
        log_groups_status_ui(ui, state, commands);
        if enter && let Some((_, entry)) = ranked.get(palette.selected) {
            chosen = Some(entry.action.clone());
        }
    });
    if modal.should_close() || escape {
        palette.open = false;
    }
    if let Some(action) = chosen {
        palette.open = false;
        match action {
            Action::Send(command) => commands.push(*command),
            Action::ToggleTheme => toggle_theme(ctx),
            Action::ShowHelp => palette.help_open = true,
            Action::Press(key) => request_shortcut(ctx, key),
        }
    }
}
