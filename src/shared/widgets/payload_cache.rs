//! Payloads and bodies are parsed, pretty-printed and coloured once per distinct text, not
//! on every frame: a 6 MB response would otherwise be re-parsed sixty times a second. The
//! caches live in egui's memory and forget what was not shown in the last frame.

use std::sync::Arc;

use egui::cache::{ComputerMut, FrameCache};
use egui::text::LayoutJob;

use crate::lambda::model::lambda_log::FunctionErrorPayload;
use crate::lambda::model::lambda_log::parse_function_error;
use crate::lambda::model::lambda_log::pretty_payload;
use crate::shared::widgets::json_highlight::json_layout_job;

/// What the result views show of a payload.
#[derive(Clone, Debug)]
pub struct PayloadView {
    /// Pretty-printed when it is JSON, else the text as sent.
    pub text: String,
    /// `{"errorMessage", "errorType", "stackTrace"}`, when the payload is a function error.
    pub function_error: Option<FunctionErrorPayload>,
}

#[derive(Default)]
struct Prettifier;

impl ComputerMut<&[u8], Arc<PayloadView>> for Prettifier {
    fn compute(&mut self, payload: &[u8]) -> Arc<PayloadView> {
        let (_, text) = pretty_payload(payload);
        Arc::new(PayloadView {
            text,
            function_error: parse_function_error(payload),
        })
    }
}

#[derive(Default)]
struct Highlighter;

impl ComputerMut<(&str, bool), Arc<LayoutJob>> for Highlighter {
    fn compute(&mut self, (text, dark_mode): (&str, bool)) -> Arc<LayoutJob> {
        Arc::new(json_layout_job(text, dark_mode, f32::INFINITY))
    }
}

/// The payload's view, computed once while it stays on screen.
pub fn payload_view(ctx: &egui::Context, payload: &[u8]) -> Arc<PayloadView> {
    ctx.memory_mut(|memory| {
        memory
            .caches
            .cache::<FrameCache<Arc<PayloadView>, Prettifier>>()
            .get(payload)
            .clone()
    })
}

/// [`json_layout_job`], tokenised once per distinct text.
pub fn json_layout_job_cached(
    ctx: &egui::Context,
    text: &str,
    dark_mode: bool,
    wrap_width: f32,
) -> LayoutJob {
    let job = ctx.memory_mut(|memory| {
        memory
            .caches
            .cache::<FrameCache<Arc<LayoutJob>, Highlighter>>()
            .get((text, dark_mode))
            .clone()
    });
    let mut job = (*job).clone();
    job.wrap.max_width = wrap_width;
    job
}
