//! The `stratus` binary: parses the command line, starts the tokio runtime, opens the window.

use clap::Parser as _;
use stratus::AppOptions;
use stratus::StratusApp;
use stratus::app::StartupReport;
use stratus::app::config_dir::default_config_dir;
use stratus::cli::Cli;

/// The window and taskbar icon (drawn by `scripts/make-icon`; the desktop entry uses the same).
const ICON_PNG: &[u8] = include_bytes!("../assets/stratus.png");

fn main() -> eframe::Result {
    let cli = Cli::parse();
    // Diagnostic logs, secrets redacted; a log that cannot be opened never stops the app.
    let _log_guard =
        stratus::logging::log_dir().and_then(|dir| match stratus::logging::init(&dir) {
            Ok(guard) => Some(guard),
            Err(e) => {
                eprintln!("stratus: no log file in {}: {e}", dir.display());
                None
            }
        });
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "Stratus starting");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("stratus-aws")
        .build()
        .map_err(|e| eframe::Error::AppCreation(Box::new(e)))?;
    // Some SDK internals look for an ambient runtime; keep one entered for the app's lifetime.
    let _runtime_guard = runtime.enter();
    // STRATUS_STARTUP_REPORT=1 prints start-up milestones; =exit also closes once tables list.
    let startup_report = std::env::var("STRATUS_STARTUP_REPORT")
        .ok()
        .map(|v| StartupReport::new(v == "exit"));
    let options = AppOptions {
        connection: cli.connection_spec(),
        config_dir: cli.config_dir.clone().or_else(default_config_dir),
        code_folders: cli.code.clone(),
        startup_report,
    };
    let runtime_handle = runtime.handle().clone();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Stratus")
        // The Wayland app id and X11 class: the desktop entry's StartupWMClass matches it.
        .with_app_id("stratus")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([640.0, 400.0]);
    match eframe::icon_data::from_png_bytes(ICON_PNG) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        // The window works without its icon; a broken asset is a build mistake to log.
        Err(e) => tracing::warn!(error = %e, "the window icon could not be decoded"),
    }
    let native_options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        "Stratus",
        native_options,
        Box::new(move |cc| {
            Ok(Box::new(StratusApp::new(
                &cc.egui_ctx,
                runtime_handle,
                options,
            )))
        }),
    )
}
