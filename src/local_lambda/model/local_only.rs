//! A local-only function: code folder, runtime and handler, with no deployed twin. What the
//! *New local function* form checks, and the configuration its function view shows.

use std::path::PathBuf;

use crate::lambda::model::FunctionDetails;
use crate::local_lambda::model::local_function::LocalRuntimeKind;
use crate::local_lambda::model::local_setup::{DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, LocalSetup};

/// Lambda's limit on a function name's length.
pub const NAME_MAX_CHARS: usize = 64;

/// The runtimes the form offers: those Stratus runs locally, newest first.
pub const RUNTIMES: [&str; 11] = [
    "python3.13",
    "python3.12",
    "python3.11",
    "python3.10",
    "python3.9",
    "nodejs22.x",
    "nodejs20.x",
    "nodejs18.x",
    "provided.al2023",
    "provided.al2",
    "provided",
];

/// What a function view asks of its local code beyond running it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalCodeCommand {
    /// Fetch GetFunction's `Code.Location`, unpack it and attach it as the code folder.
    DownloadCode,
    CancelDownload,
    /// Forget a local-only function (its setup); its code folder stays on disk.
    ForgetLocalFunction,
}

/// A form field, so each message shows at its own field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftField {
    Name,
    CodeDir,
    Runtime,
    Handler,
}

/// What the user typed into the *New local function* form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalFunctionDraft {
    pub name: String,
    pub code_dir: String,
    pub runtime: String,
    pub handler: String,
}

impl Default for LocalFunctionDraft {
    fn default() -> Self {
        Self {
            name: String::new(),
            code_dir: String::new(),
            runtime: "python3.12".to_owned(),
            handler: "app.handler".to_owned(),
        }
    }
}

/// Why a name cannot be a local-only function's: Lambda's rule (1 to 64 of letters, digits,
/// `-` and `_`), and no clash with a deployed function or another local one.
pub fn name_error(name: &str, deployed: &[&str], local: &[&str]) -> Option<String> {
    if name.is_empty() {
        return Some("Enter a function name".to_owned());
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Some(format!("At most {NAME_MAX_CHARS} characters"));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_')))
    {
        return Some(format!(
            "{bad:?} is not allowed: use letters, digits, - and _"
        ));
    }
    if deployed.contains(&name) {
        return Some(format!(
            "A deployed function is named {name}: attach a code folder to it instead"
        ));
    }
    if local.contains(&name) {
        return Some(format!("A local function is already named {name}"));
    }
    None
}

impl LocalFunctionDraft {
    /// The setup to keep, or every field's problem. Whether the folder exists is the
    /// caller's to check (this stays free of IO).
    pub fn validate(
        &self,
        deployed: &[&str],
        local: &[&str],
    ) -> Result<(String, LocalSetup), Vec<(DraftField, String)>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if let Some(error) = name_error(name, deployed, local) {
            errors.push((DraftField::Name, error));
        }
        let code_dir = self.code_dir.trim();
        if code_dir.is_empty() {
            errors.push((
                DraftField::CodeDir,
                "Choose the folder with the code".to_owned(),
            ));
        }
        let runtime = self.runtime.trim();
        let kind = LocalRuntimeKind::of_runtime(runtime);
        if kind.is_none() {
            errors.push((
                DraftField::Runtime,
                "Choose a Python, Node.js or provided runtime".to_owned(),
            ));
        }
        let handler = self.handler.trim();
        let module_function = handler
            .rsplit_once('.')
            .is_some_and(|(module, function)| !module.is_empty() && !function.is_empty());
        match kind {
            Some(LocalRuntimeKind::Python | LocalRuntimeKind::Node) if !module_function => {
                errors.push((
                    DraftField::Handler,
                    "Use module.function, e.g. app.handler".to_owned(),
                ));
            }
            Some(_) | None => {}
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok((
            name.to_owned(),
            LocalSetup {
                code_dir: PathBuf::from(code_dir),
                local_only: true,
                runtime: Some(runtime.to_owned()),
                handler: Some(handler.to_owned()).filter(|h| !h.is_empty()),
                ..LocalSetup::default()
            },
        ))
    }
}

/// The configuration a local-only function's view shows: the setup's values, Lambda's
/// defaults for the rest, and nothing read from the connection.
pub fn local_only_details(name: &str, setup: &LocalSetup, region: &str) -> FunctionDetails {
    let signed = |n: u32| i32::try_from(n).ok();
    let mut environment = setup.environment.clone();
    environment.sort();
    FunctionDetails {
        name: name.to_owned(),
        arn: Some(format!(
            "arn:aws:lambda:{region}:000000000000:function:{name}"
        )),
        description: Some(format!(
            "Local-only function: its code is in {}",
            setup.code_dir.display()
        )),
        runtime: setup.runtime.clone(),
        handler: setup.handler.clone(),
        memory_mb: signed(setup.memory_mb.unwrap_or(DEFAULT_MEMORY_MB)),
        timeout_s: signed(setup.timeout_s.unwrap_or(DEFAULT_TIMEOUT_S)),
        state: Some("Local only".to_owned()),
        environment,
        ..FunctionDetails::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_lambda_and_do_not_clash() {
        assert_eq!(name_error("orders-get_2", &[], &[]), None);
        assert!(name_error("", &[], &[]).is_some());
        assert!(name_error(&"a".repeat(65), &[], &[]).is_some());
        assert_eq!(name_error(&"a".repeat(64), &[], &[]), None);
        for bad in ["a b", "a/b", "../x", "é", "a.b", "a:b", "a\0", "😀"] {
            assert!(name_error(bad, &[], &[]).is_some(), "{bad:?} accepted");
        }
        let clash = name_error("orders", &["orders"], &[]).expect("clash");
        assert!(clash.contains("deployed"));
        assert!(name_error("mine", &[], &["mine"]).is_some());
    }

    #[test]
    fn a_draft_becomes_a_local_only_setup() {
        let draft = LocalFunctionDraft {
            name: " hello ".to_owned(),
            code_dir: "/src/hello".to_owned(),
            ..LocalFunctionDraft::default()
        };
        let (name, setup) = draft.validate(&[], &[]).expect("valid");
        assert_eq!(name, "hello");
        assert!(setup.local_only);
        assert_eq!(setup.runtime.as_deref(), Some("python3.12"));
        let resolved = setup.resolve(&name, None, "eu-west-1").expect("runs");
        assert_eq!(resolved.handler, "app.handler");
        assert_eq!(resolved.timeout_s, DEFAULT_TIMEOUT_S);
    }

    #[test]
    fn every_bad_field_is_named() {
        let draft = LocalFunctionDraft {
            name: "bad name".to_owned(),
            code_dir: "  ".to_owned(),
            runtime: "java21".to_owned(),
            handler: String::new(),
        };
        let errors = draft.validate(&[], &[]).expect_err("invalid");
        let fields: Vec<DraftField> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [DraftField::Name, DraftField::CodeDir, DraftField::Runtime]
        );
        let node = LocalFunctionDraft {
            name: "n".to_owned(),
            code_dir: "/x".to_owned(),
            runtime: "nodejs20.x".to_owned(),
            handler: "index.".to_owned(),
        };
        let errors = node.validate(&[], &[]).expect_err("handler");
        assert_eq!(errors.first().map(|(f, _)| *f), Some(DraftField::Handler));
        // A bootstrap reads _HANDLER as it likes: empty is fine.
        let provided = LocalFunctionDraft {
            runtime: "provided.al2023".to_owned(),
            handler: String::new(),
            ..node
        };
        assert!(provided.validate(&[], &[]).is_ok());
    }

    #[test]
    fn the_view_shows_the_local_values() {
        let mut setup = LocalSetup::with_code_dir("/src/x".into());
        setup.runtime = Some("nodejs20.x".to_owned());
        setup.timeout_s = Some(9);
        let details = local_only_details("x", &setup, "us-east-1");
        assert_eq!(details.runtime.as_deref(), Some("nodejs20.x"));
        assert_eq!((details.timeout_s, details.memory_mb), (Some(9), Some(128)));
        assert!(details.description.unwrap_or_default().contains("/src/x"));
        assert!(details.code_location.is_none());
    }
}
