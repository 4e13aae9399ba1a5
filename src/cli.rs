//! The command line.

use clap::Parser;

use crate::connection::model::ConnectionSpec;
use crate::connection::model::connection::validate_endpoint_url;

/// A native desktop explorer for DynamoDB, Lambda and API Gateway v2.
///
/// Credentials and settings are resolved as the AWS CLI resolves them: environment variables
/// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE, AWS_REGION,
/// AWS_ENDPOINT_URL, ...), then ~/.aws/config and ~/.aws/credentials, including SSO,
/// assume-role and credential_process profiles.
#[derive(Debug, Parser)]
#[command(name = "stratus", version)]
pub struct Cli {
    /// Use this named profile from ~/.aws/config or ~/.aws/credentials
    /// (default: AWS_PROFILE, else "default"). For SSO profiles run `aws sso login` first.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// AWS region, e.g. eu-west-1 (default: AWS_REGION, else the profile's region,
    /// else us-east-1).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Send every call to this endpoint instead of AWS: a local emulator such as LocalStack
    /// (http://localhost:4566), DynamoDB Local (http://localhost:8000) or moto.
    #[arg(long, value_name = "URL", env = "AWS_ENDPOINT_URL", value_parser = parse_endpoint)]
    pub endpoint_url: Option<String>,

    /// Open the connection read-only: every write control is disabled and writes are refused
    /// before they are sent. Use it for production accounts.
    #[arg(long)]
    pub read_only: bool,

    /// Keep settings and the remembered workspace (connections, tabs, column layouts, saved
    /// queries, test events) here instead of the platform's config directory.
    #[arg(long, value_name = "DIR", env = "STRATUS_CONFIG_DIR")]
    pub config_dir: Option<std::path::PathBuf>,

    /// The code of a function is in this folder, to run it locally (Invoke locally); remembered
    /// for the connection. Repeat for more functions: --code orders-get=./functions/orders.
    #[arg(long = "code", value_name = "FUNCTION=DIR", value_parser = parse_code_folder)]
    pub code: Vec<(String, std::path::PathBuf)>,
}

/// `FUNCTION=DIR`, the folder made absolute so it stays right whatever the working directory.
/// A folder that is not there is refused now, not at the first local run.
fn parse_code_folder(text: &str) -> Result<(String, std::path::PathBuf), String> {
    let (function, dir) = text
        .split_once('=')
        .ok_or_else(|| format!("expected FUNCTION=DIR, got {text:?}"))?;
    let function = function.trim();
    if function.is_empty() || dir.is_empty() {
        return Err(format!("expected FUNCTION=DIR, got {text:?}"));
    }
    let dir = std::path::absolute(dir).map_err(|e| format!("{dir}: {e}"))?;
    if !dir.is_dir() {
        return Err(format!("no folder at {}", dir.display()));
    }
    Ok((function.to_owned(), dir))
}

fn parse_endpoint(text: &str) -> Result<String, String> {
    validate_endpoint_url(text)
}

impl Cli {
    /// The connection these arguments describe.
    pub fn connection_spec(&self) -> ConnectionSpec {
        ConnectionSpec {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            static_credentials: None,
            read_only: self.read_only,
            max_attempts: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::*;

    #[test]
    fn arguments_become_a_connection() {
        let cli = Cli::try_parse_from([
            "stratus",
            "--profile",
            "prod",
            "--region",
            "eu-west-1",
            "--endpoint-url",
            "http://localhost:8000/",
            "--read-only",
        ])
        .expect("valid arguments");
        let spec = cli.connection_spec();
        assert_eq!(spec.profile.as_deref(), Some("prod"));
        assert_eq!(spec.region.as_deref(), Some("eu-west-1"));
        assert_eq!(spec.endpoint_url.as_deref(), Some("http://localhost:8000"));
        assert!(spec.read_only);
    }

    #[test]
    fn code_folders_are_function_equals_an_existing_folder() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().display().to_string();
        let cli = Cli::try_parse_from([
            "stratus",
            "--code",
            &format!("orders-get={path}"),
            "--code",
            &format!(" orders-create ={path}"),
        ])
        .expect("valid code folders");
        assert_eq!(
            cli.code,
            [
                ("orders-get".to_owned(), dir.path().to_owned()),
                ("orders-create".to_owned(), dir.path().to_owned()),
            ]
        );
        for (bad, says) in [
            ("orders-get", "expected FUNCTION=DIR"),
            ("=", "expected FUNCTION=DIR"),
            ("orders-get=", "expected FUNCTION=DIR"),
            (&format!(" ={path}"), "expected FUNCTION=DIR"),
            ("orders-get=/no/such/folder", "no folder at /no/such/folder"),
            (&format!("orders-get={path}/x=y"), "no folder at"),
        ] {
            let error = Cli::try_parse_from(["stratus", "--code", bad]).expect_err(bad);
            assert!(error.to_string().contains(says), "{bad}: {error}");
        }
    }

    #[test]
    fn a_bad_endpoint_is_refused_with_a_reason() {
        let error = Cli::try_parse_from(["stratus", "--endpoint-url", "localhost:8000"])
            .expect_err("not a URL");
        assert!(error.to_string().contains("http://"), "{error}");
    }

    #[test]
    fn version_prints_the_package_version() {
        let shown = Cli::try_parse_from(["stratus", "--version"]).expect_err("prints and exits");
        assert_eq!(shown.kind(), clap::error::ErrorKind::DisplayVersion);
        assert_eq!(
            shown.to_string().trim(),
            format!("stratus {}", env!("CARGO_PKG_VERSION"))
        );
    }

    #[test]
    fn help_explains_every_option() {
        let help = Cli::command().render_long_help().to_string();
        for option in ["--profile", "--region", "--endpoint-url", "--read-only"] {
            assert!(help.contains(option), "{option} missing from help");
        }
        assert!(help.contains("AWS_ENDPOINT_URL"));
    }
}
