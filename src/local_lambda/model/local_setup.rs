//! What the user set for running one function locally: where its code is, and what to use
//! instead of the deployed configuration for local runs.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::lambda::model::FunctionDetails;
use crate::local_lambda::model::local_function::{LocalFunction, LocalRuntimeKind};

/// Lambda's defaults, for a local-only function or a configuration that leaves them out.
pub const DEFAULT_TIMEOUT_S: u32 = 3;
pub const DEFAULT_MEMORY_MB: u32 = 128;

/// A function's local setup. Empty overrides take the deployed configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LocalSetup {
    /// The folder holding the handler's code (`LAMBDA_TASK_ROOT`).
    pub code_dir: PathBuf,
    /// True for a function with no deployed twin: nothing is read from the connection.
    pub local_only: bool,
    pub runtime: Option<String>,
    pub handler: Option<String>,
    /// A virtualenv's `python` or a Node version's `node`.
    pub interpreter: Option<PathBuf>,
    pub timeout_s: Option<u32>,
    pub memory_mb: Option<u32>,
    /// Added to (and replacing) the deployed function's environment variables.
    pub environment: Vec<(String, String)>,
}

impl LocalSetup {
    /// A setup that only names the code folder.
    pub fn with_code_dir(code_dir: PathBuf) -> Self {
        Self {
            code_dir,
            ..Self::default()
        }
    }

    /// The function to run: the deployed configuration (when there is one) under this setup's
    /// overrides. Says why when it cannot run (no runtime, one Stratus cannot run, no handler).
    pub fn resolve(
        &self,
        name: &str,
        deployed: Option<&FunctionDetails>,
        region: &str,
    ) -> Result<LocalFunction, String> {
        if self.code_dir.as_os_str().is_empty() {
            return Err(format!("No code folder is attached to {name}"));
        }
        let runtime = self
            .runtime
            .clone()
            .or_else(|| deployed.and_then(|d| d.runtime.clone()))
            .ok_or_else(|| format!("{name} has no runtime: choose one for the local run"))?;
        if LocalRuntimeKind::of_runtime(&runtime).is_none() {
            return Err(format!(
                "{name} runs on {runtime}; Stratus runs Python, Node.js and provided (bootstrap) \
                 functions locally"
            ));
        }
        let handler = self
            .handler
            .clone()
            .or_else(|| deployed.and_then(|d| d.handler.clone()))
            .filter(|h| !h.trim().is_empty());
        let handler = match (handler, LocalRuntimeKind::of_runtime(&runtime)) {
            (Some(handler), _) => handler,
            // A bootstrap reads `_HANDLER` as it likes; an empty one is allowed.
            (None, Some(LocalRuntimeKind::Provided)) => String::new(),
            (None, _) => return Err(format!("{name} has no handler: set module.function")),
        };
        let mut environment: Vec<(String, String)> =
            deployed.map(|d| d.environment.clone()).unwrap_or_default();
        for (key, value) in &self.environment {
            environment.retain(|(k, _)| k != key);
            environment.push((key.clone(), value.clone()));
        }
        environment.sort();
        let positive = |n: Option<i32>| n.and_then(|n| u32::try_from(n).ok()).filter(|n| *n > 0);
        Ok(LocalFunction {
            name: name.to_owned(),
            code_dir: self.code_dir.clone(),
            runtime,
            handler,
            interpreter: self.interpreter.clone(),
            timeout_s: self
                .timeout_s
                .or_else(|| positive(deployed.and_then(|d| d.timeout_s)))
                .unwrap_or(DEFAULT_TIMEOUT_S),
            memory_mb: self
                .memory_mb
                .or_else(|| positive(deployed.and_then(|d| d.memory_mb)))
                .unwrap_or(DEFAULT_MEMORY_MB),
            environment,
            arn: deployed
                .and_then(|d| d.arn.clone())
                .unwrap_or_else(|| format!("arn:aws:lambda:{region}:000000000000:function:{name}")),
            version: "$LATEST".to_owned(),
            log_group: deployed.map_or_else(
                || format!("/aws/lambda/{name}"),
                |d| d.log_group_or_default(name),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deployed() -> FunctionDetails {
        FunctionDetails {
            name: "orders-get".to_owned(),
            arn: Some("arn:aws:lambda:us-east-1:123456789012:function:orders-get".to_owned()),
            runtime: Some("python3.12".to_owned()),
            handler: Some("app.handler".to_owned()),
            memory_mb: Some(256),
            timeout_s: Some(10),
            environment: vec![
                ("A".to_owned(), "deployed".to_owned()),
                ("TABLE".to_owned(), "Orders".to_owned()),
            ],
            ..FunctionDetails::default()
        }
    }

    #[test]
    fn the_deployed_configuration_is_taken_under_the_overrides() {
        let mut setup = LocalSetup::with_code_dir("/src/orders".into());
        let f = setup
            .resolve("orders-get", Some(&deployed()), "us-east-1")
            .expect("runs");
        assert_eq!(
            (f.runtime.as_str(), f.handler.as_str()),
            ("python3.12", "app.handler")
        );
        assert_eq!((f.timeout_s, f.memory_mb), (10, 256));
        assert_eq!(f.log_group, "/aws/lambda/orders-get");
        setup.timeout_s = Some(1);
        setup.handler = Some("other.main".to_owned());
        setup.environment = vec![("A".to_owned(), "local".to_owned())];
        let f = setup
            .resolve("orders-get", Some(&deployed()), "us-east-1")
            .expect("runs");
        assert_eq!((f.timeout_s, f.handler.as_str()), (1, "other.main"));
        assert_eq!(
            f.environment,
            vec![
                ("A".to_owned(), "local".to_owned()),
                ("TABLE".to_owned(), "Orders".to_owned())
            ]
        );
    }

    #[test]
    fn what_cannot_run_says_why() {
        let none = LocalSetup::default();
        assert!(none.resolve("f", Some(&deployed()), "r").is_err());
        let setup = LocalSetup::with_code_dir("/src".into());
        assert!(
            setup
                .resolve("f", None, "r")
                .expect_err("no runtime")
                .contains("runtime")
        );
        let mut java = deployed();
        java.runtime = Some("java21".to_owned());
        assert!(
            setup
                .resolve("f", Some(&java), "r")
                .expect_err("java")
                .contains("java21")
        );
        let mut bare = deployed();
        bare.handler = None;
        assert!(
            setup
                .resolve("f", Some(&bare), "r")
                .expect_err("no handler")
                .contains("handler")
        );
        bare.runtime = Some("provided.al2023".to_owned());
        assert!(setup.resolve("f", Some(&bare), "r").is_ok());
        let mut zero = deployed();
        zero.timeout_s = Some(-1);
        let f = setup.resolve("f", Some(&zero), "r").expect("runs");
        assert_eq!(f.timeout_s, DEFAULT_TIMEOUT_S);
    }
}
