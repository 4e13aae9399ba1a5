//! Missing credentials and SSO sessions resolve into readable errors, not hangs or panics.
//!
//! This binary changes the process environment, so it holds a single test.

mod support;

use stratus::connection::calls::AwsClients;
use stratus::connection::model::ConnectionSpec;
use stratus::shared::model::ErrorKind;
use support::ui::{app_harness, has_label, wait_until};
use support::{free_port, runtime};

#[test]
fn missing_credentials_and_a_lapsed_sso_session_are_explained() {
    let home = tempfile::tempdir().expect("temp home");
    let aws_dir = home.path().join(".aws");
    std::fs::create_dir_all(&aws_dir).expect("create .aws");
    std::fs::write(
        aws_dir.join("config"),
        "[profile corp]\nsso_session = corp\nsso_account_id = 123456789012\n\
         sso_role_name = Dev\nregion = eu-west-1\n\
         [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
         sso_region = eu-west-1\n",
    )
    .expect("write config");
    std::fs::write(aws_dir.join("credentials"), "").expect("write credentials");
    // SAFETY: this binary runs one test, and no other thread reads the environment yet.
    unsafe {
        support::clear_aws_environment();
        std::env::set_var("HOME", home.path());
        std::env::set_var("AWS_CONFIG_FILE", aws_dir.join("config"));
        std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", aws_dir.join("credentials"));
        // Never ask the EC2 metadata service: tests send nothing beyond loopback.
        std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
    }
    // An emulator on this machine would get stand-in keys (emulators accept any), so the
    // missing-credentials case points elsewhere; nothing is sent without credentials, and the
    // `.invalid` host could never be reached anyway.
    let remote = Some("http://stratus-no-credentials.invalid".to_owned());
    let endpoint = Some(format!("http://127.0.0.1:{}", free_port()));

    runtime().block_on(async {
        let no_credentials = AwsClients::connect(ConnectionSpec {
            region: Some("us-east-1".to_owned()),
            endpoint_url: remote,
            max_attempts: Some(1),
            ..Default::default()
        })
        .await;
        let error = stratus::dynamodb::calls::tables::list_tables(&no_credentials)
            .await
            .expect_err("no credentials anywhere");
        assert_eq!(error.kind, ErrorKind::MissingCredentials, "{error:?}");
        assert_eq!(
            error.headline(),
            "ListTables failed: no AWS credentials found"
        );

        let sso = AwsClients::connect(ConnectionSpec {
            profile: Some("corp".to_owned()),
            endpoint_url: endpoint.clone(),
            max_attempts: Some(1),
            ..Default::default()
        })
        .await;
        assert_eq!(sso.region, "eu-west-1", "the profile's region is used");
        let error = stratus::lambda::calls::list_functions(&sso)
            .await
            .expect_err("never signed in");
        assert_eq!(error.kind, ErrorKind::InvalidCredentials, "{error:?}");
        assert_eq!(
            error.hint().as_deref(),
            Some("Sign in again: aws sso login --profile corp")
        );
    });

    // The window says it once, at the connection, with the exact command and a copy button.
    let runtime = runtime();
    let mut harness = app_harness(
        &runtime,
        ConnectionSpec {
            profile: Some("corp".to_owned()),
            endpoint_url: endpoint,
            max_attempts: Some(1),
            ..Default::default()
        },
        home.path(),
    );
    wait_until(&mut harness, "the SSO error", |h| {
        has_label(
            h,
            "Not connected: the SSO session has expired or was never started",
        )
    });
    assert!(!has_label(
        &harness,
        "ListTables failed: credentials rejected or expired"
    ));
    assert!(has_label(
        &harness,
        "Copy the command aws sso login --profile corp"
    ));
}
