//! The environment a local instance's process starts with: what Lambda sets, the function's
//! own variables, and the connection's region, endpoint and credentials. Nothing of Stratus's
//! own environment is inherited but `PATH`.

use std::path::Path;

use crate::local_lambda::model::local_function::{
    LocalEnvironment, LocalFunction, LocalRuntimeKind,
};

/// Where the instance's process finds what it needs, decided by the runner.
#[derive(Clone, Debug)]
pub struct ProcessPlaces<'a> {
    /// `127.0.0.1:PORT` of the instance's Runtime API.
    pub runtime_api: &'a str,
    pub log_stream: &'a str,
    /// Where Stratus's bootstrap shims are (`LAMBDA_RUNTIME_DIR`).
    pub runtime_dir: &'a Path,
    /// A scratch home, so the handler's SDK finds no files of the user's.
    pub home: &'a Path,
    /// Where Python writes its bytecode: Lambda's task root is read-only, so a local run
    /// leaves no `__pycache__` in the user's code folder, yet a cold start still finds the
    /// modules compiled (unlike `PYTHONDONTWRITEBYTECODE`, which would compile them each time).
    pub bytecode_cache: &'a Path,
    /// Stratus's own `PATH`, so interpreters and tools resolve as in the user's shell.
    pub path: &'a str,
}

/// Every variable of the process, in order (later ones win when a name repeats).
pub fn process_environment(
    function: &LocalFunction,
    environment: &LocalEnvironment,
    places: &ProcessPlaces<'_>,
) -> Vec<(String, String)> {
    let text = |p: &Path| p.to_string_lossy().into_owned();
    let task_root = text(&function.code_dir);
    let runtime_dir = text(places.runtime_dir);
    let mut vars: Vec<(String, String)> = Vec::new();
    let mut set = |k: &str, v: String| vars.push((k.to_owned(), v));
    // The function's own variables first: Lambda's reserved ones cannot be overridden.
    for (key, value) in &function.environment {
        set(key, value.clone());
    }
    set("PATH", places.path.to_owned());
    set("LANG", "en_US.UTF-8".to_owned());
    set("TZ", ":UTC".to_owned());
    set("HOME", text(places.home));
    set("AWS_LAMBDA_RUNTIME_API", places.runtime_api.to_owned());
    set("_HANDLER", function.handler.clone());
    set("LAMBDA_TASK_ROOT", task_root.clone());
    set("LAMBDA_RUNTIME_DIR", runtime_dir.clone());
    set("AWS_LAMBDA_FUNCTION_NAME", function.name.clone());
    set("AWS_LAMBDA_FUNCTION_VERSION", function.version.clone());
    set(
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        function.memory_mb.to_string(),
    );
    set("AWS_LAMBDA_LOG_GROUP_NAME", function.log_group.clone());
    set("AWS_LAMBDA_LOG_STREAM_NAME", places.log_stream.to_owned());
    set("AWS_REGION", environment.region.clone());
    set("AWS_DEFAULT_REGION", environment.region.clone());
    set(
        "AWS_EXECUTION_ENV",
        format!("AWS_Lambda_{}", function.runtime),
    );
    set("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand".to_owned());
    // The SDK in the handler reads no file of the user's: credentials come from here or nowhere.
    set("AWS_CONFIG_FILE", "/dev/null".to_owned());
    set("AWS_SHARED_CREDENTIALS_FILE", "/dev/null".to_owned());
    // Nor the instance metadata service: on an EC2 or Cloud9 desktop it would hand the host's
    // role to a process that was meant to get no credentials (and elsewhere it only stalls).
    set("AWS_EC2_METADATA_DISABLED", "true".to_owned());
    if let Some(endpoint) = &environment.endpoint_url {
        set("AWS_ENDPOINT_URL", endpoint.clone());
    }
    if let Some(credentials) = &environment.credentials {
        set("AWS_ACCESS_KEY_ID", credentials.access_key_id.clone());
        set(
            "AWS_SECRET_ACCESS_KEY",
            credentials.secret_access_key.clone(),
        );
        if let Some(token) = &credentials.session_token {
            set("AWS_SESSION_TOKEN", token.clone());
        }
    }
    match LocalRuntimeKind::of_runtime(&function.runtime) {
        Some(LocalRuntimeKind::Python) => {
            set("PYTHONUNBUFFERED", "1".to_owned());
            set("PYTHONPYCACHEPREFIX", text(places.bytecode_cache));
            set("PYTHONPATH", format!("{task_root}:{runtime_dir}"));
        }
        Some(LocalRuntimeKind::Node) => {
            set("NODE_PATH", format!("{task_root}/node_modules:{task_root}"));
        }
        Some(LocalRuntimeKind::Provided) | None => {}
    }
    // Later entries win: keep the last of each name, in first-seen order.
    let mut unique: Vec<(String, String)> = Vec::new();
    for (key, value) in vars {
        if let Some(slot) = unique.iter_mut().find(|(k, _)| *k == key) {
            slot.1 = value;
        } else {
            unique.push((key, value));
        }
    }
    unique
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local_lambda::model::LocalCredentials;

    fn function(runtime: &str) -> LocalFunction {
        LocalFunction {
            name: "orders-get".to_owned(),
            code_dir: "/src/orders".into(),
            runtime: runtime.to_owned(),
            handler: "app.handler".to_owned(),
            interpreter: None,
            timeout_s: 3,
            memory_mb: 256,
            environment: vec![
                ("TABLE".to_owned(), "Orders".to_owned()),
                ("AWS_LAMBDA_FUNCTION_NAME".to_owned(), "spoofed".to_owned()),
            ],
            arn: "arn".to_owned(),
            version: "$LATEST".to_owned(),
            log_group: "/aws/lambda/orders-get".to_owned(),
        }
    }

    fn places() -> ProcessPlaces<'static> {
        ProcessPlaces {
            runtime_api: "127.0.0.1:9001",
            log_stream: "2024/05/01/[$LATEST]ab",
            runtime_dir: Path::new("/cache/runtimes"),
            home: Path::new("/cache/home"),
            bytecode_cache: Path::new("/cache/pycache"),
            path: "/usr/bin:/bin",
        }
    }

    fn get<'a>(vars: &'a [(String, String)], key: &str) -> Option<&'a str> {
        vars.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    #[test]
    fn lambdas_variables_the_functions_and_the_connections() {
        let secret = LocalCredentials {
            access_key_id: "AKIA".to_owned(),
            secret_access_key: "s3cret".to_owned(),
            session_token: Some("tok".to_owned()),
        };
        let environment = LocalEnvironment {
            connection: String::new(),
            region: "eu-west-1".to_owned(),
            endpoint_url: Some("http://127.0.0.1:5000".to_owned()),
            credentials: Some(secret),
        };
        let vars = process_environment(&function("python3.12"), &environment, &places());
        assert_eq!(get(&vars, "TABLE"), Some("Orders"));
        assert_eq!(get(&vars, "AWS_LAMBDA_FUNCTION_NAME"), Some("orders-get"));
        assert_eq!(get(&vars, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), Some("256"));
        assert_eq!(get(&vars, "AWS_REGION"), Some("eu-west-1"));
        assert_eq!(
            get(&vars, "AWS_EXECUTION_ENV"),
            Some("AWS_Lambda_python3.12")
        );
        assert_eq!(
            get(&vars, "AWS_ENDPOINT_URL"),
            Some("http://127.0.0.1:5000")
        );
        assert_eq!(get(&vars, "AWS_SECRET_ACCESS_KEY"), Some("s3cret"));
        assert_eq!(get(&vars, "AWS_SESSION_TOKEN"), Some("tok"));
        assert_eq!(
            get(&vars, "PYTHONPATH"),
            Some("/src/orders:/cache/runtimes")
        );
        assert_eq!(get(&vars, "TZ"), Some(":UTC"));
        assert_eq!(get(&vars, "PYTHONPYCACHEPREFIX"), Some("/cache/pycache"));
        assert_eq!(get(&vars, "AWS_EC2_METADATA_DISABLED"), Some("true"));
        assert_eq!(
            vars.iter()
                .filter(|(k, _)| k == "AWS_LAMBDA_FUNCTION_NAME")
                .count(),
            1
        );
    }

    #[test]
    fn without_credentials_the_sdk_finds_none_of_the_users() {
        let environment = LocalEnvironment {
            connection: String::new(),
            region: "us-east-1".to_owned(),
            endpoint_url: None,
            credentials: None,
        };
        let vars = process_environment(&function("nodejs20.x"), &environment, &places());
        assert_eq!(get(&vars, "AWS_ACCESS_KEY_ID"), None);
        assert_eq!(get(&vars, "AWS_ENDPOINT_URL"), None);
        assert_eq!(get(&vars, "AWS_CONFIG_FILE"), Some("/dev/null"));
        assert_eq!(get(&vars, "AWS_SHARED_CREDENTIALS_FILE"), Some("/dev/null"));
        assert_eq!(get(&vars, "HOME"), Some("/cache/home"));
        assert!(get(&vars, "NODE_PATH").is_some());
        assert_eq!(get(&vars, "PYTHONPATH"), None);
        assert_eq!(get(&vars, "PYTHONPYCACHEPREFIX"), None);
        assert_eq!(get(&vars, "AWS_EC2_METADATA_DISABLED"), Some("true"));
    }
}
