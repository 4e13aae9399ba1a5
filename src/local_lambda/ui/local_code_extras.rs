//! Beside a function's Local code setting: *Download code* (the deployed package, fetched into
//! Stratus's cache and attached as the code folder) for a deployed function, or, for a
//! local-only one, what it is and *Delete local function*.

use egui::RichText;

use crate::lambda::tab::FunctionTab;
use crate::local_lambda::model::code_package::download_refusal;
use crate::local_lambda::model::local_only::LocalCodeCommand;
use crate::shared::widgets::{error_ui, named_button};

/// Draws the part for `function`; what the user asked goes into `commands`. `emulator`: the
/// connection has an endpoint override (its code location may point at real AWS).
pub fn local_code_extras_ui(
    ui: &mut egui::Ui,
    function: &FunctionTab,
    emulator: bool,
    commands: &mut Vec<LocalCodeCommand>,
) {
    if function.local_only {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(
                    "Local-only function: nothing is deployed, so it runs only with Invoke \
                     locally.",
                )
                .weak(),
            );
            if named_button(ui, "Delete local function", "Delete local function").clicked() {
                commands.push(LocalCodeCommand::ForgetLocalFunction);
            }
        });
        return;
    }
    let download = &function.code_download;
    let details = function.details.value();
    let refusal = details.and_then(|d| download_refusal(d.code_location.as_deref(), emulator));
    ui.horizontal_wrapped(|ui| {
        let pending = download.request.is_pending();
        let button = ui
            .add_enabled(
                details.is_some() && refusal.is_none() && !pending,
                egui::Button::new("Download code"),
            )
            .on_hover_text(
                "Fetch the deployed package (GetFunction's Code.Location), unpack it into \
                 Stratus's cache and use it as the code folder",
            );
        crate::shared::widgets::set_accessible_name(ui, &button, "Download code");
        if button.clicked() {
            commands.push(LocalCodeCommand::DownloadCode);
        }
        if let Some(why) = refusal {
            ui.label(RichText::new(why).weak());
        }
        if pending {
            let (received, total) = download.received();
            let mb = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
            let text = match total {
                Some(total) => format!("{:.1} of {:.1} MB", mb(received), mb(total)),
                None => format!("{:.1} MB", mb(received)),
            };
            let fraction = total.map_or(0.0, |t| received as f32 / t.max(1) as f32);
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(160.0)
                    .text(text),
            );
            if named_button(ui, "Cancel", "Cancel download").clicked() {
                commands.push(LocalCodeCommand::CancelDownload);
            }
        }
    });
    if let Some(error) = download.request.error() {
        error_ui(ui, error, LocalCodeCommand::DownloadCode, commands);
    } else if let Some(folder) = download.request.value() {
        ui.label(format!(
            "Downloaded into {}: attached as the code folder",
            folder.display()
        ));
    }
}
