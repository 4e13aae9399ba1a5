//! Beside an "Invoke locally" button on a read-only connection: the handler's own AWS calls
//! would use the connection's credentials, so it gets none unless the user allows this run.

use egui::RichText;

/// The checkbox's accessible label (and text).
pub const ALLOW_CREDENTIALS: &str = "Give the handler this connection's credentials for this run";

/// Draws the note and the per-run checkbox on a read-only connection; nothing otherwise. The
/// host resets `allowed` after each run.
pub fn credentials_note_ui(ui: &mut egui::Ui, read_only: bool, allowed: &mut bool) {
    if !read_only {
        return;
    }
    ui.label(
        RichText::new(
            "The handler's own AWS calls use this connection's credentials: on a read-only \
             connection it gets none unless you allow it for this run",
        )
        .weak(),
    );
    ui.checkbox(allowed, ALLOW_CREDENTIALS);
}
