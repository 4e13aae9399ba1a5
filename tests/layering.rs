//! The layering of `src/`, checked rather than only described: pure types name no IO, egui,
//! tokio or SDK; SDK calls draw nothing; drawing never calls the SDK; nothing below the app
//! imports it.
//!
//! The check reads the source text: comments and string literals are blanked out, `use` trees
//! are expanded, and every path (`crate::…`, `super::…`, `egui::…`) is resolved to the module or
//! crate it names. A failure lists each offending `file:line`.

// Beside this file rather than in `support`: no other test binary reads source text.
mod rust_paths;

use std::fmt;
use std::path::Path;

use rust_paths::{from_module, paths_in};

/// The layer a source file belongs to, by where it sits in the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layer {
    /// `src/*/model/**`: pure types.
    Model,
    /// `src/*/calls.rs`, `src/*/calls/**`: SDK calls.
    Calls,
    /// `src/*/ui/**`, `src/shell/**`, `src/shared/widgets/**`: drawing.
    Drawing,
}

/// One rule of the layering, checked over the files it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    /// Pure types: no egui, tokio, HTTP, SDK, filesystem, network, processes or upper layers.
    PureModel,
    /// SDK calls: no egui and nothing that draws.
    CallsDrawNothing,
    /// Drawing: no SDK crate and no `calls` module.
    DrawingCallsNoSdk,
    /// The app is the glue on top: nothing outside `src/app/`, `main.rs` and `lib.rs` imports it.
    AppOnTop,
}

impl Rule {
    /// Whether the file at `rel` (relative to `src/`, `/`-separated) is covered by this rule.
    fn covers(self, rel: &str) -> bool {
        match self {
            Self::PureModel => layer_of(rel) == Some(Layer::Model),
            Self::CallsDrawNothing => layer_of(rel) == Some(Layer::Calls),
            Self::DrawingCallsNoSdk => layer_of(rel) == Some(Layer::Drawing),
            // The shell draws the app's state around the services' views; both sit on top.
            Self::AppOnTop => {
                !(rel.starts_with("app/")
                    || rel.starts_with("shell/")
                    || rel == "main.rs"
                    || rel == "lib.rs")
            }
        }
    }

    /// Why a path is refused here, or `None` when it is allowed.
    fn refuses(self, path: &Resolved) -> Option<&'static str> {
        match self {
            Self::PureModel => {
                if let Some(why) = path.external(|first, rest| {
                    if is_egui(first) {
                        Some("pure types draw nothing (egui)")
                    } else if first == "tokio" || first == "poll_promise" {
                        Some("pure types run nothing in the background (tokio, poll_promise)")
                    } else if is_hyper(first) {
                        Some("pure types do no HTTP (hyper)")
                    } else if is_sdk(first) {
                        Some("pure types name no SDK crate")
                    } else if first == "std"
                        && matches!(
                            rest.first().map(String::as_str),
                            Some("fs" | "net" | "process")
                        )
                    {
                        Some("pure types do no IO (std::fs, std::net, std::process)")
                    } else {
                        None
                    }
                }) {
                    return Some(why);
                }
                path.internal(&[
                    &["*", "calls"],
                    &["*", "ui"],
                    &["*", "tab"],
                    &["app"],
                    &["shell"],
                    &["shared", "bridge"],
                    &["shared", "widgets"],
                    &["connection", "live_connection"],
                ])
                .map(|_| "pure types import only other pure types")
            }
            Self::CallsDrawNothing => {
                if let Some(why) = path
                    .external(|first, _| is_egui(first).then_some("SDK calls draw nothing (egui)"))
                {
                    return Some(why);
                }
                path.internal(&[&["*", "ui"], &["shell"], &["app"]])
                    .map(|_| "SDK calls import nothing that draws (ui, shell, app)")
            }
            Self::DrawingCallsNoSdk => {
                if let Some(why) =
                    path.external(|first, _| is_sdk(first).then_some("drawing names no SDK crate"))
                {
                    return Some(why);
                }
                path.internal(&[&["*", "calls"]])
                    .map(|_| "drawing never calls the SDK (calls)")
            }
            Self::AppOnTop => path
                .internal(&[&["app"], &["shell"]])
                .map(|_| "the app and the shell are on top: nothing below imports them"),
        }
    }
}

/// egui and the crates that come with it.
fn is_egui(krate: &str) -> bool {
    krate == "egui"
        || krate == "eframe"
        || krate.starts_with("egui_")
        || matches!(krate, "epaint" | "emath" | "ecolor")
}

/// The HTTP stack.
fn is_hyper(krate: &str) -> bool {
    krate == "hyper" || krate.starts_with("hyper_")
}

/// The AWS SDK's crates.
fn is_sdk(krate: &str) -> bool {
    krate.starts_with("aws_sdk_")
        || krate.starts_with("aws_smithy_")
        || matches!(
            krate,
            "aws_config" | "aws_types" | "aws_runtime" | "aws_credential_types"
        )
}

/// The layer of the file at `rel` (relative to `src/`), if it is in one.
fn layer_of(rel: &str) -> Option<Layer> {
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        [_, "model", _, ..] => Some(Layer::Model),
        [_, "calls.rs"] | [_, "calls", _, ..] => Some(Layer::Calls),
        [_, "ui", _, ..] | ["shell", _, ..] | ["shared", "widgets", _, ..] => Some(Layer::Drawing),
        _ => None,
    }
}

/// The module path of the file at `rel`: `dynamodb/ui/mod.rs` is `dynamodb::ui`.
fn module_of(rel: &str) -> Vec<String> {
    let without_ext = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut parts: Vec<String> = without_ext.split('/').map(str::to_owned).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// What a path names.
#[derive(Debug)]
struct Resolved {
    /// The path read as an external crate's (`egui::Ui`), when it can be one.
    external: Option<Vec<String>>,
    /// The path inside this crate (`crate::` stripped), when it can be one.
    internal: Option<Vec<String>>,
}

impl Resolved {
    /// Resolves `path`, written in module `module`.
    fn new(path: &[String], module: &[String]) -> Self {
        let first = path.first().map(String::as_str).unwrap_or_default();
        match first {
            "crate" => Self {
                external: None,
                internal: Some(path[1..].to_vec()),
            },
            "self" | "super" => Self {
                external: None,
                internal: Some(from_module(path, module)),
            },
            // A bare first segment is an external crate, or (since edition 2018) a name in
            // scope in this module: check both readings.
            _ => {
                let mut relative = module.to_vec();
                relative.extend(path.iter().cloned());
                Self {
                    external: Some(path.to_vec()),
                    internal: Some(relative),
                }
            }
        }
    }

    /// Applies `refuse` to the external reading: its first segment and the rest.
    fn external(
        &self,
        refuse: impl Fn(&str, &[String]) -> Option<&'static str>,
    ) -> Option<&'static str> {
        let (first, rest) = self.external.as_ref()?.split_first()?;
        refuse(first, rest)
    }

    /// The first of `prefixes` (`*` matches any one segment) the internal reading starts with.
    fn internal(&self, prefixes: &[&[&str]]) -> Option<()> {
        let path = self.internal.as_ref()?;
        prefixes
            .iter()
            .any(|prefix| {
                prefix.len() <= path.len()
                    && prefix
                        .iter()
                        .zip(path)
                        .all(|(want, got)| *want == "*" || want == got)
            })
            .then_some(())
    }
}

/// One refused path.
#[derive(Debug)]
struct Violation {
    file: String,
    line: usize,
    path: String,
    why: &'static str,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "src/{}:{}: `{}`: {}",
            self.file, self.line, self.path, self.why
        )
    }
}

/// Every refused path in `source`, the text of `src/{rel}`, under `rule`.
fn check(rule: Rule, rel: &str, source: &str) -> Vec<Violation> {
    if !rule.covers(rel) {
        return Vec::new();
    }
    let module = module_of(rel);
    paths_in(source, &module)
        .into_iter()
        .filter_map(|found| {
            let resolved = Resolved::new(&found.path, &module);
            rule.refuses(&resolved).map(|why| Violation {
                file: rel.to_owned(),
                line: found.line,
                path: found.written,
                why,
            })
        })
        .collect()
}

/// Every `.rs` file under `src/`, as (path relative to `src/`, text), sorted.
fn source_tree() -> Vec<(String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {dir:?}: {e}"));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let rel = path
                    .strip_prefix(root)
                    .expect("under src")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                let text =
                    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path:?}: {e}"));
                out.push((rel, text));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    files.sort();
    files
}

/// Checks `rule` over the whole tree and fails with every offending `file:line`.
fn assert_tree_keeps(rule: Rule) {
    let files = source_tree();
    let covered = files.iter().filter(|(rel, _)| rule.covers(rel)).count();
    assert!(
        covered > 0,
        "{rule:?} covers no file under src/: has the tree moved?"
    );
    let violations: Vec<String> = files
        .iter()
        .flat_map(|(rel, text)| check(rule, rel, text))
        .map(|v| v.to_string())
        .collect();
    assert!(
        violations.is_empty(),
        "{rule:?}: {} offending path(s) in {covered} file(s):\n{}",
        violations.len(),
        violations.join("\n")
    );
}

#[test]
fn pure_types_use_no_io_egui_tokio_or_sdk() {
    assert_tree_keeps(Rule::PureModel);
}

#[test]
fn sdk_calls_draw_nothing() {
    assert_tree_keeps(Rule::CallsDrawNothing);
}

#[test]
fn drawing_never_calls_the_sdk() {
    assert_tree_keeps(Rule::DrawingCallsNoSdk);
}

#[test]
fn nothing_below_the_app_imports_it() {
    assert_tree_keeps(Rule::AppOnTop);
}

/// The checker itself flags what it should, so the tree tests cannot pass by finding nothing.
#[test]
fn checker_flags_known_violations() {
    let flagged = |rule: Rule, rel: &str, source: &str| -> Vec<(usize, String)> {
        check(rule, rel, source)
            .into_iter()
            .map(|v| (v.line, v.path))
            .collect()
    };

    // A model file using egui, tokio, std::fs and an SDK, in use trees and inline paths.
    let model = "\
use std::collections::BTreeMap;
use egui::Ui;
use std::{fs, io};
pub fn f(ui: &mut egui::Ui) {}
pub async fn g() { tokio::time::sleep(d).await; }
pub fn h(x: aws_sdk_dynamodb::types::AttributeValue) {}
use crate::dynamodb::model::attribute::AttrValue;
use crate::dynamodb::{calls::items, model};
use super::super::super::shell::navigator;
";
    assert_eq!(
        flagged(Rule::PureModel, "dynamodb/model/attribute.rs", model),
        vec![
            (2, "egui::Ui".to_owned()),
            (3, "std::fs".to_owned()),
            (4, "egui::Ui".to_owned()),
            (5, "tokio::time::sleep".to_owned()),
            (6, "aws_sdk_dynamodb::types::AttributeValue".to_owned()),
            (8, "crate::dynamodb::calls::items".to_owned()),
            (9, "super::super::super::shell::navigator".to_owned()),
        ]
    );

    // A ui file calling crate::dynamodb::calls, directly, through super, and over several lines.
    let ui = "\
use crate::dynamodb::calls::items::scan_page;
use super::super::calls;
use crate::dynamodb::{
    model::AttrValue,
    calls::writes::put_item,
};
fn draw() { crate::lambda::calls::invoke(); }
use aws_smithy_types::Blob;
";
    assert_eq!(
        flagged(Rule::DrawingCallsNoSdk, "dynamodb/ui/table_view.rs", ui),
        vec![
            (1, "crate::dynamodb::calls::items::scan_page".to_owned()),
            (2, "super::super::calls".to_owned()),
            (5, "crate::dynamodb::calls::writes::put_item".to_owned()),
            (7, "crate::lambda::calls::invoke".to_owned()),
            (8, "aws_smithy_types::Blob".to_owned()),
        ]
    );

    // An SDK-calls file drawing, or importing the shell or the app.
    let calls = "\
use egui::Color32;
use crate::shell::navigator::Navigator;
use crate::app::Command;
use crate::dynamodb::ui::item_grid;
use crate::dynamodb::model::AttrValue;
";
    assert_eq!(
        flagged(Rule::CallsDrawNothing, "lambda/calls.rs", calls).len(),
        4
    );

    // The app rule: below the app and the shell is refused, inside them is not.
    let glue = "use crate::app::Command;\nuse crate::shell::UiState;\n";
    assert_eq!(
        flagged(Rule::AppOnTop, "dynamodb/ui/table_view.rs", glue).len(),
        2
    );
    assert_eq!(
        flagged(Rule::AppOnTop, "shared/widgets/mod.rs", glue).len(),
        2
    );
    assert!(flagged(Rule::AppOnTop, "app/logic.rs", glue).is_empty());
    assert!(flagged(Rule::AppOnTop, "shell/navigator.rs", glue).is_empty());
    assert!(flagged(Rule::AppOnTop, "lib.rs", "pub use app::StratusApp;\n").is_empty());

    // Comments, doc comments, strings, raw strings and chars do not count; nor do other layers'
    // files.
    let quiet = r###"
// use egui::Ui;
//! see egui::Ui
/// [`crate::dynamodb::calls::items`]
/* tokio::spawn(x) */
const A: &str = "egui::Ui";
const B: &str = r#"tokio::spawn("x")"#;
const C: char = '"';
const D: char = '\'';
const E: [char; 2] = ['\\', '\u{1F600}'];
const F: &str = "tokio::spawn";
fn f<'a>(x: &'a str) {}
use egui::Context;
"###;
    // Only the last line counts, on its own line number: the literals were skipped whole.
    assert_eq!(
        flagged(Rule::PureModel, "dynamodb/model/attribute.rs", quiet),
        vec![(13, "egui::Context".to_owned())]
    );
    assert!(flagged(Rule::PureModel, "dynamodb/ui/table_view.rs", model).is_empty());

    // `super::` inside a file's test module resolves from that inline module.
    let tests = "\
#[cfg(test)]
mod tests {
    use super::*;
    use super::super::super::calls::items;
    use super::super::item_pane;
}
";
    assert_eq!(
        flagged(Rule::DrawingCallsNoSdk, "dynamodb/ui/item_grid.rs", tests),
        vec![(4, "super::super::super::calls::items".to_owned())]
    );
}

#[test]
fn layers_are_read_from_the_tree() {
    assert_eq!(layer_of("dynamodb/model/attribute.rs"), Some(Layer::Model));
    assert_eq!(layer_of("shared/model/mod.rs"), Some(Layer::Model));
    assert_eq!(layer_of("lambda/calls.rs"), Some(Layer::Calls));
    assert_eq!(
        layer_of("dynamodb/calls/fast_pages/page_json.rs"),
        Some(Layer::Calls)
    );
    assert_eq!(layer_of("apigateway/ui/api_view.rs"), Some(Layer::Drawing));
    assert_eq!(layer_of("shell/navigator.rs"), Some(Layer::Drawing));
    assert_eq!(layer_of("shared/widgets/mod.rs"), Some(Layer::Drawing));
    assert_eq!(layer_of("dynamodb/tab/mod.rs"), None);
    assert_eq!(layer_of("app/logic.rs"), None);
    assert_eq!(module_of("dynamodb/ui/mod.rs"), ["dynamodb", "ui"]);
    assert_eq!(module_of("lib.rs"), Vec::<String>::new());
}
