//! A request as code: the language picker ("Code language"), "Copy code", and the code. The
//! language is one choice for the whole app (kept in egui's memory for this run; the app
//! copies it into the remembered workspace).

use std::fmt::Debug;
use std::hash::Hash;
use std::sync::Arc;

use egui::RichText;

use crate::shared::model::request_code::CodeLanguage;
use crate::shared::widgets::named_button;
use crate::shared::widgets::set_accessible_name;

fn language_id() -> egui::Id {
    egui::Id::unique("stratus_code_language")
}

/// The language the user last picked (the AWS CLI until then).
pub fn code_language(ctx: &egui::Context) -> CodeLanguage {
    ctx.data(|d| d.get_temp(language_id())).unwrap_or_default()
}

/// Sets the language every code view shows (at start, from the remembered workspace).
pub fn set_code_language(ctx: &egui::Context, language: CodeLanguage) {
    ctx.data_mut(|d| d.insert_temp(language_id(), language));
}

/// The picker and Copy button over the code `render` writes in the chosen language.
pub fn request_code_ui(
    ui: &mut egui::Ui,
    id_salt: impl Hash + Debug + Copy,
    render: impl FnOnce(CodeLanguage) -> String,
) {
    let mut language = code_language(ui.ctx());
    let picked = language;
    let code = ui
        .horizontal(|ui| {
            ui.label(RichText::new("As code").strong());
            let combo = egui::ComboBox::from_id_salt(("code_language", id_salt))
                .selected_text(language.label())
                .show_ui(ui, |ui| {
                    for choice in CodeLanguage::ALL {
                        ui.selectable_value(&mut language, choice, choice.label());
                    }
                });
            set_accessible_name(ui, &combo.response, "Code language");
            if language != picked {
                set_code_language(ui.ctx(), language);
            }
            let code = render(language);
            if named_button(ui, "Copy code", "Copy code").clicked() {
                ui.ctx().copy_text(code.clone());
            }
            code
        })
        .inner;
    egui::ScrollArea::both()
        .id_salt(("request_code", id_salt))
        .max_height(260.0)
        .show(ui, |ui| {
            ui.add(egui::Label::new(RichText::new(code).monospace()).extend());
        });
}

/// As [`request_code_ui`], but writes the code again only when `source` (what it is written
/// from, with the region and endpoint) or the language changes: a 400 KB item or a 6 MB payload
/// takes milliseconds to write as code, which would otherwise be paid every frame.
pub fn request_code_ui_cached(
    ui: &mut egui::Ui,
    id_salt: impl Hash + Debug + Copy,
    source: impl Hash,
    render: impl FnOnce(CodeLanguage) -> String,
) {
    let ctx = ui.ctx().clone();
    let id = ui.make_persistent_id(("request_code_cache", id_salt));
    request_code_ui(ui, id_salt, |language| {
        // A fast fixed-seed hash: SipHash over a 6 MB payload would cost milliseconds itself.
        let key = egui::epaint::util::hash((language, source));
        let cached: Option<(u64, Arc<str>)> = ctx.data(|d| d.get_temp(id));
        if let Some((seen, code)) = cached
            && seen == key
        {
            return code.to_string();
        }
        let code = render(language);
        ctx.data_mut(|d| d.insert_temp(id, (key, Arc::<str>::from(code.as_str()))));
        code
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_written_again_only_when_its_source_or_language_changes() {
        let ctx = egui::Context::default();
        let mut written = Vec::new();
        let frame = |source: &str, written: &mut Vec<String>| {
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                request_code_ui_cached(ui, "code", source, |language| {
                    written.push(format!("{language:?} {source}"));
                    format!("code of {source}")
                });
            });
            // No renderer here to take the font atlas.
            output.textures_delta.clear();
        };
        for source in ["a", "a", "b", "b"] {
            frame(source, &mut written);
        }
        set_code_language(&ctx, CodeLanguage::Python);
        frame("b", &mut written);
        frame("b", &mut written);
        assert_eq!(written, ["AwsCli a", "AwsCli b", "Python b"]);
    }
}
