//! Driving the real app with egui_kittest, by accessible labels.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stratus::AppOptions;
use stratus::StratusApp;
use stratus::connection::model::ConnectionSpec;

/// How long the UI may take to show something that needs an emulator round trip.
pub const UI_TIMEOUT: Duration = Duration::from_secs(60);

/// The whole app at 1280×800 on its own runtime, as `main` builds it.
pub fn app_harness(
    runtime: &tokio::runtime::Runtime,
    connection: ConnectionSpec,
    config_dir: &std::path::Path,
) -> Harness<'static, StratusApp> {
    let handle = runtime.handle().clone();
    let options = AppOptions {
        connection,
        config_dir: Some(config_dir.to_owned()),
        startup_report: None,
    };
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        // Real frame times: with kittest's default of 4 frames a second, a tooltip would open
        // between the two clicks of a double-click.
        .with_step_dt(1.0 / 30.0)
        // Item data holds CJK and Arabic text; test machines lack those fonts, and whether a
        // glyph exists is a font question, not the app's logic.
        .allow_missing_glyphs()
        .build_eframe(move |cc| StratusApp::new(&cc.egui_ctx, handle, options))
}

/// Steps the app until `found` holds, sleeping between frames so background calls finish.
pub fn wait_until(
    harness: &mut Harness<'_, StratusApp>,
    what: &str,
    found: impl Fn(&Harness<'_, StratusApp>) -> bool,
) {
    let deadline = Instant::now() + UI_TIMEOUT;
    while Instant::now() < deadline {
        harness.step();
        if found(harness) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("timed out after {UI_TIMEOUT:?} waiting for {what}");
}

/// Clicks like a person: waits for the widget to show (a new window takes a frame to lay
/// out), then rests the pointer on it for a frame before pressing.
pub fn click(harness: &mut Harness<'_, StratusApp>, label: &str) {
    wait_until(harness, label, |h| has_label(h, label));
    harness.get_by_label(label).hover();
    harness.step();
    harness.get_by_label(label).click();
    harness.step();
}

/// Replaces the text of the field named `label`.
pub fn type_into(harness: &mut Harness<'_, StratusApp>, label: &str, text: &str) {
    click(harness, label);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.step();
    harness.get_by_label(label).type_text(text);
    harness.step();
}

/// Whether at least one widget has exactly this label.
pub fn has_label(harness: &Harness<'_, StratusApp>, label: &str) -> bool {
    harness.query_all_by_label(label).next().is_some()
}

/// Whether at least one widget's label contains `part`.
pub fn has_label_containing(harness: &Harness<'_, StratusApp>, part: &str) -> bool {
    harness.query_all_by_label_contains(part).next().is_some()
}

/// Whether the widget is enabled, once it is shown (a toolbar may wait for the table's schema).
pub fn is_enabled(harness: &mut Harness<'_, StratusApp>, label: &str) -> bool {
    use egui_kittest::kittest::NodeT as _;
    wait_until(harness, label, |h| has_label(h, label));
    !harness.get_by_label(label).accesskit_node().is_disabled()
}
