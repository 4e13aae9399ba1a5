//! The "Local code" form as typed: text fields checked into a [`LocalSetup`], each mistake
//! said at its own field, the user's text kept as it is.

use std::path::{Path, PathBuf};

use crate::local_lambda::model::local_function::LocalRuntimeKind;
use crate::local_lambda::model::local_setup::LocalSetup;

/// Lambda's limits for a function's timeout (seconds) and memory (MB).
pub const TIMEOUT_RANGE_S: std::ops::RangeInclusive<u32> = 1..=900;
pub const MEMORY_RANGE_MB: std::ops::RangeInclusive<u32> = 128..=10_240;

/// The form's text; empty overrides mean "as deployed".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocalSetupDraft {
    pub code_dir: String,
    pub runtime: String,
    pub handler: String,
    pub interpreter: String,
    pub timeout_s: String,
    pub memory_mb: String,
    /// `KEY=value`, one a line.
    pub environment: String,
}

/// What is wrong with each field, if anything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DraftErrors {
    pub code_dir: Option<String>,
    pub runtime: Option<String>,
    pub handler: Option<String>,
    pub interpreter: Option<String>,
    pub timeout_s: Option<String>,
    pub memory_mb: Option<String>,
    pub environment: Option<String>,
}

impl DraftErrors {
    /// The first problem, for a line beside a button far from the form.
    pub fn first(&self) -> Option<&str> {
        [
            &self.code_dir,
            &self.runtime,
            &self.handler,
            &self.interpreter,
            &self.timeout_s,
            &self.memory_mb,
            &self.environment,
        ]
        .into_iter()
        .find_map(|e| e.as_deref())
    }
}

/// What the form may ask of the file system; the caller does the looking.
pub struct PathChecks<'a> {
    pub is_dir: &'a dyn Fn(&Path) -> bool,
    pub is_file: &'a dyn Fn(&Path) -> bool,
    /// For `~/…`.
    pub home: Option<PathBuf>,
}

impl LocalSetupDraft {
    /// The form showing a stored setup.
    pub fn from_setup(setup: &LocalSetup) -> Self {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let number = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
        Self {
            code_dir: setup.code_dir.display().to_string(),
            runtime: text(&setup.runtime),
            handler: text(&setup.handler),
            interpreter: setup
                .interpreter
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            timeout_s: number(setup.timeout_s),
            memory_mb: number(setup.memory_mb),
            environment: setup
                .environment
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// Whether a code folder is typed (the local run can be tried).
    pub fn has_code_dir(&self) -> bool {
        !self.code_dir.trim().is_empty()
    }

    /// The setup the form describes, on top of `base` (which keeps what the form does not
    /// show, such as `local_only`), or every field's problem.
    pub fn parse(
        &self,
        base: &LocalSetup,
        checks: &PathChecks<'_>,
    ) -> Result<LocalSetup, Box<DraftErrors>> {
        let mut errors = DraftErrors::default();
        let code_dir = match folder(&self.code_dir, checks) {
            Ok(dir) => dir,
            Err(why) => {
                errors.code_dir = Some(why);
                PathBuf::new()
            }
        };
        let runtime = optional(&self.runtime);
        if let Some(runtime) = &runtime
            && LocalRuntimeKind::of_runtime(runtime).is_none()
        {
            errors.runtime = Some(format!(
                "Stratus runs python3.x, nodejs*.x and provided (bootstrap) runtimes locally, not {runtime}"
            ));
        }
        let handler = optional(&self.handler);
        if handler
            .as_deref()
            .is_some_and(|h| h.chars().any(char::is_whitespace))
        {
            errors.handler = Some("A handler has no spaces: module.function".to_owned());
        }
        let interpreter = match interpreter(&self.interpreter, checks) {
            Ok(path) => path,
            Err(why) => {
                errors.interpreter = Some(why);
                None
            }
        };
        let timeout_s = bounded(&self.timeout_s, TIMEOUT_RANGE_S, "Timeout", "seconds")
            .unwrap_or_else(|why| {
                errors.timeout_s = Some(why);
                None
            });
        let memory_mb =
            bounded(&self.memory_mb, MEMORY_RANGE_MB, "Memory", "MB").unwrap_or_else(|why| {
                errors.memory_mb = Some(why);
                None
            });
        let environment = parse_environment(&self.environment).unwrap_or_else(|why| {
            errors.environment = Some(why);
            Vec::new()
        });
        if errors != DraftErrors::default() {
            return Err(Box::new(errors));
        }
        Ok(LocalSetup {
            code_dir,
            runtime,
            handler,
            interpreter,
            timeout_s,
            memory_mb,
            environment,
            ..base.clone()
        })
    }
}

/// Trimmed text, or `None` when blank.
fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// `~/x` under the home folder; other text as it is.
fn expand_home(text: &str, home: Option<&Path>) -> PathBuf {
    match (text.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ if text == "~" => home.map_or_else(|| PathBuf::from(text), Path::to_owned),
        _ => PathBuf::from(text),
    }
}

/// The code folder: required, a full path, a folder that exists.
fn folder(text: &str, checks: &PathChecks<'_>) -> Result<PathBuf, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Choose the folder that holds the function's code".to_owned());
    }
    if text.chars().any(char::is_control) {
        return Err("The folder's path has a control character in it".to_owned());
    }
    let path = expand_home(text, checks.home.as_deref());
    if !path.is_absolute() {
        return Err(format!("Give the folder's full path, not {text}"));
    }
    if !(checks.is_dir)(&path) {
        return Err(format!("No folder at {}", path.display()));
    }
    Ok(path)
}

/// An interpreter: blank (from PATH), a command name (looked up on PATH when run), or a path
/// to a file that exists.
fn interpreter(text: &str, checks: &PathChecks<'_>) -> Result<Option<PathBuf>, String> {
    let Some(text) = optional(text) else {
        return Ok(None);
    };
    if text.chars().any(char::is_control) {
        return Err("The interpreter's path has a control character in it".to_owned());
    }
    if !text.contains('/') && !text.starts_with('~') {
        return Ok(Some(PathBuf::from(text)));
    }
    let path = expand_home(&text, checks.home.as_deref());
    if !(checks.is_file)(&path) {
        return Err(format!("No interpreter at {}", path.display()));
    }
    Ok(Some(path))
}

/// A whole number within `range`, or `None` when blank.
fn bounded(
    text: &str,
    range: std::ops::RangeInclusive<u32>,
    what: &str,
    unit: &str,
) -> Result<Option<u32>, String> {
    let Some(text) = optional(text) else {
        return Ok(None);
    };
    let why = || {
        format!(
            "{what} is a whole number of {unit} from {} to {}",
            range.start(),
            range.end()
        )
    };
    let value: u32 = text.parse().map_err(|_| why())?;
    if !range.contains(&value) {
        return Err(why());
    }
    Ok(Some(value))
}

/// `KEY=value` lines (blank lines skipped) as Lambda names variables: a letter first, then
/// letters, digits and underscores. A key set twice is a mistake, not a silent override.
pub fn parse_environment(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let line_no = number + 1;
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!("Line {line_no}: write KEY=value"));
        };
        let key = key.trim();
        let valid = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(format!(
                "Line {line_no}: a variable's name is letters, digits and _, starting with a letter"
            ));
        }
        if pairs.iter().any(|(k, _)| k == key) {
            return Err(format!("Line {line_no}: {key} is set twice"));
        }
        pairs.push((key.to_owned(), value.to_owned()));
    }
    pairs.sort();
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checks() -> PathChecks<'static> {
        PathChecks {
            is_dir: &|p| p == Path::new("/src/orders") || p == Path::new("/home/u/code"),
            is_file: &|p| p == Path::new("/venv/bin/python"),
            home: Some(PathBuf::from("/home/u")),
        }
    }

    fn draft(code_dir: &str) -> LocalSetupDraft {
        LocalSetupDraft {
            code_dir: code_dir.to_owned(),
            ..LocalSetupDraft::default()
        }
    }

    #[test]
    fn a_filled_form_becomes_a_setup_and_back() {
        let form = LocalSetupDraft {
            code_dir: " /src/orders ".to_owned(),
            runtime: "nodejs20.x".to_owned(),
            handler: "index.handler".to_owned(),
            interpreter: "/venv/bin/python".to_owned(),
            timeout_s: "30".to_owned(),
            memory_mb: "512".to_owned(),
            environment: "\nTABLE=Orders\nB=x=y\n".to_owned(),
        };
        let base = LocalSetup {
            local_only: true,
            ..LocalSetup::default()
        };
        let setup = form.parse(&base, &checks()).expect("valid");
        assert_eq!(setup.code_dir, PathBuf::from("/src/orders"));
        assert!(setup.local_only, "what the form does not show is kept");
        assert_eq!((setup.timeout_s, setup.memory_mb), (Some(30), Some(512)));
        assert_eq!(
            setup.environment,
            vec![
                ("B".to_owned(), "x=y".to_owned()),
                ("TABLE".to_owned(), "Orders".to_owned())
            ]
        );
        let again = LocalSetupDraft::from_setup(&setup);
        assert_eq!(again.parse(&base, &checks()), Ok(setup));
        // Blank overrides are the deployed values.
        let plain = draft("~/code")
            .parse(&LocalSetup::default(), &checks())
            .expect("valid");
        assert_eq!(plain, LocalSetup::with_code_dir("/home/u/code".into()));
    }

    #[test]
    fn each_mistake_is_said_at_its_field() {
        let errors = draft("")
            .parse(&LocalSetup::default(), &checks())
            .expect_err("empty");
        assert!(errors.code_dir.is_some());
        let errors = draft("/nowhere")
            .parse(&LocalSetup::default(), &checks())
            .expect_err("missing");
        assert_eq!(errors.code_dir.as_deref(), Some("No folder at /nowhere"));
        assert!(
            draft("src/orders")
                .parse(&LocalSetup::default(), &checks())
                .is_err()
        );
        assert!(
            draft("/src/orders\u{0}")
                .parse(&LocalSetup::default(), &checks())
                .is_err()
        );
        let form = LocalSetupDraft {
            code_dir: "/src/orders".to_owned(),
            runtime: "java21".to_owned(),
            handler: "a b".to_owned(),
            interpreter: "/no/python".to_owned(),
            timeout_s: "ten".to_owned(),
            memory_mb: "99999999999999".to_owned(),
            environment: "1A=x".to_owned(),
        };
        let errors = form
            .parse(&LocalSetup::default(), &checks())
            .expect_err("all wrong");
        assert!(errors.code_dir.is_none());
        assert!(
            errors
                .runtime
                .as_deref()
                .is_some_and(|e| e.contains("java21"))
        );
        assert!(errors.handler.is_some() && errors.interpreter.is_some());
        assert!(
            errors
                .timeout_s
                .as_deref()
                .is_some_and(|e| e.contains("1 to 900"))
        );
        assert!(errors.memory_mb.is_some() && errors.environment.is_some());
        assert_eq!(errors.first(), errors.runtime.as_deref());
        for timeout in ["0", "901", "-1", "1.5", " 9 9 "] {
            let form = LocalSetupDraft {
                timeout_s: timeout.to_owned(),
                ..draft("/src/orders")
            };
            assert!(
                form.parse(&LocalSetup::default(), &checks()).is_err(),
                "{timeout}"
            );
        }
        // A command name is looked up on PATH when run; a path must exist now.
        let form = LocalSetupDraft {
            interpreter: "python3.12".to_owned(),
            ..draft("/src/orders")
        };
        assert!(form.parse(&LocalSetup::default(), &checks()).is_ok());
    }

    #[test]
    fn environment_lines_are_checked() {
        assert_eq!(parse_environment(""), Ok(Vec::new()));
        assert_eq!(
            parse_environment(" A = 1 \n\n"),
            Ok(vec![("A".to_owned(), " 1".to_owned())])
        );
        assert!(parse_environment("A").expect_err("no =").contains("Line 1"));
        assert!(
            parse_environment("A=1\nA=2")
                .expect_err("twice")
                .contains("twice")
        );
        assert!(parse_environment("=x").is_err());
        assert!(parse_environment("A-B=x").is_err());
        assert!(parse_environment("É=x").is_err());
        assert!(parse_environment(&"K=v\n".repeat(3)).is_err());
    }
}
