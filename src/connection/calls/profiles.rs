//! Reads the profile names of the user's AWS config and credentials files.

use std::borrow::Cow;

use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};

/// Profile names from `~/.aws/config` and `~/.aws/credentials` (or the files named by
/// `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`), sorted, without duplicates.
///
/// Uses aws-config's own parser, so the list matches exactly what the SDK will accept.
/// Unreadable or malformed files give an empty list: the default chain still works.
pub async fn load_profile_names() -> Vec<String> {
    load_with(&Fs::real(), &Env::real()).await
}

async fn load_with(fs: &Fs, env: &Env) -> Vec<String> {
    let Ok(profiles) = aws_config::profile::load(
        fs,
        env,
        &EnvConfigFiles::default(),
        None::<Cow<'static, str>>,
    )
    .await
    else {
        return Vec::new();
    };
    let mut names: Vec<String> = profiles.profiles().map(ToOwned::to_owned).collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn profiles_come_from_both_files() {
        let fs = Fs::from_slice(&[
            (
                "/home/u/.aws/config",
                "[default]\nregion = eu-west-1\n[profile dev]\nsso_session = corp\n\
                 [sso-session corp]\nsso_region = eu-west-1\n[profile ünïcode]\nregion=us-east-1\n",
            ),
            (
                "/home/u/.aws/credentials",
                "[ci]\naws_access_key_id = A\naws_secret_access_key = B\n[dev]\n",
            ),
        ]);
        let env = Env::from_slice(&[("HOME", "/home/u")]);
        let names = load_with(&fs, &env).await;
        // The SDK ignores profile names outside its character set, so we never offer one
        // it would refuse.
        assert_eq!(names, vec!["ci", "default", "dev"]);
    }

    #[tokio::test]
    async fn malformed_files_give_no_profiles_and_no_panic() {
        let fs = Fs::from_slice(&[("/home/u/.aws/config", "[profile\n= = =\n\u{0}")]);
        let env = Env::from_slice(&[("HOME", "/home/u")]);
        assert!(load_with(&fs, &env).await.is_empty());
    }
}
