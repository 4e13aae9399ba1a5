//! The log redactor on real SDK trace output (`STRATUS_LOG=trace`): an assume-role and a
//! web-identity profile resolved through moto's STS, and an SSO profile whose cached token is
//! refreshed (sso-oidc CreateToken) and exchanged for role credentials (GetRoleCredentials).
//! moto has no SSO OIDC or SSO portal, so those two answer from a small local HTTP server with
//! the answers' documented shapes; the SDK's own requests and logging are real.
//!
//! Every event is written twice: raw, and through the same redacting writer the log file
//! uses. Each secret the SDK writes must show in the raw text (so the test can fail) and never
//! in the redacted one. `LOG_SENSITIVE_BODIES=true` makes the SDK log the bodies it would hide
//! itself: a user debugging with it must not leak either. This binary changes the process
//! environment and installs a global subscriber, so it holds a single test.

mod support;

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use stratus::connection::calls::AwsClients;
use stratus::logging::RedactingMakeWriter;
use support::{Emulator, profile_connection, profile_keys, runtime};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt as _;

const STATIC_SECRET: &str = "StaticSecretForTheRedactionTest0123456789";
const WEB_IDENTITY_TOKEN: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6c3RyYXR1cyJ9.V2ViSWRlbnRpdHlTaWduYXR1cmVGb3JUaGVUZXN0";
const SSO_CLIENT_SECRET: &str = "SsoClientSecretForTheRedactionTest0123456789";
const SSO_OLD_REFRESH_TOKEN: &str = "SsoOldRefreshTokenForTheRedactionTest0123";
const SSO_NEW_ACCESS_TOKEN: &str = "SsoNewAccessTokenForTheRedactionTest0123456789";
const SSO_NEW_REFRESH_TOKEN: &str = "SsoNewRefreshTokenForTheRedactionTest0123";
const SSO_ROLE_SECRET: &str = "SsoRoleSecretAccessKeyForTheRedactionTest01";
const SSO_ROLE_SESSION_TOKEN: &str = "SsoRoleSessionTokenForTheRedactionTest0123456789";

/// Where one copy of the trace goes.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("buffer").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("buffer")).into_owned()
    }
}

/// The SSO OIDC and SSO portal endpoints, answering CreateToken and GetRoleCredentials as
/// AWS documents them. Its thread ends with the test binary.
fn sso_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
                head.push(byte[0]);
            }
            let head = String::from_utf8_lossy(&head).to_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or(0);
            let mut body = vec![0u8; length];
            let _ = stream.read_exact(&mut body);
            let answer = if head.starts_with("post /token") {
                format!(
                    r#"{{"accessToken":"{SSO_NEW_ACCESS_TOKEN}","expiresIn":28800,"refreshToken":"{SSO_NEW_REFRESH_TOKEN}","tokenType":"Bearer"}}"#
                )
            } else if head.starts_with("get /federation/credentials") {
                format!(
                    r#"{{"roleCredentials":{{"accessKeyId":"ASIASSOROLEKEY000001","secretAccessKey":"{SSO_ROLE_SECRET}","sessionToken":"{SSO_ROLE_SESSION_TOKEN}","expiration":4102444800000}}}}"#
                )
            } else {
                "{}".to_owned()
            };
            let _ = stream.write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                    answer.len()
                )
                .as_bytes(),
            );
        }
    });
    url
}

/// The file name aws-config gives a cached SSO token: the SHA-1 of the session name.
fn sso_cache_name(session: &str) -> String {
    let mut sha1 = std::process::Command::new("sha1sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run sha1sum");
    sha1.stdin
        .take()
        .expect("stdin")
        .write_all(session.as_bytes())
        .expect("write to sha1sum");
    let output = sha1.wait_with_output().expect("sha1sum output");
    let text = String::from_utf8(output.stdout).expect("hex");
    format!("{}.json", text.split_whitespace().next().expect("a digest"))
}

#[test]
fn sdk_trace_of_assume_role_web_identity_and_sso_refresh_keeps_no_secret() {
    let moto = Emulator::moto();
    moto.seed_demo(1);
    let sso = sso_server();
    let home = tempfile::tempdir().expect("temp home");
    let token_file = home.path().join("web-identity-token");
    std::fs::write(&token_file, WEB_IDENTITY_TOKEN).expect("write the token file");
    let config = home.path().join("config");
    std::fs::write(
        &config,
        format!(
            "[profile source]\n\
             region = us-east-1\n\
             [profile role]\n\
             region = us-east-1\n\
             role_arn = arn:aws:iam::123456789012:role/stratus-test\n\
             role_session_name = stratus-redaction\n\
             source_profile = source\n\
             [profile web]\n\
             region = us-east-1\n\
             role_arn = arn:aws:iam::123456789012:role/stratus-web\n\
             role_session_name = stratus-web\n\
             web_identity_token_file = {}\n\
             [profile sso]\n\
             region = us-east-1\n\
             sso_session = stratus-sso\n\
             sso_account_id = 123456789012\n\
             sso_role_name = Reader\n\
             [sso-session stratus-sso]\n\
             sso_region = us-east-1\n\
             sso_start_url = https://stratus-test.awsapps.com/start\n",
            token_file.display()
        ),
    )
    .expect("write config");
    let credentials = home.path().join("credentials");
    std::fs::write(
        &credentials,
        format!(
            "[source]\naws_access_key_id = AKIASTATICKEY0000001\naws_secret_access_key = {STATIC_SECRET}\n"
        ),
    )
    .expect("write credentials");
    // An SSO token that has expired but can be refreshed: the SDK calls CreateToken.
    let cache = home.path().join(".aws/sso/cache");
    std::fs::create_dir_all(&cache).expect("cache dir");
    std::fs::write(
        cache.join(sso_cache_name("stratus-sso")),
        format!(
            r#"{{"accessToken":"SsoExpiredAccessToken0123456789","expiresAt":"2020-01-01T00:00:00Z","refreshToken":"{SSO_OLD_REFRESH_TOKEN}","clientId":"stratus-test-client","clientSecret":"{SSO_CLIENT_SECRET}","registrationExpiresAt":"2099-01-01T00:00:00Z","region":"us-east-1","startUrl":"https://stratus-test.awsapps.com/start"}}"#
        ),
    )
    .expect("write the cached token");
    // SAFETY: this binary runs one test, and no other thread reads the environment yet.
    unsafe {
        support::clear_aws_environment();
        std::env::set_var("HOME", home.path());
        std::env::set_var("AWS_CONFIG_FILE", &config);
        std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", &credentials);
        // Never AWS: STS is moto, SSO OIDC and the SSO portal the local server.
        std::env::set_var("AWS_ENDPOINT_URL_STS", &moto.endpoint);
        std::env::set_var("AWS_ENDPOINT_URL_SSO_OIDC", &sso);
        std::env::set_var("AWS_ENDPOINT_URL_SSO", &sso);
        std::env::set_var("LOG_SENSITIVE_BODIES", "true");
    }

    let raw = Buffer::default();
    let redacted = Buffer::default();
    let (raw_writer, redacted_writer) = (raw.clone(), redacted.clone());
    let subscriber = tracing_subscriber::registry()
        .with(EnvFilter::new("trace"))
        .with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(move || raw_writer.clone()),
        )
        .with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(RedactingMakeWriter(move || redacted_writer.clone())),
        );
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");

    let runtime = runtime();
    let mut issued = Vec::new();
    runtime.block_on(async {
        for profile in ["role", "web", "sso"] {
            // Resolved exactly as a connection resolves it, then one signed call.
            let keys = profile_keys(profile, &moto.endpoint).await;
            issued.push(keys.secret_access_key().to_owned());
            issued.push(keys.session_token().expect("a session token").to_owned());
            let clients = AwsClients::connect(profile_connection(profile, &moto.endpoint)).await;
            stratus::dynamodb::calls::tables::list_tables(&clients)
                .await
                .unwrap_or_else(|e| panic!("{profile}: {e}"));
        }
    });
    let (raw, redacted) = (raw.text(), redacted.text());
    assert!(redacted.contains("ListTables"), "the trace was captured");
    // What the SDK itself writes: the AssumeRole and AssumeRoleWithWebIdentity answers (XML),
    // the CreateToken and GetRoleCredentials answers (JSON escaped in a byte string), and the
    // SSO bearer token header, which the SDK does not hide even without LOG_SENSITIVE_BODIES.
    let mut logged: Vec<&str> = issued.iter().map(String::as_str).collect();
    logged.extend([
        SSO_NEW_ACCESS_TOKEN,
        SSO_NEW_REFRESH_TOKEN,
        SSO_ROLE_SECRET,
        SSO_ROLE_SESSION_TOKEN,
    ]);
    for secret in &logged {
        assert!(raw.contains(secret), "{secret} is not in the raw trace");
        assert!(!redacted.contains(secret), "{secret} leaked into the log");
        let head = &secret[..secret.len().min(16)];
        assert!(!redacted.contains(head), "the start of {secret} leaked");
    }
    // What the SDK sends in streamed request bodies (not traced) or hides in its debug output:
    // never in the log either way.
    for secret in [
        STATIC_SECRET,
        WEB_IDENTITY_TOKEN,
        SSO_CLIENT_SECRET,
        SSO_OLD_REFRESH_TOKEN,
    ] {
        assert!(!redacted.contains(secret), "{secret} leaked into the log");
    }
}
