//! Profiles that get their keys from a program (`credential_process`) or by assuming a role
//! (`role_arn` + `source_profile`) work as in the AWS CLI, resolved by aws-config, here against
//! moto's STS. This binary changes the process environment, so it holds a single test.

mod support;

use stratus::connection::calls::AwsClients;
use support::{Emulator, profile_connection, profile_keys, runtime};

#[test]
fn credential_process_and_assume_role_profiles_connect() {
    let moto = Emulator::moto();
    moto.seed_demo(1);
    let home = tempfile::tempdir().expect("temp home");
    let config = home.path().join("config");
    std::fs::write(
        &config,
        "[profile proc]\n\
         region = us-east-1\n\
         credential_process = /bin/sh -c 'echo \"{\\\"Version\\\": 1, \\\"AccessKeyId\\\": \\\"AKIDFROMPROCESS\\\", \\\"SecretAccessKey\\\": \\\"process-secret\\\"}\"'\n\
         [profile role]\n\
         region = us-east-1\n\
         role_arn = arn:aws:iam::123456789012:role/stratus-test\n\
         role_session_name = stratus-test\n\
         source_profile = proc\n",
    )
    .expect("write config");
    // SAFETY: this binary runs one test, and no other thread reads the environment yet.
    unsafe {
        support::clear_aws_environment();
        std::env::set_var("AWS_CONFIG_FILE", &config);
        std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", home.path().join("none"));
        // The role is assumed through moto's STS, never AWS.
        std::env::set_var("AWS_ENDPOINT_URL_STS", &moto.endpoint);
    }
    let runtime = runtime();
    runtime.block_on(async {
        for (profile, expect_process_key) in [("proc", true), ("role", false)] {
            let clients = AwsClients::connect(profile_connection(profile, &moto.endpoint)).await;
            // The keys the same resolution gives (AwsClients::connect loads exactly so).
            let keys = profile_keys(profile, &moto.endpoint).await;
            if expect_process_key {
                assert_eq!(keys.access_key_id(), "AKIDFROMPROCESS");
            } else {
                // Keys from AssumeRole, not the source profile's.
                assert_ne!(keys.access_key_id(), "AKIDFROMPROCESS");
                assert!(keys.session_token().is_some(), "a role session has a token");
            }
            let tables = stratus::dynamodb::calls::tables::list_tables(&clients)
                .await
                .unwrap_or_else(|e| panic!("{profile}: {e}"));
            assert!(tables.iter().any(|t| t.name == "Orders"), "{profile}");
        }
    });
}
